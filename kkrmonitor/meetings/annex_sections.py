"""The sections of the status annex, each a plain function over the public programme as it
stood on a given day (`on`: the meeting's date): initiatives with their latest status, milestone
outcomes and coming deadlines, joint efforts' roll-ups, portfolio movement and indicator figures.
Each returns JSON-safe dicts in Danish, so the annex (and later reports) can reuse them.

A fixed number of queries per call, however many initiatives there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from kkrmonitor.audit import AuditEvent
from kkrmonitor.meetings.annex_changes import finish
from kkrmonitor.meetings.danish_format import count_text, danish_date, percent
from kkrmonitor.programme.models import Initiative, Milestone, Publication, Status, StatusUpdate

UPCOMING_DAYS = 90
MAX_MILESTONES = 12
MAX_NARRATIVE_CHARS = 600
# An indicator without a source text of its own names where its figures came from.
SOURCE_WORDS = {"statbank": "Danmarks Statistik, Statistikbanken",
                "upload": "indlæst af sekretariatet", "computed": "beregnet i KKR Monitor"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def end_of(day: date) -> datetime:
    """The last moment of `day` in Danish time (events up to and including the day count)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- initiatives: latest status narrative as of the day ---------------------------------------

def initiative_rows(initiatives: list[Initiative], on: date) -> dict[int, dict[str, Any]]:
    """Per published initiative id: title, status, progress, narrative and "bekræftet …" from
    its latest published status update dated on or before `on` (a future-dated one is not yet
    true). An initiative confirmed unchanged later than that update reads as confirmed then."""
    ids = [i.pk for i in initiatives]
    latest = (StatusUpdate.objects.filter(initiative=OuterRef("pk"),
                                          publication=Publication.PUBLISHED, as_of__lte=on)
              .order_by("-as_of", "-created_at", "-id").values("id")[:1])
    update_ids = [pk for pk in Initiative.objects.filter(pk__in=ids)
                  .annotate(latest_update=Subquery(latest))
                  .values_list("latest_update", flat=True) if pk]
    updates = {u.initiative_id: u for u in StatusUpdate.objects.filter(pk__in=update_ids)}
    confirmed = dict(AuditEvent.objects.filter(
        object_type="initiative", action="confirm", object_id__in=[str(pk) for pk in ids],
        at__lt=end_of(on)).values_list("object_id").annotate(last=Max("at")))
    rows = {}
    for initiative in initiatives:
        update = updates.get(initiative.pk)
        when = update.as_of if update else None
        again = confirmed.get(str(initiative.pk))
        if again is not None and (when is None or timezone.localdate(again) > when):
            when = timezone.localdate(again)
        narrative = _one_line(update.narrative) if update else ""
        if len(narrative) > MAX_NARRATIVE_CHARS:
            narrative = narrative[:MAX_NARRATIVE_CHARS].rstrip(" ,.;:") + " …"
        rows[initiative.pk] = {
            "title": _one_line(initiative.title),
            "status_label": str(Status(update.status).label) if update else "Ingen status",
            "progress_text": percent(update.progress) if update else "–",
            "progress": update.progress if update else None,
            "narrative": narrative,
            "confirmed_text": f"bekræftet {danish_date(when)}" if when else "ikke bekræftet",
        }
    return rows


def status_summary(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    if not rows:
        return "Ingen offentliggjorte indsatser"
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["status_label"]] += 1
    order = [str(label) for _, label in Status.choices] + ["Ingen status"]
    parts = [f"{counts[label]} {label.lower()}" for label in order if counts[label]]
    return f"{count_text(len(rows), 'indsats', 'indsatser')}: {', '.join(parts)}"


def weighted_progress(initiatives: list[Initiative], rows: dict[int, dict[str, Any]]) -> int | None:
    parts = [(rows[i.pk]["progress"], i.weight) for i in initiatives
             if rows[i.pk]["progress"] is not None]
    total = sum(w for _, w in parts)
    return round(sum(p * w for p, w in parts) / total) if total else None


# --- milestones: outcomes since the previous meeting, deadlines after the meeting -----------

def outcome_line(milestone: Milestone, on: date) -> str:
    """The milestone's outcome on `on`, in one Danish phrase. Never "late" by itself: a passed
    deadline without a registered outcome is shown as unknown."""
    from kkrmonitor.meetings.annex_outcomes import milestone_outcome

    return milestone_outcome(milestone, on)


def milestone_rows(milestones: list[Milestone], since: date | None,
                   on: date) -> dict[str, Any]:
    """"past": milestones whose deadline fell after `since` (the previous meeting; without one,
    the last UPCOMING_DAYS days) and before `on`, with their outcome; "coming": deadlines from
    `on` to UPCOMING_DAYS days after it, counted from `on` (the meeting), not from today."""
    first = since or on - timedelta(days=UPCOMING_DAYS)
    last = on + timedelta(days=UPCOMING_DAYS)
    past, coming = [], []
    for m in sorted(milestones, key=lambda m: (m.end or date.max, m.pk)):
        if m.end is None:
            continue
        title = _one_line(m.title)
        if first <= m.end < on:
            past.append({"title": title, "label": m.label, "text": outcome_line(m, on)})
        elif on <= m.end <= last:
            days = (m.end - on).days
            after = ("samme dag som mødet" if days == 0
                     else f"{count_text(days, 'dag', 'dage')} efter mødet")
            text = outcome_line(m, on)
            coming.append({"title": title, "label": m.label,
                           "text": f"{text}, {after}" if text.startswith("Frist") else text})
    return {"past": past[:MAX_MILESTONES], "coming": coming[:MAX_MILESTONES],
            "more": max(0, len(past) - MAX_MILESTONES) + max(0, len(coming) - MAX_MILESTONES)}


# --- joint efforts: the municipalities' roll-up on the day ---------------------------------

def joint_rollups(initiatives: list[Initiative], on: date) -> dict[int, dict[str, Any]]:
    """Per initiative id that is a joint effort: "4 af 29 beslutning i kommunalbestyrelsen",
    from the approved reports dated on or before `on` (joint.rollup's counting)."""
    from kkrmonitor.joint.matrix import load_batch
    from kkrmonitor.joint.models import JointInitiative, StageReport

    joints = list(JointInitiative.objects.filter(initiative__in=initiatives)
                  .select_related("initiative__recommendation__programme__council"))
    if not joints:
        return {}
    batch = load_batch(joints, with_reports=False)
    for report in (StageReport.objects.filter(initiative_id__in=[j.pk for j in joints],
                                              state=StageReport.State.APPROVED, as_of__lte=on)
                   .order_by("-as_of", "-id")):
        batch.approved.setdefault((report.initiative_id, report.municipality_id), report)
    out = {}
    for joint in joints:
        stats = batch.rollup(joint, on)
        if not stats.total:
            continue
        reached = [s.sentence for s in stats.per_stage if s.count]
        unreported = (f"{stats.not_reported} af {stats.total} har ikke indberettet"
                      if stats.not_reported else "")
        out[joint.pk] = {
            "title": _one_line(joint.initiative.title),
            "text": "; ".join([*reached, *([unreported] if unreported else [])]),
            "on_track": f"{stats.on_track_sentence} (frist {danish_date(joint.deadline)})",
        }
    return out


# --- portfolios: projects that changed stage, and their events ----------------------------

def portfolio_movement(council_id: int, since: date | None, on: date) -> list[dict[str, Any]]:
    """Per portfolio of the council: the projects that changed stage between `since` and `on`
    ("»Kystbanen« er gået fra Analyse til Miljøvurdering") and their dated events."""
    from kkrmonitor.joint.models import Portfolio, Project, ProjectEvent

    if since is None:
        return []
    portfolios = list(Portfolio.objects.filter(council_id=council_id).order_by("name"))
    projects = {p.pk: p for p in Project.objects.filter(portfolio__in=portfolios)}
    lines: dict[int, list[str]] = defaultdict(list)
    moves = (AuditEvent.objects.filter(object_type="project", action="update",
                                       object_id__in=[str(pk) for pk in projects],
                                       at__gte=start_of(since), at__lt=start_of(on))
             .exclude(channel="import").order_by("at", "id"))
    for event in moves:
        stage = event.changes.get("stage_id", event.changes.get("stage"))  # stage names
        if not (isinstance(stage, list) and len(stage) == 2 and stage[1]):
            continue
        project = projects[int(event.object_id)]
        name = _one_line(project.name)
        moved = (f"»{name}« er gået fra {stage[0]} til {stage[1]}" if stage[0]
                 else f"»{name}« er nu i fasen {stage[1]}")
        lines[project.portfolio_id].append(
            f"{moved} ({danish_date(timezone.localdate(event.at))}).")
    for item in (ProjectEvent.objects.filter(project_id__in=list(projects), date__gte=since,
                                             date__lt=on).order_by("date", "id")):
        project = projects[item.project_id]
        lines[project.portfolio_id].append(
            finish(f"»{_one_line(project.name)}«, {danish_date(item.date)}: "
                   f"{_one_line(item.text)}"))
    return [{"name": p.name, "lines": lines[p.pk]} for p in portfolios if lines[p.pk]]


# --- indicators: the latest figure for the council with source and date -------------------

def _number(value: float) -> str:
    from kkrmonitor.indicators.templatetags.indicator_tags import danish_number

    return danish_number(value, 1)


def indicator_figures(recommendation_ids: list[int], council_id: int,
                      on: date) -> dict[int, list[dict[str, Any]]]:
    """Per recommendation id: its indicators that have a figure for the council (else for the
    whole country) for a period begun on or before `on`, with the figure's source and period."""
    from kkrmonitor.indicators.models import Area, Indicator, Observation
    from kkrmonitor.indicators.periods import parse_period

    areas = {a.kind: a for a in Area.objects.filter(council_id=council_id)}
    areas.update({a.kind: a for a in Area.objects.filter(kind=Area.Kind.COUNTRY)})
    council_area, country = areas.get(Area.Kind.COUNCIL), areas.get(Area.Kind.COUNTRY)
    links = Indicator.recommendations.through.objects.filter(
        recommendation_id__in=recommendation_ids).values_list("recommendation_id",
                                                              "indicator_id")
    by_indicator: dict[int, list[int]] = defaultdict(list)
    for rec_id, indicator_id in links:
        by_indicator[indicator_id].append(rec_id)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for indicator in Indicator.objects.filter(pk__in=list(by_indicator)).order_by("name"):
        for area in (council_area, country):
            if area is None:
                continue
            found = (Observation.objects.filter(indicator=indicator, area=area,
                                                period_start__lte=on, value__isnull=False)
                     .order_by("-period_start", "-period").first())
            if found is None or found.value is None:
                continue
            source = _one_line(indicator.source) or SOURCE_WORDS.get(found.source, "")
            figure = {
                "name": _one_line(indicator.name),
                "value_text": f"{_number(found.value)} {indicator.unit}".strip(),
                "area": area.name,
                "period": parse_period(found.period).label,
                "source": source,
                "retrieved": danish_date(timezone.localdate(found.retrieved_at)),
            }
            for rec_id in by_indicator[indicator.pk]:
                out[rec_id].append(figure)
            break
    return out
