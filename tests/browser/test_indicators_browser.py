"""The indicator pages in headless Chromium: WCAG 2.1 AA (axe-core), no CSP errors, and the
chart drawn from the JSON data island. Every figure is synthetic, created in the test."""

from __future__ import annotations

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import import_observations
from tests.conftest import axe_violations, format_violations
from tests.indicators.data import KKR_H, csv_for, upload_indicator
from tests.indicators.fake_statbank import fake_statbank  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, seed_programme):
    load_reference_indicators()
    indicator = upload_indicator("synth", description="Syntetiske tal til test.",
                                 source="Testdata (syntetisk)")
    rows = [(c, f"2024K{q}", str(100 * q + i)) for q in range(1, 5)
            for i, c in enumerate(KKR_H)]
    rows += [("185", "2025K1", ".."), ("101", "2025K1", "500")]
    rows += [("000", f"2024K{q}", str(9000 + q)) for q in range(1, 5)]
    import_observations(indicator, csv_for(rows), "synth.csv", Author("Test", "cli"))
    return live_server.url


@pytest.mark.parametrize("path", ["/indikatorer/", "/indikator/synth/?kommune=185",
                                  "/indikator/folk1a/",
                                  "/indikator/regk31-voksne-saerlige-behov/"])
@pytest.mark.parametrize("width", [1280, 320])
def test_indicator_pages_are_accessible(page, site, csp_errors, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []


def test_chart_is_drawn_from_the_data_island(page, site, csp_errors):
    page.goto(site + "/indikator/synth/?kommune=101")
    page.wait_for_function("document.querySelector('figure.indicator-chart').hidden === false")
    assert page.evaluate("Chart.getChart('indicator-chart').data.datasets.map(d => d.label)") == [
        "København", "KKR Hovedstaden", "Hele landet"]
    assert page.locator("table.indicator-table tbody tr").count() == 5
    assert csp_errors == []


def test_without_javascript_the_table_carries_the_figures(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/indikator/synth/?kommune=101")
    assert page.locator("figure.indicator-chart").is_hidden()
    assert page.locator("table.indicator-table tbody tr").first.inner_text().split("\t") == [
        "1. kvartal 2024", "100", "3.306", "9.001"]
    context.close()


@pytest.mark.parametrize("code", ["185", "101"])
@pytest.mark.parametrize("width", [1280, 320])
def test_municipality_panel_is_accessible(page, site, csp_errors, code, width):
    from kkrmonitor.programme.models import Municipality

    page.set_viewport_size({"width": width, "height": 900})
    slug = Municipality.objects.get(code=code).slug
    response = page.goto(f"{site}/kommune/{slug}/")
    assert response.status == 200
    assert page.locator("table.indicator-panel-table tbody tr").count() == 1
    # an indicator without figures is not on the municipality's page
    assert page.locator("section.indicator-panel code").count() == 0
    assert page.get_by_text("Tallene er endnu ikke hentet fra Danmarks Statistik.").count() == 0
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []


def log_in(page, base_url: str, user) -> None:
    """Log `user` in by handing the browser a session made by Django's test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                               "url": base_url}])


@pytest.mark.parametrize("path", ["/rediger/indikator/regk31-voksne-saerlige-behov/",
                                  "/rediger/indikator/r1-kvalitet/upload/", "job"])
@pytest.mark.parametrize("width", [1280, 320])
def test_editors_indicator_pages_are_accessible(page, site, editor, fake_statbank, settings,  # noqa: F811
                                                csp_errors, path, width):
    """The definition form with the table's select lists (from the local fake StatBank), the
    upload page with its template link, and a fetch job's page."""
    from django.core.cache import cache

    from kkrmonitor.indicators.models import FetchJob, Indicator

    settings.KKR_STATBANK_URL = fake_statbank.url
    cache.clear()
    if path == "job":
        job = FetchJob.objects.create(
            indicator=Indicator.objects.get(slug="regk31-voksne-saerlige-behov"),
            requested_by_label="Erik Redaktør", status="succeeded",
            result="10 tal er hentet og gemt for 2022–2023, heraf 1 uden tal.")
        path = f"/rediger/indikator/regk31-voksne-saerlige-behov/hentning/{job.pk}/"
    log_in(page, site, editor)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    # DKFDS draws each radio button and checkbox as its label's ::before (24 × 24 px); an
    # input without the design system's class has none, and the native one is hidden.
    drawn = page.evaluate("""() => [...document.querySelectorAll(
        'input[type=radio], input[type=checkbox]')].map(input => getComputedStyle(
        document.querySelector(`label[for="${input.id}"]`), '::before').width)""")
    assert set(drawn) <= {"24px"}
    if path == "/rediger/indikator/regk31-voksne-saerlige-behov/":
        assert len(drawn) > 3
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
