"""What a person sees: every public page type in headless Chromium, checked with axe-core for
WCAG 2.1 AA, for one h1, a working skip link and no sideways scrolling on a 320 px phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/kkr-shots")

PAGES = {
    "home": "/",
    "overview": "/program/kkr-hovedstaden/2026-2029/",
    "recommendation": "/program/kkr-hovedstaden/2026-2029/anbefaling/1/",
    "recommendation-7": "/program/kkr-hovedstaden/2026-2029/anbefaling/7/",
    "actor-list": "/aktoerer/",
    "actor": "/aktoer/erhvervshus-hovedstaden/",
    "council-list": "/raad/",
    "council": "/raad/kkr-hovedstaden/",
    "forum": "/raad/sundhedskoordinationsforum/",
    "open-data": "/aabne-data/",
    "not-found": "/aktoer/findes-ikke/",
    "search": "/soeg/?q=kommunerne",
    "search-empty": "/soeg/",
    "search-none": "/soeg/?q=xyzzyq&type=anbefaling",
}


@pytest.fixture
def site(live_server, seed_programme):
    return live_server.url


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 320])
def test_page_is_accessible(page, site, csp_errors, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site + PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.locator("h1").count() == 1
    # axe is evaluated through DevTools (conftest), so the site's CSP stays on meanwhile.
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    if width == 320:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{name}: the page scrolls sideways ({scroll_width} px)"


@pytest.mark.parametrize("width", [1280, 320])
def test_home_without_a_programme_is_accessible(page, live_server, reference_data, csp_errors,
                                                width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Der er endnu ikke importeret et arbejdsprogram"
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("name", ["overview", "recommendation", "council"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site, name):
    page.goto(site + PAGES[name])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, "
                            "document.activeElement.getAttribute('href'), "
                            "document.activeElement.textContent.trim()]")
    assert focused == ["skipnav", "#main-content", "Gå til sidens indhold"]
    assert page.locator("a.skipnav").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content')"
                         ".contains(document.activeElement)")


def test_mobile_menu_opens_and_lists_the_sections(page, site):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(site + PAGES["overview"])
    assert not page.locator(".navigation-menu .mainmenu").is_visible()
    page.get_by_role("button", name="Menu").click()
    drawer = page.locator(".mobile-drawer")
    assert drawer.is_visible()
    for label in ("Arbejdsprogram", "Råd og kommuner", "Aktører", "Log ind"):
        assert drawer.get_by_role("link", name=label).is_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "menu-open-320.png"))
    page.keyboard.press("Escape")
    assert not drawer.is_visible()


@pytest.mark.parametrize("name", ["overview", "recommendation", "recommendation-7", "council",
                                  "forum", "actor", "council-list", "actor-list"])
@pytest.mark.parametrize("width", [1280, 320])
def test_screenshots(page, site, name, width):
    """Pictures for a person to look at (/tmp/kkr-shots); the test only checks they were taken."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + PAGES[name])
    path = SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_header_search_leads_to_highlighted_results(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/aktoerer/")
    page.fill("#soeg-header", "sundhedsreform")
    page.press("#soeg-header", "Enter")
    page.wait_for_url("**/soeg/?q=sundhedsreform")
    assert page.locator(".search-result__title mark").first.inner_text() == "sundhedsreformen"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-1280.png"), full_page=True)
