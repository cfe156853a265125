"""The joint-effort matrix, the portfolio board and their neighbours in headless Chromium:
axe-core WCAG 2.1 AA, no CSP errors, and no sideways scrolling of the page at 320 px (the wide
matrix scrolls inside its own container)."""

from __future__ import annotations

from datetime import date

import pytest

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
