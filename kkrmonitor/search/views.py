"""The search page, /soeg/?q=…&type=…&raad=…&aar=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kkrmonitor.access import access_for
from kkrmonitor.programme.models import Council
from kkrmonitor.search.kinds import kind_choices
from kkrmonitor.search.query import MAX_QUERY, PAGE_SIZE, Results, search, years
from kkrmonitor.web.helpers import crumbs


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def search_page(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    kinds = dict(kind_choices())
    kind = request.GET.get("type", "")
    kind = kind if kind in kinds else ""
    councils = list(Council.objects.order_by("kind", "name"))
    council = next((c for c in councils if c.slug == request.GET.get("raad")), None)
    year = _int(request.GET.get("aar"))
    page_number = _int(request.GET.get("side")) or 1
    results: Results | None = None
    page = None
    if query:
        results = search(query, access, kinds=(kind,) if kind else (),
                         council_id=council.pk if council else None, year=year,
                         limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
        page = Paginator(range(results.total), PAGE_SIZE).get_page(page_number)
        if page.number != page_number and results.total:
            # A page past the end: show the last one.
            results = search(query, access, kinds=(kind,) if kind else (),
                             council_id=council.pk if council else None, year=year,
                             limit=PAGE_SIZE, offset=(page.number - 1) * PAGE_SIZE)
    filters = {"q": query, "type": kind, "raad": council.slug if council else "",
               "aar": year or ""}
    return render(request, "search/search.html", {
        "query": query,
        "results": results,
        "page": page,
        "kinds": kinds.items(),
        "kind": kind,
        "councils": councils,
        "council": council,
        "years": years(access),
        "year": year,
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
        "crumbs": crumbs(("Søg", None)),
        "section": "search",
    })
