"""The editing pages themselves: what the recommendation's edit page lists, the forms working
without JavaScript (post, redirect, message), publishing, deleting and commenting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kkrmonitor.programme import services
from kkrmonitor.programme.models import Actor, Comment, Initiative, Milestone, Publication
from tests.editing.conftest import SETUP

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def test_start_page_lists_the_programmes_the_editor_may_edit(logged_in, world):
    response = logged_in.get(reverse("edit_home"))
    page = text_of(response)
    assert "KKR Hovedstaden 2026-2029" in page
    for number in range(1, 10):
        assert f"Anbefaling {number} : KKR Hovedstaden" in page
    assert reverse("edit_recommendation", args=[world.recommendation.pk]) in (
        response.content.decode())


def test_recommendation_page_lists_initiatives_and_milestones(logged_in, world):
    services.create_initiative(SETUP, world.recommendation,
                               services.InitiativeData(title="Fælles kvalitetsmål"))
    response = logged_in.get(reverse("edit_recommendation", args=[world.recommendation.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Anbefaling 1:" in page
    assert "Fælles takstmodel Offentliggjort" in page
    assert "Fælles kvalitetsmål Kladde" in page
    assert "Status Ikke startet" in page and "Fremdrift 0 %" in page
    assert "Aldrig bekræftet" in page
    assert "Periode 2026-2029 (1. januar 2026 – 31. december 2029)" in page
    assert "Kladde 1. marts 2026: På sporet , 30 %" in page  # the draft status update
    assert "Godkendelse i KKR" in page and "1. juni 2026 – 30. juni 2026" in page
    for label in ("Tilføj indsats", "Tilføj milepæl", "Ny statusopdatering", "Bekræft uændret",
                  "Gør til kladde", "Offentliggør indsats", "Offentliggør statusopdatering"):
        assert label in page, label


def test_recommendation_page_queries_do_not_grow_with_the_initiatives(
        logged_in, world, django_assert_max_num_queries):
    url = reverse("edit_recommendation", args=[world.recommendation.pk])
    logged_in.get(url)
    for n in range(5):
        services.create_initiative(SETUP, world.recommendation,
                                   services.InitiativeData(title=f"Indsats {n}"))
    with django_assert_max_num_queries(20):
        logged_in.get(url)


def test_create_and_edit_an_initiative_without_javascript(logged_in, world):
    actor = Actor.objects.get(slug="erhvervshus-hovedstaden")
    response = logged_in.post(reverse("initiative_create", args=[world.recommendation.pk]), {
        "title": "Fælles rekruttering", "description": "Sammen om socialrådgivere.",
        "owner": "K29", "actors": [str(actor.pk)], "contact_person": "Kim Kontakt",
        "when": "2027", "weight": "3"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Fælles rekruttering")
    assert response["Location"].endswith(f"#indsats-{initiative.pk}")
    assert (initiative.owner, initiative.contact_person, initiative.weight) == (
        "K29", "Kim Kontakt", 3)
    assert list(initiative.actors.all()) == [actor]
    assert initiative.publication == Publication.DRAFT
    page = text_of(logged_in.get(response["Location"]))
    assert "Indsatsen »Fælles rekruttering« er oprettet som kladde." in page

    url = reverse("initiative_edit", args=[initiative.pk])
    html = logged_in.get(url).content.decode()
    assert 'value="Fælles rekruttering"' in html and 'value="2027"' in html
    assert re.search(rf'<input type="checkbox" name="actors" value="{actor.pk}"[^>]*checked',
                     html)
    response = logged_in.post(url, {"title": "Fælles rekruttering", "description": "",
                                    "owner": "K29", "contact_person": "", "when": "2027",
                                    "weight": "3", "version": "1"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.description, initiative.version) == ("", 2)
    assert list(initiative.actors.all()) == []
    assert "Indsatsen »Fælles rekruttering« er gemt." in text_of(
        logged_in.get(response["Location"]))

    response = logged_in.post(url, {"title": "Fælles rekruttering", "description": "",
                                    "owner": "K29", "contact_person": "", "when": "2027",
                                    "weight": "3", "version": "2"})
    assert "Der var ingen ændringer at gemme." in text_of(logged_in.get(response["Location"]))


def test_invalid_initiative_form_shows_an_error_summary(logged_in, world):
    response = logged_in.post(reverse("initiative_create", args=[world.recommendation.pk]),
                              {"title": "", "weight": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_title">Titel: Dette felt er påkrævet.</a>' in html
    assert 'aria-invalid="true"' in html
    assert "Vægt:" in text_of(response)


def test_publish_and_unpublish_an_initiative(logged_in, world):
    url = reverse("initiative_publication", args=[world.initiative.pk])
    response = logged_in.post(url, {"publication": "draft",
                                    "version": str(world.initiative.version)})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=world.initiative.pk).publication == Publication.DRAFT
    assert "er gjort til kladde igen" in text_of(logged_in.get(response["Location"]))

    response = logged_in.post(url, {"publication": "published",
                                    "version": str(world.initiative.version + 1)},
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Indsatsen »Fælles takstmodel« er offentliggjort." in text_of(response)
    assert "Offentliggjort" in text_of(response)
    assert Initiative.objects.get(pk=world.initiative.pk).publication == Publication.PUBLISHED

    assert logged_in.post(url, {"publication": "hemmelig", "version": "3"}).status_code == 400
    assert logged_in.get(url).status_code == 405


def test_delete_a_milestone_asks_first(logged_in, world):
    url = reverse("milestone_delete", args=[world.milestone.pk])
    response = logged_in.get(url)
    assert response.status_code == 200
    assert "Vil du slette denne milepæl?" in text_of(response)
    assert Milestone.objects.filter(pk=world.milestone.pk).exists()
    response = logged_in.post(url, {"version": str(world.milestone.version)})
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=world.milestone.pk).exists()
    assert "Milepælen »Godkendelse i KKR« er slettet." in text_of(
        logged_in.get(response["Location"]))
    # Deleting it again (a second tab) says it is gone instead of failing.
    response = logged_in.post(url, {"version": str(world.milestone.version)})
    assert response.status_code == 302
    assert "Milepælen er allerede slettet af Erik Redaktør." in text_of(
        logged_in.get(response["Location"]))


def test_editor_comments_as_the_secretariat(logged_in, world):
    url = reverse("comment_create", args=[world.initiative.pk])
    response = logged_in.get(url)
    assert "Du kommenterer som sekretariatet." in text_of(response)
    response = logged_in.post(url, {"text": "Husk K29-mødet."})
    assert response.status_code == 302
    assert response["Location"] == url + "#kommentarer"
    comment = Comment.objects.get()
    assert comment.municipality is None
    page = text_of(logged_in.get(url))
    assert "Din kommentar er gemt." in page
    assert "Sekretariatet · Erik Redaktør" in page and "Husk K29-mødet." in page


def test_contact_finds_the_initiatives_to_comment_on(client, contact, world):
    client.force_login(contact)
    response = client.get(reverse("edit_home"))
    assert response.status_code == 200
    page = text_of(response)
    assert "på vegne af din kommune" in page
    assert reverse("comment_create", args=[world.initiative.pk]) in response.content.decode()
    response = client.post(reverse("comment_create", args=[world.initiative.pk]),
                           {"text": "København er med."})
    page = text_of(client.get(response["Location"]))
    assert "Din kommentar på vegne af København er gemt." in page
    assert "København · Karen København" in page


def test_logged_out_visitor_is_sent_to_log_in_and_back(client, world):
    url = reverse("edit_recommendation", args=[world.recommendation.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/log-ind/?next={url}"
