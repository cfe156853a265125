"""The indicator panel on a municipality's page: for every indicator, the municipality's latest
figure beside its council's and the whole country's for the same period. A fixed number of
queries however many indicators there are (the areas, the indicators, the figures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from kkrmonitor.converters import url_maker
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.periods import parse_period
from kkrmonitor.programme.models import Municipality


@dataclass(frozen=True)
class PanelRow:
    indicator: Indicator
    period: str
    period_label: str
    municipality: float | None
    council: float | None
    country: float | None
    # When the newest of the row's figures was retrieved from its source (None: not known).
    retrieved_at: datetime | None = None
    url: str = ""  # the indicator's page


@dataclass
class MunicipalityPanel:
    municipality: Municipality
    council_name: str
    rows: list[PanelRow] = field(default_factory=list)  # indicators with figures
    without: list[Indicator] = field(default_factory=list)  # nothing fetched or uploaded yet

    @property
    def indicators(self) -> list[Indicator]:
        return [row.indicator for row in self.rows] + self.without


def _latest(area_id: int | None = None) -> Subquery:
    found = Observation.objects.filter(indicator=OuterRef("pk"), value__isnull=False)
    if area_id is not None:
        found = found.filter(area_id=area_id)
    return Subquery(found.order_by("-period_start", "-period").values("period")[:1])


def municipality_panel(municipality: Municipality) -> MunicipalityPanel:
    """The period shown is the newest in which the municipality has a figure, or, if it has
    none, the newest in which any area has one (the municipality's cell then says so)."""
    panel = MunicipalityPanel(municipality, municipality.council.name)
    own = council = country = None
    for area in Area.objects.filter(Q(municipality_id=municipality.pk)
                                    | Q(council_id=municipality.council_id)
                                    | Q(kind=Area.Kind.COUNTRY)):
        if area.municipality_id == municipality.pk:
            own = area.pk
        elif area.kind == Area.Kind.COUNTRY:
            country = area.pk
        else:
            council = area.pk
    latest = _latest() if own is None else Coalesce(_latest(own), _latest())
    # annotated with panel_period, which the model does not declare
    # Only what the panel shows (name, unit, source, the link): the municipality page lists
    # every indicator, and the others' formulas and selections are not read there.
    indicators: list[Any] = list(Indicator.objects.only("id", "slug", "name", "unit", "source")
                                 .annotate(panel_period=latest).order_by("name"))
    wanted = [i for i in indicators if i.panel_period]
    values: dict[tuple[int, int], float | None] = {}
    retrieved: dict[int, datetime] = {}
    area_ids = [a for a in (own, council, country) if a is not None]
    if wanted and area_ids:
        # The condition names the whole unique key (indicator, area, period), so the database
        # answers it from the index instead of scanning an indicator's series. One IN list per
        # column (the indicators share a few periods) rather than one term per indicator:
        # building a condition of hundreds of terms cost more than the query. An indicator's
        # figures for another indicator's period are dropped here.
        period_of = {indicator.pk: indicator.panel_period for indicator in wanted}
        for indicator_id, area_id, period, value, retrieved_at in (
                Observation.objects.filter(indicator_id__in=list(period_of),
                                           area_id__in=area_ids,
                                           period__in=sorted(set(period_of.values())))
                .values_list("indicator_id", "area_id", "period", "value", "retrieved_at")):
            if period != period_of[indicator_id]:
                continue
            values[(indicator_id, area_id)] = value
            if indicator_id not in retrieved or retrieved_at > retrieved[indicator_id]:
                retrieved[indicator_id] = retrieved_at
    indicator_url = url_maker("indicator", "indikator-0")  # one reverse for every row
    for indicator in indicators:
        if not indicator.panel_period:
            panel.without.append(indicator)
            continue
        panel.rows.append(PanelRow(
            indicator, indicator.panel_period, parse_period(indicator.panel_period).label,
            values.get((indicator.pk, own)) if own else None,
            values.get((indicator.pk, council)) if council else None,
            values.get((indicator.pk, country)) if country else None,
            retrieved.get(indicator.pk), indicator_url(indicator.slug)))
    return panel
