"""Indicator queries shared by pages in other apps."""

from django.db.models import OuterRef, QuerySet, Subquery

from kkrmonitor.indicators.models import Indicator, Observation


def indicators_with_latest_period() -> QuerySet[Indicator]:
    """Indicators annotated with `latest` (the newest period that has a value), in one query,
    for panels that list several indicators."""
    latest = (Observation.objects.filter(indicator=OuterRef("pk"), value__isnull=False)
              .order_by("-period_start").values("period")[:1])
    return Indicator.objects.annotate(latest=Subquery(latest)).order_by("name")
