"""Every write endpoint for meetings × every role, each pair its own test: the status code and
whether the database changed. Anonymous visitors are sent to log in; logged-in users who are not
editors of the meeting's council (or administrators) get 403 and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import AuditEvent, Milestone
from tests.meetings.conftest import World, last_event_id

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    probe: Callable[[World], Any]  # the state the write changes
    redirect: Callable[[World], str]  # where a successful write goes


def _meeting_url(w: World, anchor: str = "") -> str:
    return reverse("meeting", args=[w.meeting.pk]) + anchor


ENDPOINTS = [
    Endpoint(
        "meeting_create",
        lambda w: reverse("meeting_create", args=["kkr-hovedstaden"]),
        lambda w: {"date": "2026-12-11", "start_time": "10:00", "place": "Hillerød Rådhus",
                   "state": "planned", "title": "", "description": "", "source": ""},
        lambda w: list(Meeting.objects.values_list("date", flat=True).order_by("date")),
        lambda w: reverse("meeting", args=[Meeting.objects.order_by("-id").first().pk])),
    Endpoint(
        "meeting_edit",
        lambda w: reverse("meeting_edit", args=[w.meeting.pk]),
        lambda w: {"date": "2026-04-20", "start_time": "", "place": "Frederiksberg Rådhus",
                   "state": "held", "title": "", "description": "", "source": "",
                   "version": "1"},
        lambda w: Meeting.objects.get(pk=w.meeting.pk).place,
        lambda w: _meeting_url(w)),
    Endpoint(
        "agenda_item_create",
        lambda w: reverse("agenda_item_create", args=[w.meeting.pk]),
        lambda w: {"number": "4", "title": "Eventuelt", "kind": "orientering",
                   "case_text": "", "recommendations": [str(w.recommendation.pk)]},
        lambda w: list(AgendaItem.objects.values_list("number", flat=True).order_by("number")),
        lambda w: _meeting_url(w, "#punkt-4")),
    Endpoint(
        "agenda_item_edit",
        lambda w: reverse("agenda_item_edit", args=[w.item.pk]),
        lambda w: {"number": "3", "title": "Styring af kvalitet og pris (revideret)",
                   "kind": "beslutning", "case_text": w.item.case_text,
                   "recommendations": [str(w.recommendation.pk)],
                   "initiatives": [str(w.initiative.pk)], "version": "1"},
        lambda w: AgendaItem.objects.get(pk=w.item.pk).title,
        lambda w: _meeting_url(w, "#punkt-3")),
    Endpoint(
        "decision_create",
        lambda w: reverse("decision_create", args=[w.item.pk]),
        lambda w: {"text": "Godkendelsen udskydes.", "milestone": str(w.milestone.pk),
                   "when": "efteråret 2026", "initiative": str(w.initiative.pk),
                   "status": "delayed", "progress": "15", "narrative": "Udskudt."},
        lambda w: (Decision.objects.count(), Milestone.objects.get(pk=w.milestone.pk).label),
        lambda w: _meeting_url(w, "#punkt-3")),
]
BY_NAME = {e.name: e for e in ENDPOINTS}
REFUSED = ["outsider", "reader", "contact", "editor_sjaelland"]
ALLOWED = ["editor", "admin_user"]


@pytest.mark.parametrize("name", list(BY_NAME))
def test_anonymous_is_sent_to_log_in(client, world, name):
    endpoint = BY_NAME[name]
    before = endpoint.probe(world)
    url = endpoint.url(world)
    for response in (client.get(url), client.post(url, endpoint.data(world))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert endpoint.probe(world) == before


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("name", list(BY_NAME))
def test_others_are_refused(client, world, request, role, name):
    endpoint = BY_NAME[name]
    client.force_login(request.getfixturevalue(role))
    before, event_id = endpoint.probe(world), last_event_id()
    url = endpoint.url(world)
    assert client.get(url).status_code == 403
    assert client.post(url, endpoint.data(world)).status_code == 403
    assert endpoint.probe(world) == before
    assert last_event_id() == event_id


@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("name", list(BY_NAME))
def test_editors_and_admins_write(client, world, request, role, name):
    endpoint = BY_NAME[name]
    user = request.getfixturevalue(role)
    client.force_login(user)
    before, event_id = endpoint.probe(world), last_event_id()
    url = endpoint.url(world)
    assert client.get(url).status_code == 200
    response = client.post(url, endpoint.data(world))
    assert response.status_code == 302
    assert response["Location"] == endpoint.redirect(world)
    assert endpoint.probe(world) != before
    events = AuditEvent.objects.filter(id__gt=event_id)
    assert events.exists()
    assert {e.user_id for e in events} == {user.pk}
    assert {e.channel for e in events} == {"web"}


EXPECTED_AFTER = {
    "meeting_create": lambda w: [w.meeting.date.replace(month=4, day=20),
                                 w.meeting.date.replace(month=12, day=11)],
    "meeting_edit": lambda w: "Frederiksberg Rådhus",
    "agenda_item_create": lambda w: [3, 4],
    "agenda_item_edit": lambda w: "Styring af kvalitet og pris (revideret)",
    "decision_create": lambda w: (1, "efteråret 2026"),
}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_the_write_has_the_intended_effect_and_message(client, world, editor, name):
    endpoint = BY_NAME[name]
    client.force_login(editor)
    response = client.post(endpoint.url(world), endpoint.data(world), follow=True)
    assert response.status_code == 200
    assert endpoint.probe(world) == EXPECTED_AFTER[name](world)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [{
        "meeting_create": "Mødet er oprettet.",
        "meeting_edit": "Mødet er gemt.",
        "agenda_item_create": "Punkt 4 er tilføjet dagsordenen.",
        "agenda_item_edit": "Punkt 3 er gemt.",
        "decision_create": "Beslutningen på punkt 3 er gemt.",
    }[name]]


def test_a_decision_made_on_the_web_links_its_effects(client, world, editor):
    client.force_login(editor)
    event_id = last_event_id()
    client.post(reverse("decision_create", args=[world.item.pk]),
                BY_NAME["decision_create"].data(world))
    decision = Decision.objects.get()
    events = list(AuditEvent.objects.filter(id__gt=event_id).order_by("id"))
    assert [(e.object_type, e.decision_id) for e in events] == [
        ("milestone", decision.pk), ("statusupdate", decision.pk), ("decision", None)]
    world = world.refresh()
    assert (world.initiative.status, world.initiative.progress) == ("delayed", 15)


def test_an_editor_of_another_council_cannot_edit_its_meetings_pages(client, world,
                                                                     editor_sjaelland):
    client.force_login(editor_sjaelland)
    assert client.get(reverse("meeting_create", args=["kkr-sjaelland"])).status_code == 200
    assert client.get(reverse("meeting_create", args=["kkr-hovedstaden"])).status_code == 403


def test_meeting_edit_conflict_answers_409_and_keeps_the_input(client, world, editor,
                                                               admin_user):
    client.force_login(admin_user)
    data = BY_NAME["meeting_edit"].data(world)
    assert client.post(reverse("meeting_edit", args=[world.meeting.pk]),
                       {**data, "place": "Ballerup Rådhus"}).status_code == 302
    client.force_login(editor)
    response = client.post(reverse("meeting_edit", args=[world.meeting.pk]),
                           {**data, "place": "Gladsaxe Rådhus"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen har gemt før dig" in html
    assert "Alma Administrator har gemt ændringer, efter du åbnede siden." in html
    assert 'value="Gladsaxe Rådhus"' in html
    assert '<input type="hidden" name="version" value="2"' in html
    assert Meeting.objects.get(pk=world.meeting.pk).place == "Ballerup Rådhus"
    # Saving again, from the form as it came back, wins.
    assert client.post(reverse("meeting_edit", args=[world.meeting.pk]),
                       {**data, "place": "Gladsaxe Rådhus", "version": "2"}).status_code == 302
    assert Meeting.objects.get(pk=world.meeting.pk).place == "Gladsaxe Rådhus"


def test_agenda_item_edit_conflict_answers_409(client, world, editor):
    client.force_login(editor)
    data = BY_NAME["agenda_item_edit"].data(world)
    assert client.post(reverse("agenda_item_edit", args=[world.item.pk]),
                       data).status_code == 302
    response = client.post(reverse("agenda_item_edit", args=[world.item.pk]),
                           {**data, "title": "Noget tredje"})
    assert response.status_code == 409
    assert AgendaItem.objects.get(pk=world.item.pk).title == data["title"]


@pytest.mark.parametrize(("data", "message"), [
    ({"text": ""}, "Beslutning: Dette felt er påkrævet."),
    ({"text": "Ok.", "milestone": "MILESTONE"}, "Ny periode for milepælen: Skriv, hvornår"),
    ({"text": "Ok.", "when": "efteråret 2026"}, "Milepæl: Vælg den milepæl, der flyttes."),
    ({"text": "Ok.", "milestone": "MILESTONE", "when": "engang"},
     "Ny periode for milepælen: Datoen kan ikke forstås."),
    ({"text": "Ok.", "initiative": "INITIATIVE"}, "Ny status: Vælg indsatsens nye status."),
    ({"text": "Ok.", "status": "done"}, "Indsats: Vælg den indsats, der får ny status."),
    ({"text": "Ok.", "initiative": "INITIATIVE", "status": "done", "progress": "101"},
     "Fremdrift (%): Fremdriften skal være et helt tal mellem 0 og 100."),
])
def test_decision_form_errors_write_nothing(client, world, editor, data, message):
    client.force_login(editor)
    data = {k: {"MILESTONE": str(world.milestone.pk), "INITIATIVE": str(world.initiative.pk)}
            .get(v, v) for k, v in data.items()}
    event_id = last_event_id()
    response = client.post(reverse("decision_create", args=[world.item.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert last_event_id() == event_id


def test_done_without_progress_means_100(client, world, editor):
    client.force_login(editor)
    client.post(reverse("decision_create", args=[world.item.pk]), {
        "text": "Indsatsen er gennemført.", "initiative": str(world.initiative.pk),
        "status": "done"})
    assert (world.refresh().initiative.status, world.refresh().initiative.progress) == (
        "done", 100)


def test_agenda_item_number_must_be_free(client, world, editor):
    client.force_login(editor)
    response = client.post(reverse("agenda_item_create", args=[world.meeting.pk]),
                           {"number": "3", "title": "Dublet", "kind": "orientering"})
    assert response.status_code == 200
    assert "Punkt nr.: Mødet har allerede et punkt 3." in response.content.decode()
    assert AgendaItem.objects.count() == 1


def test_edit_pages_of_unknown_objects_are_404(client, world, editor):
    client.force_login(editor)
    for url in ("/rediger/moeder/findes-ikke/nyt/", "/rediger/moeder/999999/",
                "/rediger/moeder/999999/punkt/nyt/", "/rediger/moeder/punkt/999999/",
                "/rediger/moeder/punkt/999999/beslutning/ny/"):
        assert client.get(url).status_code == 404, url
