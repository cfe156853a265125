"""Reading an uploaded file of observations (CSV or XLSX) into raw rows. Pure Python; the
service (services.import_observations) resolves areas and periods and validates every row.

Accepted: a header row naming the area (kommune, kommunekode, område …), the period (periode,
tid, år) and the value (værdi, indhold); this includes the long format a StatBank export has,
"OMRÅDE;TID;INDHOLD". CSV may be separated by semicolons, commas or tabs, in UTF-8 (with or
without BOM) or Windows-1252. Line numbers are the file's own (the header is line 1)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

AREA_HEADERS = {"kommune", "kommunekode", "kommunenavn", "kode", "område", "omraade", "omrade",
                "area", "municipality"}
PERIOD_HEADERS = {"periode", "tid", "år", "aar", "period", "time"}
VALUE_HEADERS = {"værdi", "vaerdi", "indhold", "value", "antal", "beløb", "beloeb"}
MAX_BYTES = 50 * 1024 * 1024


class UploadFormatError(ValueError):
    """The file as a whole cannot be read; `line` says where, if anywhere."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class RawRow:
    line: int
    area: str
    period: str
    value: Any  # text from CSV; a number, text or None from XLSX


def _columns(header: list[Any]) -> tuple[int, int, int]:
    names = [str(h or "").strip().lower() for h in header]

    def find(wanted: set[str]) -> int | None:
        return next((i for i, n in enumerate(names) if n in wanted), None)

    area, period, value = find(AREA_HEADERS), find(PERIOD_HEADERS), find(VALUE_HEADERS)
    if area is None or period is None or value is None:
        raise UploadFormatError(
            "første række skal navngive kolonnerne kommune, periode og værdi "
            "(eller OMRÅDE;TID;INDHOLD som i Statistikbankens eksport); fandt: "
            + ", ".join(repr(str(h or "")) for h in header), line=1)
    return area, period, value


def _rows(table: list[tuple[int, list[Any]]]) -> list[RawRow]:
    if not table:
        raise UploadFormatError("filen er tom")
    (_first_line, header), *body = table
    area_at, period_at, value_at = _columns(header)
    width = max(area_at, period_at, value_at) + 1
    rows = []
    for line, cells in body:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        cells = list(cells) + [None] * (width - len(cells))
        rows.append(RawRow(line, str(cells[area_at] if cells[area_at] is not None else "").strip(),
                           str(cells[period_at] if cells[period_at] is not None else "").strip(),
                           cells[value_at]))
    if not rows:
        raise UploadFormatError("filen har ingen rækker med tal under overskriften")
    return rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def read_csv(data: bytes) -> list[RawRow]:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise UploadFormatError("filen er hverken UTF-8 eller Windows-1252-tekst") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else ("\t" if "\t" in first else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _rows([(reader.line_num, row) for row in reader])


def read_xlsx(data: bytes) -> list[RawRow]:
    from openpyxl import load_workbook  # imported here: only uploads of spreadsheets need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UploadFormatError("filen kan ikke åbnes som et Excel-regneark (.xlsx)") from None
    try:
        sheet = workbook.worksheets[0]
        table = [(number, list(row)) for number, row
                 in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    # Trailing rows that openpyxl reports but that hold nothing are not rows.
    return _rows(table)


def read_upload(data: bytes, filename: str) -> list[RawRow]:
    """The file's rows, by its name's extension (.csv, .txt or .xlsx)."""
    if len(data) > MAX_BYTES:
        raise UploadFormatError("filen er større end 50 MB")
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise UploadFormatError("filtypen kendes ikke; brug .csv eller .xlsx")
