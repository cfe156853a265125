"""Indicator queries shared by pages in other apps."""

from django.db.models import F, QuerySet

from kkrmonitor.indicators.models import Indicator


def indicators_with_latest_period() -> QuerySet[Indicator]:
    """Indicators annotated with `latest` (the newest period that has a value; "" when none),
    for panels that list several indicators. Kept on the indicator by store_observations, so
    no observation is read."""
    return Indicator.objects.annotate(latest=F("latest_figure_period")).order_by("name")
