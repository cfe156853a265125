"""Indicator queries shared by pages in other apps."""

from collections import defaultdict
from typing import TypedDict

from django.db.models import F, QuerySet

from kkrmonitor.converters import url_maker
from kkrmonitor.indicators.models import Indicator


def indicators_with_latest_period() -> QuerySet[Indicator]:
    """Indicators annotated with `latest` (the newest period that has a value; "" when none),
    for panels that list several indicators. Kept on the indicator by store_observations, so
    no observation is read."""
    return Indicator.objects.annotate(latest=F("latest_figure_period")).order_by("name")


class RecommendationLink(TypedDict):
    council: str
    term: str
    number: int
    url: str


def recommendation_links() -> dict[int, list[RecommendationLink]]:
    """{indicator id: its recommendations as {"council", "term", "number", "url"}}, with one
    query and one URL reversal for all of them (a national list has hundreds of indicators and
    recommendations)."""
    links: dict[int, list[RecommendationLink]] = defaultdict(list)
    recommendation_url = url_maker("recommendation", "kkr-raad-0", "1000-1001", 999999)
    for indicator_id, council, start, end, number in (
            Indicator.recommendations.through.objects
            .order_by("recommendation__programme__council__slug", "recommendation__number")
            .values_list("indicator_id", "recommendation__programme__council__slug",
                         "recommendation__programme__term_start",
                         "recommendation__programme__term_end", "recommendation__number")):
        term = f"{start}-{end}"
        links[indicator_id].append({"council": council, "term": term, "number": number,
                                    "url": recommendation_url(council, term, number)})
    return links
