"""The indicator panel on municipality pages: the municipality's latest figure beside its
council's and the country's, the "no figures yet" state with how to fetch, and a fixed number
of queries however many indicators there are."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Observation
from kkrmonitor.indicators.panels import municipality_panel
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import import_observations
from kkrmonitor.programme.models import Municipality
from tests.indicators.data import KKR_H, csv_for, upload_indicator

MISSING = '<span aria-hidden="true">–</span><span class="sr-only">ikke oplyst</span>'


def page_of(code: str) -> str:
    return f"/kommune/{Municipality.objects.get(code=code).slug}/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def figures(reference_data):
    indicator = upload_indicator("synth", source="Testdata (syntetisk)")
    rows = [(c, "2023", str(1000 + i)) for i, c in enumerate(KKR_H)]
    rows += [(c, "2024", "..") if c == "185" else (c, "2024", "2000,5") for c in KKR_H]
    rows += [("000", "2023", "123456"), ("000", "2024", "..")]
    import_observations(indicator, csv_for(rows), "synth.csv", Author("Test", "cli"))
    return indicator


def test_latest_figure_beside_council_and_country(figures):
    frederiksberg = Municipality.objects.get(code="147")
    panel = municipality_panel(frederiksberg)
    assert [(r.indicator.slug, r.period, r.municipality, r.council, r.country)
            for r in panel.rows] == [("synth", "2024", 2000.5, None, None)]
    # Tårnby has no figure for 2024: its latest is 2023, where every area has one.
    tarnby = municipality_panel(Municipality.objects.get(code="185"))
    assert [(r.period, r.municipality, r.council, r.country) for r in tarnby.rows] == [
        ("2023", 1015.0, 29406.0, 123456.0)]
    assert panel.without == []


def test_fixed_number_of_queries(figures, seed_programme, django_assert_num_queries):
    bornholm = Municipality.objects.select_related("council").get(code="400")
    with django_assert_num_queries(3):  # areas, indicators, figures
        assert len(municipality_panel(bornholm).indicators) == 1
    load_reference_indicators()
    for n in range(3):
        upload_indicator(f"extra-{n}")
    with django_assert_num_queries(3):
        panel = municipality_panel(bornholm)
    assert len(panel.rows) == 1
    # The 3 uploaded here and the 7 shipped definitions (with the uploaded emissions series).
    assert len(panel.without) == 10


def test_municipality_page_shows_the_panel(client, figures, seed_programme):
    load_reference_indicators()
    Observation.objects.update(retrieved_at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    page = text(client.get(page_of("185")))
    assert '<h2 id="indikatorer-panel">Nøgletal</h2>' in page
    assert ('<th scope="col" class="numeric">Tårnby</th><th scope="col" class="numeric">'
            'KKR Hovedstaden</th><th scope="col" class="numeric">Hele landet</th>') in page
    assert ('<tr><th scope="row"><a href="/indikator/synth/?kommune=185">Syntetisk synth</a>'
            '<br><span class="link-list-meta">antal · Kilde: Testdata (syntetisk) · '
            'Hentet 2. november 2026</span></th>'
            '<td>2023</td><td class="numeric">1.015</td><td class="numeric">29.406</td>'
            '<td class="numeric">123.456</td></tr>') in page
    # no figures yet: not shown on the municipality's page at all
    assert '/indikator/folk1a/' not in page
    assert "Endnu uden tal" not in page
    assert "kkr fetch_indicators" not in page
    frederiksberg = text(client.get(page_of("147")))
    assert (f'<td>2024</td><td class="numeric">2.000,5</td><td class="numeric">{MISSING}</td>'
            f'<td class="numeric">{MISSING}</td>') in frederiksberg


def test_without_indicators_there_is_no_panel(client, reference_data):
    assert "indikatorer-panel" not in text(client.get(page_of("185")))
