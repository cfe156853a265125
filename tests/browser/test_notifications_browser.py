"""The pages of issue #14 in headless Chromium, checked with axe-core (WCAG 2.1 A/AA): the work
queue where log-in lands, "Mine opgaver", assigning a responsible person (to an initiative and
to a joint effort's stage), the e-mail settings, the unsubscribe page (logged out) and the
refused addresses (administrators)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from kkrmonitor.audit import Author
from kkrmonitor.joint.models import JointInitiative, JointStage
from kkrmonitor.notifications.models import Bounce, Kind
from kkrmonitor.notifications.sending import unsubscribe_token
from kkrmonitor.programme.models import Initiative, Recommendation
from tests.conftest import PASSWORD, axe_violations, format_violations

pytestmark = pytest.mark.browser


def assert_accessible(page) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_the_new_pages_are_accessible(page, live_server, seed_programme, editor, admin_user,
                                      csp_errors):
    site = live_server.url
    rec = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=1)
    initiative = Initiative.objects.create(recommendation=rec, title="Fælles takstmodel")
    from kkrmonitor.owners.services import assign_responsible

    assign_responsible(Author.for_user(editor), initiative, editor)
    joint = JointInitiative.objects.create(initiative=initiative, start=date(2026, 1, 1),
                                           deadline=date(2027, 12, 31))
    stage = JointStage.objects.create(joint=joint, position=1, name="Aftale indgået")
    assign_responsible(Author.for_user(editor), stage, editor)
    Bounce.objects.create(email="afvist@kkr.test", detail="550 5.1.1 Mailbox does not exist")

    page.goto(f"{site}/konto/log-ind/")
    page.get_by_label("E-mail").fill(editor.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{site}/rediger/")
    expect(page.get_by_role("heading", name="Arbejdskø")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mine opgaver").click()
    page.wait_for_url(f"{site}/rediger/mine-opgaver/")
    expect(page.get_by_role("link", name="Fælles takstmodel", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Fælles takstmodel: Aftale indgået")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/rediger/faelles-trin/{stage.pk}/ansvarlig/")
    assert_accessible(page)
    page.get_by_label("Ansvarlig person").select_option(label="Ingen")
    page.get_by_role("button", name="Gem ansvarlig person").click()
    expect(page.get_by_text("Der er ikke længere en ansvarlig person.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/rediger/indsats/{initiative.pk}/ansvarlig/")
    assert_accessible(page)
    page.get_by_label("Ansvarlig person").select_option(label="Ingen")
    page.get_by_role("button", name="Gem ansvarlig person").click()
    expect(page.get_by_text("Der er ikke længere en ansvarlig person.")).to_be_visible()

    page.goto(f"{site}/konto/e-mails/")
    assert_accessible(page)
    page.get_by_label("Ugentligt overblik over arbejdskøen (mandag morgen)").uncheck()
    page.get_by_role("button", name="Gem valg").click()
    expect(page.get_by_text("Dine valg af e-mails er gemt.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"{site}/konto/e-mails/afmeld/{unsubscribe_token(editor.pk, Kind.DEADLINE_SOON)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Frameld").click()
    expect(page.get_by_text("redaktoer@kkr.test får ikke længere e-mails af typen "
                            "»En frist er om 14 dage«.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/konto/log-ind/")
    page.get_by_label("E-mail").fill(admin_user.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{site}/rediger/")
    page.goto(f"{site}/konto/e-mails/afviste/")
    expect(page.get_by_role("cell", name="afvist@kkr.test")).to_be_visible()
    assert_accessible(page)
    assert csp_errors == []
