"""The permission checks a meeting kept by two councils' editors needs, whatever makes it shared
(Sundhedskoordinationsforum's meetings, a joint meeting of two KKRs): each test module lists its
endpoints and its world, and calls these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import AuditEvent


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    probe: Callable[[Any], Any]  # what the write changes, read back


def meeting_endpoints(decision_text: str,
                      edit_fields: Callable[[Any], dict[str, str]] = lambda w: {},
                      ) -> list[Endpoint]:
    """Editing the meeting (with `edit_fields(world)` besides the form's usual ones), adding and
    editing an agenda item naming recommendation 9 of the world (`r9`), and recording a
    decision on its item (`item`): the writes of a meeting kept by two councils."""
    return [
        Endpoint("meeting_edit", lambda w: reverse("meeting_edit", args=[w.meeting.pk]),
                 lambda w: {"date": "2026-05-04", "start_time": "", "place": "Hillerød",
                            "state": "planned", "title": "", "description": "", "source": "",
                            "version": "1", **edit_fields(w)},
                 lambda w: Meeting.objects.get(pk=w.meeting.pk).place),
        Endpoint("agenda_item_create",
                 lambda w: reverse("agenda_item_create", args=[w.meeting.pk]),
                 lambda w: {"number": "2", "title": "Region Østdanmark", "kind": "orientering",
                            "case_text": "", "recommendations": [str(w.r9.pk)]},
                 lambda w: AgendaItem.objects.filter(meeting=w.meeting).count()),
        Endpoint("agenda_item_edit", lambda w: reverse("agenda_item_edit", args=[w.item.pk]),
                 lambda w: {"number": "1", "title": "Sundhedsrådene", "kind": "drøftelse",
                            "case_text": "", "recommendations": [str(w.r9.pk)],
                            "version": "1"},
                 lambda w: list(AgendaItem.objects.get(pk=w.item.pk).recommendations.all())),
        Endpoint("decision_create", lambda w: reverse("decision_create", args=[w.item.pk]),
                 lambda w: {"text": decision_text},
                 lambda w: Decision.objects.count()),
    ]


def last_event() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def assert_sent_to_log_in(client: Any, endpoint: Endpoint, world: Any) -> None:
    before = endpoint.probe(world)
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert endpoint.probe(world) == before


def assert_refused(client: Any, user: Any, endpoint: Endpoint, world: Any) -> None:
    client.force_login(user)
    before, event = endpoint.probe(world), last_event()
    assert client.get(endpoint.url(world)).status_code == 403
    assert client.post(endpoint.url(world), endpoint.data(world)).status_code == 403
    assert (endpoint.probe(world), last_event()) == (before, event)


def assert_written_and_audited(client: Any, user: Any, endpoint: Endpoint, world: Any) -> None:
    client.force_login(user)
    before, event = endpoint.probe(world), last_event()
    assert client.get(endpoint.url(world)).status_code == 200
    assert client.post(endpoint.url(world), endpoint.data(world)).status_code == 302
    assert endpoint.probe(world) != before
    assert set(AuditEvent.objects.filter(id__gt=event).values_list("user_id", flat=True)) == {
        user.pk}
