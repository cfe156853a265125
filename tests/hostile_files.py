"""Hostile uploads, built small: a zip that declares gigabytes, a sheet whose last row is row
1,048,576, a formula, a CSV field past Python's csv limit."""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Any

from openpyxl import Workbook


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite_sheet(content: bytes, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def xlsx_last_row_far_away(rows: list[list[Any]], last_row: int = 1_048_576) -> bytes:
    """A few kilobytes whose sheet has a cell in row `last_row`: a reader fills every row in
    between, so it unpacks to a million rows."""
    far = (f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c>'
           "</row></sheetData>").encode()
    return _rewrite_sheet(xlsx(rows), lambda data: data.replace(b"</sheetData>", far))


def xlsx_declaring_huge(rows: list[list[Any]], declared: int = 4_000_000_000) -> bytes:
    """A valid small XLSX whose zip directory says the sheet unpacks to `declared` bytes."""
    content = bytearray(xlsx(rows))
    name = b"xl/worksheets/sheet1.xml"
    at = 0
    while True:
        at = content.index(b"PK\x01\x02", at)  # a central directory entry
        name_length = struct.unpack_from("<H", content, at + 28)[0]
        if bytes(content[at + 46:at + 46 + name_length]) == name:
            struct.pack_into("<I", content, at + 24, declared)  # its uncompressed size
            return bytes(content)
        at += 4


def csv_with_long_field(header: str, prefix: str, length: int = 140_000) -> bytes:
    return f'{header}\r\n{prefix}"{"x" * length}"\r\n'.encode()
