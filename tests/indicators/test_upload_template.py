"""R1's quality as an uploaded series: the shipped definition (no figures), the XLSX template
with the council's municipalities and their codes, who may download it (every role), and a
filled-in template uploaded back (rows left blank are skipped)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import load_reference_indicators
from tests.conftest import PASSWORD
from tests.indicators.data import KKR_H

URL = "/rediger/indikator/r1-kvalitet/upload/skabelon.xlsx/"


@pytest.fixture
def quality(seed_programme):
    load_reference_indicators()
    return Indicator.objects.get(slug="r1-kvalitet")


def test_the_shipped_definition_has_no_figures_and_says_what_is_unknown(quality):
    assert (quality.kind, quality.unit, quality.figures) == (
        "upload", "ukendt (fastlægges med målet)", 0)
    assert [r.number for r in quality.recommendations.all()] == [1]
    assert quality.council.slug == "kkr-hovedstaden"


def test_anonymous_is_sent_to_log_in(client, quality):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")


@pytest.mark.parametrize("who", ["reader", "contact", "editor_sjaelland"])
def test_others_may_not_download(client, quality, request, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_the_template_lists_the_councils_municipalities(client, quality, request, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="skabelon-r1-kvalitet.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tal", "Vejledning"]
    rows = list(book["Tal"].iter_rows(values_only=True))
    assert rows[0] == ("kommunekode", "kommunenavn", "periode", "værdi")
    assert [r[0] for r in rows[1:]] == sorted(KKR_H)
    assert rows[1][1:] == ("København", None, None)
    assert all(not isinstance(c, str) or not c.startswith("=")
               for row in rows for c in row)


def test_a_filled_template_uploads_and_blank_rows_are_skipped(client, quality, editor):
    client.login(username=editor.email, password=PASSWORD)
    book = load_workbook(io.BytesIO(client.get(URL).content))
    sheet = book["Tal"]
    sheet["C2"], sheet["D2"] = "2025", 7.5  # København
    sheet["C3"], sheet["D3"] = "2025", ".."  # Frederiksberg: unknown
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("kvalitet.xlsx", out.getvalue())
    response = client.post("/rediger/indikator/r1-kvalitet/upload/", {"file": upload})
    assert response.status_code == 302
    stored = {(o.area.code, o.period): o.value for o in quality.observations.filter(
        area__kind="municipality").select_related("area")}
    assert stored == {("101", "2025"): 7.5, ("147", "2025"): None}


def test_a_row_with_a_value_but_no_period_is_still_an_error(client, quality, editor):
    client.login(username=editor.email, password=PASSWORD)
    book = Workbook()
    sheet = book.active
    sheet.append(["kommunekode", "kommunenavn", "periode", "værdi"])
    sheet.append(["101", "København", None, 3])
    out = io.BytesIO()
    book.save(out)
    response = client.post("/rediger/indikator/r1-kvalitet/upload/",
                           {"file": SimpleUploadedFile("k.xlsx", out.getvalue())})
    assert response.status_code == 400
    assert not quality.observations.exists()
