"""Work queues: what waits for a person, each entry linking to the one page where it is resolved.

The same queries pick what the e-mails name (kkrmonitor.notifications.candidates), so the queue
on /rediger/ and the mails never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kkrmonitor.access import Access
from kkrmonitor.joint.models import JointInitiative, JointStage, StageReport
from kkrmonitor.meetings.models import Decision, Meeting
from kkrmonitor.programme.models import (
    Comment,
    Initiative,
    Milestone,
    MilestoneState,
    Publication,
)

# Deadlines this many days ahead are listed as coming up.
UPCOMING_DAYS = 30
# Drafts left this many days are listed as forgotten.
DRAFT_DAYS = 30
# Comments addressed to a municipality are listed to its contacts for this many days.
ADDRESSED_DAYS = 30


@dataclass(frozen=True)
class Entry:
    text: str
    url: str
    detail: str = ""


@dataclass
class Queue:
    title: str
    entries: list[Entry] = field(default_factory=list)
    # How many items there are in all; the page lists at most SHOWN of them.
    total: int | None = None

    @property
    def count(self) -> int:
        return len(self.entries) if self.total is None else self.total

    @property
    def more(self) -> int:
        return self.count - len(self.entries)


# A queue lists at most this many entries (oldest first); the rest are counted.
SHOWN = 25


def _day(value: date) -> str:
    return date_format(value, "j. F Y")


def pending_reports(council_ids: frozenset[int] | set[int]) -> QuerySet[StageReport]:
    return (StageReport.objects.filter(
        state=StageReport.State.PENDING,
        initiative__recommendation__programme__council__in=council_ids)
        .select_related("municipality", "stage", "initiative__recommendation__programme")
        .order_by("created_at", "id"))


def stale_initiatives(council_ids: frozenset[int] | set[int]) -> QuerySet[Initiative]:
    return (Initiative.objects.filter(recommendation__programme__council__in=council_ids)
            .stale().select_related("recommendation__programme").order_by("id"))


def open_deadlines(council_ids: frozenset[int] | set[int]) -> QuerySet[Milestone]:
    return (Milestone.objects.filter(recommendation__programme__council__in=council_ids,
                                     state=MilestoneState.PLANNED, end__isnull=False)
            .select_related("recommendation__programme", "initiative").order_by("end", "id"))


def old_drafts(council_ids: frozenset[int] | set[int], today: date) -> QuerySet[Initiative]:
    cutoff = timezone.now() - timedelta(days=DRAFT_DAYS)
    return (Initiative.objects.filter(recommendation__programme__council__in=council_ids,
                                      publication=Publication.DRAFT, created_at__lt=cutoff)
            .order_by("created_at", "id"))


def editor_queues(access: Access, today: date) -> list[Queue]:
    councils = (access.editor_councils if not access.is_admin
                else _all_councils())
    report_rows = pending_reports(councils)
    reports = Queue("Indberetninger, der venter på godkendelse", total=report_rows.count())
    for r in report_rows[:SHOWN]:
        reports.entries.append(Entry(
            f"{r.municipality.official_name}: {r.stage.name} – {r.initiative.title}",
            reverse("joint_review", args=[r.initiative_id]),
            f"Indberettet {_day(r.as_of)}"))
    stale_rows = stale_initiatives(councils)
    stale = Queue("Indsatser, der trænger til opdatering", total=stale_rows.count())
    for i in stale_rows[:SHOWN]:
        stale.entries.append(Entry(i.title, reverse("initiative_edit", args=[i.pk])))
    deadlines = open_deadlines(councils)
    passed_rows = deadlines.filter(end__lt=today)
    passed = Queue("Frister, der er passeret uden registreret udfald", total=passed_rows.count())
    for m in passed_rows[:SHOWN]:
        assert m.end is not None
        passed.entries.append(Entry(m.title, reverse("milestone_outcome", args=[m.pk]),
                                    f"Frist {_day(m.end)}"))
    soon_rows = deadlines.filter(end__gte=today, end__lte=today + timedelta(days=UPCOMING_DAYS))
    soon = Queue(f"Frister inden for de næste {UPCOMING_DAYS} dage", total=soon_rows.count())
    for m in soon_rows[:SHOWN]:
        assert m.end is not None
        soon.entries.append(Entry(m.title, reverse("milestone_edit", args=[m.pk]),
                                  f"Frist {_day(m.end)}"))
    draft_rows = old_drafts(councils, today)
    drafts = Queue(f"Kladder, der er mere end {DRAFT_DAYS} dage gamle", total=draft_rows.count())
    for i in draft_rows[:SHOWN]:
        drafts.entries.append(Entry(i.title, reverse("initiative_edit", args=[i.pk]),
                                    f"Oprettet {_day(timezone.localdate(i.created_at))}"))
    meetings = Queue("Møder, der ikke er registreret som afholdt eller mangler beslutninger")
    for meeting in past_meetings_to_register(councils, today):
        what = ("ikke registreret som afholdt" if meeting.state == meeting.State.PLANNED
                else "ingen beslutninger registreret")
        meetings.entries.append(Entry(f"{meeting.council.name} {_day(meeting.date)}",
                                      reverse("meeting_edit", args=[meeting.pk]),
                                      what.capitalize()))
    return [reports, stale, passed, soon, meetings, drafts]


def past_meetings_to_register(council_ids: frozenset[int] | set[int],
                              today: date) -> list[Meeting]:
    """Past meetings still planned, or held with no decision registered, oldest first."""
    return list(Meeting.objects.filter(council__in=council_ids, date__lt=today)
                .filter(Q(state=Meeting.State.PLANNED)
                        | ~Q(Exists(Decision.objects.filter(
                            agenda_item__meeting=OuterRef("pk")))))
                .select_related("council").order_by("date", "id"))


def _all_councils() -> set[int]:
    from kkrmonitor.programme.models import Council

    return set(Council.objects.values_list("pk", flat=True))


def open_stages(municipality_ids: frozenset[int] | set[int]
                ) -> list[tuple[JointInitiative, int]]:
    """(joint effort, municipality id) pairs where the municipality has not reached the final
    stage in an approved report: what its contact still has to report."""
    if not municipality_ids:
        return []
    joints = list(JointInitiative.objects.filter(
        initiative__publication=Publication.PUBLISHED)
        .select_related("initiative__recommendation__programme__council")
        .prefetch_related("stages").order_by("initiative__title"))
    done = set(StageReport.objects.filter(
        state=StageReport.State.APPROVED, municipality__in=municipality_ids,
        superseded_by__isnull=True).values_list("initiative_id", "municipality_id", "stage_id"))
    result = []
    for joint in joints:
        stages = list(joint.stages.all())
        if not stages:
            continue
        members = set(joint.municipalities().values_list("pk", flat=True))
        final = stages[-1].pk
        for municipality_id in sorted(municipality_ids & members):
            if (joint.pk, municipality_id, final) not in done:
                result.append((joint, municipality_id))
    return result


def contact_queues(access: Access) -> list[Queue]:
    from kkrmonitor.programme.models import Municipality

    municipalities = {m.pk: m for m in Municipality.objects.filter(
        pk__in=access.contact_municipalities)}
    to_report = Queue("Trin, din kommune skal indberette")
    for joint, municipality_id in open_stages(access.contact_municipalities):
        m = municipalities[municipality_id]
        to_report.entries.append(Entry(
            f"{joint.initiative.title} ({m.official_name})",
            reverse("joint_report", args=[joint.pk, m.slug])))
    returned = Queue("Indberetninger, der er sendt retur")
    later = StageReport.objects.filter(initiative_id=OuterRef("initiative_id"),
                                       municipality_id=OuterRef("municipality_id"),
                                       created_at__gt=OuterRef("created_at"))
    for r in (StageReport.objects.filter(state=StageReport.State.RETURNED,
                                         municipality__in=access.contact_municipalities)
              .exclude(Exists(later))
              .select_related("municipality", "stage", "initiative").order_by("-reviewed_at")):
        returned.entries.append(Entry(
            f"{r.initiative.title}: {r.stage.name} ({r.municipality.official_name})",
            reverse("joint_report", args=[r.initiative_id, r.municipality.slug]),
            f"Sekretariatets kommentar: {r.review_comment}"))
    addressed = Queue(f"Kommentarer til din kommune fra de sidste {ADDRESSED_DAYS} dage")
    for c in addressed_comments(access):
        assert c.addressed_to is not None
        addressed.entries.append(Entry(
            f"{c.initiative.title} ({c.addressed_to.official_name})",
            reverse("comment_create", args=[c.initiative_id]) + "#kommentarer",
            f"Skrevet {_day(timezone.localdate(c.created_at))}"))
    return [to_report, returned, addressed]


def addressed_comments(access: Access) -> list[Comment]:
    """Comments addressed to the contact's municipalities in the last ADDRESSED_DAYS days,
    newest first (whether answered or not: kept simple), at most SHOWN."""
    cutoff = timezone.now() - timedelta(days=ADDRESSED_DAYS)
    return list(Comment.objects.visible_to(access)
                .filter(addressed_to__in=access.contact_municipalities, created_at__gte=cutoff)
                .select_related("initiative", "addressed_to")
                .order_by("-created_at", "-id")[:SHOWN])


@dataclass
class MyTasks:
    """What a person is responsible for: "Mine opgaver"."""

    initiatives: list[Initiative]
    milestones: list[Milestone]
    stages: list[JointStage]
    # A register row's responsible person is the value of its user-type column(s).
    register_rows: list[Entry]


def my_tasks(user_id: int) -> MyTasks:
    return MyTasks(
        list(Initiative.objects.filter(responsible_id=user_id)
             .select_related("recommendation").order_by("recommendation__number", "id")),
        list(Milestone.objects.filter(responsible_id=user_id)
             .select_related("recommendation").order_by("end", "id")),
        list(JointStage.objects.filter(responsible_id=user_id)
             .select_related("joint__initiative").order_by("joint__initiative__title",
                                                           "position")),
        register_rows_naming(user_id))


def register_rows_naming(user_id: int) -> list[Entry]:
    """The register rows whose user-type column(s) name the person, each linking to its
    register's page and named by the row's first filled-in column."""
    from kkrmonitor.registers.cells import display
    from kkrmonitor.registers.models import Column, ColumnKind, Row
    from kkrmonitor.registers.services import names_for, spec

    user_columns = list(Column.objects.filter(kind=ColumnKind.USER))
    if not user_columns:
        return []
    naming = Q(pk__in=[])
    for column in user_columns:
        # Stored as the user's id; a value written as text would be the same id as a string.
        naming |= Q(register_id=column.register_id) & (
            Q(**{f"values__{column.key}": user_id})
            | Q(**{f"values__{column.key}": str(user_id)}))
    rows = list(Row.objects.filter(naming).select_related("register__council")
                .order_by("register__title", "pk"))
    columns: dict[int, list[Column]] = {}
    for column in Column.objects.filter(register__in={r.register_id for r in rows}):
        columns.setdefault(column.register_id, []).append(column)
    names = names_for([c for cs in columns.values() for c in cs])
    entries = []
    for row in rows:
        shown = ""
        for column in columns.get(row.register_id, []):
            if column.kind != ColumnKind.USER:
                shown = display(spec(column), row.values.get(column.key), names)
                if shown:
                    break
        register = row.register
        entries.append(Entry(
            f"{register.title}: {shown or f'række {row.pk}'}",
            reverse("register", args=[register.council.slug, register.slug]),
            "Kladde" if row.publication == Publication.DRAFT else ""))
    return entries


def queue_count(queues: list[Queue]) -> int:
    return sum(q.count for q in queues)


def editor_queue_counts(access: Access, today: date) -> list[tuple[str, int]]:
    """(title, count) of each of an editor's queues, counted in the database: the weekly
    digest needs no entries."""
    councils = access.editor_councils if not access.is_admin else _all_councils()
    deadlines = open_deadlines(councils)
    horizon = today + timedelta(days=UPCOMING_DAYS)
    return [
        ("Indberetninger, der venter på godkendelse", pending_reports(councils).count()),
        ("Indsatser, der trænger til opdatering", stale_initiatives(councils).count()),
        ("Frister, der er passeret uden registreret udfald",
         deadlines.filter(end__lt=today).count()),
        (f"Frister inden for de næste {UPCOMING_DAYS} dage",
         deadlines.filter(end__gte=today, end__lte=horizon).count()),
        ("Møder, der ikke er registreret som afholdt eller mangler beslutninger",
         len(past_meetings_to_register(councils, today))),
        (f"Kladder, der er mere end {DRAFT_DAYS} dage gamle",
         old_drafts(councils, today).count()),
    ]


def queues_for(access: Access, today: date) -> list[Queue]:
    """An editor's queues, then (for someone who is both) a contact's."""
    found: list[Queue] = []
    if access.is_editor:
        found += editor_queues(access, today)
    if access.contact_municipalities:
        found += contact_queues(access)
    return found


def waiting_reports(access: Access) -> QuerySet[StageReport]:
    """Reports waiting for this person: to approve (editor) or to correct (contact)."""
    waiting = Q(pk__in=[])
    if access.is_admin:
        waiting |= Q(state=StageReport.State.PENDING)
    elif access.editor_councils:
        waiting |= Q(state=StageReport.State.PENDING,
                     initiative__recommendation__programme__council__in=access.editor_councils)
    if access.contact_municipalities:
        later = StageReport.objects.filter(initiative_id=OuterRef("initiative_id"),
                                           municipality_id=OuterRef("municipality_id"),
                                           created_at__gt=OuterRef("created_at"))
        waiting |= (Q(state=StageReport.State.RETURNED,
                      municipality__in=access.contact_municipalities) & ~Q(Exists(later)))
    return StageReport.objects.filter(waiting)
