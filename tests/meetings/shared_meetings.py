"""The permission checks a meeting kept by two councils' editors needs, whatever makes it shared
(Sundhedskoordinationsforum's meetings, a joint meeting of two KKRs): each test module lists its
endpoints and its world, and calls these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from kkrmonitor.programme.models import AuditEvent


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    probe: Callable[[Any], Any]  # what the write changes, read back


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
