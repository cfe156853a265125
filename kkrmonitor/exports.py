"""Writing tables as CSV and XLSX for download, safely. Every CSV or XLSX the app hands out is
written here, so no export can turn a cell of someone's text into a live formula.

A spreadsheet reads a cell that starts with "=", "+", "-" or "@" (and, in some programs, a tab
or a carriage return) as a formula: a note written as `=HYPERLINK("http://…";"Klik")` would
become a working link in every downloaded copy (CSV/formula injection). Text cells that start
so get an apostrophe in front, which spreadsheets show as text; numbers are left as numbers, so
-3 stays the number -3. In XLSX the text is also stored with the cell type "text", never as a
formula. Plain Python; no Django."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

# What a spreadsheet may take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, with an apostrophe in front; any other
    value (numbers, dates, None, harmless text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def strip_neutralised(text: str) -> str:
    """The inverse of `neutralise` for text read back from one of our own exports (a file
    downloaded, edited and uploaded again), so a note keeps no apostrophe it did not have."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_text(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return ""
    return str(neutralise(value))


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Semicolon-separated, as Danish spreadsheets expect; dates as dd.mm.åååå."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue()


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str) -> bytes:
    """One sheet named `title`: bold, frozen header row; dates shown as DD.MM.YYYY."""
    from openpyxl import Workbook  # imported here: only spreadsheet downloads need it
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = title[:31]
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                # openpyxl stores any text starting with "=" as a formula; this is text.
                cell.data_type = "s"
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
