"""The meeting's status annex ("Status på anbefalingerne"): its content as a JSON-safe dict, and
the action that freezes it.

`build_annex_data` reads the programme as the public saw it on the meeting's date (published
content only: the annex is a public document; status updates dated after the meeting are not
yet true), together with the secretariat's short status per recommendation written for this
meeting. `finalise_annex` stores that dict and the DOCX and PDF rendered from it once in the
meeting's AnnexSnapshot, so the annex of a past meeting is served the same forever while the
live pages move on. Before that, editors review it as a page and may download a draft, marked
"Udkast (ikke afsluttet)".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kkrmonitor.access import Access
from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.meetings import annex_sections as sections
from kkrmonitor.meetings.annex_changes import Names, change_sentences
from kkrmonitor.meetings.briefs import briefs_for
from kkrmonitor.meetings.danish_format import EN_DASH, danish_date, danish_time, percent
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.meetings.public_data import programme_in_force, public_milestones
from kkrmonitor.programme.history import visible_events
from kkrmonitor.programme.models import Initiative, Milestone

SCHEMA = 2
TITLE = "Status på anbefalingerne"
DRAFT_MARK = "Udkast (ikke afsluttet)"


class AnnexAlreadyFinalised(Exception):
    def __init__(self, snapshot: AnnexSnapshot):
        self.snapshot = snapshot
        when = danish_date(timezone.localdate(snapshot.finalised_at))
        super().__init__(f"Statusbilaget blev afsluttet den {when} og kan ikke afsluttes igen. "
                         "Et afsluttet bilag ændres ikke.")


def _meeting_facts(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "date_text": danish_date(meeting.date),
        "time_text": danish_time(meeting.start_time) if meeting.start_time else "",
        "place": meeting.place,
    }


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(council_id=meeting.council_id, date__lt=meeting.date)
            .order_by("-date", "-start_time", "-id").first())


def build_annex_data(meeting: Meeting) -> dict[str, Any]:
    """The annex's whole content, as the public saw the programme on the meeting's date."""
    council = meeting.council
    on = meeting.date
    previous = previous_meeting(meeting)
    since = previous.date if previous else None
    programme = programme_in_force(council, on.year)
    recommendations = (list(programme.recommendations.order_by("number")
                            .prefetch_related("external_events"))
                       if programme else [])
    initiatives: dict[int, list[Initiative]] = defaultdict(list)
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    names = Names()
    if programme is not None:
        for initiative in (Initiative.objects.visible_to(Access())
                           .filter(recommendation__programme=programme).order_by("id")):
            initiatives[initiative.recommendation_id].append(initiative)
            names.initiatives[initiative.pk] = " ".join(initiative.title.split())
        for milestone in public_milestones(programme):
            milestones[milestone.recommendation_id].append(milestone)
            names.milestones[milestone.pk] = " ".join(milestone.title.split())
    everyone = [i for own in initiatives.values() for i in own]
    status = sections.initiative_rows(everyone, on)
    names.narratives = {pk: row["narrative"] for pk, row in status.items()}
    rollups = sections.joint_rollups(everyone, on)
    figures = sections.indicator_figures([r.pk for r in recommendations], council.pk, on)
    briefs = briefs_for(meeting)
    events: dict[int, list[Any]] = defaultdict(list)
    if since is not None and recommendations:
        for event in (visible_events(Access())
                      .filter(recommendation_id__in=[r.pk for r in recommendations],
                              at__gte=sections.start_of(since), at__lt=sections.start_of(on))
                      .order_by("at", "id")):
            events[event.recommendation_id or 0].append(event)

    rows = []
    for rec in recommendations:
        own = initiatives[rec.pk]
        own_rows = [status[i.pk] for i in own]
        progress = sections.weighted_progress(own, status)
        changes = change_sentences(events[rec.pk], names, on) if since is not None else None
        brief = briefs.get(rec.pk)
        rows.append({
            "number": rec.number,
            "headline": " ".join(rec.headline.split()),
            "brief": brief.text if brief else "",
            "progress_text": percent(progress),
            "status_summary": sections.status_summary(own_rows),
            "initiatives": [{key: row[key] for key in ("title", "status_label",
                                                       "progress_text", "narrative",
                                                       "confirmed_text")}
                            for row in own_rows],
            "milestones": sections.milestone_rows(milestones[rec.pk], since, on),
            "rollups": [rollups[i.pk] for i in own if i.pk in rollups],
            "indicators": figures.get(rec.pk, []),
            # Context as the meeting saw it: the changes in the world dated by then.
            "world_events": [
                {"label": e.label, "title": " ".join(e.title.split()), "source": e.source}
                for e in rec.external_events.all() if e.start is None or e.start <= on],
            "changes": (None if changes is None
                        else {"sentences": changes.sentences, "omitted": changes.omitted}),
        })
    return {
        "schema": SCHEMA,
        "title": TITLE,
        "council": {"name": council.name},
        "meeting": _meeting_facts(meeting),
        "previous_meeting": _meeting_facts(previous) if previous else None,
        "programme": ({"title": programme.title, "term": programme.term}
                      if programme else None),
        "as_of": on.isoformat(),
        "as_of_text": danish_date(on),
        "upcoming_days": sections.UPCOMING_DAYS,
        "recommendations": rows,
        "portfolios": sections.portfolio_movement(council.pk, since, on),
    }


def readable(data: dict[str, Any]) -> dict[str, Any]:
    """A snapshot frozen in the first annex format (schema 1, before the short status and the
    narratives) in today's shape, saying only what it said then, so it still renders."""
    if data.get("schema") != 1:
        return data

    def deadline(d: dict[str, Any], sep: str) -> dict[str, Any]:
        return {"title": d["title"], "label": d["label"],
                "text": f"Frist {d['due_text']}{sep}{d['when']}"}

    rows = []
    for rec in data["recommendations"]:
        changes = rec.get("changes")
        rows.append({
            "number": rec["number"], "headline": rec["headline"], "brief": "",
            "progress_text": rec["progress_text"], "status_summary": rec["status_summary"],
            "initiatives": [{"title": i["title"], "status_label": i["status_label"],
                             "progress_text": i["progress_text"], "narrative": "",
                             "confirmed_text": ""} for i in rec["initiatives"]],
            "milestones": {"past": [deadline(d, " – ") for d in rec.get("overdue", [])],
                           "coming": [deadline(d, ", ") for d in rec.get("upcoming", [])],
                           "more": 0},
            "rollups": [{"title": r["title"], "text": r["text"], "on_track": ""}
                        for r in rec.get("rollups", [])],
            "indicators": [],
            "changes": None if changes is None else {
                "sentences": [f"{c['date_text']}: {c['summary']}." for c in changes["items"]],
                "omitted": changes["omitted"]},
        })
    return {**data, "schema": SCHEMA, "recommendations": rows, "portfolios": []}


def annex_for(meeting: Meeting) -> tuple[dict[str, Any], bool]:
    """(content, is_draft): the frozen snapshot if the annex is finalised, else built live."""
    snapshot = AnnexSnapshot.objects.filter(meeting=meeting).defer("docx", "pdf").first()
    if snapshot is not None:
        return readable(snapshot.data), False
    return build_annex_data(meeting), True


def render(data: dict[str, Any], fmt: str, draft: bool = False) -> bytes:
    """The annex as a Word ("docx") or PDF ("pdf") file."""
    if fmt == "docx":
        from kkrmonitor.meetings.annex_docx import render_docx

        return render_docx(data, draft)
    from kkrmonitor.meetings.annex_pdf import render_pdf

    return render_pdf(data, draft)


def annex_file(meeting: Meeting, fmt: str) -> tuple[bytes, bool]:
    """(file, is_draft): the finalised annex's stored file, never rendered again (one finalised
    before files were stored is rendered from its frozen content); else a draft built live."""
    snapshot = AnnexSnapshot.objects.filter(meeting=meeting).first()
    if snapshot is None:
        return render(build_annex_data(meeting), fmt, draft=True), True
    stored = getattr(snapshot, fmt)
    if stored is not None:
        return bytes(stored), False
    return render(readable(snapshot.data), fmt), False


@transaction.atomic
def finalise_annex(author: Author, meeting: Meeting) -> AnnexSnapshot:
    """Freeze the meeting's status annex: its content and its DOCX and PDF, rendered once.
    Refused (AnnexAlreadyFinalised) if it already is: a finalised annex never changes. Callers
    check that the author may edit the council."""
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    existing = AnnexSnapshot.objects.filter(meeting=meeting).first()
    if existing is not None:
        raise AnnexAlreadyFinalised(existing)
    data = build_annex_data(meeting)
    docx, pdf = render(data, "docx"), render(data, "pdf")
    user = author.user if author.user is not None and author.user.pk else None
    try:
        with transaction.atomic():
            snapshot = AnnexSnapshot.objects.create(meeting=meeting, finalised_by=user,
                                                    data=data, docx=docx, pdf=pdf)
    except IntegrityError:  # finalised by someone else a moment ago
        raise AnnexAlreadyFinalised(AnnexSnapshot.objects.get(meeting=meeting)) from None
    record(author, AuditAction.FINALISE, snapshot, {
        "finalised_at": [None, snapshot.finalised_at],
        "recommendations": [None, len(data["recommendations"])],
    })
    return snapshot


# --- words every rendering prints, from the dict alone ---------------------------------------

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
        term = programme["term"].replace("-", EN_DASH)
        title = programme["title"]
        if term not in title.replace("-", EN_DASH):
            title = f"{title} {term}"
        lines.append(f"Bilaget viser status på anbefalingerne i {title}, som den var "
                     f"offentliggjort i KKR Monitor på mødedagen den {data['as_of_text']}.")
    previous = data["previous_meeting"]
    if previous:
        lines.append(f"»Siden sidste møde« omfatter ændringer fra rådets forrige møde den "
                     f"{previous['date_text']} til mødedagen.")
    else:
        lines.append("Rådet har ikke holdt et tidligere møde, så bilaget viser ikke ændringer.")
    lines.append(f"Kommende frister er frister inden for {data['upcoming_days']} dage efter "
                 "mødet. En passeret frist, hvor ingen har registreret, om milepælen blev nået, "
                 "vises som »udfald ikke registreret«.")
    return lines


def overview_rows(data: dict[str, Any]) -> list[list[str]]:
    """The summary table: number, status, progress, coming deadlines."""
    rows = []
    for rec in data["recommendations"]:
        coming = len(rec["milestones"]["coming"])
        rows.append([str(rec["number"]), rec["status_summary"], rec["progress_text"],
                     f"{coming} kommende" if coming else "–"])
    return rows
