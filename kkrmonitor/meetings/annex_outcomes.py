"""A milestone's outcome in the annex, as it stood on the meeting's date (programme.outcomes
words it: a passed deadline with no registered outcome is unknown, never late)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kkrmonitor.programme.models import Milestone
from kkrmonitor.programme.outcomes import outcome_text


@dataclass
class _Planned:
    """A milestone as it read before an outcome registered after the meeting."""

    state: str
    state_on: date | None
    state_reason: str
    moved_from: str
    label: str
    end: date | None


def milestone_outcome(milestone: Milestone, on: date) -> str:
    """outcome_text on the meeting's date. An outcome dated after the meeting had not happened
    yet on it: the milestone then reads as planned (a later move has already changed its
    window, which is the one shown)."""
    if milestone.state != "planned" and milestone.state_on and milestone.state_on > on:
        return outcome_text(_Planned("planned", None, "", "", milestone.label, milestone.end),
                            on)
    return outcome_text(milestone, on)
