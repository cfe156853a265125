"""What a milestone's outcome means on a given day, in plain functions (no database), so every
page, feed, export and report says it the same way.

Only a milestone registered as missed is late. A deadline that has passed with no registered
outcome is unknown, and is said to be unknown: "Frist 31. maj 2026 – udfald ikke registreret"."""

from __future__ import annotations

import enum
from datetime import date
from typing import Protocol

from kkrmonitor.meetings.danish_format import danish_date


class Standing(enum.Enum):
    REACHED = "reached"
    DROPPED = "dropped"
    MISSED = "missed"
    UNREGISTERED = "unregistered"  # the deadline has passed, no outcome registered
    UPCOMING = "upcoming"

    @property
    def overdue(self) -> bool:
        """Only a registered miss is called overdue; an unknown outcome never is."""
        return self is Standing.MISSED

    @property
    def needs_outcome(self) -> bool:
        """An editor should register what became of it."""
        return self is Standing.UNREGISTERED


class OutcomeSubject(Protocol):
    """The fields of a Milestone the text needs (a model instance or anything shaped like it)."""

    state: str
    state_on: date | None
    state_reason: str
    moved_from: str
    label: str
    end: date | None


def standing(state: str, window_end: date | None, on: date) -> Standing:
    """Where a milestone stands on `on`. A moved milestone is planned again, in its new window.
    A deadline day itself is not past."""
    if state == "reached":
        return Standing.REACHED
    if state == "dropped":
        return Standing.DROPPED
    if state == "missed":
        return Standing.MISSED
    if window_end is not None and window_end < on:
        return Standing.UNREGISTERED
    return Standing.UPCOMING


def _with_reason(text: str, reason: str) -> str:
    reason = " ".join(reason.split())
    return f"{text}: {reason}" if reason else text


def _dated(word: str, day: date | None) -> str:
    return f"{word} {danish_date(day)}" if day else word


def outcome_text(milestone: OutcomeSubject, on: date) -> str:
    """One Danish sentence for the milestone's outcome on `on`:
    "Nået 3. marts 2026", "Frist 31. maj 2026 – udfald ikke registreret",
    "Flyttet fra foråret 2026 til efteråret 2026: <begrundelse>",
    "Ikke nået (frist 31. maj 2026)", "Opgivet 1. juni 2026: <begrundelse>"."""
    now = standing(milestone.state, milestone.end, on)
    if now is Standing.REACHED:
        return _with_reason(_dated("Nået", milestone.state_on), milestone.state_reason)
    if now is Standing.DROPPED:
        return _with_reason(_dated("Opgivet", milestone.state_on), milestone.state_reason)
    if now is Standing.MISSED:
        text = (f"Ikke nået (frist {danish_date(milestone.end)})" if milestone.end
                else "Ikke nået")
        return _with_reason(text, milestone.state_reason)
    if now is Standing.UNREGISTERED:
        assert milestone.end is not None
        text = f"Frist {danish_date(milestone.end)} – udfald ikke registreret"
        if milestone.state == "moved" and milestone.moved_from:
            text += f" (flyttet fra {milestone.moved_from})"
        return text
    if milestone.state == "moved" and milestone.moved_from:
        return _with_reason(f"Flyttet fra {milestone.moved_from} til {milestone.label}",
                            milestone.state_reason)
    if milestone.end:
        return f"Frist {danish_date(milestone.end)}"
    return "Planlagt"
