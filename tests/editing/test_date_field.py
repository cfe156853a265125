"""The Danish date field: typed text goes through the importer's parser; the dates it stands
for are shown beside it (htmx as the user types, the server on every render); nonsense gets a
Danish error naming the forms that are understood."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.urls import reverse

from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.forms import DanishDateField, window_dates
from kkrmonitor.programme.models import Initiative, Milestone

SPRING = "1. marts 2026 – 31. maj 2026"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_field_cleans_danish_text_to_a_window():
    window = DanishDateField().clean("  i foråret   2026 ")
    assert (window.start, window.end, window.label) == (date(2026, 3, 1), date(2026, 5, 31),
                                                        "foråret 2026")
    assert DanishDateField(required=False).clean("") is None


def test_field_says_in_danish_what_it_understands():
    with pytest.raises(forms.ValidationError) as error:
        DanishDateField().clean("engang til sommer")
    message = error.value.messages[0]
    assert message.startswith("Datoen kan ikke forstås. Skriv den på dansk, fx »foråret 2026«")
    assert "»inden udgangen af 2027«" in message and "»2026-2029«" in message
    with pytest.raises(forms.ValidationError) as error:
        DanishDateField().clean("")
    assert error.value.messages == ["Dette felt er påkrævet."]


@pytest.mark.parametrize(("text", "dates"), [
    ("foråret 2026", SPRING),
    ("15. juni 2026", "15. juni 2026"),
    ("inden udgangen af 2027", "senest 31. december 2027"),
    ("fra 2026", "fra 1. januar 2026"),
    ("vinteren 2026", "1. december 2026 – 28. februar 2027"),
])
def test_window_dates_in_danish(text, dates):
    assert window_dates(parse_window(text)) == dates


@pytest.mark.django_db
def test_milestone_typed_in_danish_shows_its_dates(client, editor, world):
    client.force_login(editor)
    url = reverse("milestone_create", args=[world.recommendation.pk])
    response = client.post(url, {"title": "Takstmodel godkendt", "when": "foråret 2026"})
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Takstmodel godkendt")
    assert (milestone.start, milestone.end, milestone.label) == (
        date(2026, 3, 1), date(2026, 5, 31), "foråret 2026")
    page = text_of(client.get(response["Location"]))
    assert f"Milepælen »Takstmodel godkendt« er gemt ({SPRING})." in page
    assert "1. marts 2026" in page and "31. maj 2026" in page

    # The edit form shows the dates next to the text, rendered by the server.
    response = client.get(reverse("milestone_edit", args=[milestone.pk]))
    html = response.content.decode()
    assert 'value="foråret 2026"' in html
    preview = re.search(r'<p [^>]*id="id_when-preview"[^>]*>(.*?)</p>', html, re.S)
    assert preview and SPRING in preview.group(1)


@pytest.mark.django_db
def test_nonsense_is_refused_in_danish_and_nothing_is_saved(client, editor, world):
    client.force_login(editor)
    before = Milestone.objects.count()
    response = client.post(reverse("milestone_create", args=[world.recommendation.pk]),
                           {"title": "Noget", "when": "når vi når dertil"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Ret venligst følgende:" in page
    assert "Hvornår: Datoen kan ikke forstås. Skriv den på dansk, fx »foråret 2026«" in page
    assert "Kan ikke læses som en dato endnu." in page
    assert 'value="når vi når dertil"' in response.content.decode()
    assert Milestone.objects.count() == before


@pytest.mark.django_db
def test_initiative_period_uses_the_same_field(client, editor, world):
    client.force_login(editor)
    response = client.post(reverse("initiative_create", args=[world.recommendation.pk]),
                           {"title": "Ny indsats", "weight": "1", "when": "andet halvår 2026"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Ny indsats")
    assert (initiative.start, initiative.end) == (date(2026, 7, 1), date(2026, 12, 31))
    response = client.post(reverse("initiative_create", args=[world.recommendation.pk]),
                           {"title": "Ny indsats 2", "weight": "1", "when": "snart"})
    assert response.status_code == 200
    assert "Periode: Datoen kan ikke forstås." in text_of(response)


@pytest.mark.django_db
def test_the_field_asks_htmx_for_the_dates_as_the_user_types(client, editor, world):
    client.force_login(editor)
    html = client.get(reverse("milestone_create", args=[world.recommendation.pk])
                      ).content.decode()
    field = re.search(r'<input[^>]*name="when"[^>]*>', html).group(0)
    assert f'hx-get="{reverse("date_preview")}"' in field
    assert 'hx-trigger="keyup changed delay:400ms, change"' in field
    assert 'hx-target="#id_when-preview"' in field
    assert "id_when-preview" in re.search(r'aria-describedby="([^"]*)"', field).group(1)
    assert 'id="id_when-preview" aria-live="polite"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ({"text": "foråret 2026"}, f"Datoer: {SPRING}"),
    ({"when": "foråret 2026"}, f"Datoer: {SPRING}"),  # the input's own name, as htmx sends it
    ({"text": "ultimo 2027"}, "Datoer: 1. september 2027 – 31. december 2027"),
    ({"text": "blå mandag"}, "Kan ikke læses som en dato endnu."),
    ({"text": ""}, ""),
])
def test_preview_endpoint(client, editor, query, expected):
    client.force_login(editor)
    response = client.get(reverse("date_preview"), query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert text_of(response) == expected
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_preview_endpoint_for_someone_logged_out_sends_the_page_to_log_in(client):
    response = client.get(reverse("date_preview"), {"when": "2026"},
                          headers={"HX-Request": "true",
                                   "HX-Current-URL": "http://testserver/rediger/"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/konto/log-ind/?next=/rediger/"
