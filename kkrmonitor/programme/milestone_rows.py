"""Milestones as plain rows, for pages that choose a few out of thousands.

The programme overview shows each recommendation's next milestone and the first ten deadlines of
each kind, with their totals, out of every milestone of the programme (about 2,000 at national
scale). Choosing from model instances cost more than the rest of the page; here the choice is
made on rows from one `values_list` query with the same rules (`next_milestone`,
`meetings.deadlines.lists`), and only the chosen milestones are loaded as model instances.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kkrmonitor.access import Access
from kkrmonitor.meetings.deadlines import Deadline
from kkrmonitor.programme.models import Milestone, MilestoneState, Programme


@dataclass(frozen=True)
class InitiativeStatus:
    status: str


@dataclass(slots=True)
class MilestoneRow:
    """What the choice needs of a milestone: `deadlines.MilestoneLike` plus its place."""

    pk: int
    recommendation_id: int
    start: date | None
    end: date | None
    state: str
    initiative: InitiativeStatus | None

    @property
    def sort_date(self) -> date:
        return self.end or self.start or date.max


def programme_rows(programme: Programme, access: Access) -> list[MilestoneRow]:
    """The milestones of the programme the visitor may see that can still be next or in a
    deadline list, as rows (one query): reached and dropped ones are in none of them."""
    found = (Milestone.objects.filter(recommendation__programme=programme).visible_to(access)
             .exclude(state__in=[MilestoneState.REACHED, MilestoneState.DROPPED])
             .values_list("pk", "recommendation_id", "start", "end", "state", "initiative_id",
                          "initiative__status"))
    return [MilestoneRow(pk, rec, start, end, state,
                         None if initiative is None else InitiativeStatus(status))
            for pk, rec, start, end, state, initiative, status in found]


def load(pks: Iterable[int], programme: Programme) -> dict[int, Milestone]:
    """The chosen milestones as model instances with their initiative and recommendation (whose
    programme is `programme`, so links cost no query)."""
    loaded = Milestone.objects.filter(pk__in=set(pks)).select_related(
        "initiative", "recommendation")
    out = {}
    for milestone in loaded:
        milestone.recommendation.programme = programme
        out[milestone.pk] = milestone
    return out


def with_milestones(found: list[Deadline], milestones: dict[int, Milestone]) -> list[Deadline]:
    """The deadlines with their rows replaced by the loaded milestones."""
    return [dataclasses.replace(d, milestone=milestones[d.milestone.pk]) for d in found]
