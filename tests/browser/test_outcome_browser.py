"""An editor registers a milestone's outcome in headless Chromium: from the start page's list
of passed deadlines without an outcome, a refused move (no reason) with its error summary, then
a move that is saved; axe-core (WCAG 2.1 A/AA) on each page, also at 320 px, and the public
recommendation's page says the move."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_editing_browser import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, seed_programme, editor):
    return live_server.url


def test_editor_registers_that_the_spring_milestone_moved(page, site, csp_errors):
    log_in(page, site, "redaktoer@kkr.test", "/rediger/")
    section = page.locator("section", has=page.get_by_role(
        "heading", name="Frister uden registreret udfald"))
    expect(section).to_contain_text("Initiativerne skal godkendes i foråret 2026.")
    expect(section).to_contain_text("Frist 31. maj 2026 – udfald ikke registreret")
    assert_accessible(page)

    section.get_by_role("link", name="Registrér udfald").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udfald af milepæl")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("Flyttet").check()
    page.get_by_label("Ny frist").fill("foråret 2027")
    page.get_by_role("button", name="Gem udfald").click()
    expect(page.locator(".form-error-message").first).to_contain_text(
        "Skriv en begrundelse, når en milepæl flyttes eller opgives.")
    assert_accessible(page)

    page.get_by_label("Begrundelse").fill("Afventer KL's udspil om takstmodellen.")
    page.get_by_role("button", name="Gem udfald").click()
    expect(page.get_by_text("Udfaldet af milepælen »Initiativerne skal godkendes i foråret "
                            "2026.« er gemt")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/program/kkr-hovedstaden/2026-2029/anbefaling/1/")
    expect(page.locator(".timeline-outcome")).to_have_text(
        "Flyttet fra foråret 2026 til foråret 2027: Afventer KL's udspil om takstmodellen.")
    assert_accessible(page)
    assert csp_errors == []
