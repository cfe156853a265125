"""The template an editor fills in to upload a series: an XLSX with one row per municipality
(its Statistics Denmark code and name) and empty period and value columns, in the layout the
upload reads back (kommunekode, kommunenavn, periode, værdi). Rows left without a period and a
value are skipped on upload. Every cell is written as text or left empty: nothing in it is a
formula."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook

HEADER = ("kommunekode", "kommunenavn", "periode", "værdi")
GUIDE = (
    "Skriv perioden (fx 2025, 2025K1 eller 2025M01) og tallet ud for hver kommune.",
    'Et tal, der ikke kendes, skrives som ".." eller står tomt: det vises som ukendt, '
    "aldrig som 0.",
    "Rækker uden periode og værdi springes over. Flere perioder: kopier rækkerne.",
    "Alle rækker kontrolleres, før noget gemmes; er der fejl i én række, gemmes intet.",
)


def _safe(text: str) -> str:
    """A cell a spreadsheet never reads as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def template_xlsx(indicator_name: str, municipalities: Iterable[tuple[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tal"
    sheet.append(list(HEADER))
    for code, name in municipalities:
        sheet.append([_safe(code), _safe(name), None, None])
    for column, width in zip("ABCD", (14, 28, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("Vejledning")
    guide.append([_safe(indicator_name)])
    for line in GUIDE:
        guide.append([_safe(line)])
    guide.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
