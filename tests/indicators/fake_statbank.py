"""A local stand-in for api.statbank.dk: http.server in a thread on 127.0.0.1 (random port),
answering in the documented formats. Every figure it serves is synthetic."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

QUARTERS = ["2024K1", "2024K2", "2024K3", "2024K4"]
# Synthetic figures: (area code, label) → value per quarter; ".." is suppressed.
AREAS = [("000", "Hele landet"), ("084", "Region Hovedstaden"), ("101", "København"),
         ("147", "Frederiksberg"), ("185", "Tårnby"), ("851", "Aalborg")]


def synthetic_value(area: str, period: str) -> str:
    if area == "185" and period == "2024K2":
        return ".."
    return str(1000 * int(area) + QUARTERS.index(period) if period in QUARTERS else 7)


def tableinfo(table: str) -> dict[str, Any]:
    return {
        "id": table, "text": "Befolkningen den 1. i kvartalet (syntetisk)", "unit": "antal",
        "variables": [
            {"id": "OMRÅDE", "text": "område", "elimination": True, "time": False,
             "values": [{"id": c, "text": t} for c, t in AREAS]},
            {"id": "KØN", "text": "køn", "elimination": True, "time": False,
             "values": [{"id": "TOT", "text": "I alt"}]},
            {"id": "ALDER", "text": "alder", "elimination": True, "time": False,
             "values": [{"id": "IALT", "text": "Alder i alt"}]},
            {"id": "Tid", "text": "tid", "elimination": False, "time": True,
             "values": [{"id": q, "text": q} for q in QUARTERS]},
        ],
    }


YEARS = ["2022", "2023"]
# REGK31's variables as its description names them; the function codes are synthetic but
# written as the table writes them (a 5-digit id, the account number first in the text).
REGK31_FUNCTIONS = [("52820", "5.28.20 Plejefamilier (syntetisk)"),
                    ("52823", "5.28.23 Døgninstitutioner (syntetisk)"),
                    ("53842", "5.38.42 Botilbud (syntetisk)"),
                    ("53844", "5.38.44 Beskyttet beskæftigelse (syntetisk)"),
                    ("2201", "0.22.01 Fælles formål (syntetisk)")]


def regk31_tableinfo() -> dict[str, Any]:
    def variable(name: str, values: list[tuple[str, str]], time: bool = False) -> dict[str, Any]:
        return {"id": name, "text": name.lower(), "elimination": not time, "time": time,
                "values": [{"id": c, "text": t} for c, t in values]}

    return {"id": "REGK31", "text": "Kommunernes regnskaber på funktioner (syntetisk)",
            "unit": "-", "variables": [
                variable("OMRÅDE", AREAS), variable("FUNKTION", REGK31_FUNCTIONS),
                variable("DRANST", [("1", "1 Driftskonti"), ("3", "3 Anlægskonti")]),
                variable("ART", [("TOT", "I alt (netto)"), ("UE", "Bruttoudgifter")]),
                variable("PRISENHED", [("LOBM", "Løbende priser (1.000 kr.)"),
                                       ("INDL", "Pr. indbygger, løbende priser (kr.)")]),
                variable("Tid", [(y, y) for y in YEARS], time=True)]}


def regk31_value(area: str, function: str, year: str) -> str:
    """Synthetic: area code + function code's last two digits + year's last digit; Tårnby's
    5.38.44 in 2023 is suppressed."""
    if area == "185" and function == "53844" and year == "2023":
        return ".."
    return str(int(area) * 10 + int(function[-2:]) + int(year[-1]))


def regk31_csv(body: dict[str, Any]) -> str:
    areas = _values(body, "OMRÅDE", [c for c, _t in AREAS])
    years = _values(body, "Tid", YEARS)
    functions = _values(body, "FUNKTION", [c for c, _t in REGK31_FUNCTIONS])
    texts = dict(REGK31_FUNCTIONS)
    labels = dict(AREAS)
    lines = ["OMRÅDE;FUNKTION;DRANST;ART;PRISENHED;TID;INDHOLD"]
    for year in years:
        for code in areas:
            for function in functions:
                lines.append(f"{code} {labels[code]};{function} {texts[function]};1 Driftskonti;"
                             f"TOT I alt (netto);LOBM Løbende priser (1.000 kr.);{year} {year};"
                             f"{regk31_value(code, function, year)}")
    return "\r\n".join(lines) + "\r\n"


def _values(body: dict[str, Any], name: str, every: list[str]) -> list[str]:
    for variable in body.get("variables", []):
        if variable["code"].upper() == name.upper():
            values = variable["values"]
            return every if any("*" in v for v in values) else values
    return every


def csv_answer(body: dict[str, Any]) -> str:
    areas = _values(body, "OMRÅDE", [c for c, _t in AREAS])
    periods = _values(body, "Tid", QUARTERS)
    labels = dict(AREAS)
    lines = ["OMRÅDE;KØN;ALDER;TID;INDHOLD"]
    for period in periods:
        for code in areas:
            lines.append(f"{code} {labels[code]};TOT I alt;IALT Alder i alt;{period} {period};"
                         f"{synthetic_value(code, period)}")
    return "\r\n".join(lines) + "\r\n"


def jsonstat_answer(body: dict[str, Any], periods: list[str]) -> dict[str, Any]:
    areas = _values(body, "OMRÅDE", [c for c, _t in AREAS])
    labels = dict(AREAS)
    values: list[float | None] = []
    for code in areas:  # row-major: OMRÅDE, then Tid
        for number, _period in enumerate(periods):
            values.append(None if code == "147" and number == 1 else 10.5 * (number + 1))
    return {"dataset": {
        "label": "syntetisk",
        "dimension": {
            "OMRÅDE": {"label": "område", "category": {
                "index": {c: i for i, c in enumerate(areas)},
                "label": {c: labels[c] for c in areas}}},
            "Tid": {"label": "tid", "category": {
                "index": {p: i for i, p in enumerate(periods)},
                "label": {p: p for p in periods}}},
            "id": ["OMRÅDE", "Tid"], "size": [len(areas), len(periods)],
        },
        "value": values,
    }}


@dataclass
class Answer:
    status: int
    body: str | bytes
    content_type: str = "text/csv; charset=utf-8"
    delay: float = 0.0


@dataclass
class FakeStatBank:
    url: str = ""
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    queue: list[Answer] = field(default_factory=list)  # answers served first, in order
    max_periods: int | None = None  # more periods than this in one data request: cell limit
    respond: Callable[[str, dict[str, Any]], Answer] | None = None

    def data_requests(self) -> list[dict[str, Any]]:
        return [body for path, body in self.requests if path.endswith("/data")]

    def answer(self, path: str, body: dict[str, Any]) -> Answer:
        if self.queue:
            return self.queue.pop(0)
        if self.respond is not None:
            return self.respond(path, body)
        if path.endswith("/tableinfo") and body["table"].upper() == "REGK31":
            return Answer(200, json.dumps(regk31_tableinfo()), "application/json")
        if path.endswith("/data") and body["table"].upper() == "REGK31":
            return Answer(200, regk31_csv(body))
        if path.endswith("/tableinfo"):
            return Answer(200, json.dumps(tableinfo(body["table"])), "application/json")
        if path.endswith("/tables"):
            return Answer(200, json.dumps([{"id": "FOLK1A", "text": "Befolkningen"}]),
                          "application/json")
        if path.endswith("/data"):
            periods = _values(body, "Tid", QUARTERS)
            if self.max_periods is not None and len(periods) > self.max_periods:
                return Answer(400, json.dumps({
                    "errorTypeCode": "EXTRACT-TOO-LARGE",
                    "message": "Udtrækket er for stort: højst 1.000.000 celler pr. kald"}),
                    "application/json")
            if body.get("format") == "JSONSTAT":
                return Answer(200, json.dumps(jsonstat_answer(body, periods)),
                              "application/json")
            return Answer(200, csv_answer(body))
        return Answer(404, json.dumps({"message": "ukendt funktion"}), "application/json")


def _handler(fake: FakeStatBank) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
            fake.requests.append((self.path, body))
            answer = fake.answer(self.path, body)
            if answer.delay:
                time.sleep(answer.delay)
            payload = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def fake_statbank() -> Iterator[FakeStatBank]:
    fake = FakeStatBank()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
