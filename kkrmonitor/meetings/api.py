"""Open data on council meetings, their agenda items and decisions (/api/...).

Meetings and decisions are public; an agenda item's link to an initiative that is still a draft
is left out for the public, as on the meeting page.

A council has hundreds of meetings with thousands of agenda items, so the rows are read as plain
values (six queries, whatever the size) and written as JSON directly; the schemas below describe
the answer in the OpenAPI document."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema

from kkrmonitor import paging
from kkrmonitor.access import access_for
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import Council, Publication

router = Router()

MEETINGS_PAGE = 50
MAX_MEETINGS = 500


class AgendaItemOut(Schema):
    number: int
    title: str
    kind: str
    case_text: str
    recommendations: list[str]  # "2026-2029/7": term and number
    initiatives: list[int]
    decisions: list[str]


class MeetingOut(Schema):
    id: int
    council: str
    title: str
    date: date
    start_time: time | None
    place: str
    state: str
    url: str
    agenda_items: list[AgendaItemOut]


def _meetings_json(request: HttpRequest, meetings: Q,
                   at: paging.Page | None = None) -> tuple[list[dict[str, Any]], int]:
    """The meetings (one page of them, if `at`) and how many there are in all."""
    found = Meeting.objects.filter(meetings).order_by("date", "start_time", "id")
    values = found.values("id", "council__slug", "title", "date", "start_time", "place",
                          "state")
    rows = list(values[at.offset:at.end] if at else values)
    total = len(rows) if at is None else paging.total(len(rows), at, found.count)
    in_meetings = Q(meeting_id__in=[row["id"] for row in rows])
    if not access_for(request).sees_drafts:
        in_meetings &= Q(publication=Publication.PUBLISHED)
    items = list(AgendaItem.objects.filter(in_meetings).order_by("number", "id").values(
        "id", "meeting_id", "number", "title", "kind", "case_text"))
    by_item = Q(agenda_item__in=AgendaItem.objects.filter(in_meetings))
    decisions: dict[int, list[str]] = defaultdict(list)
    for item_id, text in Decision.objects.filter(by_item).order_by("id").values_list(
            "agenda_item_id", "text"):
        decisions[item_id].append(text)
    through_items = Q(agendaitem__in=AgendaItem.objects.filter(in_meetings))
    recommendations: dict[int, list[str]] = defaultdict(list)
    for item_id, start, end, number in (
            AgendaItem.recommendations.through.objects.filter(through_items)
            .order_by("recommendation__programme__term_start", "recommendation__number")
            .values_list("agendaitem_id", "recommendation__programme__term_start",
                         "recommendation__programme__term_end", "recommendation__number")):
        recommendations[item_id].append(f"{start}-{end}/{number}")
    links = AgendaItem.initiatives.through.objects.filter(through_items)
    if not access_for(request).sees_drafts:
        links = links.filter(initiative__publication=Publication.PUBLISHED)
    initiatives: dict[int, list[int]] = defaultdict(list)
    for item_id, initiative_id in links.order_by("initiative_id").values_list(
            "agendaitem_id", "initiative_id"):
        initiatives[item_id].append(initiative_id)
    agenda: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        agenda[item["meeting_id"]].append({
            "number": item["number"], "title": item["title"], "kind": item["kind"],
            "case_text": item["case_text"], "recommendations": recommendations[item["id"]],
            "initiatives": initiatives[item["id"]], "decisions": decisions[item["id"]],
        })
    return [{
        "id": row["id"], "council": row["council__slug"], "title": row["title"],
        "date": row["date"], "start_time": row["start_time"], "place": row["place"],
        "state": row["state"], "url": reverse("meeting", args=[row["id"]]),
        "agenda_items": agenda[row["id"]],
    } for row in rows], total


@router.get("/moeder/{council}", response=list[MeetingOut],
            summary="Et råds møder med dagsorden og beslutninger", openapi_extra=paging.OPENAPI,
            description=f"Ældste først, {MEETINGS_PAGE} pr. side (højst {MAX_MEETINGS} med "
                        "`limit`); næste side står i Link-headeren og antallet i alt i "
                        "X-Total-Count.")
def meetings(request: HttpRequest, council: str,
             limit: int = paging.limit_param(MEETINGS_PAGE, MAX_MEETINGS),
             offset: int = paging.offset_param()) -> HttpResponse:
    found = get_object_or_404(Council, slug=council)
    at = paging.page(limit, offset, MAX_MEETINGS)
    rows, total = _meetings_json(request, Q(council=found), at)
    return paging.paged(request, rows, total, at)


@router.get("/moede/{id:meeting_id}", response=MeetingOut, summary="Ét møde")
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    rows, _ = _meetings_json(request, Q(pk=meeting_id))
    if not rows:
        raise Http404("Mødet findes ikke.")
    return paging.json_response(rows[0])
