"""The meeting's status annex ("Status på anbefalingerne"): its content as a JSON-safe dict, and
the action that freezes it.

`build_annex_data` reads the live programme as the public sees it (published content only: the
annex is a public document). `finalise_annex` stores that dict in the meeting's AnnexSnapshot, and
the DOCX and PDF renderers read nothing but the dict, so the annex of a past meeting renders
the same forever while the live pages move on. Before it is finalised, editors may preview an
annex built live, marked "Udkast (ikke afsluttet)".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from kkrmonitor.access import Access
from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.meetings import deadlines
from kkrmonitor.meetings.danish_format import (
    EN_DASH,
    count_text,
    danish_date,
    danish_time,
    days_text,
    percent,
    window_text,
)
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.meetings.public_data import programme_in_force, public_milestones
from kkrmonitor.programme.history import describe, events_since
from kkrmonitor.programme.models import Initiative, Milestone, Recommendation, Status

SCHEMA = 1
TITLE = "Status på anbefalingerne"
DRAFT_MARK = "Udkast (ikke afsluttet)"
# A recommendation's list of changes stops here; the annex says how many more there were.
MAX_CHANGES = 25
MAX_VALUE_CHARS = 160
# Bookkeeping a council member need not read in the annex: the summary line already says that
# something was published or confirmed.
SKIPPED_FIELDS = {"precision", "publication", "published_at", "confirmed_at", "confirmed_by",
                  "source_text"}


class AnnexAlreadyFinalised(Exception):
    def __init__(self, snapshot: AnnexSnapshot):
        self.snapshot = snapshot
        when = danish_date(timezone.localdate(snapshot.finalised_at))
        super().__init__(f"Statusbilaget blev afsluttet den {when} og kan ikke afsluttes igen. "
                         "Et afsluttet bilag ændres ikke.")


def municipality_rollups(recommendation: Recommendation) -> list[dict[str, Any]]:
    """The seam for per-municipality progress ("17 af 29 kommuner"), which a later issue adds.
    Each roll-up: {"title": str, "done": int, "total": int, "text": str}. Until then there are
    none, and the annex says nothing about roll-ups."""
    return []


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS].rstrip() + " …"


def _status_summary(initiatives: list[Initiative]) -> str:
    if not initiatives:
        return "Ingen offentliggjorte indsatser endnu"
    counts = Counter(i.status for i in initiatives)
    parts = [f"{counts[value]} {str(label).lower()}" for value, label in Status.choices
             if counts[value]]
    return f"{count_text(len(initiatives), 'indsats', 'indsatser')}: {', '.join(parts)}"


def _deadline(d: deadlines.Deadline, overdue: bool) -> dict[str, Any]:
    m: Milestone = d.milestone
    return {
        "title": " ".join(m.title.split()),
        "label": m.label,
        "dates": window_text(m.start, m.end),
        "due": d.due.isoformat(),
        "due_text": danish_date(d.due),
        "days": d.days,
        # Only a registered miss is overdue; a passed deadline without one is unknown.
        "when": ("udfald ikke registreret" if d.unregistered
                 else f"overskredet med {count_text(d.days_over, 'dag', 'dage')}" if overdue
                 else f"frist {days_text(d.days)}"),
    }


def _detail(field: str, before: str, after: str) -> str:
    """"Status: I risiko → På sporet"; a value set from nothing reads "Titel: …"."""
    if before == "–":
        return f"{field}: {_clip(after)}"
    if after == "–":
        return f"{field}: {_clip(before)} (fjernet)"
    return f"{field}: {_clip(before)} → {_clip(after)}"


def _changes(events: list[Any]) -> dict[str, Any]:
    items = []
    for event in events[:MAX_CHANGES]:
        event.changes = {key: value for key, value in event.changes.items()
                         if key.rpartition(".")[2] not in SKIPPED_FIELDS}
        view = describe(event)
        items.append({
            "date": timezone.localdate(event.at).isoformat(),
            "date_text": danish_date(timezone.localdate(event.at)),
            "summary": view.summary,
            "details": [_detail(c.field, c.before, c.after) for c in view.changes],
        })
    return {"items": items, "omitted": max(0, len(events) - MAX_CHANGES)}


def _meeting_facts(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "date_text": danish_date(meeting.date),
        "time_text": danish_time(meeting.start_time) if meeting.start_time else "",
        "place": meeting.place,
    }


def build_annex_data(meeting: Meeting, today: date) -> dict[str, Any]:
    """The annex's whole content, as the public would see the programme on `today`."""
    with translation.override("da"):
        return _build(meeting, today)


def _build(meeting: Meeting, today: date) -> dict[str, Any]:
    council = meeting.council
    previous = (Meeting.objects.filter(council=council, date__lt=meeting.date)
                .order_by("-date", "-start_time", "-id").first())
    programme = programme_in_force(council, meeting.date.year)
    recommendations = (list(programme.recommendations.order_by("number"))
                       if programme else [])
    initiatives: dict[int, list[Initiative]] = defaultdict(list)
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    changes: dict[int | None, list[Any]] = defaultdict(list)
    if programme is not None:
        published = Initiative.objects.visible_to(Access()).filter(
            recommendation__programme=programme).order_by("id")
        for initiative in published:
            initiatives[initiative.recommendation_id].append(initiative)
        for milestone in public_milestones(programme):
            milestones[milestone.recommendation_id].append(milestone)
    if previous is not None and recommendations:
        events = events_since(Access(), previous.date, [r.pk for r in recommendations])
        for event in reversed(list(events)):  # oldest first, as the annex reads
            changes[event.recommendation_id].append(event)

    rows = []
    for rec in recommendations:
        own = initiatives[rec.pk]
        rows.append({
            "number": rec.number,
            "headline": " ".join(rec.headline.split()),
            "progress": rec.progress,
            "progress_text": percent(rec.progress),
            "status_summary": _status_summary(own),
            "initiatives": [{"title": i.title, "status": i.status,
                             "status_label": str(Status(i.status).label),
                             "progress": i.progress, "progress_text": percent(i.progress)}
                            for i in own],
            "changes": _changes(changes[rec.pk]) if previous else None,
            "upcoming": [_deadline(d, False)
                         for d in deadlines.upcoming(milestones[rec.pk], today)],
            "overdue": [_deadline(d, True) for d in sorted(
                deadlines.overdue(milestones[rec.pk], today)
                + deadlines.unregistered(milestones[rec.pk], today), key=lambda d: d.due)],
            "rollups": municipality_rollups(rec),
        })
    return {
        "schema": SCHEMA,
        "title": TITLE,
        "council": {"name": council.name, "slug": council.slug},
        "meeting": _meeting_facts(meeting),
        "previous_meeting": _meeting_facts(previous) if previous else None,
        "programme": ({"title": programme.title, "term": programme.term}
                      if programme else None),
        "as_of": today.isoformat(),
        "as_of_text": danish_date(today),
        "upcoming_days": deadlines.UPCOMING_DAYS,
        "recommendations": rows,
    }


def annex_for(meeting: Meeting, today: date | None = None) -> tuple[dict[str, Any], bool]:
    """(content, is_draft): the frozen snapshot if the annex is finalised, else built live."""
    snapshot = AnnexSnapshot.objects.filter(meeting=meeting).first()
    if snapshot is not None:
        return snapshot.data, False
    return build_annex_data(meeting, today or timezone.localdate()), True


@transaction.atomic
def finalise_annex(author: Author, meeting: Meeting,
                   today: date | None = None) -> AnnexSnapshot:
    """Freeze the meeting's status annex. Refused (AnnexAlreadyFinalised) if it already is:
    a finalised annex never changes. Callers check that the author may edit the council."""
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    existing = AnnexSnapshot.objects.filter(meeting=meeting).first()
    if existing is not None:
        raise AnnexAlreadyFinalised(existing)
    data = build_annex_data(meeting, today or timezone.localdate())
    user = author.user if author.user is not None and author.user.pk else None
    try:
        with transaction.atomic():
            snapshot = AnnexSnapshot.objects.create(meeting=meeting, finalised_by=user,
                                                    data=data)
    except IntegrityError:  # finalised by someone else a moment ago
        raise AnnexAlreadyFinalised(AnnexSnapshot.objects.get(meeting=meeting)) from None
    record(author, AuditAction.FINALISE, snapshot, {
        "finalised_at": [None, snapshot.finalised_at],
        "recommendations": [None, len(data["recommendations"])],
    })
    return snapshot


# --- words both renderers print, from the dict alone ------------------------------------------

def header_text(data: dict[str, Any]) -> str:
    """"KKR Hovedstaden · møde 26. januar 2026", the running header of every page."""
    return f"{data['council']['name']} · møde {data['meeting']['date_text']}"


def subtitle(data: dict[str, Any]) -> str:
    meeting = data["meeting"]
    parts = [f"Bilag til mødet i {data['council']['name']} den {meeting['date_text']}"]
    if meeting["time_text"]:
        parts.append(meeting["time_text"])
    if meeting["place"]:
        parts.append(meeting["place"])
    return ", ".join(parts)


def intro_lines(data: dict[str, Any]) -> list[str]:
    lines = []
    programme = data["programme"]
    if programme:
        lines.append(f"Bilaget viser status på anbefalingerne i {programme['title']} "
                     f"{programme['term'].replace('-', EN_DASH)}, opgjort den "
                     f"{data['as_of_text']} ud fra det offentliggjorte indhold i KKR Monitor.")
    previous = data["previous_meeting"]
    if previous:
        lines.append(f"Ændringer er regnet fra rådets forrige møde den {previous['date_text']}.")
    else:
        lines.append("Rådet har ikke holdt et tidligere møde, så bilaget viser ikke ændringer.")
    lines.append(f"Kommende frister er frister inden for de næste {data['upcoming_days']} dage; "
                 "overskredne frister er passerede frister for indsatser, der ikke er afsluttet.")
    return lines


def _deadline_counts(upcoming: int, overdue: int) -> str:
    parts = ([f"{upcoming} kommende"] if upcoming else []) + (
        [f"{overdue} overskredne" if overdue > 1 else "1 overskreden"] if overdue else [])
    return ", ".join(parts) or "–"


def overview_rows(data: dict[str, Any]) -> list[list[str]]:
    """The summary table: number, status, progress, deadlines."""
    rows = []
    for rec in data["recommendations"]:
        rows.append([
            str(rec["number"]),
            rec["status_summary"],
            rec["progress_text"],
            _deadline_counts(len(rec["upcoming"]), len(rec["overdue"])),
        ])
    return rows
