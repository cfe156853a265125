"""One deadline of the deadline lists as Python, not an included template: the deadlines page
of a large programme lists hundreds, and an include per entry was most of its time. Writes what
the former meetings/includes/_deadline.html wrote; every value from the database is escaped."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from kkrmonitor.meetings.danish_format import danish_date
from kkrmonitor.meetings.deadlines import Deadline

register = template.Library()


def _badge(deadline: Deadline) -> str:
    if deadline.unregistered:
        return '<span class="badge badge-warning">Udfald ikke registreret</span>'
    if deadline.missed:
        badge = '<span class="badge badge-error">Ikke nået</span>'
        if deadline.days < 0:
            over = deadline.days_over
            badge += (f' <span class="badge badge-error">{over} '
                      f'{"dag" if over == 1 else "dage"} over fristen</span>')
        return badge
    if deadline.days == 0:
        return '<span class="badge badge-warning">Fristen er i dag</span>'
    days = deadline.days
    return f'<span class="badge badge-info">om {days} {"dag" if days == 1 else "dage"}</span>'


@register.simple_tag
def deadline_entries(deadlines: list[Deadline], show_recommendation: bool = False) -> SafeString:
    """A whole list's entries: one tag, not one per deadline; each recommendation's link is
    made once."""
    links: dict[int, str] = {}
    return mark_safe("".join(  # noqa: S308 - deadline_entry escapes
        deadline_entry(deadline, show_recommendation, links) for deadline in deadlines))


@register.simple_tag
def deadline_entry(deadline: Deadline, show_recommendation: bool = False,
                   links: dict[int, str] | None = None) -> SafeString:
    milestone = deadline.milestone
    label = f"{escape(capfirst(milestone.label))}: " if milestone.label else ""
    lines = [f'<li>\n  <p class="mb-1"><strong>{escape(milestone.title)}</strong></p>',
             f'  <p class="mb-1">{label}frist {danish_date(deadline.due)}\n'
             f"    {_badge(deadline)}</p>"]
    if milestone.state == "moved":
        lines.append(f'  <p class="mb-1">{escape(deadline.outcome)}</p>')
    elif deadline.missed and milestone.state_reason:
        lines.append(f'  <p class="mb-1">{escape(milestone.state_reason)}</p>')
    initiative = milestone.initiative
    if show_recommendation or initiative:
        meta = []
        if show_recommendation:
            rec = milestone.recommendation
            links = {} if links is None else links
            if rec.pk not in links:
                links[rec.pk] = escape(rec.get_absolute_url())
            meta.append(f'<a href="{links[rec.pk]}">Anbefaling {rec.number}</a>')
        if initiative:
            meta.append(f"Indsats: {escape(initiative.title)} "
                        f"({escape(initiative.get_status_display().lower())})")
        lines.append(f'  <p class="mb-0 link-list-meta">{" · ".join(meta)}</p>')
    lines.append("</li>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped
