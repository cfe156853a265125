"""The wheel's and the timeline's repeated pieces as Python, not included templates: a year of a
large programme has hundreds of milestones, and an include per entry (a context, a dozen
variable look-ups, a date filter) cost most of the page. Each tag writes exactly what its
template did (the former meetings/wheel_window_entry.html, the arcs of wheel_svg.html, the bars of
timeline_svg.html, the entries of timeline.html); everything from the database is escaped."""

from __future__ import annotations

from datetime import date
from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from kkrmonitor.meetings.timeline import Bar
from kkrmonitor.meetings.wheel import (
    MONTH_NAMES,
    MonthEntry,
    WheelMeeting,
    WheelWindow,
    WindowArc,
)
from kkrmonitor.programme.templatetags.programme_tags import date_window

register = template.Library()

SWATCH = ('<svg class="legend-swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
          '<rect x="2" y="2" width="16" height="16" rx="3" class="wheel-swatch group-{}"/></svg>')


def _day(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]}"  # date:"j. F"


@register.simple_tag
def wheel_window_entry(window: WheelWindow, kind: str, day: date | None = None) -> SafeString:
    """One milestone window in the wheel's list; `kind` says how it meets the month ("begins",
    "ends", "within", "all_year")."""
    if kind == "begins" and day is not None:
        how = f"Begynder {_day(day)}:"
    elif kind == "ends" and day is not None:
        how = f"Frist {_day(day)}:"
    elif kind == "within":
        how = f"{escape(capfirst(window.label))}:"
    else:
        how = ""
    label = f"{escape(window.label)}, " if kind != "within" and window.label else ""
    outcome = f" – {escape(window.outcome)}" if window.outcome else ""
    return mark_safe(  # noqa: S308 - every value from the database is escaped above
        f'\n<span class="entry-kind">{SWATCH.format(window.group)}{how}</span>\n'
        f'<a href="{escape(window.url)}">Anbefaling {window.group}</a> – {escape(window.title)}\n'
        f'<span class="window-dates">({label}{date_window(window)})</span>{outcome}\n')


@register.simple_tag
def timeline_entry(window: WheelWindow) -> SafeString:
    """One milestone window in the timeline's list, under its recommendation."""
    outcome = f" – {escape(window.outcome)}" if window.outcome else ""
    return mark_safe(  # noqa: S308 - every value from the database is escaped
        f'<span class="entry-kind">{SWATCH.format(window.group)}'
        f"{escape(capfirst(window.label))}:</span> {escape(window.title)} "
        f'<span class="window-dates">({date_window(window)})</span>{outcome}')


@register.simple_tag
def wheel_all_year(windows: list[WheelWindow]) -> SafeString:
    """The list's windows that span the whole year."""
    return mark_safe("".join(  # noqa: S308 - wheel_window_entry escapes
        f"\n      <li>{wheel_window_entry(window, 'all_year')}</li>" for window in windows))


MEETING_DOT = ('<svg class="legend-swatch" viewBox="0 0 20 20" aria-hidden="true" '
               'focusable="false"><circle cx="10" cy="10" r="7" class="wheel-meeting"/></svg>')


def _meeting_entry(meeting: WheelMeeting, day: date) -> str:
    label = escape(meeting.label)
    link = f'<a href="{escape(meeting.url)}">{label}</a>' if meeting.url else label
    return (f'\n        <span class="entry-kind">{MEETING_DOT}<time datetime="{day.isoformat()}">'
            f"{_day(day)}</time>: møde</span>\n        {link}\n      ")


@register.simple_tag
def wheel_month_entries(entries: list[MonthEntry]) -> SafeString:
    """A month's meetings and the windows that begin or end in it, as list items."""
    items = []
    for entry in entries:
        if isinstance(entry.item, WheelMeeting):
            items.append(f"\n      <li>{_meeting_entry(entry.item, entry.day)}</li>")
        else:
            items.append(f"\n      <li>{wheel_window_entry(entry.item, entry.kind, entry.day)}"
                         "</li>")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above


def _title(window: WheelWindow) -> str:
    return f"{escape(capfirst(window.label))} – {escape(window.title)}"


@register.simple_tag
def wheel_arc(arc: WindowArc, lane_width: float) -> SafeString:
    """One window on the wheel: a dot for a short one, else an arc."""
    window = arc.window
    title = f"<title>Anbefaling {window.group}: {_title(window)}</title>"
    if arc.is_point:
        return mark_safe(  # noqa: S308 - escaped in _title
            f'<circle cx="{arc.x}" cy="{arc.y}" r="{lane_width}" '
            f'class="wheel-point group-{window.group}">{title}</circle>')
    open_class = " wheel-arc--open" if window.is_open else ""
    return mark_safe(  # noqa: S308 - escaped in _title
        f'<path d="{arc.path}" stroke-width="{lane_width}" '
        f'class="wheel-arc group-{window.group}{open_class}">{title}</path>')


@register.simple_tag
def wheel_arcs(arcs: list[WindowArc], lane_width: float) -> SafeString:
    """All of the wheel's arcs, one per line: one tag, not one per arc."""
    return mark_safe("".join(f"\n    {wheel_arc(arc, lane_width)}" for arc in arcs))  # noqa: S308


@register.simple_tag
def timeline_bars(bars: list[Bar]) -> SafeString:
    """All of a timeline row's bars, one per line: one tag, not one per bar."""
    return mark_safe("".join(f"\n  {timeline_bar(bar)}" for bar in bars))  # noqa: S308


@register.simple_tag
def timeline_bar(bar: Bar) -> SafeString:
    """One window on the timeline: a diamond for a short one, else a bar."""
    window = bar.window
    title = f"<title>{_title(window)}</title>"
    if bar.is_point:
        return mark_safe(  # noqa: S308 - escaped in _title
            f'<path d="{bar.path}" class="timeline-point group-{window.group}">{title}</path>')
    open_class = " timeline-bar--open" if window.is_open else ""
    return mark_safe(  # noqa: S308 - escaped in _title
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="10" rx="2" '
        f'class="timeline-bar group-{window.group}{open_class}">{title}</rect>')
