"""Status updates: five Danish statuses as radio buttons, progress 0–100, narrative, date
(today by default); saved as a draft or published at once; a draft published later."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import Initiative, Publication, Recommendation, StatusUpdate

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def test_form_has_the_five_statuses_as_radio_buttons_and_today_as_date(logged_in, world):
    html = logged_in.get(reverse("status_create", args=[world.initiative.pk])).content.decode()
    labels = re.findall(r'<input type="radio" name="status" value="(\w+)"[^>]*>'
                        r'<label class="form-label" for="[^"]+">([^<]+)</label>', html)
    assert [label for _value, label in labels] == [
        "Ikke startet", "På sporet", "I risiko", "Forsinket", "Afsluttet"]
    assert "<legend class=\"form-label\">Status</legend>" in html
    assert re.search(r'<input type="number" name="progress" value="0"[^>]*min="0" max="100"',
                     html)
    assert f'type="date" name="as_of" value="{timezone.localdate().isoformat()}"' in html
    assert 'name="publish" value="0">Gem som kladde' in html
    assert 'name="publish" value="1">Gem og offentliggør' in html


def test_save_as_draft_leaves_the_initiative_as_it_was(logged_in, world):
    response = logged_in.post(reverse("status_create", args=[world.initiative.pk]), {
        "status": "at_risk", "progress": "40", "narrative": "Udbuddet er forsinket.",
        "as_of": "2026-04-01", "publish": "0"})
    assert response.status_code == 302
    update = StatusUpdate.objects.get(narrative="Udbuddet er forsinket.")
    assert (update.publication, update.status, update.progress, update.as_of) == (
        Publication.DRAFT, "at_risk", 40, date(2026, 4, 1))
    assert Initiative.objects.get(pk=world.initiative.pk).status == "not_started"
    page = text_of(logged_in.get(response["Location"]))
    assert "Statusopdateringen af »Fælles takstmodel« er gemt som kladde." in page
    assert "Offentliggør statusopdatering" in page


def test_save_and_publish_sets_the_initiatives_status(logged_in, world):
    response = logged_in.post(reverse("status_create", args=[world.initiative.pk]), {
        "status": "on_track", "progress": "40", "narrative": "", "as_of": "2026-04-01",
        "publish": "1"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(pk=world.initiative.pk)
    assert (initiative.status, initiative.progress) == ("on_track", 40)
    assert Recommendation.objects.get(pk=world.recommendation.pk).progress == 40


@pytest.mark.parametrize(("progress", "message"), [
    ("101", "Fremdriften skal være et helt tal mellem 0 og 100."),
    ("-1", "Fremdriften skal være et helt tal mellem 0 og 100."),
    ("fyrre", "Fremdriften skal være et helt tal mellem 0 og 100."),
    ("", "Dette felt er påkrævet."),
])
def test_progress_is_validated(logged_in, world, progress, message):
    count = StatusUpdate.objects.count()
    response = logged_in.post(reverse("status_create", args=[world.initiative.pk]), {
        "status": "on_track", "progress": progress, "as_of": "2026-04-01", "publish": "1"})
    assert response.status_code == 200
    assert f"Fremdrift (%): {message}" in text_of(response)
    assert StatusUpdate.objects.count() == count


def test_unknown_status_is_refused(logged_in, world):
    response = logged_in.post(reverse("status_create", args=[world.initiative.pk]), {
        "status": "fantastisk", "progress": "10", "as_of": "2026-04-01"})
    assert response.status_code == 200
    assert "Status: Marker en gyldig valgmulighed." in text_of(response)
    assert not StatusUpdate.objects.filter(progress=10).exists()


def test_publishing_a_draft_with_htmx_returns_the_updated_card(logged_in, world):
    response = logged_in.post(reverse("status_publish", args=[world.draft_update.pk]),
                              {"version": str(world.draft_update.version)},
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card mb-6 initiative-card" '
                                    f'id="indsats-{world.initiative.pk}"')
    page = text_of(response)
    assert "Status På sporet" in page and "Fremdrift 30 %" in page
    assert "Offentliggør statusopdatering" not in page
    assert "Statusopdateringen af »Fælles takstmodel« fra 1. marts 2026 er offentliggjort." in (
        page)
    assert StatusUpdate.objects.get(pk=world.draft_update.pk).publication == "published"
