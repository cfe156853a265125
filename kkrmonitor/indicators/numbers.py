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
    decimal point. Spaces (also non-breaking) group thousands."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberError(f"ikke et tal: '{text}'")
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            return None
        return float(text)
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in MISSING_MARKERS:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        raise NumberError(f"ikke et tal: '{text.strip()}'")
    return float(cleaned)
