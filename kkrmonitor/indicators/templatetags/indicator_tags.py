"""Numbers in Danish: "1.234,5" (at most two decimals, no trailing zeros)."""

from __future__ import annotations

from django import template

register = template.Library()


def danish_number(value: float | int | None, decimals: int = 2) -> str:
    if value is None:
        return ""
    text = f"{float(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


register.filter("danish_number", danish_number)
