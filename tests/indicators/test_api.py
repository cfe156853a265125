"""The indicator API: literal JSON for a small synthetic fixture, ".." as null, filters, 404 for
an unknown indicator, a fixed number of queries, and both paths in the OpenAPI description."""

from __future__ import annotations

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import import_observations
from tests.indicators.data import csv_for, upload_indicator


@pytest.fixture
def synth(reference_data):
    indicator = upload_indicator("synth", additive=False, source="Testdata (syntetisk)")
    rows = [("101", "2023", "12,3"), ("147", "2023", ".."), ("000", "2023", "1.000,0"),
            ("101", "2024K1", "0,5")]
    import_observations(indicator, csv_for(rows), "synth.csv", Author("Test", "cli"))
    return indicator


COPENHAGEN_2023 = {"area": "101", "area_name": "København", "kind": "municipality",
                   "period": "2023", "value": 12.3}
FREDERIKSBERG_2023 = {"area": "147", "area_name": "Frederiksberg", "kind": "municipality",
                      "period": "2023", "value": None}
COUNTRY_2023 = {"area": "000", "area_name": "Hele landet", "kind": "country", "period": "2023",
                "value": 1000.0}
COPENHAGEN_2024K1 = {"area": "101", "area_name": "København", "kind": "municipality",
                     "period": "2024K1", "value": 0.5}


def test_observations_literal(client, synth, django_assert_num_queries):
    with django_assert_num_queries(3):  # the indicator, the areas, the figures
        response = client.get("/api/indikatorer/synth/observationer")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == [COUNTRY_2023, FREDERIKSBERG_2023, COPENHAGEN_2023,
                               COPENHAGEN_2024K1]
    assert '"area_name":"København"' in response.content.decode()  # UTF-8, not \u escapes


def test_observations_filters(client, synth):
    url = "/api/indikatorer/synth/observationer"
    assert client.get(url, {"kommune": "101"}).json() == [COPENHAGEN_2023, COPENHAGEN_2024K1]
    assert client.get(url, {"periode": "2024K1"}).json() == [COPENHAGEN_2024K1]
    assert client.get(url, {"kommune": "147", "periode": "2023"}).json() == [FREDERIKSBERG_2023]
    assert client.get(url, {"kommune": "999"}).json() == []


def test_unknown_indicator_is_404(client, reference_data):
    assert client.get("/api/indikatorer/findes-ikke/observationer").status_code == 404


def test_indicator_list(client, seed_programme, synth):
    load_reference_indicators()
    found = {i["slug"]: i for i in client.get("/api/indikatorer").json()}
    assert found["synth"] == {
        "slug": "synth", "name": "Syntetisk synth", "unit": "antal",
        "source": "Testdata (syntetisk)", "kind": "upload", "statbank_table": "",
        "recommendations": [], "latest_period": "2024K1", "url": "/indikator/synth/",
        "observations_url": "/api/indikatorer/synth/observationer"}
    assert found["folk1a"]["latest_period"] is None
    assert found["regk31-voksne-saerlige-behov"]["recommendations"] == [
        {"council": "kkr-hovedstaden", "term": "2026-2029", "number": 1,
         "url": "/program/kkr-hovedstaden/2026-2029/anbefaling/1/"}]
    assert list(found) == sorted(found, key=lambda s: found[s]["name"])


def test_openapi_lists_both_paths(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/indikatorer" in paths
    observations = paths["/api/indikatorer/{slug}/observationer"]["get"]
    assert {p["name"] for p in observations["parameters"]} == {"slug", "kommune", "periode"}
