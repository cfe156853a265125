"""What should be mailed now, per kind: a Candidate names the person, the thing and the period
(`key`), so a thing is mailed once per person and period however often the job runs.

Recipients are active users who still hold a role: a deactivated user, or one whose role was
removed, gets nothing more. Every recipient holds a role, and every role may see drafts
(kkrmonitor.access), so no mail shows draft content to someone who may not see it; the check is
`_may_see`, kept here so a narrower rule would be applied in one place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kkrmonitor.accounts.models import Membership, Role, User
from kkrmonitor.joint.models import StageReport
from kkrmonitor.notifications.models import Kind
from kkrmonitor.owners import queues
from kkrmonitor.programme.models import Initiative, Milestone, Publication

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
SOON_DAYS = 14
# A deadline passed longer ago than this is not mailed about any more (the queue still shows
# it), so the first run on an old database does not send years of reminders.
PASSED_WINDOW_DAYS = 30
# Reviews older than this are not mailed (the first run after an upgrade).
REVIEW_WINDOW_DAYS = 14


@dataclass(frozen=True)
class Candidate:
    kind: str
    recipient: User
    key: str
    subject: str
    lines: tuple[str, ...]
    path: str


@dataclass
class People:
    """Who holds which role, loaded once per run."""

    users: dict[int, User] = field(default_factory=dict)
    editors: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    contacts: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    with_role: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> People:
        people = cls()
        for m in Membership.objects.filter(user__is_active=True).select_related("user"):
            people.users[m.user_id] = m.user
            people.with_role.add(m.user_id)
            if m.role == Role.EDITOR and m.council_id:
                people.editors[m.council_id].append(m.user)
            elif m.role == Role.CONTACT and m.municipality_id:
                people.contacts[m.municipality_id].append(m.user)
        return people

    def member(self, user_id: int | None) -> User | None:
        return self.users.get(user_id) if user_id in self.with_role else None


def _may_see(person: User, people: People, publication: str) -> bool:
    return publication == Publication.PUBLISHED or person.pk in people.with_role


def _day(value: date) -> str:
    return date_format(value, "j. F Y")


def report_submitted(people: People) -> Iterator[Candidate]:
    for r in queues.pending_reports(set(people.editors)):
        council_id = r.initiative.recommendation.programme.council_id
        for editor in people.editors[council_id]:
            yield Candidate(
                Kind.REPORT_SUBMITTED, editor, f"report:{r.pk}",
                f"Ny indberetning fra {r.municipality.official_name}",
                (f"{r.municipality.official_name} har indberettet trinnet »{r.stage.name}« "
                 f"for »{r.initiative.title}« pr. {_day(r.as_of)}.",
                 "Indberetningen venter på, at sekretariatet godkender den eller sender den "
                 "retur."),
                reverse("joint_review", args=[r.initiative_id]))


def report_reviewed(people: People, now: datetime) -> Iterator[Candidate]:
    since = now - timedelta(days=REVIEW_WINDOW_DAYS)
    for r in (StageReport.objects.filter(
            state__in=[StageReport.State.APPROVED, StageReport.State.RETURNED],
            reviewed_at__gte=since, author__isnull=False)
            .exclude(reviewed_by=F("author"))  # one's own report, approved oneself
            .select_related("municipality", "stage", "initiative")):
        author = people.member(r.author_id)
        if author is None:
            continue
        if r.state == StageReport.State.APPROVED:
            subject = "Din indberetning er godkendt"
            lines: tuple[str, ...] = (
                f"Sekretariatet har godkendt indberetningen af trinnet »{r.stage.name}« for "
                f"»{r.initiative.title}« ({r.municipality.official_name}).",
                "Den vises nu offentligt.")
        else:
            subject = "Din indberetning er sendt retur"
            lines = (f"Sekretariatet har sendt indberetningen af trinnet »{r.stage.name}« for "
                     f"»{r.initiative.title}« ({r.municipality.official_name}) retur.",
                     f"Sekretariatets kommentar: {r.review_comment}")
        yield Candidate(Kind.REPORT_REVIEWED, author, f"review:{r.pk}", subject, lines,
                        reverse("joint_report", args=[r.initiative_id, r.municipality.slug]))


def initiative_stale(people: People) -> Iterator[Candidate]:
    for i in (Initiative.objects.stale().filter(responsible__isnull=False)
              .select_related("recommendation")):
        owner = people.member(i.responsible_id)
        if owner is None or not _may_see(owner, people, i.publication):
            continue
        since = timezone.localdate(i.confirmed_at or i.created_at)
        yield Candidate(
            Kind.INITIATIVE_STALE, owner, f"stale:{i.pk}:{since.isoformat()}",
            f"Indsatsen »{i.title}« trænger til opdatering",
            (f"Du er ansvarlig for indsatsen »{i.title}« under anbefaling "
             f"{i.recommendation.number}.",
             f"Den er senest bekræftet {_day(since)}. Giv en ny status, eller bekræft at den "
             "er uændret."),
            reverse("initiative_edit", args=[i.pk]))


def deadlines(people: People, today: date) -> Iterator[Candidate]:
    start = today - timedelta(days=PASSED_WINDOW_DAYS)
    end = today + timedelta(days=SOON_DAYS)
    for m in queues.open_deadlines(set(people.editors) | _all_councils_with_owners()
                                   ).filter(end__gte=start, end__lte=end):
        assert m.end is not None
        publication = m.initiative.publication if m.initiative else Publication.PUBLISHED
        council_id = m.recommendation.programme.council_id
        recipients = {u.pk: u for u in people.editors[council_id]}
        owner = people.member(m.responsible_id)
        if owner is not None:
            recipients[owner.pk] = owner
        if m.end < today:
            kind, key = Kind.DEADLINE_PASSED, f"passed:{m.pk}:{m.end.isoformat()}"
            subject = f"Fristen for »{m.title}« er passeret"
            lines: tuple[str, ...] = (
                f"Milepælen »{m.title}« havde frist {_day(m.end)}.",
                "Der er ikke registreret, om den blev nået. Registrér udfaldet.")
            path = reverse("milestone_outcome", args=[m.pk])
        else:
            kind, key = Kind.DEADLINE_SOON, f"soon:{m.pk}:{m.end.isoformat()}"
            subject = f"Fristen for »{m.title}« er om {SOON_DAYS} dage"
            lines = (f"Milepælen »{m.title}« har frist {_day(m.end)}.",)
            path = reverse("milestone_edit", args=[m.pk])
        for person in recipients.values():
            if _may_see(person, people, publication):
                yield Candidate(kind, person, key, subject, lines, path)


def _all_councils_with_owners() -> set[int]:
    return set(Milestone.objects.filter(responsible__isnull=False)
               .values_list("recommendation__programme__council_id", flat=True))


def monday_morning(now: datetime) -> datetime:
    local = now.astimezone(COPENHAGEN)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, 7, tzinfo=COPENHAGEN)


def weekly_digest(people: People, now: datetime, today: date) -> Iterator[Candidate]:
    """Once a week, from Monday 07:00 Copenhagen time: each editor's queue in one mail."""
    start = monday_morning(now)
    if now < start:
        return
    year, week, _ = start.date().isocalendar()
    from kkrmonitor.access import Access

    councils_of: dict[int, set[int]] = defaultdict(set)
    for council_id, editors in people.editors.items():
        for editor in editors:
            councils_of[editor.pk].add(council_id)
    # Editors of the same councils share one queue: counted once per set of councils.
    lines_for: dict[frozenset[int], tuple[str, ...]] = {}
    for editor_id, council_ids in councils_of.items():
        councils = frozenset(council_ids)
        if councils not in lines_for:
            counts = queues.editor_queue_counts(Access(user_id=editor_id, is_member=True,
                                                       editor_councils=councils), today)
            lines_for[councils] = tuple(f"{title}: {n}" for title, n in counts)
        yield Candidate(Kind.WEEKLY_DIGEST, people.users[editor_id], f"digest:{year}-W{week:02d}",
                        f"Ugens overblik, uge {week}", lines_for[councils], reverse("edit_home"))


def monthly_nudge(people: People, today: date) -> Iterator[Candidate]:
    """Once a month: each contact whose municipality still has stages to report."""
    open_by_municipality: dict[int, list[str]] = defaultdict(list)
    for joint, municipality_id in queues.open_stages(set(people.contacts)):
        open_by_municipality[municipality_id].append(joint.initiative.title)
    for municipality_id, titles in open_by_municipality.items():
        for contact in people.contacts[municipality_id]:
            yield Candidate(
                Kind.MONTHLY_NUDGE, contact, f"nudge:{today:%Y-%m}:{municipality_id}",
                "Påmindelse: din kommunes indberetninger",
                ("Din kommune har endnu ikke indberettet det sidste trin for:",
                 *(f"– {t}" for t in titles)),
                reverse("edit_home"))


def all_candidates(now: datetime | None = None) -> Iterator[Candidate]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    people = People.load()
    yield from report_submitted(people)
    yield from report_reviewed(people, now)
    yield from initiative_stale(people)
    yield from deadlines(people, today)
    yield from weekly_digest(people, now, today)
    yield from monthly_nudge(people, today)
