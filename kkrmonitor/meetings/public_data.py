"""The rows the wheel, the timeline, the calendar feeds and the status annex share: a council's
programme in force, its public milestones and its meetings.

They are public by design (a subscribed calendar and the annex have no logged-in reader), so
milestones under a draft initiative are left out: the same rule the services use when they mark
a milestone's audit event public."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from kkrmonitor.access import Access
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme.models import Council, Milestone, Programme


def programme_in_force(council: Council, year: int) -> Programme | None:
    """The council's programme whose term covers `year`; else its newest one, if any."""
    covering = (Programme.objects.filter(council=council, term_start__lte=year,
                                         term_end__gte=year).order_by("-term_start").first())
    return covering or council.current_programme()


def public_milestones(programme: Programme) -> QuerySet[Milestone]:
    """The programme's milestones the public may see, with recommendation and initiative
    loaded (the deadline rules read the initiative's status)."""
    return (Milestone.objects.visible_to(Access())
            .filter(recommendation__programme=programme)
            .select_related("recommendation", "initiative")
            .order_by("recommendation__number", "end", "start", "id"))


def council_meetings(council: Council, first: date | None = None,
                     last: date | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(council=council)
    if first is not None:
        meetings = meetings.filter(date__gte=first)
    if last is not None:
        meetings = meetings.filter(date__lte=last)
    return meetings.order_by("date", "start_time", "id")
