"""Deadlines ("frister"): which milestones fall due soon and which have passed unfinished.

Pure functions over milestones; no queries. A milestone's deadline is the end of its date
window ("foråret 2026" falls due 31 May 2026, "inden udgangen af 2027" on 31 Dec 2027). A window
open at the end ("fra 2026") names no deadline, so it is neither coming nor overdue. A milestone
is done when it is registered as reached or dropped, or its initiative is finished (status
"done", afsluttet); a done milestone is in no list. Only a milestone registered as missed is
overdue; a passed deadline with no registered outcome is unknown ("unregistered"), never late.

Callers pass milestones with `initiative` loaded (select_related or prefetch_related), else
reading the status costs a query per milestone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from kkrmonitor.programme.outcomes import Standing, outcome_text, standing

DONE = "done"  # programme.models.Status.DONE, kept here so this module needs no Django setup
UPCOMING_DAYS = 90


class MilestoneLike(Protocol):
    start: date | None
    end: date | None
    initiative: Any  # an Initiative with .status, or None
    state: str  # programme.models.MilestoneState


@dataclass(frozen=True)
class Deadline:
    milestone: Any
    due: date
    days: int  # days from today to the deadline: 0 today, negative when passed
    today: date | None = None

    @property
    def days_over(self) -> int:
        return -self.days

    @property
    def standing(self) -> Standing:
        return standing(getattr(self.milestone, "state", "planned"), self.due,
                        self.today or self.due)

    @property
    def missed(self) -> bool:
        return self.standing is Standing.MISSED

    @property
    def unregistered(self) -> bool:
        return self.standing is Standing.UNREGISTERED

    @property
    def outcome(self) -> str:
        """The outcome in one Danish sentence (programme.outcomes.outcome_text)."""
        return outcome_text(self.milestone, self.today or self.due)


def is_done(milestone: MilestoneLike) -> bool:
    if getattr(milestone, "state", "planned") in ("reached", "dropped"):
        return True
    initiative = milestone.initiative
    return initiative is not None and initiative.status == DONE


def _open_deadlines(milestones: Iterable[MilestoneLike], today: date) -> list[Deadline]:
    return [Deadline(m, m.end, (m.end - today).days, today) for m in milestones
            if m.end is not None and not is_done(m)]


def _order(deadline: Deadline) -> tuple[date, date, int]:
    m = deadline.milestone
    return (deadline.due, m.start or date.min, getattr(m, "pk", None) or 0)


@dataclass(frozen=True)
class Lists:
    """The three lists a page shows, from one pass over the open deadlines."""

    upcoming: list[Deadline]
    overdue: list[Deadline]
    unregistered: list[Deadline]


def lists(milestones: Iterable[MilestoneLike], today: date, days: int = UPCOMING_DAYS) -> Lists:
    """`upcoming`, `overdue` and `unregistered` at once."""
    found = _open_deadlines(milestones, today)
    last = today + timedelta(days=days)
    return Lists(
        upcoming=sorted((d for d in found if today <= d.due <= last and not d.missed),
                        key=_order),
        overdue=sorted((d for d in found if d.missed), key=_order),
        unregistered=sorted((d for d in found if d.unregistered), key=_order))


def upcoming(milestones: Iterable[MilestoneLike], today: date,
             days: int = UPCOMING_DAYS) -> list[Deadline]:
    """"Kommende frister": open milestones whose window ends from today up to and including
    `days` days ahead, soonest first."""
    return lists(milestones, today, days).upcoming


def overdue(milestones: Iterable[MilestoneLike], today: date) -> list[Deadline]:
    """"Overskredne frister": milestones registered as missed (not reached by their
    deadline), longest overdue first. An unknown outcome is not among them (unregistered)."""
    return lists(milestones, today).overdue


def unregistered(milestones: Iterable[MilestoneLike], today: date) -> list[Deadline]:
    """"Frister uden registreret udfald": the window ended before today, the milestone is not
    done, and nobody registered whether it was reached; oldest first."""
    return lists(milestones, today).unregistered
