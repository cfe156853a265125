"""The joint-effort matrix, the portfolio board and their neighbours in headless Chromium:
axe-core WCAG 2.1 AA, no CSP errors, and no sideways scrolling of the page at 320 px (the wide
matrix scrolls inside its own container)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, seed_programme):
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
    from kkrmonitor.joint.models import JointInitiative, JointStage, StageReport
    from kkrmonitor.programme.models import Municipality

    load_reference_joint()
    joint = JointInitiative.objects.get(initiative__title=IT_TITLE)
    stages = list(JointStage.objects.filter(joint=joint))
    for n, m in enumerate(Municipality.objects.filter(council__slug="kkr-hovedstaden")[:10]):
        StageReport.objects.create(initiative_id=joint.pk, municipality=m,
                                   stage=stages[n % len(stages)], as_of=date(2026, 3, 1),
                                   note="Note fra kommunen", state="approved")
    return live_server.url, joint.pk


PAGES = {
    "matrix": "/faelles/{pk}/",
    "matrix-sorted": "/faelles/{pk}/?sort=-trin",
    "joint-list": "/faelles/",
    "board": "/portefoelje/prioriterede-infrastrukturprojekter/",
    "project": "/portefoelje/prioriterede-infrastrukturprojekter/projekt/kystbanen/",
    "municipality": "/kommune/koebenhavn/",
    "municipalities": "/kommuner/",
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 320])
def test_joint_page_is_accessible(page, site, csp_errors, name, width):
    url, pk = site
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url + PAGES[name].format(pk=pk))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px)"


def test_matrix_sorts_without_javascript(browser, site):
    url, pk = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}/faelles/{pk}/")
    page.get_by_role("link", name="Kommunekode").click()
    assert page.url.endswith("?sort=kode")
    first = page.locator("table.matrix-table tbody tr").first
    assert first.locator("th").inner_text() == "København"
    context.close()


# --- editing pages: stage path and dates, sharing with other councils --------------------------

EDITING = {
    "joint-edit": "/faelles/{pk}/rediger/",
    "share-list": "/faelles/deling/",
    "share": "/faelles/deling/{pk}/",
    "import": "/faelles/{pk}/indlaes/",
}


def log_in(page, base: str, user) -> None:
    """Log in through a session made by Django's test client, its cookie given to the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": base}])


def check(page, name: str, width: int, csp_errors: list[str]) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px)"


@pytest.mark.parametrize("name", list(EDITING))
@pytest.mark.parametrize("width", [1280, 320])
def test_joint_editing_page_is_accessible(page, site, editor, csp_errors, name, width):
    from kkrmonitor.audit import Author
    from kkrmonitor.joint.services import share_initiative
    from kkrmonitor.programme.models import Council, Initiative

    url, pk = site
    share_initiative(Author(label="test", channel="cli"), Initiative.objects.get(pk=pk),
                     Council.objects.get(slug="kkr-sjaelland"))
    log_in(page, url, editor)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url + EDITING[name].format(pk=pk))
    assert response.status == 200
    check(page, name, width, csp_errors)


@pytest.mark.parametrize("width", [1280, 320])
def test_refused_stage_removal_and_conflict_are_accessible(page, site, editor, csp_errors,
                                                          width):
    from kkrmonitor.joint.models import JointInitiative

    url, pk = site
    log_in(page, url, editor)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{url}/faelles/{pk}/rediger/")
    # Municipalities stand on the first stage: removing it is refused in words.
    page.get_by_label("Fjern trinnet »Ikke startet«").check()
    page.get_by_role("button", name="Gem trin og datoer").click()
    expect(page.get_by_text("Trinnet »Ikke startet« kan ikke fjernes: 2 kommuner står på "
                            "det").first).to_be_visible()
    check(page, "stage-in-use", width, csp_errors)
    # Someone else saves meanwhile: the next save is refused with what they changed.
    page.goto(f"{url}/faelles/{pk}/rediger/")
    JointInitiative.objects.filter(pk=pk).update(version=5)
    page.get_by_label("Frist").fill("30.06.2027")
    page.get_by_role("button", name="Gem trin og datoer").click()
    expect(page.get_by_text("Nogen har gemt før dig")).to_be_visible()
    check(page, "conflict", width, csp_errors)


def test_stages_reorder_and_share_without_javascript(browser, site, editor):
    from kkrmonitor.joint.models import JointStage, SharedInitiative

    url, pk = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, url, editor)
    page.goto(f"{url}/faelles/{pk}/")
    page.get_by_role("link", name="Rediger trin og datoer").click()
    page.get_by_label("Nummer for trin 5").fill("6")
    page.get_by_label("Navn på nyt trin").fill("Evalueret")
    page.get_by_label("Nummer for det nye trin").fill("5")
    page.get_by_role("button", name="Gem trin og datoer").click()
    expect(page.get_by_text("Trin og datoer er gemt.")).to_be_visible()
    assert page.url.endswith(f"/faelles/{pk}/")
    names = list(JointStage.objects.filter(joint_id=pk).order_by("position")
                 .values_list("name", flat=True))
    assert names[-2:] == ["Evalueret", "Overdraget"]
    page.get_by_role("link", name="Del indsatsen med et andet råd").click()
    page.get_by_label("Råd").select_option(label="KKR Sjælland")
    page.get_by_role("button", name="Del indsatsen").click()
    expect(page.get_by_text("Indsatsen er nu delt med KKR Sjælland.")).to_be_visible()
    assert SharedInitiative.objects.filter(initiative_id=pk).count() == 1
    page.get_by_role("button", name="Stop deling med KKR Sjælland").click()
    expect(page.get_by_text("Indsatsen deles ikke længere med KKR Sjælland.")).to_be_visible()
    assert SharedInitiative.objects.filter(initiative_id=pk).count() == 0
    context.close()
