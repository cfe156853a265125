"""A client for Statistics Denmark's StatBank API (https://api.statbank.dk/v1).

Pure Python on the standard library (urllib, csv, json); no Django. Requests are POSTed as JSON
(the API's recommended way). The data answer is streamed and parsed row by row (CSV and BULK are
semicolon-separated; JSONSTAT is read whole). Server errors and timeouts are retried with
exponential back-off; a refused request (HTTP 4xx) raises StatBankError naming the table and the
API's own message. When a request asks for more cells than the API allows, the client splits it
by period and asks for each half.
"""

from __future__ import annotations

import codecs
import csv
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kkrmonitor.indicators.numbers import NumberError, parse_number

DEFAULT_BASE_URL = "https://api.statbank.dk/v1"
FORMATS = ("CSV", "JSONSTAT", "BULK")
USER_AGENT = "KKR Monitor (kkrmonitor indicators)"

Progress = Callable[[str], None]
Selection = Mapping[str, Sequence[str]]


class StatBankError(Exception):
    """A request the API refused or never answered; the message names the table."""


class CellLimitError(StatBankError):
    """The request asks for more cells than the API returns in one answer."""


@dataclass(frozen=True)
class DataRow:
    area_code: str
    area_label: str
    period: str
    value: float | None  # None: suppressed ("..") or unavailable
    other: tuple[tuple[str, str], ...] = field(default=())  # other variables' codes


def _split_code(cell: str) -> tuple[str, str]:
    """valuePresentation=CodeAndValue writes "101 København": (code, label)."""
    cell = cell.strip()
    code, _sep, label = cell.partition(" ")
    return code, label.strip() or code


def _is_cell_limit(status: int, payload: Mapping[str, Any], text: str) -> bool:
    """The API answers a too-large request with an error whose message speaks of cells
    ("celler"); the error code is not documented, so the message and code are both read."""
    haystack = f"{payload.get('errorTypeCode', '')} {payload.get('message', '')} {text}".lower()
    return status in (400, 413) and any(
        word in haystack for word in ("celler", "cells", "cell limit", "toomanycells",
                                      "1.000.000", "1,000,000"))


class StatBankClient:
    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, timeout: float = 60.0,
                 retries: int = 3, backoff: float = 1.0, lang: str = "da",
                 sleep: Callable[[float], None] = time.sleep,
                 progress: Progress | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.lang = lang
        self.sleep = sleep
        self.progress: Progress = progress or (lambda message: None)

    # --- transport -----------------------------------------------------------------------
    def _post(self, function: str, body: Mapping[str, Any], table: str = "") -> Any:
        """POST a JSON body and return the open response; retries 5xx, 429 and timeouts."""
        data = json.dumps({**body, "lang": self.lang}).encode("utf-8")
        url = f"{self.base_url}/{function}"
        what = f"tabel {table}" if table else function
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                self.progress(f"Prøver igen om {delay:g} s ({last_problem}) …")
                self.sleep(delay)
            request = urllib.request.Request(
                url, data=data, method="POST",
                headers={"Content-Type": "application/json; charset=utf-8",
                         "Accept": "*/*", "User-Agent": USER_AGENT})
            try:
                return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
            except urllib.error.HTTPError as error:
                text = error.read().decode("utf-8", "replace")
                error.close()
                if error.code >= 500 or error.code == 429:
                    last_problem = f"HTTP {error.code}"
                    continue
                try:
                    payload = json.loads(text)
                    if not isinstance(payload, dict):
                        payload = {}
                except ValueError:
                    payload = {}
                message = str(payload.get("message") or text.strip() or error.reason)
                if _is_cell_limit(error.code, payload, text):
                    raise CellLimitError(
                        f"Statistikbanken: for mange celler i forespørgslen på {what}: "
                        f"{message}") from None
                raise StatBankError(
                    f"Statistikbanken afviste forespørgslen på {what} (HTTP {error.code}): "
                    f"{message}") from None
            except TimeoutError:
                last_problem = f"intet svar inden for {self.timeout:g} s"
            except urllib.error.URLError as error:
                if isinstance(error.reason, TimeoutError):
                    last_problem = f"intet svar inden for {self.timeout:g} s"
                else:
                    last_problem = f"forbindelsesfejl: {error.reason}"
        raise StatBankError(
            f"Statistikbanken svarede ikke på forespørgslen på {what} efter "
            f"{self.retries + 1} forsøg: {last_problem}")

    def _json(self, function: str, body: Mapping[str, Any], table: str = "") -> Any:
        with self._post(function, {**body, "format": "JSON"}, table) as response:
            try:
                return json.loads(response.read().decode("utf-8"))
            except TimeoutError:
                raise StatBankError(f"Statistikbanken: svaret på {function} for {table or '-'} "
                                    f"gik i stå (tidsgrænse {self.timeout:g} s)") from None

    # --- functions -----------------------------------------------------------------------
    def tables(self, subjects: Sequence[str] = ()) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"subjects": list(subjects)} if subjects else {}
        return list(self._json("tables", body))

    def tableinfo(self, table: str) -> dict[str, Any]:
        return dict(self._json("tableinfo", {"table": table}, table))

    def time_values(self, table: str) -> list[str]:
        """Every period the table has, oldest first, from tableinfo."""
        for variable in self.tableinfo(table).get("variables", []):
            if variable.get("time"):
                return [str(v["id"]) for v in variable.get("values", [])]
        raise StatBankError(f"Statistikbanken: tabel {table} har ingen tidsvariabel")

    def data(self, table: str, selection: Selection, *, fmt: str = "CSV",
             area_variable: str = "OMRÅDE", time_variable: str = "Tid") -> Iterator[DataRow]:
        """The table's rows for the selection ({variable: [codes]}, "*" for all). Variables
        left out are totalled by the API. Splits by period when there are too many cells."""
        fmt = fmt.upper()
        if fmt not in FORMATS:
            raise StatBankError(f"ukendt dataformat {fmt}; brug en af {', '.join(FORMATS)}")
        if fmt == "BULK":
            self._check_bulk_selection(table, selection)
        try:
            yield from self._data_once(table, selection, fmt, area_variable, time_variable)
        except CellLimitError:
            time_key = _key(selection, time_variable) or time_variable
            periods = list(selection.get(time_key, ["*"]))
            if any("*" in p or "(" in p for p in periods):
                periods = self.time_values(table)
            if len(periods) <= 1:
                raise
            half = len(periods) // 2
            self.progress(f"{table}: for mange celler; deler forespørgslen i to "
                          f"({periods[0]}–{periods[half - 1]} og {periods[half]}–{periods[-1]})")
            for part in (periods[:half], periods[half:]):
                yield from self.data(table, {**selection, time_key: part}, fmt=fmt,
                                     area_variable=area_variable, time_variable=time_variable)

    def _check_bulk_selection(self, table: str, selection: Selection) -> None:
        info = self.tableinfo(table)
        given = {k.upper() for k in selection}
        missing = [str(v["id"]) for v in info.get("variables", [])
                   if str(v["id"]).upper() not in given]
        if missing:
            raise StatBankError(f"BULK-formatet kræver alle variable for tabel {table}; "
                                f"mangler: {', '.join(missing)}")

    def _data_once(self, table: str, selection: Selection, fmt: str, area_variable: str,
                   time_variable: str) -> Iterator[DataRow]:
        body = {
            "table": table, "format": fmt, "valuePresentation": "CodeAndValue",
            "variables": [{"code": code, "values": list(values)}
                          for code, values in selection.items()],
        }
        self.progress(f"Henter {table} ({fmt}) …")
        with self._post("data", body, table) as response:
            try:
                if fmt == "JSONSTAT":
                    document = json.loads(response.read().decode("utf-8"))
                    rows: Iterator[DataRow] = parse_jsonstat(document, area_variable,
                                                             time_variable)
                else:
                    reader = codecs.getreader("utf-8-sig")(response)
                    rows = parse_csv(reader, area_variable, time_variable)
                count = 0
                for row in rows:
                    count += 1
                    if count % 10000 == 0:
                        self.progress(f"{table}: {count} rækker læst …")
                    yield row
            except TimeoutError:
                raise StatBankError(f"Statistikbanken: svaret for tabel {table} gik i stå "
                                    f"(tidsgrænse {self.timeout:g} s)") from None
            except (NumberError, ValueError, KeyError) as error:
                raise StatBankError(f"Statistikbanken: kunne ikke læse svaret for tabel "
                                    f"{table}: {error}") from None
        self.progress(f"{table}: {count} rækker hentet")


def _key(mapping: Mapping[str, Any], name: str) -> str | None:
    """The mapping's key equal to `name` ignoring case (the API writes TID or Tid)."""
    for key in mapping:
        if key.upper() == name.upper():
            return key
    return None


def parse_csv(lines: Any, area_variable: str = "OMRÅDE",
              time_variable: str = "Tid") -> Iterator[DataRow]:
    """Rows of a semicolon-separated CSV or BULK answer; the value column is INDHOLD (the
    last). Read lazily: the answer is never held in memory whole."""
    reader = csv.reader(lines, delimiter=";")
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip().upper() for h in header]
    try:
        area_at = names.index(area_variable.upper())
        time_at = names.index(time_variable.upper())
    except ValueError:
        raise ValueError(f"kolonnerne {area_variable} og {time_variable} mangler i "
                         f"{';'.join(header)}") from None
    value_at = names.index("INDHOLD") if "INDHOLD" in names else len(names) - 1
    others = [i for i in range(len(names)) if i not in (area_at, time_at, value_at)]
    for cells in reader:
        if not cells or all(not c.strip() for c in cells):
            continue
        area_code, area_label = _split_code(cells[area_at])
        period, _label = _split_code(cells[time_at])
        yield DataRow(area_code, area_label, period, parse_number(cells[value_at]),
                      tuple((names[i], _split_code(cells[i])[0]) for i in others))


def parse_jsonstat(document: Mapping[str, Any], area_variable: str = "OMRÅDE",
                   time_variable: str = "Tid") -> Iterator[DataRow]:
    """Rows of a JSON-stat answer (the StatBank's "dataset" wrapper or JSON-stat 2.0). Values
    are in row-major order over the dimensions; a null value is missing."""
    dataset = document.get("dataset", document)
    dimensions = dataset["dimension"]
    ids = list(dataset.get("id") or dimensions["id"])
    sizes = list(dataset.get("size") or dimensions["size"])
    categories: list[list[tuple[str, str]]] = []
    for dim_id in ids:
        category = dimensions[dim_id]["category"]
        index = category.get("index")
        labels = category.get("label", {})
        if isinstance(index, dict):
            codes = sorted(index, key=lambda code: index[code])
        elif isinstance(index, list):
            codes = list(index)
        else:
            codes = list(labels)
        categories.append([(code, str(labels.get(code, code))) for code in codes])
    values = dataset["value"]
    area_dim = ids.index(_key(dict.fromkeys(ids), area_variable) or area_variable)
    time_dim = ids.index(_key(dict.fromkeys(ids), time_variable) or time_variable)
    total = 1
    for size in sizes:
        total *= size
    strides = [1] * len(sizes)
    for k in range(len(sizes) - 2, -1, -1):
        strides[k] = strides[k + 1] * sizes[k + 1]
    for flat in range(total):
        raw = values.get(str(flat)) if isinstance(values, dict) else values[flat]
        position = [(flat // strides[k]) % sizes[k] for k in range(len(sizes))]
        area_code, area_label = categories[area_dim][position[area_dim]]
        period = categories[time_dim][position[time_dim]][0]
        other = tuple((ids[k], categories[k][position[k]][0]) for k in range(len(ids))
                      if k not in (area_dim, time_dim))
        yield DataRow(area_code, area_label, period, parse_number(raw), other)


# --- checking a selection against the table's description (tableinfo) --------------------------

@dataclass(frozen=True)
class CheckedSelection:
    """A selection checked against tableinfo: the variables in the table's own spelling, every
    group pattern ("5.28.*") replaced by the codes it stands for, and what the table lacks."""

    selection: dict[str, list[str]]
    problems: list[str]


def _is_expression(code: str) -> bool:
    """The API's own value expressions ("*", "2024K*", ">=2020", "(1-3)") are passed on as they
    are: they cannot be checked code by code."""
    return code == "*" or any(mark in code for mark in ("(", ">", "<")) or (
        code.endswith("*") and not code.endswith(".*"))


def check_selection(info: Mapping[str, Any], selection: Selection) -> CheckedSelection:
    """Compare a selection ({variable: [codes]}) with a table's tableinfo answer. A code ending
    in ".*" stands for every value whose text starts with what comes before the "*" (REGK31's
    FUNKTION values read "5.28.20 …": "5.28.*" is every function of group 5.28). Problems are
    Danish, one per variable, naming the codes the table does not have. Pure: no requests."""
    table = str(info.get("id", ""))
    variables = {str(v["id"]).upper(): v for v in info.get("variables", [])}
    checked: dict[str, list[str]] = {}
    problems: list[str] = []
    for name, codes in selection.items():
        variable = variables.get(name.upper())
        if variable is None:
            problems.append(f"variablen {name} findes ikke i tabel {table}")
            continue
        values = [(str(v["id"]), str(v.get("text", ""))) for v in variable.get("values", [])]
        known = {code for code, _text in values}
        resolved: list[str] = []
        unknown: list[str] = []
        for code in codes:
            if code.endswith(".*") and len(code) > 2:
                prefix = code[:-1]
                group = [c for c, text in values if text.startswith(prefix)]
                if group:
                    resolved.extend(c for c in group if c not in resolved)
                else:
                    unknown.append(code)
            elif _is_expression(code) or code in known:
                if code not in resolved:
                    resolved.append(code)
            else:
                unknown.append(code)
        if unknown:
            problems.append(f"tabel {table} har ikke {'koden' if len(unknown) == 1 else 'koderne'}"
                            f" {', '.join(unknown)} for variablen {variable['id']}")
        checked[str(variable["id"])] = resolved
    return CheckedSelection(checked, problems)
