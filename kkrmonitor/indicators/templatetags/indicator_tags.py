"""Numbers in Danish: "1.234,5" (at most two decimals, no trailing zeros); which indicators a
reader is shown."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kkrmonitor.meetings.danish_format import danish_date

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

MISSING_FIGURE = mark_safe('<span aria-hidden="true">–</span>'
                           '<span class="sr-only">ikke oplyst</span>')


@register.filter
def figure(value: float | int | None) -> str:
    """A table cell's figure: the number in Danish, or a dash that screen readers read as
    "ikke oplyst". A filter, not an included template: the municipality page shows some
    thousand of them."""
    return MISSING_FIGURE if value is None else danish_number(value)


@register.simple_tag
def panel_rows(panel: Any) -> SafeString:
    """The municipality panel's table rows (kkrmonitor.indicators.panels.MunicipalityPanel):
    one tag, not template tags per cell (a national panel has hundreds of rows). Every value
    from the database is escaped."""
    code = escape(panel.municipality.code)
    rows = []
    for row in panel.rows:
        indicator = row.indicator
        meta = f"{escape(indicator.unit)} · Kilde: {escape(indicator.source or '–')}"
        if row.retrieved_at:
            meta += f" · Hentet {danish_date(timezone.localtime(row.retrieved_at).date())}"
        rows.append(
            f'<tr><th scope="row"><a href="{escape(row.url)}?kommune={code}">'
            f'{escape(indicator.name)}</a><br><span class="link-list-meta">{meta}</span></th>'
            f"<td>{escape(row.period_label)}</td><td class=\"numeric\">{figure(row.municipality)}"
            f'</td><td class="numeric">{figure(row.council)}</td>'
            f'<td class="numeric">{figure(row.country)}</td></tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


@register.filter
def listed_for(indicators: Iterable[Any], access: Any) -> list[Any]:
    """A prefetched list of indicators cut as IndicatorQuerySet.listed_for cuts a query."""
    if getattr(access, "sees_indicators_without_figures", False):
        return list(indicators)
    return [indicator for indicator in indicators if indicator.figures]


@register.filter
def selection_code(code: str) -> str:
    """A selection's code as the page states it: a group ("5.38.*") in words."""
    if code.endswith(".*") and len(code) > 2:
        return f"{code[:-2]} (alle i gruppen, lagt sammen)"
    return code
