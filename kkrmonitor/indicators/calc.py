"""Computed figures: council aggregates and ratios. Pure functions; missing stays missing.

A missing value is None. A sum over a council is only meaningful when every member
municipality has a figure: a partial sum would look like a fall in the figure, so it is None.
So is a result too large for a float (1e300 ÷ 1e-300): JSON has no way to write infinity."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping


def council_sum(values: Mapping[str, float | None], members: Iterable[str]) -> float | None:
    """Sum of the members' values, or None if any member is absent or missing."""
    total = 0.0
    count = 0
    for code in members:
        value = values.get(code)
        if value is None:
            return None
        total += value
        count += 1
    return total if count and math.isfinite(total) else None


def ratio(numerator: float | None, denominator: float | None,
          scale: float = 1.0) -> float | None:
    """numerator ÷ denominator × scale; None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    try:
        result = numerator / denominator * scale
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def denominator_period(period: str, available: Iterable[str]) -> str | None:
    """Which period of the denominator a numerator period is divided by: the same period, or,
    for a year figure over a quarterly series (population), the first quarter of that year
    (the population on 1 January, as Statistics Denmark's key figures per inhabitant use)."""
    have = set(available)
    if period in have:
        return period
    if period.isdigit() and f"{period}K1" in have:
        return f"{period}K1"
    return None
