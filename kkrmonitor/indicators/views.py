"""Indicator pages: the public list and indicator page (chart, ranking, the numbers as a table),
and the editors' pages for definitions and uploads. Thin function views; writes go through
kkrmonitor.indicators.services."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db.models import Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kkrmonitor.access import access_for
from kkrmonitor.converters import url_maker
from kkrmonitor.indicators.forms import IndicatorForm, UploadForm
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.periods import parse_period
from kkrmonitor.indicators.queries import recommendation_links
from kkrmonitor.indicators.reference import open_selections
from kkrmonitor.indicators.selection_fields import load_tableinfo
from kkrmonitor.indicators.services import (
    ObservationImportError,
    import_observations,
    save_definition,
)
from kkrmonitor.indicators.statbank import StatBankError
from kkrmonitor.indicators.upload_template import template_xlsx
from kkrmonitor.indicators.uploads import UploadFormatError
from kkrmonitor.programme.models import Municipality, Recommendation
from kkrmonitor.web.decorators import editor_required
from kkrmonitor.web.helpers import Crumbs, author_for, crumbs


def _crumbs(*tail: tuple[str, str | None]) -> Crumbs:
    return crumbs(("Indikatorer", reverse("indicator_list")), *tail)


# --- public pages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListedIndicator:
    name: str
    url: str
    unit: str
    kind: str
    statbank_table: str
    latest: str  # the newest period with a figure; "" when there is none
    recommendations: list[tuple[int, str]]  # (number, URL)


def indicator_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    # Plain rows with their URLs made once per kind: a national list has hundreds of
    # indicators, and a model instance and URL lookups for each were most of the page.
    links = recommendation_links()
    indicator_url = url_maker("indicator", "indikator-0")
    kinds = dict(Indicator.Kind.choices)
    indicators = [ListedIndicator(
        name=name, url=indicator_url(slug), unit=unit, kind=kinds.get(kind, kind),
        statbank_table=table, latest=latest if figures else "",
        recommendations=[(link["number"], link["url"]) for link in links[pk]])
        for pk, slug, name, unit, kind, table, figures, latest in (
            Indicator.objects.listed_for(access).order_by("name").values_list(
                "pk", "slug", "name", "unit", "kind", "statbank_table", "figures",
                "latest_figure_period"))]
    return render(request, "indicators/indicator_list.html", {
        "indicators": indicators, "may_edit": access.is_editor,
        "crumbs": crumbs(("Indikatorer", None)),
    })


@dataclass(frozen=True)
class TableRow:
    period: str
    label: str
    values: list[float | None]


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    area: Area
    value: float | None
    selected: bool


def _selected_municipality(request: HttpRequest) -> Municipality | None:
    code = request.GET.get("kommune", "").strip()
    municipalities = Municipality.objects.select_related("council")
    chosen = municipalities.filter(code=code).first() if code else None
    if chosen is None:
        chosen = (municipalities.filter(council__slug=settings.KKR_DEFAULT_COUNCIL)
                  .order_by("name").first() or municipalities.order_by("name").first())
    return chosen


def indicator(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(
        Indicator.objects.select_related("numerator", "denominator").prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.select_related(
                "programme__council"))), slug=slug)
    municipality = _selected_municipality(request)
    # The municipality, its council and the country, in that order (one query).
    wanted = Q(kind=Area.Kind.COUNTRY)
    if municipality is not None:
        wanted |= Q(municipality=municipality) | Q(council_id=municipality.council_id)
    order: dict[str, int] = {Area.Kind.MUNICIPALITY: 0, Area.Kind.COUNTRY: 2}
    areas = sorted(Area.objects.filter(wanted), key=lambda a: (order.get(a.kind, 1), a.pk))
    observations = list(obj.observations.filter(area__in=areas)
                        .order_by("period_start").values_list("area_id", "period", "value"))
    # Only suppressed values ("..") leave figures at 0 while observations exist.
    has_any = bool(obj.figures or observations) or obj.observations.exists()
    by_period: dict[str, dict[int, float | None]] = {}
    for area_id, period, value in observations:
        by_period.setdefault(period, {})[area_id] = value
    rows = [TableRow(p, parse_period(p).label, [values.get(a.pk) for a in areas])
            for p, values in by_period.items()]
    ranking, latest = _ranking(obj, municipality)
    retrieved = obj.observations.aggregate(at=Max("retrieved_at"))["at"]
    chart = {
        "unit": obj.unit,
        "labels": [row.label for row in rows],
        "series": [{"label": a.name, "values": [row.values[i] for row in rows]}
                   for i, a in enumerate(areas)],
    }
    return render(request, "indicators/indicator.html", {
        "indicator": obj, "areas": areas, "rows": rows, "has_any": has_any,
        "chart": chart if rows else None, "ranking": ranking, "latest": latest,
        "latest_label": parse_period(latest).label if latest else "",
        "municipality": municipality, "retrieved": retrieved,
        "open_selections": open_selections(obj),
        "municipalities": Municipality.objects.order_by("name"),
        "may_edit": access_for(request).can_edit_indicator(obj.council_id),
        "crumbs": _crumbs((obj.name, None)),
    })


def _ranking(obj: Indicator, municipality: Municipality | None) -> tuple[list[RankRow], str]:
    """The selected municipality's council's municipalities in the latest period with a figure,
    highest first; those without a figure last, unranked."""
    if municipality is None:
        return [], ""
    members = Observation.objects.filter(
        indicator=obj, area__kind=Area.Kind.MUNICIPALITY,
        area__municipality__council_id=municipality.council_id)
    latest = (members.filter(value__isnull=False).order_by("-period_start")
              .values_list("period", flat=True).first())
    if latest is None:
        return [], ""
    found = {o.area_id: o.value for o in members.filter(period=latest)}
    areas = Area.objects.filter(municipality__council_id=municipality.council_id)
    with_value = sorted((a for a in areas if found.get(a.pk) is not None),
                        key=lambda a: (-(found[a.pk] or 0), a.name))
    without = sorted((a for a in areas if found.get(a.pk) is None), key=lambda a: a.name)
    rows = [RankRow(i, a, found[a.pk], a.municipality_id == municipality.pk)
            for i, a in enumerate(with_value, start=1)]
    rows += [RankRow(None, a, None, a.municipality_id == municipality.pk) for a in without]
    return rows, latest


# --- editing -----------------------------------------------------------------------------------

def _table_info(request: HttpRequest, instance: Indicator | None) -> tuple[
        dict | None, str]:
    """The description of the StatBank table the form names (POSTed, else stored), for its
    select lists, and a Danish note when it cannot be had."""
    kind = request.POST.get("kind") or (instance.kind if instance else "")
    table = (request.POST.get("statbank_table") if request.method == "POST" else
             (instance.statbank_table if instance else "")) or ""
    table = table.strip()
    if kind != Indicator.Kind.STATBANK or not table:
        return None, ""
    try:
        return load_tableinfo(table), ""
    except StatBankError as error:
        return None, (f"Tabellens variable kunne ikke hentes fra Statistikbanken ({error}). "
                      "Udvalget gemmes uændret; prøv igen senere.")


def _definition_form(request: HttpRequest, obj: Indicator | None) -> tuple[IndicatorForm, str]:
    info, note = _table_info(request, obj)
    form = IndicatorForm(request.POST or None, instance=obj, access=access_for(request),
                         tableinfo=info)
    return form, note


def _wants_save(request: HttpRequest) -> bool:
    """A POST from "Hent tabellens variable" only shows the table's select lists."""
    return request.method == "POST" and "load_table" not in request.POST


@editor_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    form, note = _definition_form(request, None)
    if _wants_save(request) and form.is_valid():
        created = save_definition(author_for(request), form.save(commit=False), created=True,
                                  recommendations=form.cleaned_data["recommendations"])
        messages.success(request, "Indikatoren er oprettet.")
        return redirect(created)
    return render(request, "indicators/indicator_form.html", {
        "form": form, "table_note": note, "page_title": "Ny indikator",
        "action": reverse("indicator_create"),
        "cancel": reverse("indicator_list"), "crumbs": _crumbs(("Ny indikator", None)),
    })


@editor_required
def indicator_edit(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Indicator, slug=slug)
    access = access_for(request)
    access.require(access.can_edit_indicator(obj.council_id))
    form, note = _definition_form(request, obj)
    if _wants_save(request) and form.is_valid():
        save_definition(author_for(request), form.save(commit=False), created=False,
                        recommendations=form.cleaned_data["recommendations"])
        messages.success(request, "Indikatoren er gemt.")
        return redirect(reverse("indicator", args=[form.instance.slug]))
    return render(request, "indicators/indicator_form.html", {
        "form": form, "table_note": note, "indicator": obj,
        "page_title": f"Redigér {obj.name}",
        "action": reverse("indicator_edit", args=[obj.slug]), "cancel": obj.get_absolute_url(),
        "crumbs": _crumbs((obj.name, obj.get_absolute_url()), ("Redigér", None)),
    })


@editor_required
def indicator_upload(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Indicator, slug=slug)
    access = access_for(request)
    access.require(access.can_edit_indicator(obj.council_id))
    form = UploadForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    error_text = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_observations(obj, upload.read(), upload.name, author_for(request))
        except UploadFormatError as error:
            where = f"række {error.line}: " if error.line else ""
            error_text = f"{upload.name}: {where}{error}. Intet er gemt."
            status = 400
        except ObservationImportError as error:
            row_errors = error.errors
            error_text = (f"{upload.name} har {len(row_errors)} fejl. Intet er gemt; ret filen "
                          "og upload den igen.")
            status = 400
        else:
            messages.success(request, report.lines()[0])
            return redirect(obj)
    elif request.method == "POST":
        status = 400
    return render(request, "indicators/upload_form.html", {
        "form": form, "indicator": obj, "row_errors": row_errors[:200],
        "more_errors": max(0, len(row_errors) - 200), "error_text": error_text,
        "page_title": f"Upload tal for {obj.name}",
        "crumbs": _crumbs((obj.name, obj.get_absolute_url()), ("Upload", None)),
    }, status=status)


@editor_required
def indicator_upload_template(request: HttpRequest, slug: str) -> HttpResponse:
    """The XLSX template for uploading the indicator's series: one row per municipality of its
    council (every municipality for a national indicator), with the municipality's code."""
    obj = get_object_or_404(Indicator, slug=slug)
    access = access_for(request)
    access.require(access.can_edit_indicator(obj.council_id))
    municipalities = Municipality.objects.order_by("code")
    if obj.council_id is not None:
        municipalities = municipalities.filter(council_id=obj.council_id)
    data = template_xlsx(obj.name, municipalities.values_list("code", "name"))
    return HttpResponse(data, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": f'attachment; filename="skabelon-{obj.slug}.xlsx"'})
