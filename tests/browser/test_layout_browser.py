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


# --- the portfolio board ----------------------------------------------------------------------

BOARD = "/portefoelje/prioriterede-infrastrukturprojekter/"

# Words broken across two lines inside the board: each word (split at spaces and at the
# hyphens and dashes a line may break after) must sit on one line.
BROKEN_WORDS = """() => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector('.board'),
                                             NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const re = /[^\\s\\-–]+/g;
        let m;
        while ((m = re.exec(node.data)) !== null) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""


def board_layout(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('.board')).display")


@pytest.mark.parametrize("width", [1280, 768, 320])
def test_board_breaks_no_word_and_is_a_list_when_columns_would_be_narrow(page, site, width,
                                                                        csp_errors):
    url, _ = site
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url + BOARD)
    # Eight columns (seven phases and "Ikke angivet") do not fit at 22rem each: a list.
    assert board_layout(page) == "block"
    assert page.evaluate(BROKEN_WORDS) == []
    link = page.get_by_role("link", name="Hastighedsnedsættelser på udvalgte bynære motorveje")
    assert link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []


def test_board_with_few_phases_is_a_kanban_where_it_fits(page, site):
    from kkrmonitor.joint.models import Portfolio, PortfolioStage, Project

    portfolio = Portfolio.objects.get(slug="prioriterede-infrastrukturprojekter")
    Project.objects.filter(portfolio=portfolio).update(stage=None)
    PortfolioStage.objects.filter(portfolio=portfolio, position__gte=3).delete()
    url, _ = site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + BOARD)
    # Four columns of at least 22rem fit in the 1,168 px box: one column per phase.
    assert board_layout(page) == "grid"
    columns = page.evaluate("getComputedStyle(document.querySelector('.board'))"
                            ".gridTemplateColumns").split()
    assert len(columns) == 4 and all(float(c.removesuffix("px")) >= 220 for c in columns)
    assert page.evaluate(BROKEN_WORDS) == []
    page.set_viewport_size({"width": 800, "height": 900})
    assert board_layout(page) == "block"
    assert page.evaluate(BROKEN_WORDS) == []


def test_incomplete_list_says_its_warning_title_once(page, site):
    url, _ = site
    page.goto(url + BOARD)
    alert = page.locator(".alert-warning")
    assert alert.inner_text().count("Listen er ufuldstændig") == 1


# --- the legally required pages ---------------------------------------------------------------

@pytest.mark.parametrize("path", ["/tilgaengelighed/", "/privatliv/"])
@pytest.mark.parametrize("width", [1280, 320])
def test_legal_pages_are_accessible(page, live_server, seed_programme, csp_errors, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    page.locator("footer").get_by_role("link", name={
        "/tilgaengelighed/": "Tilgængelighedserklæring",
        "/privatliv/": "Privatlivspolitik"}[path]).click()
    assert page.url == live_server.url + path
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("number", [2, 7])
@pytest.mark.parametrize("width", [1280, 320])
def test_recommendation_page_with_its_follow_up_links_is_accessible(page, site, csp_errors,
                                                                   number, width):
    url, pk = site
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{url}/program/kkr-hovedstaden/2026-2029/anbefaling/{number}/")
    name, target = {
        2: ("Prioriterede infrastrukturprojekter", BOARD),
        7: ("Overdragelse af server- og netværksdrift til fælles it-driftsenheder: "
            "kommunernes trin", f"/faelles/{pk}/")}[number]
    link = page.get_by_role("region", name="Opfølgning").get_by_role("link", name=name)
    assert link.get_attribute("href") == target
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    link.click()
    assert page.url == url + target
