"""The rows the wheel, the timeline, the calendar feeds and the status annex share: a council's
programme in force, its public milestones and its meetings.

They are public by design (a subscribed calendar and the annex have no logged-in reader), so
milestones under a draft initiative are left out: the same rule the services use when they mark
a milestone's audit event public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

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


@dataclass(slots=True)
class MilestoneRow:
    """A public milestone as plain values (no model instance): what the calendar feeds, the
    wheel and the timeline draw and write, for hundreds or thousands of milestones at a time.
    Has the fields programme.outcomes reads (OutcomeSubject)."""

    id: int
    version: int
    start: date | None
    end: date | None
    title: str
    label: str
    state: str
    state_on: date | None
    state_reason: str
    moved_from: str
    recommendation_id: int
    number: int  # the recommendation's
    headline: str  # the recommendation's


ROW_FIELDS = ("id", "version", "start", "end", "title", "label", "state", "state_on",
              "state_reason", "moved_from", "recommendation_id", "recommendation__number",
              "recommendation__headline")


def overlapping(first: date, last: date) -> Q:
    """Milestones whose window touches first..last (an open end reaches as far as it may);
    undated ones too, which belong to no period and so are shown in every one."""
    return ((Q(start__lte=last) | Q(start__isnull=True))
            & (Q(end__gte=first) | Q(end__isnull=True)))


def milestone_rows(milestones: QuerySet[Milestone]) -> list[MilestoneRow]:
    return [MilestoneRow(*values) for values in milestones.values_list(*ROW_FIELDS)]
