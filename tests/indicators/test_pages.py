"""Indicator pages: literal content, the "nothing fetched" state, the panel include, and who may
edit definitions and upload figures."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import import_observations
from kkrmonitor.programme.models import AuditEvent
from tests.conftest import PASSWORD
from tests.indicators.data import KKR_H, csv_for, upload_indicator


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def figures(reference_data):
    indicator = upload_indicator("synth", description="Syntetiske tal til test.",
                                 source="Testdata (syntetisk)")
    rows = [(c, "2023", str(1000 + i)) for i, c in enumerate(KKR_H)]
    rows += [(c, "2024", "..") if c == "185" else (c, "2024", "2000,5") for c in KKR_H]
    rows += [("000", "2023", "123456"), ("000", "2024", "..")]
    import_observations(indicator, csv_for(rows), "synth.csv", Author("Test", "cli"))
    return indicator


def test_nothing_fetched_says_how_to_fetch(client, seed_programme, editor):
    load_reference_indicators()
    page = text(client.get("/indikator/folk1a/"))
    assert "<h1>Befolkning</h1>" in page
    assert "Der er endnu ingen tal for denne indikator" in page
    # The public reads what is missing; the command is for the secretariat.
    assert "Tallene er endnu ikke hentet fra Danmarks Statistik." in page
    assert "kkr fetch_indicators" not in page
    assert "indicator-chart-data" not in page
    client.force_login(editor)
    page = text(client.get("/indikator/folk1a/"))
    assert ("Tallene er endnu ikke hentet fra Danmarks Statistik. Hent dem med knappen Hent nu; "
            "de hentes også automatisk hver uge.") in page
    assert "kkr fetch_indicators" not in page
    per_head = text(client.get("/indikator/voksne-saerlige-behov-pr-indbygger/"))
    assert ('Hent dem med knappen Hent nu på <a href="/indikator/regk31-voksne-saerlige-behov/">'
            ) in per_head


def test_list(client, seed_programme, editor):
    load_reference_indicators()
    # Without figures an indicator is listed for editors only.
    assert "/indikator/folk1a/" not in text(client.get("/indikatorer/"))
    client.force_login(editor)
    page = text(client.get("/indikatorer/"))
    assert '<a href="/indikator/folk1a/">Befolkning</a>' in page
    assert "Statistikbanken (FOLK1A)" in page
    assert "Ingen tal endnu" in page
    assert 'href="/program/kkr-hovedstaden/2026-2029/anbefaling/1/">Anbefaling 1</a>' in page
    assert "Ny indikator" in page


def test_indicator_page_with_figures(client, figures):
    response = client.get("/indikator/synth/?kommune=147")
    assert response.status_code == 200
    page = text(response)
    assert "Syntetiske tal til test." in page
    assert "Testdata (syntetisk)" in page
    assert '<option value="147" selected>Frederiksberg</option>' in page
    # the table: Frederiksberg, the council (sum only when all are present), the country
    assert ('<th scope="col" class="numeric">Frederiksberg</th><th scope="col" '
            'class="numeric">KKR Hovedstaden</th><th scope="col" class="numeric">Hele landet'
            '</th>') in page
    assert ('<tr><th scope="row">2023</th><td class="numeric">1.001</td><td class="numeric">'
            '29.406</td><td class="numeric">123.456</td></tr>') in page
    missing = ('<span aria-hidden="true">–</span><span class="sr-only">ikke oplyst</span>')
    assert (f'<tr><th scope="row">2024</th><td class="numeric">2.000,5</td><td class="numeric">'
            f'{missing}</td><td class="numeric">{missing}</td></tr>') in page
    # the ranking for the latest period: Tårnby has no figure and comes last, unranked
    assert "Kommunerne i KKR Hovedstaden, seneste periode" in page
    assert "Rangeret efter 2024, højeste først" in page
    assert (f'<tr><td>–</td><th scope="row">Tårnby</th><td class="numeric">{missing}</td></tr>'
            ) in page
    # the chart's data island
    island = re.search(r'<script id="indicator-chart-data" type="application/json">(.*?)'
                       r'</script>', response.content.decode(), re.S)
    chart = json.loads(island.group(1))
    assert chart["labels"] == ["2023", "2024"]
    assert chart["series"][0] == {"label": "Frederiksberg", "values": [1001.0, 2000.5]}
    assert chart["series"][1]["values"] == [29406.0, None]
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "kkrmonitor/indicators.js" in page


def test_unknown_indicator_is_404(client, reference_data):
    assert client.get("/indikator/findes-ikke/").status_code == 404


def test_panel_include(figures, seed_programme):
    from kkrmonitor.access import Access
    from kkrmonitor.indicators.queries import indicators_with_latest_period

    annotated = indicators_with_latest_period().get(pk=figures.pk)
    html = render_to_string("indicators/includes/panel.html", {"indicators": [annotated],
                                                                "access": Access()})
    assert '<a href="/indikator/synth/">Syntetisk synth</a>' in html
    assert "seneste periode 2024" in html
    assert render_to_string("indicators/includes/panel.html", {
        "indicators": [], "access": Access()}).strip() == ""
    # An indicator without figures: listed for editors only.
    empty = upload_indicator("empty")
    empty = indicators_with_latest_period().get(pk=empty.pk)
    assert render_to_string("indicators/includes/panel.html", {
        "indicators": [empty], "access": Access()}).strip() == ""
    assert "ingen tal endnu" in render_to_string("indicators/includes/panel.html", {
        "indicators": [empty], "access": Access(is_admin=True)})


# --- who may edit -----------------------------------------------------------------------------

URLS = ["/rediger/indikatorer/ny/", "/rediger/indikator/synth/", "/rediger/indikator/synth/upload/"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_log_in(client, figures, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["reader", "contact", "outsider"])
def test_others_may_not_edit(client, figures, request, url, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editors_and_admins_may_edit(client, figures, request, url, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.get(url).status_code == 200


def test_upload_form(client, figures, editor):
    client.login(username=editor.email, password=PASSWORD)
    bad = SimpleUploadedFile("nye.csv", csv_for([("101", "2025", "1"), ("Kbh", "2025", "2")]))
    response = client.post("/rediger/indikator/synth/upload/", {"file": bad})
    assert response.status_code == 400
    page = text(response)
    assert "nye.csv har 1 fejl. Intet er gemt" in page
    assert "<li>Række 3: ukendt kommune &#x27;Kbh&#x27;</li>" in page
    assert not figures.observations.filter(period="2025").exists()
    good = SimpleUploadedFile("nye.csv", csv_for([("101", "2025", "1")]))
    response = client.post("/rediger/indikator/synth/upload/", {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == "/indikator/synth/"
    assert "nye.csv: 1 observationer gemt for synth (2025–2025), heraf 0 uden tal" in text(
        response)
    event = AuditEvent.objects.filter(action="indicator.import").latest("id")
    assert event.changes == {"rows": [None, 1], "file": [None, "nye.csv"]}
    assert event.user == editor


def test_definition_form(client, figures, editor):
    client.login(username=editor.email, password=PASSWORD)
    response = client.post("/rediger/indikatorer/ny/", {
        "name": "Ny", "slug": "ny", "unit": "kr.", "kind": "statbank", "scale": "1",
        "statbank_selection": "ikke json", "area_variable": "OMRÅDE", "time_variable": "Tid"})
    page = text(response)
    assert "Udvalget skal være gyldig JSON." in page
    assert "Angiv tabellen i Statistikbanken." in page
    response = client.post("/rediger/indikatorer/ny/", {
        "name": "Ny", "slug": "ny", "unit": "kr.", "kind": "statbank", "scale": "1",
        "statbank_table": "FOLK1A", "statbank_selection": '{"KØN": ["TOT"]}',
        "area_variable": "OMRÅDE", "time_variable": "Tid"})
    assert response.status_code == 302
    created = Indicator.objects.get(slug="ny")
    assert created.statbank_selection == {"KØN": ["TOT"]}
    assert AuditEvent.objects.filter(action="indicator.create", object_id=str(created.pk)
                                     ).count() == 1
    response = client.post("/rediger/indikator/ny/", {
        "name": "Ny pr. indbygger", "slug": "ny", "unit": "kr.", "kind": "derived",
        "scale": "1", "area_variable": "OMRÅDE", "time_variable": "Tid",
        "numerator": str(figures.pk), "denominator": str(figures.pk)})
    assert "Tæller og nævner skal være forskellige." in text(response)


def test_regk31_page_says_when_a_summed_variable_is_not_chosen(client, seed_programme, editor):
    load_reference_indicators()
    client.force_login(editor)
    editor_client = client
    assert "ikke fastlagt" not in text(editor_client.get(
        "/indikator/regk31-voksne-saerlige-behov/"))
    Indicator.objects.filter(slug="regk31-voksne-saerlige-behov").update(
        statbank_selection={"FUNKTION": ["5.38.*"]})
    page = text(editor_client.get("/indikator/regk31-voksne-saerlige-behov/"))
    assert "Udvalget i Statistikbanken er ikke fastlagt endnu" in page
    assert ("Tabel REGK31: variablene DRANST, ART, PRISENHED er ikke valgt, så Statistikbanken "
            "lægger alle deres værdier sammen.") in page
    per_head = text(editor_client.get("/indikator/voksne-saerlige-behov-pr-indbygger/"))
    assert ('<a href="/indikator/regk31-voksne-saerlige-behov/">Udgifter til voksne med særlige '
            'behov (funktion 5.38)</a> (tabel REGK31): variablene DRANST, ART, PRISENHED'
            ) in per_head


def test_indicator_page_query_count_is_fixed(client, figures, django_assert_max_num_queries):
    client.get(f"/indikator/{figures.slug}/")  # once per process: the demo-data marker
    with django_assert_max_num_queries(12):
        response = client.get(f"/indikator/{figures.slug}/?kommune=147")
    assert response.status_code == 200
    assert "Frederiksberg" in response.content.decode()
