"""CSV and XLSX of a joint initiative's matrix. The table itself is plain lists; the writers
(kkrmonitor.exports, shared by every download) know nothing of Django."""

from __future__ import annotations

from typing import Any

from kkrmonitor.exports import to_csv, to_xlsx
from kkrmonitor.joint.matrix import Matrix

__all__ = ["HEADERS", "matrix_table", "to_csv", "to_xlsx"]

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
            "Ja" if row.on_track else "Nej" if report else "Ikke rapporteret",
        ])
    return HEADERS, rows
