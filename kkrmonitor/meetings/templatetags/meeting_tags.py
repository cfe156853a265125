"""The meeting list's rows as Python, not an included template per meeting: a council's list
at national scale has ~300 meetings. Writes what the former meetings/_meeting_row.html (with
_state_badge.html) wrote; every value from the database is escaped."""

from __future__ import annotations

from datetime import date
from html import escape  # what django.utils.html.escape calls, without its lazy wrapper
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from kkrmonitor.meetings.danish_format import danish_date, danish_time

register = template.Library()

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def _badge(meeting: Any) -> str:
    if meeting.state == "held":
        kind = "success"
    elif meeting.held_unregistered:
        kind = "warning"
    else:
        kind = "info"
    return f'<span class="badge badge-{kind}">{escape(meeting.state_text)}</span>'


def _count(counter: int, one: str, many: str) -> str:
    return f"{counter} {one if counter == 1 else many}"


def meeting_row(meeting: Any, can_edit: bool, today: date) -> str:
    meta = _badge(meeting)
    if meeting.start_time:
        meta += f" · {danish_time(meeting.start_time)}"
    if meeting.place:
        meta += f" · {escape(meeting.place)}"
    day = meeting.date
    when = f"{WEEKDAYS[day.weekday()].capitalize()} {danish_date(day)}"
    title = f": {escape(meeting.title)}" if meeting.title else ""
    partner = ""
    if getattr(meeting, "partner", None):
        partner = (f'\n  <span class="link-list-meta">Fælles møde med '
                   f"{escape(meeting.partner.name)}</span>")
    counts = _count(meeting.item_count, "punkt på dagsordenen", "punkter på dagsordenen")
    if meeting.decision_count:
        counts += f" · {_count(meeting.decision_count, 'beslutning', 'beslutninger')}"
    if can_edit and meeting.state == "planned" and day < today:
        counts += " · <strong>Ligger i fortiden, men er ikke markeret som afholdt</strong>"
    return (f'<li>\n  <span class="link-list-meta">{meta}</span>\n'
            f'  <a href="{escape(meeting.get_absolute_url())}"><time datetime="{day.isoformat()}">'
            f"{when}</time>{title}</a>{partner}\n"
            f'  <span class="link-list-meta">{counts}</span>\n</li>')


@register.simple_tag
def meeting_rows(meetings: list[Any], can_edit: bool, today: date) -> SafeString:
    """The rows of a meeting list (each meeting annotated with item_count, decision_count and
    partner, as views.meeting_list does)."""
    return mark_safe("".join(  # noqa: S308 - every value from the database is escaped
        meeting_row(meeting, can_edit, today) for meeting in meetings))
