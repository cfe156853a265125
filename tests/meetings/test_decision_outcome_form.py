"""The decision form registers a milestone's outcome, and refuses a meeting not yet held."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Decision
from kkrmonitor.programme.models import Milestone
from tests.meetings.conftest import SETUP

pytestmark = pytest.mark.django_db


def test_the_decision_form_registers_the_milestone_as_reached(client, world, editor):
    client.force_login(editor)
    url = reverse("decision_create", args=[world.item.pk])
    page = client.get(url).content.decode()
    assert 'name="milestone_state"' in page and "Registrerer den som nået" in page
    response = client.post(url, {"text": "Takstmodellen er godkendt.",
                                 "milestone": str(world.milestone.pk),
                                 "milestone_state": "reached", "when": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert (milestone.state, milestone.state_on, milestone.state_reason) == (
        "reached", date(2026, 4, 20), "Takstmodellen er godkendt.")


def test_the_decision_form_says_a_future_meeting_is_not_held(client, world, editor):
    future = services.create_meeting(SETUP, world.meeting.council, services.MeetingData(
        date=date(2099, 1, 10)))
    item = services.add_agenda_item(SETUP, future, services.AgendaItemData(
        number=1, title="Takstmodel", kind=AgendaItem.Kind.DECISION))
    client.force_login(editor)
    response = client.post(reverse("decision_create", args=[item.pk]),
                           {"text": "Godkendt.", "milestone": "", "when": ""})
    assert response.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert ("Mødet den 10. januar 2099 er ikke holdt endnu. En beslutning kan først "
            "registreres, når mødet har fundet sted.") in text
    assert Decision.objects.count() == 0
