"""Every new write (assigning a responsible person, a user's e-mail settings) × every role, and
who may read the new pages. Each allowed assignment writes exactly one audit event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from kkrmonitor.accounts.models import User
from kkrmonitor.notifications.models import OptOut
from kkrmonitor.programme.models import AuditEvent, Initiative, Milestone
from tests.editing.conftest import World, last_event_id

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reader", "contact", "contact_bornholm", "editor_sjaelland",
         "editor", "admin_user"]
EDITORS = {"editor", "admin_user"}


def karen() -> int:
    return User.objects.get(email="kontakt@kk.test").pk


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    probe: Callable[[World], Any]
    allowed: set[str]


ENDPOINTS = [
    Endpoint("assign_initiative",
             lambda w: reverse("assign_initiative", args=[w.initiative.pk]),
             lambda w: {"person": str(karen())},
             lambda w: Initiative.objects.get(pk=w.initiative.pk).responsible_id, EDITORS),
    Endpoint("assign_milestone",
             lambda w: reverse("assign_milestone", args=[w.milestone.pk]),
             lambda w: {"person": str(karen())},
             lambda w: Milestone.objects.get(pk=w.milestone.pk).responsible_id, EDITORS),
    # Anyone logged in chooses their own e-mails (here: none).
    Endpoint("email_settings", lambda w: reverse("email_settings"), lambda w: {},
             lambda w: OptOut.objects.count(), set(ROLES) - {"anonymous"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_write_endpoint_for_role(client, request, world, contact, endpoint, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    before = endpoint.probe(world)
    start = last_event_id()
    response = client.post(endpoint.url(world), endpoint.data(world))
    after = endpoint.probe(world)
    events = list(AuditEvent.objects.filter(id__gt=start))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/?next=")
    elif role not in endpoint.allowed:
        assert response.status_code == 403
    if role not in endpoint.allowed:
        assert after == before and events == []
        return
    assert response.status_code == 302
    assert after != before
    if endpoint.name.startswith("assign_"):
        assert after == karen()
        assert len(events) == 1
        event = events[0]
        assert (event.action, event.user_id, event.is_public) == ("assign", user.pk, False)
        assert event.changes == {"responsible": [None, "Karen København"]}


READS = {
    "my_tasks": ({"contact", "contact_bornholm", "editor_sjaelland", "editor", "admin_user"},
                 lambda w: reverse("my_tasks")),
    "assign_form": (EDITORS, lambda w: reverse("assign_initiative", args=[w.initiative.pk])),
    "email_bounces": ({"admin_user"}, lambda w: reverse("email_bounces")),
    "email_settings": (set(ROLES) - {"anonymous"}, lambda w: reverse("email_settings")),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(READS))
def test_page_for_role(client, request, world, page, role):
    allowed, url = READS[page]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url(world))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in allowed else 403)


def test_the_matrix_covers_every_new_url():
    from kkrmonitor.notifications import urls as notification_urls
    from kkrmonitor.owners import urls as owner_urls

    names = {p.name for p in [*owner_urls.urlpatterns, *notification_urls.urlpatterns]}
    # The unsubscribe link needs no log-in: test_sending covers it.
    assert names - {"email_unsubscribe"} == {e.name for e in ENDPOINTS} | {
        "my_tasks", "email_bounces"}


def test_only_secretariat_and_the_councils_contacts_can_be_responsible(
        client, world, editor, contact, contact_bornholm, editor_sjaelland):
    client.force_login(editor)
    page = client.get(reverse("assign_initiative", args=[world.initiative.pk])).content.decode()
    assert "Karen København" in page and "Erik Redaktør" in page
    assert "Sara Sjælland" not in page
    # Bornholm is a member of KKR Hovedstaden too.
    assert "Bo Bornholm" in page
    response = client.post(reverse("assign_initiative", args=[world.initiative.pk]),
                           {"person": str(editor_sjaelland.pk)})
    assert response.status_code == 400
    assert "Vælg en person fra listen." in response.content.decode()
    assert Initiative.objects.get(pk=world.initiative.pk).responsible_id is None


def test_my_tasks_lists_what_i_am_responsible_for(client, world, contact, editor):
    from kkrmonitor.audit import Author
    from kkrmonitor.owners.services import assign_responsible

    assign_responsible(Author.for_user(editor), world.initiative, contact)
    client.force_login(contact)
    page = client.get(reverse("my_tasks")).content.decode()
    assert "Fælles takstmodel" in page
    assert "Du er ikke ansvarlig for nogen milepæle." in page
