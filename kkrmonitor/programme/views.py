"""Public pages, readable without login. Thin function views: each fetches what its page shows
with a fixed number of queries (select_related/prefetch_related), whatever the size of the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import orjson
from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.access import Access, access_for
from kkrmonitor.indicators.queries import indicators_with_latest_period
from kkrmonitor.joint.models import SharedInitiative, initiatives_shared_with
from kkrmonitor.meetings import deadlines
from kkrmonitor.programme import milestone_rows
from kkrmonitor.programme.export import export_programme
from kkrmonitor.programme.history import default_changes_since
from kkrmonitor.programme.models import (
    Actor,
    Council,
    Initiative,
    Milestone,
    MilestoneQuerySet,
    MilestoneState,
    Municipality,
    Programme,
    Publication,
    Recommendation,
    StatusUpdate,
    stale_cutoff,
    stale_q,
)
from kkrmonitor.programme.related import related_groups
from kkrmonitor.web.helpers import Crumbs, crumbs

M = TypeVar("M", Milestone, milestone_rows.MilestoneRow)


def is_upcoming(milestone: Milestone | milestone_rows.MilestoneRow, today: date) -> bool:
    """Not yet over: no outcome registered, and its window ends today or later, or it has no end
    and begins today or later."""
    if milestone.state in (MilestoneState.REACHED, MilestoneState.DROPPED, MilestoneState.MISSED):
        return False
    if milestone.end is not None:
        return milestone.end >= today
    return milestone.start is not None and milestone.start >= today


def _chronological(row: Milestone | milestone_rows.MilestoneRow) -> tuple[date, date, int]:
    return (row.sort_date, row.start or date.min, row.pk or 0)


def next_milestone(milestones: Iterable[M], today: date) -> M | None:
    """The earliest milestone still to come (by the end of its window, or its start if open)."""
    return min((m for m in milestones if is_upcoming(m, today)), key=_chronological, default=None)


@dataclass(frozen=True)
class OverviewRow:
    recommendation: Recommendation
    next_milestone: Milestone | None


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    stale: bool
    # For an initiative run in every municipality: the matrix roll-up ("0 af 29 overdraget"),
    # shown beside the progress typed in its status, each labelled, so the two never pass
    # for one figure.
    municipalities: str = ""


def _municipality_rollups(initiatives: list[Initiative], access: Access,
                          today: date) -> dict[int, str]:
    """The final-stage sentence of each joint effort among `initiatives`, by initiative id."""
    from kkrmonitor.joint.matrix import build_matrix, visible_joints

    result: dict[int, str] = {}
    for joint in visible_joints(access).filter(initiative__in=initiatives):
        final = build_matrix(joint, access, today).rollup.final
        if final is not None:
            result[joint.pk] = f"{final.sentence} ({final.share} %)"
    return result


@dataclass(frozen=True)
class CouncilRow:
    council: Council
    spans: list[Council]
    municipality_count: int


def programme_crumbs(programme: Programme) -> Crumbs:
    """Forside › council › Arbejdsprogram 2026-2029, each a link."""
    return crumbs(
        (programme.council.name, programme.council.get_absolute_url()),
        (f"Arbejdsprogram {programme.term}", programme.get_absolute_url()),
    )


def visible_initiatives(access: Access) -> QuerySet[Initiative]:
    """Initiatives as the public pages show them: published only for the public, with who
    confirmed them and the narrative of their latest published status update."""
    # A status dated in the future is not the latest before its day.
    latest = (StatusUpdate.objects.filter(initiative=OuterRef("pk"),
                                          publication=Publication.PUBLISHED,
                                          as_of__lte=timezone.localdate())
              .order_by("-as_of", "-published_at", "-id"))
    initiatives = (Initiative.objects.select_related("confirmed_by").prefetch_related("actors")
                   .annotate(latest_narrative=Subquery(latest.values("narrative")[:1]),
                             latest_as_of=Subquery(latest.values("as_of")[:1]))
                   .order_by("id"))
    return initiatives.visible_to(access)


def programme_or_404(council: str, term: str) -> Programme:
    start, _sep, end = term.partition("-")
    if not (start.isdigit() and end.isdigit()):
        raise Http404("Ukendt valgperiode")
    return get_object_or_404(Programme.objects.select_related("council"),
                             council__slug=council, term_start=int(start), term_end=int(end))


def visible_milestones(milestones: Iterable[Milestone], access: Access) -> list[Milestone]:
    """Milestone.objects.visible_to's rule for loaded milestones (needs `initiative` loaded)."""
    return [m for m in milestones if MilestoneQuerySet.is_visible(m, access)]


def _programme_page(request: HttpRequest, programme: Programme, crumbs: Crumbs) -> HttpResponse:
    today = timezone.localdate()
    recommendations = programme.recommendations.annotate(
        stale_count=Count("initiatives",
                          filter=Q(initiatives__publication=Publication.PUBLISHED)
                          & stale_q(stale_cutoff(), "initiatives__")),
    ).prefetch_related("actors").order_by("number")
    access = access_for(request)
    # The next milestone of each recommendation and the deadlines are chosen from plain rows;
    # only the chosen milestones are loaded.
    rows = milestone_rows.programme_rows(programme, access)
    by_recommendation: dict[int, list[milestone_rows.MilestoneRow]] = {}
    for row in rows:
        by_recommendation.setdefault(row.recommendation_id, []).append(row)
    nexts = {rec_id: next_milestone(listed, today)
             for rec_id, listed in by_recommendation.items()}
    found = deadlines.lists(rows, today)
    shown = [d.milestone.pk for listed in (found.upcoming, found.overdue, found.unregistered)
             for d in listed[:DEADLINES_SHOWN]]
    chosen = milestone_rows.load(
        [row.pk for row in nexts.values() if row is not None] + shown, programme)
    overview = []
    for rec in recommendations:
        rec.programme = programme  # links need programme.council: reuse what is loaded
        next_row = nexts.get(rec.pk)
        overview.append(OverviewRow(rec, None if next_row is None else chosen[next_row.pk]))
    preamble = programme.preamble
    if programme.approved_on and programme.approval_text:
        # The page states the approval right under the title; don't repeat the sentence.
        preamble = preamble.replace(programme.approval_text, "").strip()
    return render(request, "programme/programme.html", {
        "programme": programme,
        "preamble": preamble,
        "council": programme.council,
        "rows": overview,
        **_deadline_lists(found, programme.council, chosen),
        "changes_since": default_changes_since(programme, today),
        "crumbs": crumbs,
        "section": "programme",
    })


# The overview and recommendation pages show this many deadlines of each kind and link to the
# council's deadline page for the rest; a long list would bury the recommendations.
DEADLINES_SHOWN = 10


def _deadline_lists(found: deadlines.Lists, council: Council,
                    loaded: dict[int, Milestone] | None = None) -> dict[str, object]:
    """The first DEADLINES_SHOWN of each list, each list's total and the link to them all;
    with `loaded`, the shown deadlines' rows replaced by those milestones."""
    context: dict[str, object] = {
        "all_deadlines_url": reverse("deadlines", args=[council.slug])}
    for kind in ("upcoming", "overdue", "unregistered"):
        listed: list[deadlines.Deadline] = getattr(found, kind)
        shown = listed[:DEADLINES_SHOWN]
        context[kind] = shown if loaded is None else milestone_rows.with_milestones(shown, loaded)
        context[f"{kind}_total"] = len(listed)
    return context


def home(request: HttpRequest) -> HttpResponse:
    """The default council's most recent programme, or how to import one."""
    programme = Programme.objects.select_related("council").filter(
        council__slug=settings.KKR_DEFAULT_COUNCIL).current()
    if programme is None:
        return render(request, "programme/no_programme.html", {
            "council": Council.objects.filter(slug=settings.KKR_DEFAULT_COUNCIL).first(),
            "council_slug": settings.KKR_DEFAULT_COUNCIL,
            "section": "programme",
        })
    return _programme_page(request, programme, crumbs=[])


def programme(request: HttpRequest, council: str, term: str) -> HttpResponse:
    obj = programme_or_404(council, term)
    return _programme_page(request, obj, crumbs=crumbs(
        (obj.council.name, obj.council.get_absolute_url()),
        (f"Arbejdsprogram {obj.term}", None),
    ))


def programme_json(request: HttpRequest, council: str, term: str) -> HttpResponse:
    """The open-data export, the same dict `kkr export_programme` writes."""
    data = export_programme(programme_or_404(council, term), access_for(request))
    # orjson writes exactly what json.dumps(data, ensure_ascii=False, indent=2) writes (a test
    # compares them), much faster.
    return HttpResponse(orjson.dumps(data, option=orjson.OPT_INDENT_2),
                        content_type="application/json; charset=utf-8")


def recommendation(request: HttpRequest, council: str, term: str, number: int) -> HttpResponse:
    programme = programme_or_404(council, term)
    access = access_for(request)
    rec = get_object_or_404(
        Recommendation.objects.prefetch_related(
            Prefetch("actors", queryset=Actor.objects.select_related("council")),
            # One query for the milestones with their initiative and obligation joined.
            Prefetch("milestones", queryset=Milestone.objects.select_related(
                "initiative", "obligation")),
            "history", "obligations",
            "external_events",
            Prefetch("indicators", queryset=indicators_with_latest_period()),
            Prefetch("initiatives", queryset=visible_initiatives(access).select_related(
                "joint").prefetch_related(
                Prefetch("shared", queryset=SharedInitiative.objects.select_related("council")
                         .order_by("council__name")))),
        ),
        programme=programme, number=number,
    )
    rec.programme = programme
    numbers = list(programme.recommendations.order_by("number").values_list("number", flat=True))
    index = numbers.index(rec.number)
    now = timezone.now()
    today = timezone.localdate()
    listed = list(rec.initiatives.all())
    rollups = _municipality_rollups(listed, access, today)
    initiatives = [InitiativeRow(i, i.is_stale(now), rollups.get(i.pk, "")) for i in listed]
    milestones = visible_milestones(rec.milestones.all(), access)
    return render(request, "programme/recommendation.html", {
        "programme": programme,
        "council": programme.council,
        "recommendation": rec,
        "milestones": sorted(milestones, key=_chronological),
        **_deadline_lists(deadlines.lists(milestones, today), programme.council),
        "indicators": rec.indicators.all(),
        "obligations": rec.obligations.all(),
        "external_events": rec.external_events.all(),
        "history": sorted(rec.history.all(),
                          key=lambda h: (h.start or h.end or date.min, h.pk)),
        "initiatives": initiatives,
        "related": related_groups(rec, access, [row.initiative for row in initiatives]),
        "stale_count": sum(1 for row in initiatives
                           if row.stale and row.initiative.publication == Publication.PUBLISHED),
        "stale_days": settings.KKR_STALE_AFTER_DAYS,
        "changes_since": default_changes_since(programme, today),
        "previous_number": numbers[index - 1] if index > 0 else None,
        "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        "count": len(numbers),
        "today": today,
        "crumbs": [
            *programme_crumbs(programme),
            (f"Anbefaling {rec.number}", None),
        ],
        "section": "programme",
    })


def open_data(request: HttpRequest) -> HttpResponse:
    """Where to fetch everything as data: the programme files, the API and the calendars."""
    programmes = Programme.objects.select_related("council").order_by("council__name",
                                                                       "-term_start")
    return render(request, "programme/open_data.html", {
        "programmes": programmes,
        "crumbs": crumbs(("Åbne data", None)),
    })


def actor_list(request: HttpRequest) -> HttpResponse:
    actors = Actor.objects.annotate(recommendation_count=Count("recommendations")).order_by("name")
    return render(request, "programme/actor_list.html", {
        "actors": actors,
        "crumbs": crumbs(("Aktører", None)),
        "section": "actors",
    })


def actor(request: HttpRequest, slug: str) -> HttpResponse:
    recommendations = Recommendation.objects.select_related("programme__council").order_by(
        "programme__council__name", "-programme__term_start", "number")
    obj = get_object_or_404(
        Actor.objects.select_related("council").prefetch_related(
            Prefetch("recommendations", queryset=recommendations)),
        slug=slug,
    )
    return render(request, "programme/actor.html", {
        "actor": obj,
        "recommendations": obj.recommendations.all(),
        "crumbs": crumbs(("Aktører", reverse("actor_list")), (obj.name, None)),
        "section": "actors",
    })


def council_list(request: HttpRequest) -> HttpResponse:
    counted = Council.objects.annotate(municipality_count=Count("municipalities"))
    councils = counted.prefetch_related(
        Prefetch("spans", queryset=counted.order_by("name")),
        Prefetch("programmes", queryset=Programme.objects.order_by("-term_start")),
    ).order_by("-kind", "name")  # the KKRs first, then the forums spanning them
    rows = []
    for item in councils:
        spans = list(item.spans.all())
        count = (sum(s.municipality_count for s in spans)  # type: ignore[attr-defined]  # Prefetch
                 if item.kind == Council.Kind.FORUM else item.municipality_count)
        rows.append(CouncilRow(item, spans, count))
    return render(request, "programme/council_list.html", {
        "rows": rows,
        "crumbs": crumbs(("Råd og kommuner", None)),
        "section": "councils",
    })


def council(request: HttpRequest, slug: str) -> HttpResponse:
    by_code = Municipality.objects.order_by("code")
    obj = get_object_or_404(
        Council.objects.select_related("as_actor").prefetch_related(
            Prefetch("municipalities", queryset=by_code),
            Prefetch("spans", queryset=Council.objects.order_by("name").prefetch_related(
                Prefetch("municipalities", queryset=by_code))),
            Prefetch("forums", queryset=Council.objects.order_by("name")),
            Prefetch("programmes", queryset=Programme.objects.order_by("-term_start")),
        ),
        slug=slug,
    )
    # A forum has no municipalities of its own: it has those of the councils it spans.
    spanned = list(obj.spans.all())
    if obj.kind == Council.Kind.FORUM:
        municipality_count = sum(len(c.municipalities.all()) for c in spanned)
    else:
        municipality_count = len(obj.municipalities.all())
    programmes = list(obj.programmes.all())
    for item in programmes:
        item.council = obj
    # Initiatives of other councils' programmes that this council takes part in (e.g. KKR
    # Hovedstaden's recommendation 8, shared with KKR Sjælland).
    shared = initiatives_shared_with(obj).visible_to(access_for(request)).order_by(
        "recommendation__programme__council__name", "recommendation__number", "title")
    # And the owner's side: its own initiatives other councils share, with whom.
    shares = (visible_initiatives(access_for(request))
              .filter(recommendation__programme__council=obj, shared__isnull=False)
              .exclude(shared__council=obj).distinct()
              .select_related("recommendation__programme__council")
              .prefetch_related(Prefetch("shared", queryset=SharedInitiative.objects
                                         .exclude(council=obj).select_related("council")
                                         .order_by("council__name")))
              .order_by("recommendation__number", "title"))
    return render(request, "programme/council.html", {
        "shared_initiatives": list(shared),
        "own_shared_initiatives": list(shares),
        "council": obj,
        "as_actor": getattr(obj, "as_actor", None),
        "spanned": spanned,
        "municipality_count": municipality_count,
        "programmes": programmes,
        "crumbs": crumbs(("Råd og kommuner", reverse("council_list")), (obj.name, None)),
        "section": "councils",
    })
