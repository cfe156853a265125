"""Open data on councils, programmes, initiatives and their change history (/api/...).

What a caller gets is what the pages show them: the public sees published initiatives, their
published status and public history events only (`kkrmonitor.access.Access`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kkrmonitor import paging
from kkrmonitor.access import access_for
from kkrmonitor.audit import labels
from kkrmonitor.programme.export import export_programme
from kkrmonitor.programme.history import (
    ordered_changes,
    programme_changes_since,
    summary_text,
)
from kkrmonitor.programme.models import (
    Council,
    Initiative,
    Municipality,
    Programme,
    StatusUpdate,
)
from kkrmonitor.programme.views import programme_or_404

router = Router()

MAX_CHANGES = 1000
CHANGES_PAGE = 100
INITIATIVES_PAGE = 25
MAX_INITIATIVES = 500


class MunicipalityOut(Schema):
    code: str
    name: str
    slug: str
    council: str


class ProgrammeRef(Schema):
    council: str
    term: str
    title: str
    approved_on: date | None
    recommendations: int
    url: str
    json_url: str


class CouncilOut(Schema):
    slug: str
    name: str
    kind: str
    region_name: str
    source: str
    municipalities: list[MunicipalityOut]
    spans: list[str]


class StatusUpdateOut(Schema):
    status: str
    progress: int
    narrative: str
    as_of: date
    published_at: datetime | None


class InitiativeOut(Schema):
    id: int
    recommendation: int
    title: str
    description: str
    owner: str
    status: str
    progress: int
    publication: str
    confirmed_at: datetime | None
    confirmed_by: str | None
    status_updates: list[StatusUpdateOut]
    history_url: str


class FieldChangeOut(Schema):
    field: str = Field(description="Feltets navn i data, fx `joint.start` eller `status`.")
    label: str = Field(description="Feltets navn på dansk, fx »Fælles indsats: start«.")
    before: Any = Field(description="Værdien før, som gemt (null: ingen værdi).")
    after: Any = Field(description="Værdien efter, som gemt (null: ingen værdi).")
    before_text: str = Field(description="Værdien før, som den læses på dansk (»–«: ingen).")
    after_text: str = Field(description="Værdien efter, som den læses på dansk (»–«: ingen).")


class ChangeOut(Schema):
    at: datetime
    by: str
    summary: str
    recommendation_id: int | None
    initiative_id: int | None
    changes: dict[str, list[Any]] = Field(
        description="De ændrede felter med dansk navn: {navn: [før, efter]} som læsbar tekst.")
    fields: list[FieldChangeOut] = Field(
        description="De samme ændringer med feltets navn i data, dets danske navn og værdierne "
                    "både som gemt og som læsbar tekst.")


def _programme_ref(programme: Programme) -> dict[str, Any]:
    return {
        "council": programme.council.slug, "term": programme.term, "title": programme.title,
        "approved_on": programme.approved_on,
        "recommendations": programme.recommendation_count,  # type: ignore[attr-defined]  # annotated
        "url": programme.get_absolute_url(),
        "json_url": f"/api/program/{programme.council.slug}/{programme.term}",
    }


@router.get("/raad", response=list[CouncilOut], summary="Råd og deres medlemskommuner")
def councils(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Council.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("council")),
        "spans")
    return [{
        "slug": c.slug, "name": c.name, "kind": c.kind, "region_name": c.region_name,
        "source": c.source,
        "municipalities": [{"code": m.code, "name": m.name, "slug": m.slug,
                            "council": m.council.slug} for m in c.municipalities.all()],
        "spans": [s.slug for s in c.spans.all()],
    } for c in rows]


@router.get("/program", response=list[ProgrammeRef], summary="Alle arbejdsprogrammer")
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    rows = (Programme.objects.select_related("council")
            .annotate(recommendation_count=Count("recommendations")))
    return [_programme_ref(p) for p in rows]


@router.get("/program/{council}/{term}", summary="Et arbejdsprogram",
            description="Samme form som `kkr export_programme` og /program/<råd>/<periode>.json: "
                        "anbefalinger med aktører, milepæle, historik og indsatser.")
def programme(request: HttpRequest, council: str, term: str) -> dict[str, Any]:
    return export_programme(programme_or_404(council, term), access_for(request))


@router.get("/program/{council}/{term}/indsatser", response=list[InitiativeOut],
            summary="Programmets indsatser med status og statusopdateringer",
            openapi_extra=paging.OPENAPI,
            description=f"Efter anbefaling, {INITIATIVES_PAGE} pr. side (højst "
                        f"{MAX_INITIATIVES} med `limit`); næste side står i Link-headeren og "
                        "antallet i alt i X-Total-Count.")
def initiatives(request: HttpRequest, council: str, term: str,
                limit: int = paging.limit_param(INITIATIVES_PAGE, MAX_INITIATIVES),
                offset: int = paging.offset_param()) -> HttpResponse:
    """Built from plain rows and written out directly: a national programme has thousands of
    initiatives and status updates, and making a model instance and a validated schema object of
    each cost most of the time. The output is the schema's, field for field (tests compare it
    with the one-initiative endpoint, which goes through the schema)."""
    access = access_for(request)
    found = programme_or_404(council, term)
    at = paging.page(limit, offset, MAX_INITIATIVES)
    visible = (Initiative.objects.visible_to(access).filter(recommendation__programme=found)
               .order_by("recommendation__number", "id"))
    rows = list(visible.values_list(
        "id", "recommendation__number", "title", "description", "owner", "status", "progress",
        "publication", "confirmed_at", "confirmed_by__full_name")[at.offset:at.end])
    total = paging.total(len(rows), at, visible.count)
    updates: dict[int, list[dict[str, Any]]] = {row[0]: [] for row in rows}
    for initiative_id, *update in (
            access.published(StatusUpdate.objects.filter(initiative_id__in=list(updates)))
            .order_by("-as_of", "-id")  # StatusUpdate.Meta.ordering, as the single endpoint
            .values_list("initiative_id", "status", "progress", "narrative", "as_of",
                         "published_at")):
        updates[initiative_id].append(dict(zip(UPDATE_FIELDS, update, strict=True)))
    out = [{"id": pk, "recommendation": number, "title": title, "description": description,
            "owner": owner, "status": status, "progress": progress, "publication": publication,
            "confirmed_at": confirmed_at, "confirmed_by": confirmed_by,
            "status_updates": updates[pk], "history_url": f"/historik/indsats/{pk}/"}
           for (pk, number, title, description, owner, status, progress, publication,
                confirmed_at, confirmed_by) in rows]
    return paging.paged(request, out, total, at)


UPDATE_FIELDS = ("status", "progress", "narrative", "as_of", "published_at")


@router.get("/indsats/{id:initiative_id}", response=InitiativeOut, summary="Én indsats")
def initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    access = access_for(request)
    updates = access.published(StatusUpdate.objects.all())
    found = get_object_or_404(
        Initiative.objects.visible_to(access).select_related("recommendation", "confirmed_by")
        .prefetch_related(Prefetch("status_updates", queryset=updates)),
        pk=initiative_id)
    return _initiative(found)


def _initiative(i: Initiative) -> dict[str, Any]:
    return {
        "id": i.pk, "recommendation": i.recommendation.number, "title": i.title,
        "description": i.description, "owner": i.owner, "status": i.status,
        "progress": i.progress, "publication": i.publication,
        "confirmed_at": i.confirmed_at,
        "confirmed_by": i.confirmed_by.full_name if i.confirmed_by else None,
        "status_updates": [{"status": u.status, "progress": u.progress,
                            "narrative": u.narrative, "as_of": u.as_of,
                            "published_at": u.published_at}
                           for u in i.status_updates.all()],
        "history_url": f"/historik/indsats/{i.pk}/",
    }


@router.get("/program/{council}/{term}/aendringer", response=list[ChangeOut],
            summary="Ændringer i programmet siden en dato", openapi_extra=paging.OPENAPI,
            description=f"Nyeste først, {CHANGES_PAGE} pr. side (højst {MAX_CHANGES} med "
                        "`limit`); næste side står i Link-headeren og antallet i alt i "
                        "X-Total-Count. `siden` er en dato (ÅÅÅÅ-MM-DD).")
def changes(request: HttpRequest, council: str, term: str, siden: date,
            limit: int = paging.limit_param(CHANGES_PAGE, MAX_CHANGES),
            offset: int = paging.offset_param()) -> HttpResponse:
    """Read as plain rows, one page at a time: a national programme has thousands of events,
    and describing each as a model instance and validating it as a schema object cost most of
    the time. The rows are the schema's, field for field."""
    found = programme_or_404(council, term)
    if siden > date.today():
        raise HttpError(400, "Datoen 'siden' ligger i fremtiden.")
    at = paging.page(limit, offset, MAX_CHANGES)
    events = programme_changes_since(access_for(request), found, siden)
    rows = events.values_list("at", "actor_label", "action", "object_type", "object_repr",
                              "recommendation_id", "initiative_id", "changes")
    texts = _ValueTexts()
    result = []
    for (moment, actor, action, object_type, object_repr, recommendation_id, initiative_id,
         stored) in rows[at.offset:at.end]:
        fields = _fields(stored, object_type, texts)
        result.append({
            "at": moment, "by": labels.author_text(actor),
            "summary": summary_text(object_type, action, object_repr),
            "recommendation_id": recommendation_id, "initiative_id": initiative_id,
            "changes": {f["label"]: [f["before_text"], f["after_text"]] for f in fields},
            "fields": fields,
        })
    total = paging.total(len(result), at, events.count)
    return paging.paged(request, result, total, at)


def _fields(stored: dict[str, Any], object_type: str, texts: _ValueTexts) -> list[dict[str, Any]]:
    """The event's changed fields in reading order, without hidden ones and without those whose
    before and after read the same (as the history pages, `describe`)."""
    out = []
    for key, value in ordered_changes(stored):
        if labels.is_hidden(key, object_type) or not isinstance(value, list) or len(value) != 2:
            continue
        before, after = texts(key, value[0], object_type), texts(key, value[1], object_type)
        if before != after:
            out.append({"field": key, "label": labels.field_label(key, object_type),
                        "before": value[0], "after": value[1],
                        "before_text": before, "after_text": after})
    return out


class _ValueTexts:
    """labels.value_text, remembered within one answer: the same statuses, dates and names
    come back on many rows."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str, str], str] = {}

    def __call__(self, key: str, value: Any, object_type: str) -> str:
        if isinstance(value, (list, dict)):
            return labels.value_text(key, value, object_type)
        ident = (key, f"{type(value).__name__}:{value}", object_type)
        if ident not in self.known:
            self.known[ident] = labels.value_text(key, value, object_type)
        return self.known[ident]
