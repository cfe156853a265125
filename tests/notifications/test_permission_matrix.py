"""Every new write (assigning a responsible person, a user's e-mail settings) × every role, and
who may read the new pages. Each allowed assignment writes exactly one audit event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from kkrmonitor.accounts.models import User
from kkrmonitor.joint.models import JointInitiative, JointStage
from kkrmonitor.notifications.models import OptOut
from kkrmonitor.programme.models import AuditEvent, Initiative, Milestone
from tests.editing.conftest import World, last_event_id

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reader", "contact", "contact_bornholm", "editor_sjaelland",
         "editor", "admin_user"]
EDITORS = {"editor", "admin_user"}


def karen() -> int:
    return User.objects.get(email="kontakt@kk.test").pk


def stage(w: World) -> JointStage:
    """The first stage of the world's initiative run as a joint effort (made on first use)."""
    joint, _ = JointInitiative.objects.get_or_create(
        initiative=w.initiative, defaults={"start": date(2026, 1, 1),
                                           "deadline": date(2027, 12, 31)})
    found, _ = JointStage.objects.get_or_create(joint=joint, position=1,
                                                defaults={"name": "Aftale indgået"})
    return found


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
    Endpoint("assign_stage",
             lambda w: reverse("assign_stage", args=[stage(w).pk]),
             lambda w: {"person": str(karen())},
             lambda w: JointStage.objects.get(pk=stage(w).pk).responsible_id, EDITORS),
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
    "assign_stage_form": (EDITORS, lambda w: reverse("assign_stage", args=[stage(w).pk])),
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


def test_assigning_a_stage_is_audited_on_the_joint_effort(client, world, contact, editor):
    target = stage(world)
    client.force_login(editor)
    page = client.get(reverse("assign_stage", args=[target.pk])).content.decode()
    assert "Aftale indgået – Fælles takstmodel" in page
    assert "En medarbejder i sekretariatet eller en kommunal kontaktperson, der følger op " \
           "på trinnet." in page
    assert f'href="{reverse("joint_edit", args=[world.initiative.pk])}"' in page
    start = last_event_id()
    response = client.post(reverse("assign_stage", args=[target.pk]),
                           {"person": str(contact.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("assign_stage", args=[target.pk])
    event = AuditEvent.objects.get(id__gt=start)
    assert (event.action, event.object_type, event.object_id, event.is_public) == (
        "assign", "jointstage", str(target.pk), False)
    assert (event.initiative_id, event.recommendation_id) == (
        world.initiative.pk, world.recommendation.pk)
    assert event.changes == {"responsible": [None, "Karen København"]}
    # Choosing the same person again changes nothing and writes nothing.
    client.post(reverse("assign_stage", args=[target.pk]), {"person": str(contact.pk)})
    assert AuditEvent.objects.filter(id__gt=event.id).count() == 0
    # The joint effort's edit page names the responsible person and links to the choice.
    page = client.get(reverse("joint_edit", args=[world.initiative.pk])).content.decode()
    assert "Ansvarlig person: Karen København." in page
    assert f'href="{reverse("assign_stage", args=[target.pk])}"' in page


def test_my_tasks_lists_my_stages_and_register_rows(client, world, contact, editor):
    from kkrmonitor.audit import Author
    from kkrmonitor.owners.services import assign_responsible
    from kkrmonitor.registers.models import Column, ColumnKind, Register, Row

    assign_responsible(Author.for_user(editor), stage(world), contact)
    council = world.recommendation.programme.council
    register = Register.objects.create(council=council, slug="opfoelgning",
                                       title="Opfølgning", published=True)
    Column.objects.create(register=register, key="opgave", name="Opgave", position=0)
    Column.objects.create(register=register, key="ansvarlig", name="Ansvarlig",
                          kind=ColumnKind.USER, position=1)
    Row.objects.create(register=register, values={"opgave": "Supercykelstier",
                                                  "ansvarlig": contact.pk},
                       publication="published")
    Row.objects.create(register=register, values={"opgave": "Letbanen",
                                                  "ansvarlig": editor.pk},
                       publication="published")
    Row.objects.create(register=register, values={"opgave": "Klimaplan",
                                                  "ansvarlig": contact.pk})
    client.force_login(contact)
    page = client.get(reverse("my_tasks")).content.decode()
    joint_edit = reverse("joint_edit", args=[world.initiative.pk])
    assert f'<a href="{joint_edit}">Fælles takstmodel: Aftale indgået</a>' in page
    register_url = reverse("register", args=[council.slug, "opfoelgning"])
    assert f'<a href="{register_url}">Opfølgning: Supercykelstier</a>' in page
    assert f'<a href="{register_url}">Opfølgning: Klimaplan</a> ' \
           '<span class="muted">(kladde)</span>' in page
    assert "Letbanen" not in page
    assert "Du er ikke ansvarlig for nogen trin." not in page
    client.force_login(editor)
    page = client.get(reverse("my_tasks")).content.decode()
    assert f'<a href="{register_url}">Opfølgning: Letbanen</a>' in page
    assert "Supercykelstier" not in page
    assert "Du er ikke ansvarlig for nogen trin." in page
