"""Danish typography for the status annex, as plain functions (no Django, no locale), so a
frozen annex renders the same words wherever and whenever it is rendered.

"26. januar 2026", "kl. 10.00", "40 %" (with a no-break space), ranges with an en dash."""

from __future__ import annotations

from datetime import date, time

from kkrmonitor.meetings.wheel import MONTH_NAMES

NBSP = "\u00a0"
EN_DASH = "\u2013"


def danish_date(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def danish_time(moment: time) -> str:
    return f"kl. {moment.hour:02d}.{moment.minute:02d}"


def percent(value: int | None) -> str:
    return "–" if value is None else f"{value}{NBSP}%"


def window_text(start: date | None, end: date | None) -> str:
    """The exact dates of a window, like the site's date_window filter: "1. marts – 31. maj
    2026", "1.–30. september 2025", "senest 31. december 2027", "fra 1. januar 2026"."""
    if start is None and end is None:
        return ""
    if start is None:
        assert end is not None
        return f"senest {danish_date(end)}"
    if end is None:
        return f"fra {danish_date(start)}"
    if start == end:
        return danish_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}.{EN_DASH}{danish_date(end)}"
    first = f"{start.day}. {MONTH_NAMES[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} {EN_DASH} {danish_date(end)}"


def days_text(days: int) -> str:
    """"i dag", "i morgen", "om 12 dage", "for 1 dag siden", "for 30 dage siden"."""
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgen"
    if days > 1:
        return f"om {days} dage"
    return f"for {-days} dag siden" if days == -1 else f"for {-days} dage siden"


def count_text(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"
