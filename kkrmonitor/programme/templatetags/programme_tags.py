"""Template filters: date windows and moments in Danish, where a window stands today, and how
an initiative's status is shown."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Protocol

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from kkrmonitor.meetings.danish_format import danish_date
from kkrmonitor.meetings.wheel import MONTH_NAMES
from kkrmonitor.programme.models import Milestone, Programme, Status
from kkrmonitor.programme.outcomes import outcome_text
from kkrmonitor.programme.outcomes import standing as outcome_standing

register = template.Library()


class HasWindow(Protocol):
    @property
    def start(self) -> date | None: ...

    @property
    def end(self) -> date | None: ...


# The formats the windows use, written without Django's localised date_format: a long page
# formats thousands of dates, and date_format cost more than the rest of such a page. The
# words are those of Django's Danish locale (tests compare the two).
_FORMATS = {
    "j. F Y": danish_date,
    "j. F": lambda day: f"{day.day}. {MONTH_NAMES[day.month - 1]}",
    "j.": lambda day: f"{day.day}.",
}


def _time(day: date, fmt: str) -> SafeString:
    """<time> around "1." ("j."), "1. marts" ("j. F") or "1. marts 2026" ("j. F Y"). Digits and
    fixed month names: nothing to escape."""
    return mark_safe(f'<time datetime="{day.isoformat()}">{_FORMATS[fmt](day)}</time>')  # noqa: S308


@register.filter
def date_window(row: HasWindow) -> SafeString | str:
    """"1. marts – 31. maj 2026", "1.–30. september 2025", "senest 31. december 2027",
    "fra 1. januar 2026"."""
    start, end = row.start, row.end
    if start is None and end is None:
        return ""
    # Only <time> elements of our own making and fixed words: safe as they stand.
    if start is None:
        assert end is not None
        return mark_safe(f"senest {_time(end, 'j. F Y')}")  # noqa: S308
    if end is None:
        return mark_safe(f"fra {_time(start, 'j. F Y')}")  # noqa: S308
    if start == end:
        return _time(start, "j. F Y")
    if (start.year, start.month) == (end.year, end.month):
        return mark_safe(f"{_time(start, 'j.')}–{_time(end, 'j. F Y')}")  # noqa: S308
    first = _time(start, "j. F" if start.year == end.year else "j. F Y")
    return mark_safe(f"{first} – {_time(end, 'j. F Y')}")  # noqa: S308


@register.filter
def window_state(row: HasWindow, today: date) -> str:
    """"passed" when the window has ended, "current" while it is open, else "coming"."""
    if row.end is not None and row.end < today:
        return "passed"
    if row.start is not None and row.start > today:
        return "coming"
    if row.start is None:
        # Only a deadline: it is still ahead of us.
        return "coming"
    return "current"


@register.filter
def outcome(milestone: Milestone, today: date) -> str:
    """The milestone's outcome in one Danish sentence (programme.outcomes.outcome_text)."""
    return outcome_text(milestone, today)


@register.filter
def standing(milestone: Milestone, today: date) -> str:
    """"reached", "dropped", "missed", "unregistered" or "upcoming" (programme.outcomes)."""
    return outcome_standing(milestone.state, milestone.end, today).value


_BADGES = {
    "reached": '<span class="badge badge-success">Nået</span>',
    "dropped": '<span class="badge badge-info">Opgivet</span>',
    "missed": '<span class="badge badge-error">Ikke nået</span>',
    "unregistered": '<span class="badge badge-warning">Udfald ikke registreret</span>',
}


@register.simple_tag
def milestone_timeline(milestones: list[Milestone], today: date) -> SafeString:
    """A recommendation's milestones as the page's timeline (<ol class="timeline">): one tag,
    not template tags per milestone (a recommendation of a large programme has hundreds).
    Every value from the database is escaped."""
    items = []
    for milestone in milestones:
        state = window_state(milestone, today)
        now = standing(milestone, today)
        badge = _BADGES.get(now) or (
            '<span class="badge badge-info">Flyttet</span>' if milestone.state == "moved"
            else '<span class="badge badge-info">I gang nu</span>' if state == "current"
            else '<span class="badge badge-success">Kommende</span>')
        dates = date_window(milestone)
        when = f"<strong>{escape(capfirst(milestone.label))}</strong>"
        if dates:
            when += f' <span class="window-dates">{dates}</span>'
        item = (f'  <li class="timeline-item timeline-item--{state}">\n'
                f'    <p class="timeline-when">{when}</p>\n'
                f'    <p class="timeline-title">{escape(milestone.title)}</p>\n'
                f'    <p class="timeline-state">{badge}</p>\n')
        if milestone.state != "planned" or now == "unregistered":
            item += f'    <p class="timeline-outcome">{escape(outcome(milestone, today))}</p>\n'
        items.append(item + "  </li>\n")
    return mark_safe(f'<ol class="timeline">\n{"".join(items)}</ol>')  # noqa: S308


@register.simple_tag(takes_context=True)
def footer_programme(context: template.Context) -> Programme | None:
    """The programme the footer credits: the page's own, else the default council's newest."""
    programme = context.get("programme")
    if isinstance(programme, Programme):
        return programme
    return (Programme.objects.select_related("council")
            .filter(council__slug=settings.KKR_DEFAULT_COUNCIL).current())


@register.filter
def genitive(name: str) -> str:
    """Danish genitive: "KKR Hovedstaden" → "KKR Hovedstadens"; a name ending in s, x or z
    takes an apostrophe."""
    if not name:
        return name
    return f"{name}'" if name[-1].lower() in "sxz" else f"{name}s"


@register.filter
def danish_datetime(moment: datetime) -> SafeString | str:
    """"26. november 2026 kl. 14.05" in Danish time, machine-readable in a <time> element."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"),
                       "{date} kl. {time}".format(date=date_format(local, "j. F Y"),
                                                     time=date_format(local, "H.i")))


# The DKFDS badge variant for each status. The badge always carries the status in words; the
# colour only adds to it.
STATUS_BADGES: dict[str, str] = {
    Status.NOT_STARTED: "badge",
    Status.ON_TRACK: "badge badge-success",
    Status.AT_RISK: "badge badge-warning",
    Status.DELAYED: "badge badge-error",
    Status.DONE: "badge badge-info",
}


@register.filter
def status_badge(status: str) -> str:
    """The CSS classes of the badge for an initiative's status: "badge badge-success"."""
    return STATUS_BADGES.get(status, "badge")
