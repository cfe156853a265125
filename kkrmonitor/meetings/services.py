"""Write actions for meetings, agenda items and decisions: one function per action, each in one
transaction with exactly one audit event per row it writes (kkrmonitor.audit.record).
Updates carry the version the editor saw and are refused with EditConflict if someone saved in
between (kkrmonitor.audit.apply_versioned, as the programme's services do).

A decision may change the programme: move a milestone to a new date window, give an initiative a
new status. Those changes go through the programme's own services with the decision's id, so the
history of the milestone or initiative shows them and links back to the decision; the decision's
own audit event lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from kkrmonitor.audit import (
    AuditAction,
    Author,
    EditConflict,
    apply_versioned,
    changes_between,
    record,
    snapshot,
)
from kkrmonitor.meetings.danish_format import danish_date
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.parsing.danish_dates import DateWindow
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import (
    Council,
    Initiative,
    Milestone,
    MilestoneState,
    Recommendation,
    Status,
)
from kkrmonitor.programme.outcomes import outcome_text

__all__ = [
    "AgendaItemData", "EditConflict", "MeetingData", "MilestoneMove", "MilestoneOutcome",
    "StatusChange",
    "add_agenda_item", "create_meeting", "record_decision", "update_agenda_item",
    "update_meeting",
]

MEETING_FIELDS = ["title", "date", "start_time", "place", "state", "description", "source",
                  "joint_with"]
AGENDA_ITEM_FIELDS = ["number", "title", "kind", "case_text"]


def _json_safe(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The audit log stores JSON; a time of day is written "10:00" (dates are handled by
    audit._plain, times are not)."""
    def plain(value: Any) -> Any:
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value

    return {key: [plain(before), plain(after)] for key, (before, after) in changes.items()}


# --- meetings ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingData:
    date: date
    title: str = ""
    start_time: time | None = None
    place: str = ""
    state: str = Meeting.State.PLANNED
    description: str = ""
    source: str = ""
    joint_with: Council | None = None  # the other council of a joint meeting

    def values(self) -> dict[str, Any]:
        if self.state not in Meeting.State.values:
            raise ValueError(f"Ukendt mødestatus: {self.state}")
        return {"title": self.title, "date": self.date, "start_time": self.start_time,
                "place": self.place, "state": self.state, "description": self.description,
                "source": self.source, "joint_with": self.joint_with}


@transaction.atomic
def create_meeting(author: Author, council: Council, data: MeetingData) -> Meeting:
    if data.joint_with is not None and data.joint_with.pk == council.pk:
        raise ValueError("Et møde kan ikke være et fælles møde med sit eget råd.")
    meeting = Meeting.objects.create(council=council, **data.values())
    record(author, AuditAction.CREATE, meeting,
           _json_safe(changes_between({}, snapshot(meeting, ["council", *MEETING_FIELDS]))))
    return meeting


@transaction.atomic
def update_meeting(author: Author, meeting: Meeting, data: MeetingData,
                   expected_version: int) -> bool:
    """Change a meeting's date, time, place, state, texts or the council it is held jointly
    with; False when nothing changed."""
    if data.joint_with is not None and data.joint_with.pk == meeting.council_id:
        raise ValueError("Et møde kan ikke være et fælles møde med sit eget råd.")
    diff = apply_versioned(meeting, data.values(), expected_version)
    if diff:
        record(author, AuditAction.UPDATE, meeting, _json_safe(diff))
    return bool(diff)


# --- agenda items --------------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaItemData:
    number: int
    title: str
    kind: str
    case_text: str = ""
    recommendations: tuple[Recommendation, ...] = ()
    initiatives: tuple[Initiative, ...] = ()

    def values(self) -> dict[str, Any]:
        if self.kind not in AgendaItem.Kind.values:
            raise ValueError(f"Ukendt type dagsordenspunkt: {self.kind}")
        if self.number < 1:
            raise ValueError("Punktets nummer skal være 1 eller derover.")
        return {"number": self.number, "title": self.title, "kind": self.kind,
                "case_text": self.case_text}


def _check_number_free(meeting: Meeting, number: int, exclude_pk: int | None = None) -> None:
    taken = AgendaItem.objects.filter(meeting=meeting, number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValueError(f"Mødet har allerede et punkt {number}.")


@transaction.atomic
def add_agenda_item(author: Author, meeting: Meeting, data: AgendaItemData) -> AgendaItem:
    values = data.values()
    _check_number_free(meeting, data.number)
    item = AgendaItem.objects.create(meeting=meeting, **values)
    item.recommendations.set(data.recommendations)
    item.initiatives.set(data.initiatives)
    changes = changes_between({}, snapshot(item, ["meeting", *AGENDA_ITEM_FIELDS]))
    if data.recommendations:
        changes["recommendations"] = [None, sorted(str(r) for r in data.recommendations)]
    if data.initiatives:
        changes["initiatives"] = [None, sorted(str(i) for i in data.initiatives)]
    record(author, AuditAction.CREATE, item, changes)
    return item


@transaction.atomic
def update_agenda_item(author: Author, item: AgendaItem, data: AgendaItemData,
                       expected_version: int) -> bool:
    values = data.values()
    _check_number_free(item.meeting, data.number, exclude_pk=item.pk)
    diff = apply_versioned(item, values, expected_version,
                  m2m={"recommendations": list(data.recommendations),
                       "initiatives": list(data.initiatives)})
    if diff:
        record(author, AuditAction.UPDATE, item, diff)
    return bool(diff)


# --- decisions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MilestoneMove:
    """The decision moves `milestone` to `window` (the milestone as the editor saw it is at
    `expected_version`)."""

    milestone: Milestone
    window: DateWindow
    expected_version: int


@dataclass(frozen=True)
class StatusChange:
    """The decision gives `initiative` a new status; published at once, dated the meeting."""

    initiative: Initiative
    status: str
    progress: int
    narrative: str = ""


@dataclass(frozen=True)
class MilestoneOutcome:
    """The decision registers what became of `milestone`: reached, missed or dropped, dated the
    meeting, with the decision's text as the reason unless one is given."""

    milestone: Milestone
    state: str
    expected_version: int
    reason: str = ""


def _council_of(recommendation: Recommendation) -> int:
    return Recommendation.objects.filter(pk=recommendation.pk).values_list(
        "programme__council_id", flat=True).get()


def _check_same_council(meeting: Meeting, recommendation: Recommendation, what: str) -> None:
    if _council_of(recommendation) != meeting.council_id:
        raise ValueError(f"{what} hører ikke til {meeting.council}s program.")


def _window_text(label: str) -> str:
    return label or "ingen dato"


@transaction.atomic
def record_decision(author: Author, agenda_item: AgendaItem, text: str,
                    moves: Sequence[MilestoneMove] = (),
                    status_changes: Sequence[StatusChange] = (),
                    outcomes: Sequence[MilestoneOutcome] = ()) -> Decision:
    """Record what the council decided on an agenda item, and carry out its effects in the same
    transaction: each milestone move and status change is written by the programme's services
    with this decision's id (one audit event each); the decision's own audit event lists them.
    If any effect is refused (EditConflict, ValueError), nothing is written."""
    text = text.strip()
    if not text:
        raise ValueError("Beslutningen skal have en tekst.")
    meeting = agenda_item.meeting
    if meeting.date > timezone.localdate():
        raise ValueError(f"Mødet den {danish_date(meeting.date)} er ikke holdt endnu. En "
                         "beslutning kan først registreres, når mødet har fundet sted.")
    for move in moves:
        _check_same_council(meeting, move.milestone.recommendation, "Milepælen")
    for outcome in outcomes:
        _check_same_council(meeting, outcome.milestone.recommendation, "Milepælen")
    for change in status_changes:
        _check_same_council(meeting, change.initiative.recommendation, "Indsatsen")
        if change.status not in Status.values:
            raise ValueError(f"Ukendt status: {change.status}")

    decision = Decision.objects.create(agenda_item=agenda_item, text=text)
    effects: list[str] = []
    for move in moves:
        milestone = move.milestone
        before = milestone.label
        # A decided move is the milestone's outcome "moved", with the decision as its reason.
        changed = programme_services.set_milestone_outcome(
            author, milestone, state=MilestoneState.MOVED, on=meeting.date, reason=text,
            window=move.window, expected_version=move.expected_version,
            decision_id=decision.pk)
        if changed:
            effects.append(f"Milepæl »{milestone.title}« flyttet fra {_window_text(before)} "
                           f"til {_window_text(move.window.label)}")
    for outcome in outcomes:
        milestone = outcome.milestone
        changed = programme_services.set_milestone_outcome(
            author, milestone, state=outcome.state, on=meeting.date,
            reason=outcome.reason or text, expected_version=outcome.expected_version,
            decision_id=decision.pk)
        if changed:
            effects.append(f"Milepæl »{milestone.title}«: "
                           f"{outcome_text(milestone, meeting.date)}")
    for change in status_changes:
        programme_services.add_status_update(
            author, change.initiative, change.status, change.progress, change.narrative,
            as_of=meeting.date, publish=True, decision_id=decision.pk)
        effects.append(f"Indsats »{change.initiative.title}« fik status "
                       f"{Status(change.status).label}, fremdrift {change.progress} %")

    changes: dict[str, list[Any]] = {"agenda_item": [None, str(agenda_item)],
                                     "text": [None, text]}
    if effects:
        changes["effects"] = [None, effects]
    record(author, AuditAction.CREATE, decision, changes)
    return decision
