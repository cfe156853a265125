"""The definition form builds the StatBank selection from the table's description (tableinfo,
from the local fake StatBank here): a select list per variable, groups of accounts as one
choice, no JSON to type, DKFDS classes on every input, no "---------"."""

from __future__ import annotations

import re

import pytest

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import load_reference_indicators
from tests.conftest import PASSWORD

EDIT = "/rediger/indikator/regk31-voksne-saerlige-behov/"
BASE = {"name": "Ny", "slug": "ny", "unit": "personer", "kind": "statbank", "scale": "1",
        "statbank_table": "FOLK1A", "area_variable": "OMRÅDE", "time_variable": "Tid"}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def statbank(fake_statbank, settings):
    settings.KKR_STATBANK_URL = fake_statbank.url
    from django.core.cache import cache

    cache.clear()
    return fake_statbank


@pytest.fixture
def logged_in(client, seed_programme, editor, statbank):
    load_reference_indicators()
    client.login(username=editor.email, password=PASSWORD)
    return client


def test_the_stored_selection_is_shown_as_select_lists(logged_in):
    page = text(logged_in.get(EDIT))
    assert '<select name="var_FUNKTION" class="form-select" required' in page
    assert '<option value="5.38.*" selected>5.38 – alle 2 i gruppen, lagt sammen</option>' in page
    assert '<option value="53842">53842 – 5.38.42 Botilbud (syntetisk)</option>' in page
    assert '<option value="LOBM" selected>LOBM – Løbende priser (1.000 kr.)</option>' in page
    assert '<option value="" selected>Vælg en værdi</option>' not in page  # all chosen
    assert "---------" not in page
    assert 'type="radio" name="kind" value="statbank" class="form-radio"' in page
    assert 'type="checkbox" name="additive" class="form-checkbox"' in page
    assert 'name="statbank_selection"' in page and "<textarea" in page  # description only
    assert "gyldig JSON" not in page and "<textarea name=\"statbank_selection\"" not in page


def test_loading_a_table_shows_its_variables_and_saves_nothing(logged_in):
    page = text(logged_in.post("/rediger/indikatorer/ny/", {**BASE, "load_table": "1"}))
    assert '<select name="var_KØN" class="form-select" required' in page
    assert '<option value="TOT">TOT – I alt</option>' in page
    assert 'name="var_OMRÅDE"' not in page and 'name="var_Tid"' not in page
    assert not Indicator.objects.filter(slug="ny").exists()


def test_saving_builds_the_selection_from_the_lists(logged_in):
    response = logged_in.post("/rediger/indikatorer/ny/",
                              {**BASE, "var_KØN": "TOT", "var_ALDER": "IALT"})
    assert response.status_code == 302
    assert Indicator.objects.get(slug="ny").statbank_selection == {"KØN": ["TOT"],
                                                                   "ALDER": ["IALT"]}


def test_a_value_the_table_lacks_or_a_missing_choice_is_refused(logged_in):
    page = text(logged_in.post("/rediger/indikatorer/ny/", {**BASE, "var_KØN": "9"}))
    assert "Tabellen har ikke den valgte værdi for KØN." in page
    assert "Vælg en værdi for ALDER." in page
    assert not Indicator.objects.filter(slug="ny").exists()


def test_an_unreachable_statbank_keeps_the_selection(client, seed_programme, editor):
    load_reference_indicators()
    client.login(username=editor.email, password=PASSWORD)
    page = text(client.get(EDIT))
    assert "Tabellens variable kunne ikke hentes fra Statistikbanken" in page
    assert "Nuværende udvalg: ART = TOT; DRANST = 1; FUNKTION = 5.38.*; PRISENHED = LOBM" in page
