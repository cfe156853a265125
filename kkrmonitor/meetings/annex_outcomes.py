"""A milestone's outcome in the annex, on the meeting's date."""

from __future__ import annotations

from datetime import date

from kkrmonitor.meetings.danish_format import danish_date
from kkrmonitor.programme.models import Milestone


def milestone_outcome(milestone: Milestone, on: date) -> str:
    """Until outcomes are registered on milestones, a passed deadline is "udfald ikke
    registreret" (unknown, never late) and a coming one is its deadline."""
    if milestone.end is None:
        return "Planlagt"
    if milestone.end < on:
        return f"Frist {danish_date(milestone.end)} – udfald ikke registreret"
    return f"Frist {danish_date(milestone.end)}"
