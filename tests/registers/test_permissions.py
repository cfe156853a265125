"""Every register write × every role, each pair its own test: the status code, whether the
database changed, and for every allowed write exactly one audit event naming the user.

Only editors of the register's council (KKR Hovedstaden) and administrators may write; an
editor of another council, a reader and a municipal contact get 403, anonymous visitors are
sent to log in, and nothing changes for any of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kkrmonitor.programme.models import AuditEvent
from kkrmonitor.registers import urls as register_urls
from kkrmonitor.registers.models import Column, Register, Row
from tests.registers.conftest import field

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class World:
    register: Register
    row: Row

    def args(self, *extra: Any) -> list[Any]:
        return [self.register.council.slug, self.register.slug, *extra]


@pytest.fixture
def world(appointments, appointment_row) -> World:
    return World(appointments, appointment_row)


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    probe: Callable[[World], Any]


def _row_data(w: World, post: str) -> dict[str, Any]:
    return {field(w.register, "Organ"): "Danmarks Erhvervsfremmebestyrelse",
            field(w.register, "Post"): post, field(w.register, "Periode"): "2026-2029",
            "publication": "published", "version": str(w.row.version)}


def _rows(w: World) -> list[dict[str, Any]]:
    return list(Row.objects.filter(register=w.register).order_by("pk").values_list(
        "values", flat=True))


def _registers(w: World) -> list[str]:
    return list(Register.objects.order_by("pk").values_list("title", flat=True))


ENDPOINTS = [
    Endpoint("register_create", lambda w: reverse("register_create"),
             lambda w: {"council": str(w.register.council_id),
                        "recommendation": str(w.register.recommendation_id),
                        "title": "Repræsentation i bestyrelser", "description": "",
                        "source": "Test"},
             _registers),
    Endpoint("register_row_new", lambda w: reverse("register_row_new", args=w.args()),
             lambda w: _row_data(w, "Medlem"), _rows),
    Endpoint("register_row", lambda w: reverse("register_row", args=w.args(w.row.pk)),
             lambda w: _row_data(w, "Næstformand"), _rows),
    Endpoint("register_row_delete",
             lambda w: reverse("register_row_delete", args=w.args(w.row.pk)),
             lambda w: {"version": str(w.row.version)}, _rows),
    Endpoint("register_column_new", lambda w: reverse("register_column_new", args=w.args()),
             lambda w: {"name": "Mødested", "kind": "text", "unit": "", "choices_text": "",
                        "help_text": "", "position": "9"},
             lambda w: list(Column.objects.filter(register=w.register).values_list("name",
                                                                                   flat=True))),
    Endpoint("register_column",
             lambda w: reverse("register_column",
                               args=w.args(w.register.columns.get(name="Post").pk)),
             lambda w: {"name": "Hverv", "kind": "text", "unit": "", "choices_text": "",
                        "help_text": "", "required": "on", "position": "1"},
             lambda w: list(Column.objects.filter(register=w.register).values_list("name",
                                                                                   flat=True))),
    Endpoint("register_settings", lambda w: reverse("register_settings", args=w.args()),
             lambda w: {"title": "Udpegninger til erhvervsfremme", "description": "",
                        "source": w.register.source, "published": "on",
                        "version": str(w.register.version)},
             lambda w: Register.objects.get(pk=w.register.pk).title),
    Endpoint("register_import", lambda w: reverse("register_import", args=w.args()),
             lambda w: {"file": SimpleUploadedFile(
                 "udpegninger.csv",
                 b"Organ;Post;Periode\r\n"
                 b"Danmarks Erhvervsfremmebestyrelse;Medlem;2026-2029\r\n")},
             _rows),
]

ROLES = ["anonymous", "outsider", "reader", "contact", "contact_bornholm", "editor_sjaelland",
         "editor", "admin_user"]
EDITORS = {"editor", "admin_user"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_register_write_for_role(client, request, world, endpoint, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    before = endpoint.probe(world)
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = client.post(endpoint.url(world), endpoint.data(world))

    after = endpoint.probe(world)
    new_events = list(AuditEvent.objects.filter(id__gt=start))
    if role not in EDITORS:
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/konto/log-ind/?next=/regist")
        else:
            assert response.status_code == 403
        assert after == before, "the database changed although the write was refused"
        assert new_events == []
        return
    assert response.status_code == 302, response.content.decode()[:3000]
    assert after != before, "the write was accepted but nothing changed"
    assert len(new_events) == 1, [str(e) for e in new_events]
    event = new_events[0]
    assert event.user_id == user.pk
    assert event.actor_label == user.get_full_name()
    assert event.channel == "web"
    assert event.changes
    assert event.recommendation_id == world.register.recommendation_id


@pytest.mark.parametrize("role", ROLES)
def test_editing_pages_open_only_for_the_councils_editors(client, request, world, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    for name, args in [("register_create", []), ("register_row_new", world.args()),
                       ("register_row", world.args(world.row.pk)),
                       ("register_column_new", world.args()),
                       ("register_settings", world.args()),
                       ("register_import", world.args())]:
        response = client.get(reverse(name, args=args))
        # An editor of another council may open the new-register form (for their own council).
        opens = role in EDITORS or (name == "register_create" and role == "editor_sjaelland")
        expected = 200 if opens else 302 if role == "anonymous" else 403
        assert response.status_code == expected, name


def test_the_matrix_covers_every_write_url():
    """A new register URL that writes must be added to the matrix above."""
    reading = {"register_list", "register", "register_csv", "register_xlsx"}
    names = {p.name for p in register_urls.urlpatterns} - reading
    assert names == {e.name for e in ENDPOINTS}
