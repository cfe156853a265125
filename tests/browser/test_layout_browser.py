"""Layout in headless Chromium: the joint-effort matrix fits 1,280 px and prints on A4
landscape without losing its last column; its details open without JavaScript; the portfolio
board never breaks a word inside it and becomes a list when its columns would be too narrow."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser

NOTE = "Aftalen med driftsfællesskabet ventes underskrevet i foråret."


@pytest.fixture
def site(live_server, seed_programme):
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
    from kkrmonitor.joint.models import JointInitiative, JointStage, StageReport
    from kkrmonitor.programme.models import Municipality

    load_reference_joint()
    joint = JointInitiative.objects.get(initiative__title=IT_TITLE)
    stages = list(JointStage.objects.filter(joint=joint))
    for n, m in enumerate(Municipality.objects.filter(council__slug="kkr-hovedstaden")
                          .order_by("name")):
        if n % 3 != 2:
            StageReport.objects.create(initiative_id=joint.pk, municipality=m,
                                       stage=stages[n % len(stages)], as_of=date(2026, 3, 1),
                                       note=NOTE if m.name == "Vallensbæk" else "",
                                       state="approved")
    return live_server.url, joint.pk


def table_fit(page) -> dict:
    return page.evaluate("""() => {
        const table = document.querySelector('table.matrix-table');
        return {table: table.scrollWidth, box: table.parentElement.clientWidth,
                page: document.documentElement.scrollWidth};
    }""")


def test_matrix_fits_1280_px_even_with_a_row_opened(page, site, csp_errors):
    url, pk = site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/faelles/{pk}/")
    fit = table_fit(page)
    assert fit["table"] <= fit["box"], fit
    page.get_by_text("Vis trin og note for Albertslund").click()
    fit = table_fit(page)
    assert fit["table"] <= fit["box"], fit
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []


def test_matrix_at_320_px_scrolls_in_its_box_with_the_municipality_in_view(page, site):
    url, pk = site
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{url}/faelles/{pk}/")
    fit = table_fit(page)
    assert fit["page"] <= 320, fit
    assert fit["table"] > fit["box"]  # the table scrolls inside its own box
    page.locator(".matrix-scroll").evaluate("box => { box.scrollLeft = 400; }")
    name = page.get_by_role("link", name="Albertslund")
    box = page.locator(".matrix-scroll").bounding_box()
    cell = name.bounding_box()
    assert box is not None and cell is not None
    assert cell["x"] >= box["x"] - 1, "the sticky municipality column scrolled away"
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_matrix_details_open_without_javascript(browser, site):
    url, pk = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}/faelles/{pk}/")
    steps = page.locator("tr", has=page.get_by_role("link", name="Vallensbæk")).locator(
        ".matrix-steps")
    assert not steps.is_visible()
    page.get_by_text("Vis trin og note for Vallensbæk").click()
    assert steps.is_visible()
    assert "Her nu (indberettet 01.03.2026)" in steps.inner_text()
    context.close()


def test_matrix_prints_on_a4_landscape_with_its_last_column(page, site, tmp_path):
    url, pk = site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/faelles/{pk}/")
    pdf = tmp_path / "matrix.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Page size:       841.92 x 594.96 pts (A4)" in info  # landscape: wider than high
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    # The last column (the note) is on paper, for the last municipality too.
    assert NOTE in text
    assert "Vallensbæk" in text and "Note" in text
    assert "Vis trin og note" not in text
