"""GET /api/soeg?q=…: the search page's results as data, with the same rule for what the caller
may find (the public: published content only)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kkrmonitor.access import access_for
from kkrmonitor.programme.models import Council
from kkrmonitor.search.kinds import KINDS
from kkrmonitor.search.query import MAX_QUERY, search

router = Router()


class SearchParams(Schema):
    q: str
    type: str | None = None  # one of the kinds, e.g. "anbefaling"
    council: str | None = None  # a council's slug, e.g. "kkr-hovedstaden"
    year: int | None = None
    limit: int = 20
    offset: int = 0


class SearchHitOut(Schema):
    type: str
    type_label: str
    title: str
    title_html: str  # the title, HTML-escaped, with the matching words in <mark>
    snippet_html: str  # a piece of the text, HTML-escaped, matching words in <mark>
    url: str
    council: str | None
    year: int | None
    published: bool


class SearchOut(Schema):
    query: str
    total: int  # counted up to 1000
    more: bool  # more than `total` match (the first 1000 are counted)
    typo_forgiven: bool
    results: list[SearchHitOut]


@router.get("/soeg", response=SearchOut, summary="Søg i alt indhold")
def search_api(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    """Søg i anbefalinger, indsatser, statusopdateringer, milepæle, møder, dagsordenspunkter,
    beslutninger, mødedokumenter, registre, fælles indsatser, aktører og kommuner. Bøjede
    former findes ("kommunerne" finder "kommune"); resultaterne er ordnet efter relevans."""
    if not params.q.strip() or len(params.q) > MAX_QUERY:
        raise HttpError(400, f"Angiv et søgeord på højst {MAX_QUERY} tegn.")
    if params.type and params.type not in KINDS:
        raise HttpError(400, "Ukendt type. Mulige typer: " + ", ".join(KINDS) + ".")
    council_id = None
    if params.council:
        council = Council.objects.filter(slug=params.council).first()
        if council is None:
            raise HttpError(400, "Ukendt råd.")
        council_id = council.pk
    if not 1 <= params.limit <= 100 or not 0 <= params.offset <= 10_000:
        raise HttpError(400, "limit skal være 1–100 og offset 0–10000.")
    results = search(params.q, access_for(request),
                     kinds=(params.type,) if params.type else (), council_id=council_id,
                     year=params.year, limit=params.limit, offset=params.offset)
    return {"query": results.query, "total": results.total, "more": results.more,
            "typo_forgiven": results.typo_forgiven,
            "results": [{"type": h.kind, "type_label": h.kind_label, "title": h.title,
                         "title_html": str(h.title_html), "snippet_html": str(h.snippet_html),
                         "url": h.url, "council": h.council, "year": h.year,
                         "published": h.published} for h in results.hits]}
