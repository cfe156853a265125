"""The open-data export of a programme: a plain dict that serialises to the documented JSON."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet

from kkrmonitor.access import Access
from kkrmonitor.programme.models import (
    DateWindowFields,
    Initiative,
    Milestone,
    Programme,
    Recommendation,
    RecommendationActor,
)
from kkrmonitor.registers.models import Register


def _window(row: DateWindowFields) -> dict[str, Any]:
    return {
        "start": row.start.isoformat() if row.start else None,
        "end": row.end.isoformat() if row.end else None,
        "label": row.label,
    }


def export_programme(programme: Programme, access: Access | None = None) -> dict[str, Any]:
    """The whole programme (`kkr export_programme`), or, given the caller's `access`, what that
    caller may see: the public gets published initiatives and their milestones only."""
    initiatives = Initiative.objects.prefetch_related("actors")
    milestones = Milestone.objects.all()
    registers = Register.objects.select_related("council").order_by("title")
    if access is not None:
        initiatives = initiatives.visible_to(access)
        milestones = milestones.visible_to(access)
        registers = registers.visible_to(access)
    recommendations = programme.recommendations.prefetch_related(
        Prefetch("recommendationactor_set",
                 queryset=RecommendationActor.objects.select_related("actor")
                 .order_by("actor__name")),
        "history", "obligations",
        "external_events",
        Prefetch("initiatives", queryset=initiatives),
        Prefetch("registers", queryset=registers),
    )
    by_recommendation = _milestones(milestones, programme)
    return {
        "council": programme.council.slug,
        "council_name": programme.council.name,
        "term": programme.term,
        "title": programme.title,
        "approved_on": programme.approved_on.isoformat() if programme.approved_on else None,
        "source": {"filename": programme.source_filename, "sha256": programme.source_sha256},
        "recommendations": [_recommendation(rec, by_recommendation[rec.pk])
                             for rec in recommendations],
    }


def _milestones(milestones: QuerySet[Milestone],
                programme: Programme) -> defaultdict[int, list[dict[str, Any]]]:
    """The programme's milestones per recommendation, in their order, from plain rows: a
    national programme has thousands, and a model instance of each cost most of the export."""
    by_recommendation: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for rec_id, title, start, end, label, state, state_on, obligation in (
            milestones.filter(recommendation__programme=programme)
            .order_by("end", "start", "id")  # Milestone.Meta.ordering, as the prefetch had
            .values_list("recommendation_id", "title", "start", "end", "label", "state",
                         "state_on", "obligation__title")):
        by_recommendation[rec_id].append({
            "title": title, "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None, "label": label, "state": state,
            "state_on": state_on.isoformat() if state_on else None, "obligation": obligation})
    return by_recommendation


def _recommendation(rec: Recommendation, milestones: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "number": rec.number,
        "headline": rec.headline,
        "body": rec.body,
        "theme": rec.theme,
        "actors": [link.actor.name for link in rec.recommendationactor_set.all()],
        "milestones": milestones,
        "history": [{**_window(h), "text": h.text} for h in rec.history.all()],
        # Recurring work of the council; its occurrences are the milestones that name it.
        "obligations": [
            {"title": o.title, "description": o.description, "rhythm": o.rhythm,
             "first_year": o.first_year, "usual_window": o.usual_window,
             "time_is_expected": o.is_expected, "source": o.source}
            for o in rec.obligations.all()
        ],
        # Dated changes in the world the recommendation responds to: context, not deadlines.
        "events": [
            {"title": e.title, "description": e.description, **_window(e), "source": e.source}
            for e in rec.external_events.all()
        ],
        "initiatives": [
            {"title": i.title, "description": i.description, "owner": i.owner,
             "actors": [a.name for a in i.actors.all()], "weight": i.weight, **_window(i)}
            for i in rec.initiatives.all()
        ],
        # The council's registers under the recommendation (GET /api/registre/{slug}).
        "registers": [{"slug": r.slug, "title": r.title, "url": r.get_absolute_url()}
                      for r in rec.registers.all()],
    }
