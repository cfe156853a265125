"""Deadlines ("frister"): which milestones fall due soon and which have passed unfinished.

Pure functions over milestones; no queries. A milestone's deadline is the end of its date
window ("foråret 2026" falls due 31 May 2026, "inden udgangen af 2027" on 31 Dec 2027). A window
open at the end ("fra 2026") names no deadline, so it is neither coming nor overdue. A milestone
is done when its initiative is finished (status "done", afsluttet); a done milestone is in
neither list. A milestone without an initiative cannot be marked done, so it counts as open.

Callers pass milestones with `initiative` loaded (select_related or prefetch_related), else
reading the status costs a query per milestone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

DONE = "done"  # programme.models.Status.DONE, kept here so this module needs no Django setup
UPCOMING_DAYS = 90


class MilestoneLike(Protocol):
    start: date | None
    end: date | None
    initiative: Any  # an Initiative with .status, or None


@dataclass(frozen=True)
class Deadline:
    milestone: Any
    due: date
    days: int  # days from today to the deadline: 0 today, negative when passed

    @property
    def days_over(self) -> int:
        return -self.days


def is_done(milestone: MilestoneLike) -> bool:
    initiative = milestone.initiative
    return initiative is not None and initiative.status == DONE


def _open_deadlines(milestones: Iterable[MilestoneLike], today: date) -> list[Deadline]:
    return [Deadline(m, m.end, (m.end - today).days) for m in milestones
            if m.end is not None and not is_done(m)]


def _order(deadline: Deadline) -> tuple[date, date, int]:
    m = deadline.milestone
    return (deadline.due, m.start or date.min, getattr(m, "pk", None) or 0)


def upcoming(milestones: Iterable[MilestoneLike], today: date,
             days: int = UPCOMING_DAYS) -> list[Deadline]:
    """"Kommende frister": open milestones whose window ends from today up to and including
    `days` days ahead, soonest first."""
    last = today + timedelta(days=days)
    return sorted((d for d in _open_deadlines(milestones, today) if today <= d.due <= last),
                  key=_order)


def overdue(milestones: Iterable[MilestoneLike], today: date) -> list[Deadline]:
    """"Overskredne frister": milestones whose window ended before today and that are not
    done, longest overdue first."""
    return sorted((d for d in _open_deadlines(milestones, today) if d.due < today), key=_order)
