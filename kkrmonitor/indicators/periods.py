"""Statistics Denmark's period codes: "2024" (year), "2024K1" (quarter), "2024M01" (month).

Pure Python, no Django: the StatBank client, the upload parser and the models all use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

YEAR, QUARTER, MONTH = "year", "quarter", "month"

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})\s*[KQ]([1-4])$", re.IGNORECASE), QUARTER),
    (re.compile(r"^(\d{4})\s*M(0?[1-9]|1[0-2])$", re.IGNORECASE), MONTH),
)
_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    """A period, ordered by its first day; `code` is StatBank's spelling."""

    start: date
    kind: str
    code: str

    @property
    def label(self) -> str:
        """Danish label: "2024", "1. kvartal 2024", "januar 2024"."""
        if self.kind == QUARTER:
            return f"{(self.start.month - 1) // 3 + 1}. kvartal {self.start.year}"
        if self.kind == MONTH:
            return f"{_MONTHS_DA[self.start.month - 1]} {self.start.year}"
        return str(self.start.year)


def parse_period(text: str) -> Period:
    """"2024", "2024K1" (also "2024Q1") or "2024M01" (also "2024M1") as a Period with the
    canonical StatBank code; anything else raises PeriodError."""
    cleaned = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        year = int(match.group(1))
        if not 1800 <= year <= 2200:
            break
        if kind == YEAR:
            return Period(date(year, 1, 1), YEAR, f"{year}")
        number = int(match.group(2))
        if kind == QUARTER:
            return Period(date(year, 3 * number - 2, 1), QUARTER, f"{year}K{number}")
        return Period(date(year, number, 1), MONTH, f"{year}M{number:02d}")
    raise PeriodError(f"ukendt periode '{text}'")
