"""The yearly upload template: a CSV file with one row per municipality for one year, ready to fill
in with an uploaded series' values (Energistyrelsen's Energi- og CO2-regnskab has no public
API, so its figures are uploaded). Read back by indicators.uploads as it stands."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.programme.models import Municipality

HEADER = ("kommunekode", "kommune", "år", "værdi")


def template_csv(municipalities: Iterable[tuple[str, str]], year: int) -> str:
    """Semicolon-separated, like a StatBank export; the value column left empty."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for code, name in municipalities:
        writer.writerow((code, name, str(year), ""))
    return out.getvalue()


def upload_template(request: HttpRequest, slug: str) -> HttpResponse:
    """/indikator/<slug>/skabelon.csv?aar=2024: the owning council's municipalities (every
    municipality for a national indicator). Holds no figures, so anyone may fetch it."""
    indicator = get_object_or_404(Indicator.objects.select_related("council"), slug=slug)
    text = request.GET.get("aar", "")
    year = int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else \
        timezone.localdate().year - 1
    municipalities = (indicator.council.member_municipalities() if indicator.council
                      else Municipality.objects.all())
    rows = [(m.code, m.official_name) for m in municipalities.order_by("code")]
    response = HttpResponse("\ufeff" + template_csv(rows, year),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.csv"'
    return response
