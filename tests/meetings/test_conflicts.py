"""Merge-on-409 for meetings and agenda items, as for the programme's edit forms: the second
save is refused, the other person's change is shown, the user's input is kept, the fields only
the other person changed show their value, and saving again keeps both people's work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.programme.models import AuditEvent
from tests.editing.formdata import alma_saves_first, form_data, text_of

pytestmark = pytest.mark.django_db


def test_meeting_conflict_merges_the_other_persons_change(world, erik, alma):
    url = reverse("meeting_edit", args=[world.meeting.pk])
    seen_by_erik = alma_saves_first(url, erik, alma, place="Ballerup Rådhus")

    events_before = AuditEvent.objects.count()
    response = erik.post(url, {**seen_by_erik, "title": "Temamøde om mobilitet"})

    assert response.status_code == 409
    assert AuditEvent.objects.count() == events_before
    page = text_of(response)
    assert "Alma Administrator har gemt ændringer, efter du åbnede siden." in page
    assert "Formularen viser nu de nye værdier i Sted, som du ikke selv havde ændret." in page
    again = form_data(response.content.decode(), url)
    assert again["title"] == "Temamøde om mobilitet"  # Erik's input kept
    assert again["place"] == "Ballerup Rådhus"  # Alma's change merged in
    assert again["version"] == str(Meeting.objects.get(pk=world.meeting.pk).version)

    assert erik.post(url, again).status_code == 302
    stored = Meeting.objects.get(pk=world.meeting.pk)
    assert (stored.title, stored.place) == ("Temamøde om mobilitet", "Ballerup Rådhus")


def test_meeting_conflict_on_the_same_field_keeps_the_users_value(world, erik, alma):
    url = reverse("meeting_edit", args=[world.meeting.pk])
    seen_by_erik = alma_saves_first(url, erik, alma, place="Ballerup Rådhus")

    response = erik.post(url, {**seen_by_erik, "place": "Gladsaxe Rådhus"})

    assert response.status_code == 409
    assert "I har begge ændret Sted." in text_of(response)
    assert form_data(response.content.decode(), url)["place"] == "Gladsaxe Rådhus"


def test_agenda_item_conflict_merges_the_other_persons_change(world, erik, alma):
    url = reverse("agenda_item_edit", args=[world.item.pk])
    seen_by_erik = alma_saves_first(url, erik, alma, title="Kvalitet og pris")

    response = erik.post(url, {**seen_by_erik, "case_text": "Ny sagsfremstilling."})

    assert response.status_code == 409
    again = form_data(response.content.decode(), url)
    assert again["case_text"] == "Ny sagsfremstilling."
    assert again["title"] == "Kvalitet og pris"
    assert erik.post(url, again).status_code == 302
    stored = AgendaItem.objects.get(pk=world.item.pk)
    assert (stored.title, stored.case_text) == ("Kvalitet og pris", "Ny sagsfremstilling.")
