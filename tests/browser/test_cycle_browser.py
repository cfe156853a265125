"""The council's yearly cycle and its work with others in headless Chromium: the pages issue #17
changed or added pass axe-core (WCAG 2.1 A/AA) at desktop and phone width, without sideways
scrolling on a 320 px phone and without Content-Security-Policy complaints."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.climate_defaults import load_climate_efforts
from kkrmonitor.meetings import services as meeting_services
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme.cycle_defaults import load_reference_cycle
from kkrmonitor.programme.models import Council, ExternalEvent, Obligation, Recommendation
from tests.browser.test_editing_browser import log_in
from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser

PUBLIC = {
    "r1-obligations": "/program/kkr-hovedstaden/2026-2029/anbefaling/1/",
    "r3-climate": "/program/kkr-hovedstaden/2026-2029/anbefaling/3/",
    "r9-events": "/program/kkr-hovedstaden/2026-2029/anbefaling/9/",
    "timeline": "/tidslinje/kkr-hovedstaden/2026-2029/",
    "wheel-2027": "/aarshjul/kkr-hovedstaden/2027/",
    "council": "/raad/kkr-hovedstaden/",
}


@pytest.fixture
def site(live_server, seed_programme, editor, editor_sjaelland):
    load_reference_cycle()
    load_climate_efforts(seed_programme.recommendations.get(number=3))
    return live_server.url


def _check(page, width: int) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    if width == 320:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"the page scrolls sideways ({scroll_width} px)"


@pytest.mark.parametrize("name", list(PUBLIC))
@pytest.mark.parametrize("width", [1280, 320])
def test_public_page_is_accessible(page, site, csp_errors, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto(site + PUBLIC[name]).status == 200
    _check(page, width)
    assert csp_errors == []


@pytest.mark.parametrize("width", [1280, 320])
def test_editing_pages_are_accessible(page, site, csp_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    rec9 = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=9)
    rec1 = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=1)
    event = ExternalEvent.objects.filter(recommendation=rec9).first()
    obligation = Obligation.objects.get(recommendation=rec1)
    forum = Council.objects.get(slug="sundhedskoordinationsforum")
    meeting = meeting_services.create_meeting(
        Author(label="Test", channel="cli"), forum,
        meeting_services.MeetingData(date=date(2026, 5, 4), state=Meeting.State.PLANNED))
    # A KKR Sjælland editor keeps the forum's meetings too.
    log_in(page, site, "redaktoer@kkr-sj.test", f"/moede/{meeting.pk}/")
    for path in (f"/moede/{meeting.pk}/", f"/rediger/moeder/{meeting.pk}/punkt/nyt/"):
        assert page.goto(site + path).status == 200, path
        _check(page, width)
    page.context.clear_cookies()
    log_in(page, site, "redaktoer@kkr.test", f"/rediger/anbefaling/{rec9.pk}/")
    assert event is not None
    for path in (f"/rediger/anbefaling/{rec9.pk}/",
                 f"/rediger/anbefaling/{rec9.pk}/begivenhed/ny/",
                 f"/rediger/begivenhed/{event.pk}/", f"/rediger/begivenhed/{event.pk}/slet/",
                 f"/rediger/anbefaling/{rec1.pk}/opgave/ny/",
                 f"/rediger/opgave/{obligation.pk}/"):
        assert page.goto(site + path).status == 200, path
        _check(page, width)
    assert csp_errors == []


@pytest.mark.parametrize("width", [1280, 320])
def test_joint_meeting_pages_are_accessible(page, site, csp_errors, width):
    """A joint meeting of KKR Sjælland with KKR Hovedstaden: both councils' meeting lists show
    it, and a KKR Hovedstaden editor keeps it."""
    from django.urls import reverse

    page.set_viewport_size({"width": width, "height": 900})
    meeting = meeting_services.create_meeting(
        Author(label="Test", channel="cli"), Council.objects.get(slug="kkr-sjaelland"),
        meeting_services.MeetingData(date=date(2026, 5, 4), state=Meeting.State.PLANNED,
                                     joint_with=Council.objects.get(slug="kkr-hovedstaden")))
    for slug in ("kkr-sjaelland", "kkr-hovedstaden"):
        assert page.goto(site + reverse("meeting_list", args=[slug])).status == 200, slug
        assert page.get_by_text("Fælles møde med").count() == 1
        _check(page, width)
    log_in(page, site, "redaktoer@kkr.test", f"/moede/{meeting.pk}/")
    for path in (f"/moede/{meeting.pk}/", reverse("meeting_edit", args=[meeting.pk]),
                 reverse("agenda_item_create", args=[meeting.pk])):
        assert page.goto(site + path).status == 200, path
        _check(page, width)
    assert csp_errors == []
