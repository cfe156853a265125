"""Register rows from CSV or XLSX, all or nothing. Row 1 holds the column names as the register
names them (upper or lower case alike); a first column »Nr.« (as our own export writes it)
names an existing row, which the file's values replace; a row without a number is a new row,
saved as a draft. A column the file leaves out is left as it is. Every cell is read by the
same rules as the form (registers.cells); one bad cell and nothing is written, and each error
names the row as the spreadsheet numbers it. Size, rows, an XLSX's unpacked size and formulas
are checked by kkrmonitor.upload_limits.REGISTER_ROWS before any row is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kkrmonitor.audit import Author
from kkrmonitor.registers.cells import CellError, parse_cell
from kkrmonitor.registers.models import Column, Register, Row
from kkrmonitor.registers.services import create_row, names_for, spec, update_row
from kkrmonitor.upload_limits import (
    REGISTER_ROWS,
    UploadRefused,
    capped,
    check_size,
    csv_rows,
    xlsx_rows,
)

NUMBER_HEADER = "Nr."


@dataclass
class RowImport:
    line: int
    row: Row | None  # None: a new row
    values: dict[str, Any]


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def sentence(self) -> str:
        return (f"{self.created} nye rækker (gemt som kladde), {self.changed} ændrede og "
                f"{self.unchanged} uændrede rækker.")


def read_table(content: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """(line, cells) of the file, the header first. Raises UploadRefused."""
    check_size(len(content), REGISTER_ROWS)
    if filename.lower().endswith(".xlsx"):
        return list(xlsx_rows(content, REGISTER_ROWS))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused("filen er ikke UTF-8-tekst; gem den som CSV (UTF-8)") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv_rows(text, delimiter, REGISTER_ROWS))


def _header_text(value: Any) -> str:
    return " ".join(str(value or "").split())


def validate(register: Register, table: list[tuple[int, list[Any]]]) -> tuple[
        list[RowImport], list[str]]:
    columns = list(register.columns.all())
    by_name = {c.name.lower(): c for c in columns}
    if not table:
        return [], ["Filen er tom."]
    header_line, header = table[0]
    mapping: list[Column | str | None] = []
    errors: list[str] = []
    for value in header:
        text = _header_text(value)
        if not text:
            mapping.append(None)
        elif text.lower() == NUMBER_HEADER.lower():
            mapping.append(NUMBER_HEADER)
        elif text.lower() in by_name:
            mapping.append(by_name[text.lower()])
        else:
            known = ", ".join(c.name for c in columns)
            errors.append(f"Række {header_line}: kolonnen »{text}« findes ikke i registret. "
                          f"Registrets kolonner: {known}.")
    if errors:
        return [], errors
    if not any(isinstance(m, Column) for m in mapping):
        return [], [f"Række {header_line}: ingen af registrets kolonner står i første række."]
    names = names_for(columns)
    existing = {r.pk: r for r in register.rows.all()}
    seen: dict[int, int] = {}
    rows: list[RowImport] = []
    for line, cells in table[1:]:
        if not any(_header_text(c) for c in cells):
            continue
        target: Row | None = None
        values: dict[str, Any] = {}
        for where, raw in zip(mapping, cells, strict=False):
            if where is None:
                continue
            if where == NUMBER_HEADER:
                number = _header_text(raw)
                if not number:
                    continue
                pk = int(number) if number.isdigit() else None
                if pk is None or pk not in existing:
                    errors.append(f"Række {line}: Nr. {number} er ikke en række i registret; "
                                  "lad feltet stå tomt for en ny række.")
                elif pk in seen:
                    errors.append(f"Række {line}: Nr. {pk} står også i række {seen[pk]}.")
                else:
                    seen[pk], target = line, existing[pk]
                continue
            assert isinstance(where, Column)
            try:
                values[where.key] = parse_cell(spec(where), raw, names)
            except CellError as error:
                errors.append(f"Række {line}: {where.name}: {error}.")
        # Columns the file leaves out keep their values (an existing row) or stay empty.
        missing = [c for c in columns if c not in mapping]
        if target is not None:
            values = {**{c.key: target.values.get(c.key) for c in missing}, **values}
        elif any(c.required for c in missing):
            for c in missing:
                if c.required:
                    errors.append(f"Række {line}: {c.name}: skal udfyldes.")
        rows.append(RowImport(line, target, values))
    if not errors and not rows:
        errors.append("Filen indeholder ingen rækker.")
    return rows, errors


def import_rows(author: Author, register: Register, content: bytes,
                filename: str) -> ImportResult:
    """Validate the whole file; write only if every row is valid."""
    result = ImportResult()
    try:
        table = read_table(content, filename)
    except UploadRefused as error:
        where = f"{filename}, række {error.line}" if error.line else filename
        result.errors.append(f"{where}: {error}.")
        return result
    rows, errors = validate(register, table)
    if errors:
        result.errors = capped(errors)
        return result
    columns = list(register.columns.all())
    names = names_for(columns)
    with transaction.atomic():
        for item in rows:
            if item.row is None:
                create_row(author, register, item.values, columns=columns, names=names)
                result.created += 1
            elif update_row(author, item.row, item.values, item.row.publication,
                            item.row.version, columns=columns, names=names):
                result.changed += 1
            else:
                result.unchanged += 1
    return result
