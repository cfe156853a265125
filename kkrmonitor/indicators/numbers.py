"""Numbers as Statistics Denmark and Danish spreadsheets write them. Pure Python."""

from __future__ import annotations

import math
import re

# Statistics Denmark writes a suppressed or unavailable figure as "..": it is missing, never 0.
MISSING_MARKERS = {"", "..", ".", "-", "–"}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


class NumberError(ValueError):
    pass


def parse_number(text: str | float | int | None) -> float | None:
    """A figure or None for missing. Both "1.234,5" (Danish, dot groups thousands) and
    "1234.5" are read; with only one separator, a comma is the decimal comma and a dot the
    decimal point. Spaces (also non-breaking) group thousands. A number too large for a float
    ("1e999"), infinity and NaN are refused: JSON has no way to write them."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberError(f"ikke et tal: '{text}'")
    if isinstance(text, int | float):
        try:
            number = float(text)
        except OverflowError:  # an int beyond any float
            raise NumberError(f"tallet er for stort: '{text}'") from None
        if not math.isfinite(number):
            raise NumberError(f"ikke et endeligt tal: '{text}'")
        return number
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in MISSING_MARKERS:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        raise NumberError(f"ikke et tal: '{text.strip()}'")
    number = float(cleaned)
    if not math.isfinite(number):
        raise NumberError(f"tallet er for stort: '{text.strip()}'")
    return number
