"""CSV and XLSX of a joint initiative's matrix. The table itself is plain lists; the writers
know nothing of Django."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from kkrmonitor.joint.matrix import Matrix

HEADERS = ["Kommunekode", "Kommune", "Råd", "Trin", "Trinnummer", "Dato", "Note", "På sporet"]


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list[Any]]]:
    """One row per municipality: its approved stage (or "Ikke rapporteret"), the stage's number
    (1 = the first stage), date, note and whether it is on track."""
    rows: list[list[Any]] = []
    for row in matrix.rows:
        report = row.report
        rows.append([
            row.municipality.code, row.municipality.name, row.municipality.council.name,
            row.stage_name, row.stage_index + 1 if row.stage_index is not None else "",
            report.as_of if report else "", report.note if report else "",
            "Ja" if row.on_track else "Nej",
        ])
    return HEADERS, rows


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Semicolon-separated, as Danish spreadsheets expect; dates as dd.mm.åååå."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return out.getvalue()


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one (active) sheet
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for cell in sheet["F"][1:]:
        if isinstance(cell.value, date):
            cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
