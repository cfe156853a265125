"""Pages of the API's long lists (`limit` and `offset`, as /api/soeg).

A list endpoint still answers a JSON list of the same rows — a client that reads one answer gets
the first page — and says where the rest is in the headers: `X-Total-Count` (every row the
caller may see), and `Link` (RFC 8288) with `first`, `prev`, `next` and `last` where they apply.
A bad `limit` or `offset` is a 400 with a Danish message (`paging_error` turns a non-number into
the same answer; kkrmonitor/api.py installs it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.errors import HttpError, ValidationError

PARAMS = ("limit", "offset")


@dataclass(frozen=True)
class Page:
    offset: int
    limit: int

    @property
    def end(self) -> int:
        return self.offset + self.limit


def limit_param(default: int, maximum: int) -> Any:
    """The `limit` query parameter as the OpenAPI document describes it."""
    return Query(default, description=f"Højst så mange rækker pr. side (1–{maximum}, "
                                      f"standard {default}).")


def offset_param() -> Any:
    return Query(0, description="Spring så mange rækker over (0: første side). Næste side "
                                "står i svarets Link-header.")


def page(limit: int, offset: int, maximum: int) -> Page:
    """The page asked for, or a 400 naming the rule."""
    if not 1 <= limit <= maximum or offset < 0:
        raise HttpError(400, rule(maximum))
    return Page(offset, limit)


def total(found: int, at: Page, count: Callable[[], int]) -> int:
    """How many rows there are in all: known without counting when the page (of `found` rows)
    is neither empty nor full."""
    return at.offset + found if 0 < found < at.limit else count()


def rule(maximum: int | None = None) -> str:
    most = f"fra 1 til {maximum}" if maximum else "fra 1"
    return f"limit skal være et helt tal {most}, og offset et helt tal fra 0."


def json_response(data: Any) -> HttpResponse:
    """Plain rows written as JSON directly, as ninja writes a validated answer (dates ISO,
    times in UTC with milliseconds): for long lists, building and validating a schema object
    per row costs more than reading them. The endpoint still declares its response schema,
    which the OpenAPI document shows."""
    return HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
                        content_type="application/json; charset=utf-8")


def paged(request: HttpRequest, rows: list[Any], total: int, at: Page) -> HttpResponse:
    """The rows as a JSON list, with the total and the links to the other pages."""
    response = json_response(rows)
    response["X-Total-Count"] = str(total)
    links = {"first": 0}
    if at.offset > 0:
        links["prev"] = max(0, min(at.offset, total) - at.limit)
    if at.end < total:
        links["next"] = at.end
    last = max(0, (total - 1) // at.limit * at.limit)
    links["last"] = last
    response["Link"] = ", ".join(f'<{_url(request, offset, at.limit)}>; rel="{rel}"'
                                 for rel, offset in links.items())
    return response


def _url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paging_error(exc: ValidationError) -> str | None:
    """The Danish message for a request whose only wrong parameters are `limit`/`offset` (not
    whole numbers), else None (ninja's own 422 answers)."""
    locations = [tuple(error.get("loc", ())) for error in exc.errors]
    if locations and all(loc[:1] == ("query",) and loc[-1] in PARAMS for loc in locations):
        return rule()
    return None


HEADERS = {
    "X-Total-Count": {"description": "Antal rækker i alt, på alle sider.",
                      "schema": {"type": "integer"}},
    "Link": {"description": "Links til første, forrige, næste og sidste side "
                            "(rel=\"first\", \"prev\", \"next\", \"last\"; RFC 8288).",
             "schema": {"type": "string"}},
}
OPENAPI = {"responses": {200: {"headers": HEADERS},
                         400: {"description": "Ugyldig parameter, fx limit eller offset "
                                               "uden for det tilladte (dansk tekst i detail)."}}}
