"""Open data on indicators and their figures (/api/indikatorer...).

Indicator definitions and their observations have no draft state: the indicator pages show them
to everyone, and so does the API. Figures are flat rows, one per area and period:

    {"area": "101", "area_name": "København", "kind": "municipality", "period": "2024",
     "value": 12.3}

`area` is Statistics Denmark's code for a municipality or region, "000" for the whole country,
and the council's slug for a council's computed figure (`kind` says which). `value` is null where
the source suppressed the figure ("..") or a computed figure cannot be formed; never 0.
Rows come ordered by area (in the order the areas were created), then by period code: the
order of the unique index, so the database reads them without sorting.
The list is built as text from one query (no model or schema object per row): this endpoint
serves whole series, and is benchmarked against Datasette serving the same table."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kkrmonitor.converters import url_maker
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.queries import recommendation_links

router = Router()

JSON = "application/json; charset=utf-8"


class RecommendationRef(Schema):
    council: str
    term: str
    number: int
    url: str


class IndicatorOut(Schema):
    slug: str
    name: str
    unit: str
    source: str
    kind: str
    statbank_table: str
    recommendations: list[RecommendationRef]
    latest_period: str | None
    url: str
    observations_url: str


class ObservationOut(Schema):
    area: str
    area_name: str
    kind: str
    period: str
    value: float | None


@router.get("/indikatorer", response=list[IndicatorOut], url_name="api_indicators")
def indicators(request: HttpRequest) -> HttpResponse:
    """Every indicator with its unit, source, recommendations and newest period with a figure
    (null when nothing has been fetched or uploaded)."""
    # Plain rows written directly, as the observations below: a national list has hundreds of
    # indicators and recommendations, and a model instance, a URL lookup and a validated
    # schema object for each cost most of the time.
    links = recommendation_links()
    indicator_url = url_maker("indicator", "indikator-0")
    out = [{
        "slug": slug, "name": name, "unit": unit, "source": source, "kind": kind,
        "statbank_table": table, "recommendations": links[pk], "latest_period": latest or None,
        "url": indicator_url(slug), "observations_url": f"/api/indikatorer/{slug}/observationer",
    } for pk, slug, name, unit, source, kind, table, latest in (
        Indicator.objects.order_by("name").values_list(
            "pk", "slug", "name", "unit", "source", "kind", "statbank_table",
            "latest_figure_period"))]
    return HttpResponse(json.dumps(out, ensure_ascii=False), content_type=JSON)


@router.get("/indikatorer/{slug}/observationer", response=list[ObservationOut],
            url_name="api_indicator_observations")
def observations(request: HttpRequest, slug: str, kommune: str | None = None,
                 periode: str | None = None) -> HttpResponse:
    """All figures of one indicator for every area, flat (see the module description).
    `kommune` keeps one area by its code (a municipality "101", a region "1084", the country
    "000" or a council's slug); `periode` one period ("2024", "2024K1", "2024M01")."""
    indicator = get_object_or_404(Indicator.objects.only("pk"), slug=slug)
    # Areas are few (about a hundred): each one's JSON prefix is written once, not per row.
    prefixes: dict[int, str] = {}
    for pk, code, name, kind in Area.objects.values_list("pk", "code", "name", "kind"):
        if kommune is not None and code != kommune:
            continue
        prefixes[pk] = (f'{{"area":{json.dumps(code, ensure_ascii=False)},'
                        f'"area_name":{json.dumps(name, ensure_ascii=False)},'
                        f'"kind":{json.dumps(kind)},"period":')
    rows = Observation.objects.filter(indicator_id=indicator.pk)
    if kommune is not None:
        rows = rows.filter(area_id__in=list(prefixes))
    if periode is not None:
        rows = rows.filter(period=periode)
    # Period codes are checked on every write (parse_period: digits, K, M), so they need no
    # escaping; areas come from the prefixes above. One f-string per row, nothing else.
    parts = [f'{prefixes[area_id]}"{period}","value":{"null" if value is None else repr(value)}}}'
             for area_id, period, value in rows.order_by("area_id", "period").values_list(
                 "area_id", "period", "value")]
    return HttpResponse("[" + ",".join(parts) + "]", content_type=JSON)
