"""The editors' report page in headless Chromium: axe-core (WCAG 2.1 AA), the period chosen in
the form, the downloads, and no sideways scrolling on a 320 px phone."""

from __future__ import annotations

import pytest

from tests.browser.test_editing_browser import assert_accessible, log_in
from tests.reports.conftest import small  # noqa: F401  (the small programme)

pytestmark = pytest.mark.browser

REPORT = "/rediger/rapport/kkr-hovedstaden/2026-2029/"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_report_page_is_accessible(page, live_server, small, editor, csp_errors,  # noqa: F811
                                       width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "redaktoer@kkr.test", REPORT)
    assert page.locator("h1").inner_text() == "Slutrapport for valgperioden 2026–2029"
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the report page scrolls sideways ({scroll} px)"
    assert csp_errors == []


def test_an_editor_chooses_a_year_and_downloads_it(page, live_server, small, editor,  # noqa: F811
                                                   csp_errors):
    log_in(page, live_server.url, "redaktoer@kkr.test", REPORT)
    page.get_by_label("Periode", exact=True).select_option("2027")
    page.get_by_role("button", name="Vis rapporten").click()
    page.wait_for_url(f"{live_server.url}{REPORT}?aar=2027")
    assert page.locator("h1").inner_text() == "Årsrapport 2027"
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent årsrapport 2027 som PDF").click()
    assert download.value.suggested_filename == "aarsrapport-2027-kkr-hovedstaden-2026-2029.pdf"
    assert csp_errors == []
