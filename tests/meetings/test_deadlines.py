"""Deadlines over plain milestone-like rows (no database): the boundaries of "Kommende frister"
(today up to and including day 90), "Frister uden registreret udfald" (ended before today, not
done, no outcome registered) and "Overskredne frister" (registered as missed: the only late)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kkrmonitor.meetings.deadlines import overdue, unregistered, upcoming

TODAY = date(2026, 11, 26)


@dataclass
class Initiative:
    status: str


@dataclass
class Row:
    pk: int
    start: date | None
    end: date | None
    initiative: Initiative | None = None
    state: str = "planned"
    state_on: date | None = None
    state_reason: str = ""
    moved_from: str = ""
    label: str = ""


def titles(deadlines) -> list[tuple[int, date, int]]:
    return [(d.milestone.pk, d.due, d.days) for d in deadlines]


def test_day_0_and_day_90_are_coming_day_91_is_not():
    rows = [Row(1, None, date(2026, 11, 26)),   # day 0: today
            Row(2, None, date(2027, 2, 24)),    # day 90
            Row(3, None, date(2027, 2, 25)),    # day 91
            Row(4, date(2026, 12, 1), date(2026, 12, 31))]
    assert titles(upcoming(rows, TODAY)) == [
        (1, date(2026, 11, 26), 0), (4, date(2026, 12, 31), 35), (2, date(2027, 2, 24), 90)]
    assert overdue(rows, TODAY) == []


def test_yesterday_is_unregistered_today_is_not():
    rows = [Row(1, None, date(2026, 11, 25)), Row(2, None, date(2026, 11, 26))]
    [late] = unregistered(rows, TODAY)
    assert (late.milestone.pk, late.days, late.days_over) == (1, -1, 1)
    assert titles(upcoming(rows, TODAY)) == [(2, date(2026, 11, 26), 0)]


def test_unregistered_oldest_first():
    rows = [Row(1, date(2026, 3, 1), date(2026, 5, 31)), Row(2, None, date(2025, 12, 31)),
            Row(3, date(2026, 6, 1), date(2026, 6, 30))]
    assert titles(unregistered(rows, TODAY)) == [
        (2, date(2025, 12, 31), -330), (1, date(2026, 5, 31), -179),
        (3, date(2026, 6, 30), -149)]


def test_a_window_open_at_the_end_has_no_deadline():
    rows = [Row(1, date(2026, 1, 1), None),   # "fra 2026", begun
            Row(2, date(2026, 12, 1), None),  # begins within 90 days
            Row(3, None, None)]
    assert upcoming(rows, TODAY) == []
    assert unregistered(rows, TODAY) == []


def test_a_window_open_at_the_start_falls_due_at_its_end():
    rows = [Row(1, None, date(2027, 1, 31)), Row(2, None, date(2026, 1, 31))]  # "inden udgangen af"
    assert titles(upcoming(rows, TODAY)) == [(1, date(2027, 1, 31), 66)]
    assert titles(unregistered(rows, TODAY)) == [(2, date(2026, 1, 31), -299)]


@pytest.mark.parametrize("status", ["not_started", "on_track", "at_risk", "delayed"])
def test_an_unfinished_initiatives_milestone_counts(status):
    rows = [Row(1, None, date(2026, 6, 30), Initiative(status)),
            Row(2, None, date(2026, 12, 31), Initiative(status))]
    assert titles(unregistered(rows, TODAY)) == [(1, date(2026, 6, 30), -149)]
    assert titles(upcoming(rows, TODAY)) == [(2, date(2026, 12, 31), 35)]


def test_a_done_initiatives_milestones_are_neither_overdue_nor_coming():
    done = Initiative("done")
    rows = [Row(1, None, date(2026, 6, 30), done), Row(2, None, date(2026, 12, 31), done)]
    assert unregistered(rows, TODAY) == []
    assert upcoming(rows, TODAY) == []


def test_a_milestone_without_initiative_is_never_done():
    rows = [Row(1, None, date(2026, 6, 30), None)]
    assert titles(unregistered(rows, TODAY)) == [(1, date(2026, 6, 30), -149)]


def test_the_window_can_be_shorter():
    rows = [Row(1, None, date(2026, 12, 3)), Row(2, None, date(2026, 12, 4))]
    assert titles(upcoming(rows, TODAY, days=7)) == [(1, date(2026, 12, 3), 7)]


def test_same_deadline_ordered_by_start_then_id():
    rows = [Row(3, date(2026, 12, 1), date(2026, 12, 31)), Row(1, None, date(2026, 12, 31)),
            Row(2, date(2026, 12, 1), date(2026, 12, 31))]
    assert [d.milestone.pk for d in upcoming(rows, TODAY)] == [1, 2, 3]


def test_only_a_registered_miss_is_overdue_and_says_so():
    rows = [Row(1, None, date(2026, 5, 31), state="missed", label="foråret 2026"),
            Row(2, None, date(2026, 5, 31), label="foråret 2026"),
            Row(3, None, date(2026, 5, 31), state="reached", state_on=date(2026, 5, 2)),
            Row(4, None, date(2026, 5, 31), state="dropped", state_on=date(2026, 4, 2)),
            Row(5, None, date(2026, 12, 31), state="reached", state_on=date(2026, 11, 2))]
    [late] = overdue(rows, TODAY)
    [unknown] = unregistered(rows, TODAY)
    assert (late.milestone.pk, late.days_over, late.outcome) == (
        1, 179, "Ikke nået (frist 31. maj 2026)")
    assert (unknown.milestone.pk, unknown.outcome) == (
        2, "Frist 31. maj 2026 – udfald ikke registreret")
    assert upcoming(rows, TODAY) == []  # a reached milestone is done, even before its deadline
