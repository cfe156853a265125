"""The annual wheel and the term timeline in headless Chromium: WCAG 2.1 A/AA by axe-core, no
CSP errors, no sideways scrolling on a 320 px phone, and the drawing named for screen readers."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from django.utils import timezone

from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Publication, Status
from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/kkr-shots")
SETUP = Author(label="Testopsætning", channel="cli")
PAGES = {
    "wheel": "/aarshjul/kkr-hovedstaden/2026/",
    "wheel-empty-year": "/aarshjul/kkr-hovedstaden/2031/",
    "timeline": "/tidslinje/kkr-hovedstaden/2026-2029/",
}


@pytest.fixture
def site(live_server, seed_programme, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 5, 20))
    council = seed_programme.council
    rec1 = seed_programme.recommendations.get(number=1)
    initiative = programme_services.create_initiative(
        SETUP, rec1, programme_services.InitiativeData(title="Fælles takstmodel"))
    programme_services.set_initiative_publication(SETUP, initiative, Publication.PUBLISHED, 1)
    programme_services.add_status_update(SETUP, initiative, Status.ON_TRACK, 40, "",
                                         date(2026, 5, 1), publish=True)
    for rec, title, window in [(rec1, "Godkendelse i KKR", "juni 2026"),
                               (rec1, "Takstmodellen evalueres", "efteråret 2027"),
                               (seed_programme.recommendations.get(number=5),
                                "Evaluering af taskforce", "1. september 2026")]:
        programme_services.create_milestone(SETUP, rec, title, parse_window(window))
    for day, start in [(date(2026, 1, 26), time(10, 0)), (date(2026, 4, 20), None),
                       (date(2026, 9, 14), time(14, 0))]:
        services.create_meeting(SETUP, council, services.MeetingData(date=day, start_time=start))
    return live_server.url


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 320])
def test_page_is_accessible(page, site, csp_errors, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site + PAGES[name])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px)"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_the_wheel_is_named_and_described_for_screen_readers(page, site):
    page.goto(site + PAGES["wheel"])
    figure = page.get_by_role("img", name="Årshjul for KKR Hovedstaden 2026")
    assert figure.count() == 1
    description = page.evaluate("document.getElementById('wheel-desc').textContent")
    # Recommendation 6's "bortfalder fra 2026" is dated history, not a milestone.
    assert "Møder: 3. Milepæle: 4." in description
    # The same content as text: a heading per month.
    headings = page.locator(".wheel-list h3").all_inner_texts()
    assert headings[-12:] == ["Januar", "Februar", "Marts", "April", "Maj", "Juni", "Juli",
                              "August", "September", "Oktober", "November", "December"]
    # The SVG is drawn: coordinates are numbers, so the arcs have a size.
    box = page.locator(".wheel-arc").first.bounding_box()
    assert box is not None and box["width"] > 10


def test_the_timeline_scrolls_in_its_own_region_on_a_phone(page, site):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + PAGES["timeline"])
    region = page.get_by_role("region", name="Tidslinje, kan rulles vandret")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    # Chromium animates keyboard scrolling: wait for the region to have moved (the wait fails
    # the test after Playwright's timeout if it never does).
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert region.evaluate("el => el.scrollLeft") > 0
    assert page.get_by_role("img", name="Tidslinje for KKR Hovedstaden 2026-2029").count() == 1


def test_printing_fits_a4(page, site, tmp_path):
    """Both pages print: the drawing on the first A4 page, not cut at the right edge."""
    for name in ("wheel", "timeline"):
        page.goto(site + PAGES[name])
        page.emulate_media(media="print")
        svg = page.locator("svg[role=img]")
        width = svg.evaluate("el => el.getBoundingClientRect().right")
        page_width = page.evaluate("document.documentElement.clientWidth")
        assert width <= page_width
        assert page.locator(".wheel-feeds").count() == 0 or not page.locator(
            ".wheel-feeds").is_visible()
        page.pdf(path=str(tmp_path / f"{name}.pdf"), format="A4")
        page.emulate_media(media="screen")
