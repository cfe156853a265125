"""Municipal emissions from Energistyrelsen's Energi- og CO2-regnskab: an uploaded series under
R3 (no public API is described), with a CSV template per municipality and year that the upload
reads back as it stands once filled in."""

import pytest
from django.urls import reverse

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.year_template import template_csv

pytestmark = pytest.mark.django_db
SLUG = "energi-og-co2-regnskabet-udledning"


def test_template_csv_is_one_row_per_municipality():
    assert template_csv([("101", "Københavns Kommune"), ("400", "Bornholms Regionskommune")],
                        2023) == ("kommunekode;kommune;år;værdi\r\n"
                                  "101;Københavns Kommune;2023;\r\n"
                                  "400;Bornholms Regionskommune;2023;\r\n")


def test_the_emissions_series_is_linked_to_r3_and_its_template_filled_in_uploads(
        client, seed_programme, editor):
    load_reference_indicators()
    indicator = Indicator.objects.get(slug=SLUG)
    assert (indicator.kind, indicator.council.slug) == ("upload", "kkr-hovedstaden")
    assert [r.number for r in indicator.recommendations.all()] == [3]
    response = client.get(reverse("indicator_year_template", args=[SLUG]) + "?aar=2023")
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}-2023.csv"'
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[:3] == ["kommunekode;kommune;år;værdi", "101;Københavns Kommune;2023;",
                         "147;Frederiksberg Kommune;2023;"]
    assert len([line for line in lines if line]) == 30  # the header and 29 municipalities
    filled = "\r\n".join([lines[0], *[f"{line}1000" for line in lines[1:] if line]])
    client.force_login(editor)
    upload = reverse("indicator_upload", args=[SLUG])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(upload, {"file": SimpleUploadedFile(
        "udledning-2023.csv", filled.encode("utf-8"), content_type="text/csv")})
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(reverse("indicator", args=[SLUG])).content.decode()
    assert "29.000" in page  # the council: the sum of its 29 municipalities
