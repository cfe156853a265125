"""The StatBank client against a local fake server (no network): formats, "..", K and M
periods, the cell limit, retries, timeouts and refused requests."""

from __future__ import annotations

import json

import pytest

from kkrmonitor.indicators.statbank import DataRow, StatBankClient, StatBankError
from tests.indicators.fake_statbank import Answer

SELECTION = {"OMRÅDE": ["*"], "KØN": ["TOT"], "ALDER": ["IALT"], "Tid": ["*"]}


def client(fake, **kwargs) -> StatBankClient:
    kwargs.setdefault("sleep", lambda seconds: None)
    return StatBankClient(fake.url, **kwargs)


def test_csv_rows_with_danish_labels_missing_values_and_quarters(fake_statbank):
    rows = list(client(fake_statbank).data("FOLK1A", SELECTION))
    assert len(rows) == 24
    assert rows[2] == DataRow("101", "København", "2024K1", 101000.0,
                              (("KØN", "TOT"), ("ALDER", "IALT")))
    taarnby_q2 = [r for r in rows if r.area_code == "185" and r.period == "2024K2"]
    assert taarnby_q2 == [DataRow("185", "Tårnby", "2024K2", None,
                                  (("KØN", "TOT"), ("ALDER", "IALT")))]


def test_request_is_a_json_post_built_from_the_selection(fake_statbank):
    list(client(fake_statbank).data("FOLK1A", SELECTION))
    path, body = fake_statbank.requests[0]
    assert path == "/v1/data"
    assert body == {
        "table": "FOLK1A", "format": "CSV", "valuePresentation": "CodeAndValue", "lang": "da",
        "variables": [{"code": "OMRÅDE", "values": ["*"]}, {"code": "KØN", "values": ["TOT"]},
                      {"code": "ALDER", "values": ["IALT"]}, {"code": "Tid", "values": ["*"]}]}


def test_jsonstat_with_month_periods_and_null(fake_statbank):
    selection = {"OMRÅDE": ["101", "147"], "Tid": ["2024M01", "2024M02"]}
    rows = list(client(fake_statbank).data("SYNTH", selection, fmt="JSONSTAT"))
    assert [(r.area_code, r.area_label, r.period, r.value) for r in rows] == [
        ("101", "København", "2024M01", 10.5), ("101", "København", "2024M02", 21.0),
        ("147", "Frederiksberg", "2024M01", 10.5), ("147", "Frederiksberg", "2024M02", None)]


def test_bulk_needs_every_variable(fake_statbank):
    with pytest.raises(StatBankError, match="BULK-formatet kræver alle variable for tabel "
                                            "FOLK1A; mangler: ALDER"):
        list(client(fake_statbank).data("FOLK1A", {"OMRÅDE": ["*"], "KØN": ["TOT"],
                                                   "Tid": ["*"]}, fmt="BULK"))
    rows = list(client(fake_statbank).data("FOLK1A", SELECTION, fmt="BULK"))
    assert len(rows) == 24
    assert fake_statbank.data_requests()[-1]["format"] == "BULK"


def test_cell_limit_splits_the_request_by_period(fake_statbank):
    fake_statbank.max_periods = 2
    messages: list[str] = []
    rows = list(client(fake_statbank, progress=messages.append).data("FOLK1A", SELECTION))
    asked = [next(v["values"] for v in body["variables"] if v["code"] == "Tid")
             for body in fake_statbank.data_requests()]
    assert asked == [["*"], ["2024K1", "2024K2"], ["2024K3", "2024K4"]]
    assert sorted({r.period for r in rows}) == ["2024K1", "2024K2", "2024K3", "2024K4"]
    assert len(rows) == 24
    assert ("FOLK1A: for mange celler; deler forespørgslen i to (2024K1–2024K2 og "
            "2024K3–2024K4)") in messages


def test_cell_limit_on_one_period_is_an_error(fake_statbank):
    fake_statbank.max_periods = 0
    with pytest.raises(StatBankError, match="for mange celler i forespørgslen på tabel FOLK1A"):
        list(client(fake_statbank).data("FOLK1A", {**SELECTION, "Tid": ["2024K1"]}))


def test_server_error_is_retried_with_back_off(fake_statbank):
    fake_statbank.queue = [Answer(500, "fejl"), Answer(503, "fejl")]
    waits: list[float] = []
    rows = list(client(fake_statbank, sleep=waits.append, backoff=0.5).data("FOLK1A",
                                                                            SELECTION))
    assert len(rows) == 24
    assert waits == [0.5, 1.0]
    assert len(fake_statbank.data_requests()) == 3


def test_server_errors_beyond_the_retries_name_the_table(fake_statbank):
    fake_statbank.queue = [Answer(500, "fejl")] * 3
    with pytest.raises(StatBankError) as caught:
        list(client(fake_statbank, retries=2).data("FOLK1A", SELECTION))
    assert str(caught.value) == ("Statistikbanken svarede ikke på forespørgslen på tabel FOLK1A "
                                 "efter 3 forsøg: HTTP 500")


def test_bad_request_gives_a_clear_error_naming_the_table(fake_statbank):
    fake_statbank.queue = [Answer(400, json.dumps(
        {"errorTypeCode": "VALUE-NOT-FOUND", "message": "Værdien 5.99 findes ikke for FUNKTION"}),
        "application/json")]
    with pytest.raises(StatBankError) as caught:
        list(client(fake_statbank).data("REGK31", {"FUNKTION": ["5.99"]}))
    assert str(caught.value) == ("Statistikbanken afviste forespørgslen på tabel REGK31 "
                                 "(HTTP 400): Værdien 5.99 findes ikke for FUNKTION")
    assert len(fake_statbank.requests) == 1  # a refused request is not retried


def test_timeout_is_retried_then_reported(fake_statbank):
    fake_statbank.queue = [Answer(200, "", delay=1.0), Answer(200, "", delay=1.0)]
    with pytest.raises(StatBankError, match="efter 2 forsøg: intet svar inden for 0.2 s"):
        list(client(fake_statbank, timeout=0.2, retries=1).data("FOLK1A", SELECTION))


def test_tables_and_tableinfo(fake_statbank):
    c = client(fake_statbank)
    assert c.tables() == [{"id": "FOLK1A", "text": "Befolkningen"}]
    assert c.time_values("FOLK1A") == ["2024K1", "2024K2", "2024K3", "2024K4"]
    assert fake_statbank.requests[-1] == ("/v1/tableinfo", {"table": "FOLK1A", "format": "JSON",
                                                            "lang": "da"})
