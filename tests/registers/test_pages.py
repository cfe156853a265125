"""Public register pages, the API and the links from the recommendation page and the
programme JSON: the public sees published registers and published rows only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kkrmonitor.audit import Author
from kkrmonitor.programme.models import Publication
from kkrmonitor.registers.models import Register
from kkrmonitor.registers.services import create_row
from tests.registers.conftest import APPOINTMENTS, SETUP, field

pytestmark = pytest.mark.django_db

PAGE = "/register/kkr-hovedstaden/udpegninger/"


@pytest.fixture
def rows(appointments, appointment_row):
    create_row(SETUP, appointments, {"organ": "danmarks-erhvervsfremmebestyrelse",
                                     "post": "Medlem", "udpeget": "Testperson B"},
               Publication.PUBLISHED)
    create_row(SETUP, appointments, {"organ": "greater-copenhagen", "post": "Kladdepost"})
    return appointments


def _body_rows(page: str) -> list[str]:
    import re

    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\|(\s*\|)+", "|", re.sub(r"<[^>]+>", "|", r)).strip("|\n ")
            for r in body.split("</tr>") if r.strip()]


def test_register_list_and_page_for_the_public(client, rows):
    listing = client.get("/registre/").content.decode()
    assert '<a href="/register/kkr-hovedstaden/udpegninger/">Udpegninger</a>' in listing
    assert "KKR Hovedstaden, anbefaling 4" in listing
    assert "(2 rækker)" in listing  # the draft row is not counted for the public
    page = client.get(PAGE).content.decode()
    assert _body_rows(page) == [
        "Erhvervshus Hovedstaden|Formand|Testperson A|2026-2029|Testdata",
        "Danmarks Erhvervsfremmebestyrelse|Medlem|Testperson B|Ikke angivet|Ikke angivet",
    ]
    assert "Kladdepost" not in page
    assert "Tilføj række" not in page


def test_sorting_and_filtering(client, rows):
    page = client.get(PAGE + "?sorter=organ").content.decode()
    assert [r.split("|")[0] for r in _body_rows(page)] == [
        "Danmarks Erhvervsfremmebestyrelse", "Erhvervshus Hovedstaden"]
    assert 'aria-sort="ascending"' in page
    page = client.get(PAGE + "?sorter=organ&retning=faldende").content.decode()
    assert [r.split("|")[0] for r in _body_rows(page)] == [
        "Erhvervshus Hovedstaden", "Danmarks Erhvervsfremmebestyrelse"]
    page = client.get(PAGE + "?organ=Erhvervshus+Hovedstaden").content.decode()
    assert [r.split("|")[0] for r in _body_rows(page)] == ["Erhvervshus Hovedstaden"]
    assert "Viser 1 af 2 rækker." in page
    page = client.get(PAGE + "?q=testperson+b").content.decode()
    assert [r.split("|")[2] for r in _body_rows(page)] == ["Testperson B"]


def test_editor_sees_drafts_and_edit_links(client, editor, rows):
    client.force_login(editor)
    page = client.get(PAGE).content.decode()
    assert "Kladdepost" in page
    assert "Tilføj række" in page
    assert "Registrets opsætning og kolonner" in page


def test_draft_register_is_not_found_by_the_public(client, editor, appointments):
    Register.objects.filter(pk=appointments.pk).update(published=False)
    assert client.get(PAGE).status_code == 404
    assert client.get("/api/registre/udpegninger").status_code == 404
    assert "Udpegninger" not in client.get("/registre/").content.decode()
    client.force_login(editor)
    assert "Registret er en kladde" in client.get(PAGE).content.decode()


def test_an_editor_adds_a_row_through_the_form(client, editor, appointments):
    client.force_login(editor)
    url = reverse("register_row_new", args=["kkr-hovedstaden", APPOINTMENTS])
    form = client.get(url).content.decode()
    assert 'class="form-radio"' in form
    assert "Organ" in form
    response = client.post(url, {field(appointments, "Organ"): "Erhvervshus Hovedstaden",
                                 field(appointments, "Post"): "",
                                 field(appointments, "Periode"): "snart",
                                 "publication": "published"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dette felt er påkrævet." in page
    assert "»snart« kan ikke læses som en dato eller periode" in page
    response = client.post(url, {field(appointments, "Organ"): "Erhvervshus Hovedstaden",
                                 field(appointments, "Post"): "Formand",
                                 field(appointments, "Periode"): "2026-2029",
                                 "publication": "published"})
    assert response.status_code == 302
    row = appointments.rows.get()
    assert row.values == {"organ": "erhvervshus-hovedstaden", "post": "Formand",
                          "periode": {"label": "2026-2029", "start": "2026-01-01",
                                      "end": "2029-12-31"}}


def test_stale_row_edit_is_refused_with_409(client, editor, appointments, appointment_row):
    from kkrmonitor.registers.services import update_row

    client.force_login(editor)
    url = reverse("register_row", args=["kkr-hovedstaden", APPOINTMENTS, appointment_row.pk])
    update_row(Author(label="Anden redaktør", channel="web"), appointment_row,
               {**appointment_row.values, "post": "Næstformand"}, "published", 1)
    # This editor saw version 1 and changes only »Udpeget«; the other changed »Post«.
    response = client.post(url, {field(appointments, "Organ"): "Erhvervshus Hovedstaden",
                                 field(appointments, "Post"): "Formand",
                                 field(appointments, "Udpeget"): "Testperson C",
                                 field(appointments, "Periode"): "2026-2029",
                                 field(appointments, "Kilde"): "Testdata",
                                 "publication": "published", "version": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Anden redaktør har gemt ændringer" in page
    assert "Post: <span class=\"sr-only\">fra </span>Formand" in page
    assert "Formularen viser nu de nye værdier i Post" in page
    form = response.context["form"]
    assert form.data[field(appointments, "Post")] == "Næstformand"  # merged
    assert form.data[field(appointments, "Udpeget")] == "Testperson C"  # kept
    assert form.data["version"] == "2"
    appointment_row.refresh_from_db()
    assert appointment_row.values["post"] == "Næstformand"
    response = client.post(url, form.data)
    assert response.status_code == 302
    appointment_row.refresh_from_db()
    assert (appointment_row.values["post"], appointment_row.values["udpeget"]) == (
        "Næstformand", "Testperson C")


def test_api_lists_and_shows_registers(client, rows):
    listing = client.get("/api/registre").json()
    assert [r["slug"] for r in listing] == [
        "konsekvenser-af-de-bortfaldne-regionale-udviklingsopgaver",
        "taskforcens-anbefalinger-og-opfoelgning", "udpegninger"]
    data = client.get("/api/registre/udpegninger").json()
    assert data["recommendation"] == 4
    assert [c["key"] for c in data["columns"]] == ["organ", "post", "udpeget", "periode",
                                                   "kilde"]
    assert len(data["rows"]) == 2
    assert data["rows"][0]["values"]["organ"] == {"text": "Erhvervshus Hovedstaden",
                                                  "value": "erhvervshus-hovedstaden"}
    assert data["rows"][0]["values"]["periode"]["value"] == {
        "label": "2026-2029", "start": "2026-01-01", "end": "2029-12-31"}
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/registre" in paths and "/api/registre/{slug}" in paths


def test_recommendation_page_and_programme_json_link_the_register(client, registers):
    page = client.get("/program/kkr-hovedstaden/2026-2029/anbefaling/4/").content.decode()
    assert '<a href="/register/kkr-hovedstaden/udpegninger/"' in page
    data = client.get("/api/program/kkr-hovedstaden/2026-2029").json()
    by_number = {r["number"]: r["registers"] for r in data["recommendations"]}
    assert by_number[4] == [{"slug": "udpegninger", "title": "Udpegninger",
                             "url": "/register/kkr-hovedstaden/udpegninger/"}]
    assert by_number[1] == []


def test_secretariat_defines_a_choice_column(client, editor, appointments):
    client.force_login(editor)
    url = reverse("register_column_new", args=["kkr-hovedstaden", APPOINTMENTS])
    response = client.post(url, {"name": "Køn", "kind": "choice", "choices_text": "",
                                 "position": "5"})
    assert response.status_code == 400
    assert "En valgliste skal have mindst én valgmulighed." in response.content.decode()
    response = client.post(url, {"name": "Status", "kind": "choice",
                                 "choices_text": "Aktiv\nUdløbet\nAktiv", "position": "5"})
    assert response.status_code == 302
    column = appointments.columns.get(name="Status")
    assert (column.key, column.choices) == ("status", ["Aktiv", "Udløbet"])


def test_a_new_register_is_a_draft_of_the_editors_council(client, editor, registers):
    client.force_login(editor)
    form = client.get("/registre/nyt/").content.decode()
    assert '<option value="' in form and "KKR Hovedstaden" in form
    assert "KKR Sjælland</option>" not in form  # not a council this editor edits
    rec1 = registers[APPOINTMENTS].recommendation.programme.recommendations.get(number=1)
    response = client.post("/registre/nyt/", {
        "council": str(registers[APPOINTMENTS].council_id), "recommendation": str(rec1.pk),
        "title": "Takster og pladser", "description": "", "source": ""})
    assert response.status_code == 302
    assert response["Location"] == "/register/kkr-hovedstaden/takster-og-pladser/opsaetning/"
    created = Register.objects.get(slug="takster-og-pladser")
    assert (created.published, created.recommendation_id) == (False, rec1.pk)
    client.logout()
    assert client.get("/register/kkr-hovedstaden/takster-og-pladser/").status_code == 404


def test_a_recommendation_of_another_council_is_refused(client, admin_user, registers):
    from kkrmonitor.programme.models import Council

    client.force_login(admin_user)
    rec4 = registers[APPOINTMENTS].recommendation
    response = client.post("/registre/nyt/", {
        "council": str(Council.objects.get(slug="kkr-sjaelland").pk),
        "recommendation": str(rec4.pk), "title": "Forkert", "description": "", "source": ""})
    assert response.status_code == 400
    assert "Anbefalingen hører til et andet råds program." in response.content.decode()
    assert not Register.objects.filter(title="Forkert").exists()


def test_an_empty_row_is_not_saved(client, editor, appointments):
    client.force_login(editor)
    url = reverse("register_row_new", args=["kkr-hovedstaden", APPOINTMENTS])
    # No column is required here, so only the whole-row rule can refuse it.
    appointments.columns.update(required=False)
    response = client.post(url, {"publication": "draft"})
    assert response.status_code == 400
    assert "Udfyld mindst ét felt; en tom række gemmes ikke." in response.content.decode()
    assert not appointments.rows.exists()
