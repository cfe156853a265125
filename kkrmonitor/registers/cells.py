"""One register cell: read from what a person typed or a spreadsheet held, and written back as
a reader sees it. The same rules serve the form, the import and the export.

Stored values (JSON, in Row.values under the column's key):
text, choice, link: the text; number, amount: the number as a decimal string ("1234.5");
date window: {"label", "start", "end"} from the Danish date parser; municipality: the
three-digit code; actor: the actor's slug; user: the user's id. An empty cell is not stored.

Errors are Danish, start in lower case and end without a full stop, so a caller can put the
row and column in front. `Names` carries the lookups (municipalities, actors, users), so this
module needs no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from kkrmonitor.exports import strip_neutralised
from kkrmonitor.parsing.danish_dates import parse_window

EMPTY_TEXT = "Ikke angivet"


class CellError(ValueError):
    """The value cannot be read for this column."""


@dataclass(frozen=True)
class ColumnSpec:
    """What a cell needs to know of its column (a Column, or the same as plain data)."""

    key: str
    name: str
    kind: str
    unit: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Names:
    """Lookups for the columns that refer to something: code → name, slug → name, id → name,
    and each name (lower case) → the stored value."""

    municipalities: dict[str, str] = field(default_factory=dict)  # code → official name
    actors: dict[str, str] = field(default_factory=dict)  # slug → name
    users: dict[int, str] = field(default_factory=dict)  # id → name
    municipality_names: dict[str, str] = field(default_factory=dict)  # lower name → code
    actor_names: dict[str, str] = field(default_factory=dict)  # lower name/alias/slug → slug
    user_names: dict[str, int] = field(default_factory=dict)  # lower name/e-mail → id


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return raw.date().strftime("%d.%m.%Y")
    if isinstance(raw, date):
        return raw.strftime("%d.%m.%Y")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    # A cell downloaded from our own export carries an apostrophe against formula injection.
    return strip_neutralised(" ".join(str(raw).split()))


def parse_number(raw: Any, unit: str = "") -> Decimal:
    """A number as Danes write it ("1.234,5", "1234,5", "-3", "1.234.567 kr.") or as a
    spreadsheet stores it (1234.5)."""
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = _text(raw).replace("\u00a0", " ")
    for suffix in (unit, "kr.", "kr", "%"):
        if suffix and text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)].strip()
    text = text.replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"»{_text(raw)}« er ikke et tal") from None
    if not number.is_finite():
        raise CellError(f"»{_text(raw)}« er ikke et tal")
    return number


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def parse_cell(column: ColumnSpec, raw: Any, names: Names) -> Any:
    """The stored value of `raw` for `column`; None for an empty cell. Raises CellError."""
    text = _text(raw)
    if text == "":
        if column.required:
            raise CellError("skal udfyldes")
        return None
    kind = column.kind
    if kind == "text":
        return text
    if kind in ("number", "amount"):
        return _decimal_text(parse_number(raw, column.unit))
    if kind == "date_window":
        window = parse_window(text)
        if window is None:
            raise CellError(f"»{text}« kan ikke læses som en dato eller periode (skriv fx "
                            "»01.03.2026«, »foråret 2026« eller »inden udgangen af 2027«)")
        return {"label": window.label or text,
                "start": window.start.isoformat() if window.start else None,
                "end": window.end.isoformat() if window.end else None}
    if kind == "municipality":
        code = text.zfill(3) if text.isdigit() else ""
        if code.startswith("0") and len(code) == 4:
            code = code[1:]  # DAWA writes the code with a leading zero
        if code in names.municipalities:
            return code
        found = names.municipality_names.get(text.lower())
        if found is None:
            raise CellError(f"kommunen »{text}« findes ikke")
        return found
    if kind == "actor":
        found_actor = names.actor_names.get(text.lower())
        if found_actor is None:
            raise CellError(f"aktøren »{text}« findes ikke")
        return found_actor
    if kind == "user":
        found_user = names.user_names.get(text.lower())
        if found_user is None:
            raise CellError(f"brugeren »{text}« findes ikke")
        return found_user
    if kind == "choice":
        for choice in column.choices:
            if choice.lower() == text.lower():
                return choice
        raise CellError(f"»{text}« er ikke en af valgmulighederne: "
                        + ", ".join(column.choices))
    if kind == "link":
        parts = urlparse(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise CellError(f"»{text}« er ikke en webadresse (den skal begynde med https://)")
        return text
    raise CellError(f"kolonnetypen »{kind}« kendes ikke")


def format_number(number: Decimal) -> str:
    """1234567.5 → "1.234.567,5" (Danish separators)."""
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number).normalize(), "f").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def display(column: ColumnSpec, value: Any, names: Names) -> str:
    """The value as a reader sees it; "" for an empty cell (the page says "Ikke angivet")."""
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind == "number":
        shown = format_number(Decimal(value))
        return f"{shown} {column.unit}".strip()
    if kind == "amount":
        return f"{format_number(Decimal(value))} kr."
    if kind == "date_window":
        return str(value.get("label", "")) if isinstance(value, dict) else str(value)
    if kind == "municipality":
        return names.municipalities.get(str(value), str(value))
    if kind == "actor":
        return names.actors.get(str(value), str(value))
    if kind == "user":
        return names.users.get(int(value), "en tidligere bruger")
    return str(value)


def edit_text(column: ColumnSpec, value: Any, names: Names) -> str:
    """The value as typed in the form or a spreadsheet, so that parse_cell reads it back to
    the same stored value (an amount without "kr.", so the number is plain)."""
    if value is None or value == "":
        return ""
    if column.kind in ("number", "amount"):
        return format_number(Decimal(value))
    return display(column, value, names)


class CsvNumber(Decimal):
    """A number in a CSV as Danish spreadsheets read it: decimal comma, no thousands
    separator ("1250000,5"), so "1.125" is never read back as one thousand one hundred and
    twenty-five. Not text, so the formula guard leaves "-3" as it is."""

    def __str__(self) -> str:
        return format(self.normalize(), "f").replace(".", ",")


def export_value(column: ColumnSpec, value: Any, names: Names, csv: bool = False) -> Any:
    """A downloaded cell: numbers as numbers (in a CSV with a decimal comma), everything else
    as the text a reader sees."""
    if value is None or value == "":
        return None
    if column.kind in ("number", "amount"):
        number = Decimal(value)
        if csv:
            return CsvNumber(number)
        return int(number) if number == number.to_integral_value() else float(number)
    return display(column, value, names)


def sort_key(column: ColumnSpec, value: Any, names: Names) -> tuple[int, Any]:
    """Empty cells last; numbers by size, dates by their window, the rest alphabetically."""
    if value is None or value == "":
        return (1, "")
    if column.kind in ("number", "amount"):
        return (0, Decimal(value))
    if column.kind == "date_window" and isinstance(value, dict):
        return (0, (value.get("start") or value.get("end") or "", value.get("end") or ""))
    return (0, display(column, value, names).lower())
