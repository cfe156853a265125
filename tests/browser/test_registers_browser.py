"""The register pages in headless Chromium: axe-core WCAG 2.1 AA, no CSP errors, and no
sideways scrolling of the page at 320 px (the wide table scrolls inside its own container);
the public pages, and the secretariat's editing pages including a form with errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_joint_browser import check, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, seed_programme):
    from kkrmonitor.audit import Author
    from kkrmonitor.registers.defaults import load_reference_registers
    from kkrmonitor.registers.models import Register
    from kkrmonitor.registers.services import create_row

    load_reference_registers()
    register = Register.objects.get(slug="konsekvenser-af-de-bortfaldne-regionale-"
                                         "udviklingsopgaver")
    # Test rows, not shipped data.
    for n in range(3):
        create_row(Author(label="test", channel="cli"), register, {
            "omraade": f"Testområde {n}", "opgave-eller-projekt": f"Testprojekt {n}",
            "hidtidig-regional-finansiering": str(100000 * (n + 1)), "status": "Afklaret",
            "kilde": "Testdata"}, "published")
    return live_server.url, register


PUBLIC = {
    "list": "/registre/",
    "register": "/register/kkr-hovedstaden/{slug}/",
    "register-sorted-filtered": "/register/kkr-hovedstaden/{slug}/?sorter=hidtidig-regional-"
                                "finansiering&retning=faldende&status=Afklaret",
    "empty-register": "/register/kkr-hovedstaden/udpegninger/",
}
EDITING = {
    "register-new": "/registre/nyt/",
    "row-new": "/register/kkr-hovedstaden/{slug}/raekke/ny/",
    "settings": "/register/kkr-hovedstaden/{slug}/opsaetning/",
    "column-new": "/register/kkr-hovedstaden/{slug}/kolonne/ny/",
    "import": "/register/kkr-hovedstaden/{slug}/indlaes/",
}


@pytest.mark.parametrize("name", list(PUBLIC))
@pytest.mark.parametrize("width", [1280, 320])
def test_public_register_page_is_accessible(page, site, csp_errors, name, width):
    url, register = site
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url + PUBLIC[name].format(slug=register.slug))
    assert response.status == 200
    check(page, name, width, csp_errors)


@pytest.mark.parametrize("name", list(EDITING))
@pytest.mark.parametrize("width", [1280, 320])
def test_register_editing_page_is_accessible(page, site, editor, csp_errors, name, width):
    url, register = site
    log_in(page, url, editor)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url + EDITING[name].format(slug=register.slug))
    assert response.status == 200
    check(page, name, width, csp_errors)


def test_row_form_with_errors_is_accessible(page, site, editor, csp_errors):
    url, register = site
    log_in(page, url, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + EDITING["row-new"].format(slug=register.slug))
    page.get_by_label("Hidtidig regional finansiering (kr.)").fill("mange")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("»mange« er ikke et tal.").first).to_be_visible()
    check(page, "row-errors", 1280, csp_errors)
