"""Reading an uploaded file of observations (CSV or XLSX) into raw rows. Pure Python; the
service (services.import_observations) resolves areas and periods and validates every row.

Accepted: a header row naming the area (kommune, kommunekode, område …), the period (periode,
tid, år) and the value (værdi, indhold); this includes the long format a StatBank export has,
"OMRÅDE;TID;INDHOLD". CSV may be separated by semicolons, commas or tabs, in UTF-8 (with or
without BOM) or Windows-1252. Line numbers are the file's own (the header is line 1).
Size, rows, an XLSX's unpacked size and formulas are checked by kkrmonitor.upload_limits, as
for every upload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kkrmonitor.upload_limits import OBSERVATIONS, UploadRefused, check_size, csv_rows, xlsx_rows

AREA_HEADERS = {"kommune", "kommunekode", "kommunenavn", "kode", "område", "omraade", "omrade",
                "area", "municipality"}
PERIOD_HEADERS = {"periode", "tid", "år", "aar", "period", "time"}
VALUE_HEADERS = {"værdi", "vaerdi", "indhold", "value", "antal", "beløb", "beloeb"}
# The file as a whole cannot be read or is refused; `line` says where, if anywhere.
UploadFormatError = UploadRefused


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
        if all(cells[i] is None or str(cells[i]).strip() == "" for i in (period_at, value_at)):
            continue  # a template row left unfilled: no period, no value
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
    return _rows(list(csv_rows(text, delimiter, OBSERVATIONS)))


def read_xlsx(data: bytes) -> list[RawRow]:
    # Trailing rows that openpyxl reports but that hold nothing are not rows (see _rows).
    return _rows(list(xlsx_rows(data, OBSERVATIONS)))


def read_upload(data: bytes, filename: str) -> list[RawRow]:
    """The file's rows, by its name's extension (.csv, .txt or .xlsx)."""
    check_size(len(data), OBSERVATIONS)
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise UploadFormatError("filtypen kendes ikke; brug .csv eller .xlsx")
