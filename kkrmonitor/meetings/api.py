"""Open data on council meetings, their agenda items and decisions (/api/...).

Meetings and decisions are public; an agenda item's link to an initiative that is still a draft
is left out for the public, as on the meeting page."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kkrmonitor.access import access_for
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.programme.models import Council, Initiative, Recommendation

router = Router()


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


def _meetings(request: HttpRequest):
    initiatives = access_for(request).published(Initiative.objects.only("id", "publication"))
    items = AgendaItem.objects.prefetch_related(
        "decisions", Prefetch("initiatives", queryset=initiatives),
        Prefetch("recommendations", queryset=Recommendation.objects.select_related(
            "programme"))).order_by("number", "id")
    return Meeting.objects.select_related("council").prefetch_related(
        Prefetch("agenda_items", queryset=items))


def _meeting(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk, "council": m.council.slug, "title": m.title, "date": m.date,
        "start_time": m.start_time, "place": m.place, "state": m.state,
        "url": m.get_absolute_url(),
        "agenda_items": [{
            "number": item.number, "title": item.title, "kind": item.kind,
            "case_text": item.case_text,
            "recommendations": [f"{r.programme.term}/{r.number}"
                                for r in item.recommendations.all()],
            "initiatives": [i.pk for i in item.initiatives.all()],
            "decisions": [d.text for d in item.decisions.all()],
        } for item in m.agenda_items.all()],
    }


@router.get("/moeder/{council}", response=list[MeetingOut],
            summary="Et råds møder med dagsorden og beslutninger")
def meetings(request: HttpRequest, council: str) -> list[dict[str, Any]]:
    found = get_object_or_404(Council, slug=council)
    return [_meeting(m) for m in _meetings(request).filter(council=found)]


@router.get("/moede/{meeting_id}", response=MeetingOut, summary="Ét møde")
def meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _meeting(get_object_or_404(_meetings(request), pk=meeting_id))
