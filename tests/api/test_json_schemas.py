"""Every JSON answer the API writes by hand (not through django-ninja's schema output) is strict
JSON (no NaN or Infinity) and valid against its schema in the served OpenAPI document: the
indicator observations and the meetings endpoints. Figures JSON cannot write never get in."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from kkrmonitor.audit import Author
from kkrmonitor.indicators.services import ObservationImportError, import_observations
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import Council
from tests.indicators.data import csv_for, upload_indicator

pytestmark = pytest.mark.django_db
AUTHOR = Author(label="Test", channel="cli")


def _refuse(constant: str) -> Any:
    raise ValueError(f"not JSON: {constant}")


def strict_json(content: bytes) -> Any:
    """JSON as RFC 8259 has it: Python's json would accept NaN and Infinity."""
    return json.loads(content, parse_constant=_refuse)


def assert_valid(client, url: str, openapi_path: str) -> Any:
    document = client.get("/api/openapi.json").json()
    answer = document["paths"][openapi_path]["get"]["responses"]["200"]
    schema = {**answer["content"]["application/json"]["schema"],
              "components": document["components"]}
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = strict_json(response.content)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in
              Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)]
    assert errors == []
    return data


def test_strict_json_refuses_what_python_accepts():
    with pytest.raises(ValueError, match="not JSON: NaN"):
        strict_json(b'[{"value":NaN}]')
    with pytest.raises(ValueError, match="not JSON: Infinity"):
        strict_json(b'[{"value":Infinity}]')


def test_observations_match_the_schema(client, reference_data):
    indicator = upload_indicator()
    import_observations(indicator, csv_for([
        ("101", "2023", "12,3"), ("147", "2023", ".."), ("151", "2023", "-3,5"),
        ("153", "2023", "1e300"), ("000", "2023", "0"), ("101", "2024K1", "0,5")]),
        "tal.csv", AUTHOR)
    data = assert_valid(client, "/api/indikatorer/synth/observationer",
                        "/api/indikatorer/{slug}/observationer")
    assert {(row["area"], row["period"]): row["value"] for row in data
            if row["kind"] != "council"} == {
        ("101", "2023"): 12.3, ("147", "2023"): None, ("151", "2023"): -3.5,
        ("153", "2023"): 1e300, ("000", "2023"): 0.0, ("101", "2024K1"): 0.5}
    assert_valid(client, "/api/indikatorer/synth/observationer?kommune=101",
                 "/api/indikatorer/{slug}/observationer")


def test_figures_json_cannot_write_never_reach_the_api(client, reference_data):
    indicator = upload_indicator()
    for value in ("1e999", "-1e999"):
        with pytest.raises(ObservationImportError):
            import_observations(indicator, csv_for([("101", "2024", value)]), "tal.csv",
                                AUTHOR)
    assert assert_valid(client, "/api/indikatorer/synth/observationer",
                        "/api/indikatorer/{slug}/observationer") == []


def test_meetings_match_the_schema(client, reference_data):
    council = Council.objects.get(slug="kkr-hovedstaden")
    meeting = Meeting.objects.create(council=council, date=date(2026, 12, 11),
                                     start_time=time(10, 0), title="Decembermøde",
                                     place="Hillerød Rådhus")
    Meeting.objects.create(council=council, date=date(2027, 2, 5), title="Februarmøde")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Status »takster«",
                                     kind="beslutning", case_text='Linje 1\nLinje "2"')
    Decision.objects.create(agenda_item=item, text="Godkendt.")
    rows = assert_valid(client, "/api/moeder/kkr-hovedstaden", "/api/moeder/{council}")
    assert [(r["title"], r["start_time"]) for r in rows] == [("Decembermøde", "10:00:00"),
                                                              ("Februarmøde", None)]
    one = assert_valid(client, f"/api/moede/{meeting.pk}", "/api/moede/{meeting_id}")
    assert one["agenda_items"][0]["case_text"] == 'Linje 1\nLinje "2"'
