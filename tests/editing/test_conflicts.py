"""No lost updates: when two editors save the same object, the second save is refused with
HTTP 409, the other person's changes are listed, the user's own input is kept, and saving
again keeps both people's work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kkrmonitor.programme.models import AuditEvent, Initiative, Milestone
from tests.editing.formdata import form_data, text_of

pytestmark = pytest.mark.django_db


def test_second_save_of_an_initiative_is_refused_and_nothing_is_lost(world, erik, alma):
    url = reverse("initiative_edit", args=[world.initiative.pk])
    seen_by_erik = form_data(erik.get(url).content.decode(), url)
    seen_by_alma = form_data(alma.get(url).content.decode(), url)
    assert seen_by_erik["version"] == seen_by_alma["version"] == str(world.initiative.version)

    # Alma saves first: a new title.
    response = alma.post(url, {**seen_by_alma, "title": "Fælles takstmodel for botilbud"})
    assert response.status_code == 302

    # Erik, from the page he opened before, changes the description and the contact person.
    mine = {**seen_by_erik, "description": "Takster for alle botilbud.",
            "contact_person": "Erik Redaktør"}
    events_before = AuditEvent.objects.count()
    response = erik.post(url, mine)

    assert response.status_code == 409
    assert AuditEvent.objects.count() == events_before  # nothing written
    stored = Initiative.objects.get(pk=world.initiative.pk)
    assert stored.title == "Fælles takstmodel for botilbud"
    assert stored.description == world.initiative.description
    page = text_of(response)
    assert "Alma Administrator har gemt ændringer, efter du åbnede siden." in page
    # The other person's change, field: before → after.
    assert "Titel: fra Fælles takstmodel → til Fælles takstmodel for botilbud" in page
    assert 'class="alert alert-error' in response.content.decode()

    # The form keeps Erik's input and takes Alma's title, which Erik had not touched.
    again = form_data(response.content.decode(), url)
    assert again["description"] == "Takster for alle botilbud."
    assert again["contact_person"] == "Erik Redaktør"
    assert again["title"] == "Fælles takstmodel for botilbud"
    assert again["version"] == str(stored.version)
    assert "Formularen viser nu de nye værdier i Titel" in page

    # Saving the returned form keeps both people's changes.
    response = erik.post(url, again)
    assert response.status_code == 302
    stored = Initiative.objects.get(pk=world.initiative.pk)
    assert stored.title == "Fælles takstmodel for botilbud"
    assert stored.description == "Takster for alle botilbud."
    assert stored.contact_person == "Erik Redaktør"


def test_when_both_change_the_same_field_the_form_keeps_the_users_value(world, erik, alma):
    url = reverse("initiative_edit", args=[world.initiative.pk])
    seen_by_erik = form_data(erik.get(url).content.decode(), url)
    seen_by_alma = form_data(alma.get(url).content.decode(), url)
    assert alma.post(url, {**seen_by_alma, "title": "Almas titel", "when": "2027"}
                     ).status_code == 302

    response = erik.post(url, {**seen_by_erik, "title": "Eriks titel"})

    assert response.status_code == 409
    again = form_data(response.content.decode(), url)
    assert again["title"] == "Eriks titel"
    assert again["when"] == "2027"  # Alma's period, which Erik had not touched
    page = text_of(response)
    assert "I har begge ændret Titel" in page
    assert "Titel: fra Fælles takstmodel → til Almas titel" in page
    assert Initiative.objects.get(pk=world.initiative.pk).title == "Almas titel"


def test_second_save_of_a_milestone_is_refused_with_the_other_change(world, erik, alma):
    url = reverse("milestone_edit", args=[world.milestone.pk])
    seen_by_erik = form_data(erik.get(url).content.decode(), url)
    seen_by_alma = form_data(alma.get(url).content.decode(), url)
    assert alma.post(url, {**seen_by_alma, "when": "efteråret 2026"}).status_code == 302

    response = erik.post(url, {**seen_by_erik, "title": "Godkendelse i KKR og K29"})

    assert response.status_code == 409
    page = text_of(response)
    assert "Tidsangivelse: fra juni 2026 → til efteråret 2026" in page
    again = form_data(response.content.decode(), url)
    assert again["title"] == "Godkendelse i KKR og K29"
    assert again["when"] == "efteråret 2026"
    # Dates of the merged value are shown without JavaScript.
    assert "1. september 2026 – 30. november 2026" in page
    assert erik.post(url, again).status_code == 302
    stored = Milestone.objects.get(pk=world.milestone.pk)
    assert (stored.title, stored.label) == ("Godkendelse i KKR og K29", "efteråret 2026")


def test_a_milestone_deleted_meanwhile_comes_back_as_a_new_one_with_the_users_input(
        world, erik, alma):
    url = reverse("milestone_edit", args=[world.milestone.pk])
    seen_by_erik = form_data(erik.get(url).content.decode(), url)
    delete_url = reverse("milestone_delete", args=[world.milestone.pk])
    assert alma.post(delete_url, {"version": str(world.milestone.version)}).status_code == 302

    response = erik.post(url, {**seen_by_erik, "title": "Godkendelse i KKR, ny dato"})

    assert response.status_code == 410
    page = text_of(response)
    assert "Alma Administrator slettede milepælen" in page
    create_url = reverse("milestone_create", args=[world.recommendation.pk])
    again = form_data(response.content.decode(), create_url)
    assert again["title"] == "Godkendelse i KKR, ny dato"
    assert "version" not in again
    assert erik.post(create_url, again).status_code == 302
    assert Milestone.objects.filter(title="Godkendelse i KKR, ny dato").exists()


def test_a_stale_publish_button_is_refused_and_shows_what_changed(world, erik, alma):
    rec_url = reverse("edit_recommendation", args=[world.recommendation.pk])
    action = reverse("initiative_publication", args=[world.initiative.pk])
    seen_by_erik = form_data(erik.get(rec_url).content.decode(), action)
    assert seen_by_erik["publication"] == "draft"  # the initiative is published

    edit_url = reverse("initiative_edit", args=[world.initiative.pk])
    seen_by_alma = form_data(alma.get(edit_url).content.decode(), edit_url)
    assert alma.post(edit_url, {**seen_by_alma, "weight": "5"}).status_code == 302

    response = erik.post(action, seen_by_erik)
    assert response.status_code == 409
    assert "Vægt: fra 2 → til 5" in text_of(response)
    assert Initiative.objects.get(pk=world.initiative.pk).publication == "published"

    # With htmx the initiative's card comes back, with the conflict, to replace the old one.
    response = erik.post(action, seen_by_erik, headers={"HX-Request": "true"})
    assert response.status_code == 409
    html = response.content.decode()
    assert html.lstrip().startswith("<article")
    assert "Vægt: fra 2 → til 5" in text_of(response)
    assert f'name="version" value="{world.initiative.version + 1}"' in html
