"""Bulk import of municipalities' stages from CSV or XLSX: one row per municipality, every row
validated by StageReportForm (the same form a contact fills in). All or nothing: one bad row
and nothing is written; the errors name the row as the spreadsheet numbers it (the header is
row 1). Size, rows, an XLSX's unpacked size and formulas are checked by
kkrmonitor.upload_limits before any row is read; at most 200 errors are listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kkrmonitor.audit import Author
from kkrmonitor.exports import strip_neutralised
from kkrmonitor.joint.forms import StageReportForm
from kkrmonitor.joint.models import NOT_REPORTED, JointInitiative
from kkrmonitor.joint.services import ImportRow, import_reports, superseded_sentence
from kkrmonitor.upload_limits import STAGES, UploadRefused, capped, check_size, csv_rows, xlsx_rows

COLUMNS = {"kommunekode": "code", "kode": "code", "kommune": "name", "trin": "stage",
           "dato": "as_of", "note": "note"}


class UnreadableFile(Exception):
    """The file could not be read at all."""


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0
    written: int = 0
    # Municipalities whose waiting report the import replaced (see services.import_reports).
    superseded: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def superseded_sentence(self) -> str:
        return superseded_sentence(self.superseded)


def read_table(content: bytes, filename: str) -> list[list[Any]]:
    """The file's rows (the header first) as lists of cell values, within the limits for stage
    imports (kkrmonitor.upload_limits.STAGES)."""
    try:
        check_size(len(content), STAGES)
        if filename.lower().endswith(".xlsx"):
            return [cells for _number, cells in xlsx_rows(content, STAGES)]
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{filename}: filen er ikke UTF-8-tekst.") from exc
        first = text.split("\n", 1)[0]
        dialect = ";" if first.count(";") >= first.count(",") else ","
        return [cells for _line, cells in csv_rows(text, dialect, STAGES)]
    except UploadRefused as exc:
        where = f"{filename}, række {exc.line}" if exc.line else filename
        raise UnreadableFile(f"{where}: {exc}.") from None


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A note downloaded from our own export carries an apostrophe against formula injection.
    return strip_neutralised(str(value).strip())


def validate(joint: JointInitiative, table: list[list[Any]]) -> ImportResult:
    result = ImportResult()
    if not table:
        result.errors.append("Filen er tom.")
        return result
    header = [COLUMNS.get(_cell(h).lower()) for h in table[0]]
    if "code" not in header and "name" not in header:
        result.errors.append("Række 1: kolonnen »Kommunekode« (eller »Kommune«) mangler.")
    if "stage" not in header:
        result.errors.append("Række 1: kolonnen »Trin« mangler.")
    if "as_of" not in header:
        result.errors.append("Række 1: kolonnen »Dato« mangler.")
    if result.errors:
        return result
    municipalities = list(joint.municipalities())
    by_code = {m.code: m for m in municipalities}
    by_name = {m.name.lower(): m for m in municipalities}
    stages = {s.name.lower(): s for s in joint.stages.all()}
    stage_names = ", ".join(s.name for s in joint.stages.all())
    seen: dict[int, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        values = {key: _cell(v) for key, v in zip(header, raw, strict=False) if key}
        if not any(values.values()):
            continue
        code = values.get("code", "").zfill(3) if values.get("code") else ""
        if code.startswith("0") and len(code) == 4:
            code = code[1:]  # DAWA writes the code with a leading zero
        municipality = by_code.get(code) if code else by_name.get(values.get("name", "").lower())
        label = values.get("code") or values.get("name") or ""
        if municipality is None:
            result.errors.append(f"Række {number}: kommunen »{label}« er ikke med i indsatsen.")
            continue
        if municipality.pk in seen:
            result.errors.append(f"Række {number}: {municipality.name} står også i række "
                                 f"{seen[municipality.pk]}; der må kun være én række pr. "
                                 "kommune.")
            continue
        seen[municipality.pk] = number
        stage_text = values.get("stage", "")
        if stage_text.lower() in ("", NOT_REPORTED.lower()):
            result.skipped += 1
            continue
        stage = stages.get(stage_text.lower())
        if stage is None:
            result.errors.append(f"Række {number}: trinnet »{stage_text}« findes ikke. "
                                 f"Mulige trin: {stage_names}.")
            continue
        form = StageReportForm(joint, data={"stage": stage.pk, "as_of": values.get("as_of", ""),
                                            "note": values.get("note", "")})
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = str(form.fields[name].label or "") if name in form.fields else ""
                for error in errors:
                    result.errors.append(f"Række {number}: {label}: {error}")
            continue
        result.rows.append(ImportRow(municipality, form.cleaned_data["stage"],
                                     form.cleaned_data["as_of"], form.cleaned_data["note"]))
    if not result.errors and not result.rows:
        result.errors.append("Filen indeholder ingen rækker med et trin.")
    return result


def import_stages(author: Author, joint: JointInitiative, content: bytes,
                  filename: str) -> ImportResult:
    """Validate the whole file; write only if every row is valid."""
    try:
        table = read_table(content, filename)
    except UnreadableFile as exc:
        return ImportResult(errors=[str(exc)])
    result = validate(joint, table)
    result.errors = capped(result.errors)
    if result.ok:
        written = import_reports(author, joint, result.rows)
        result.written, result.superseded = written.written, written.superseded
    return result
