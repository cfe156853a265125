"""One search, as the page and the API both ask it: what the caller may find, filtered, ranked,
with highlighted titles and snippets."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from kkrmonitor.access import Access
from kkrmonitor.search import backends, danish
from kkrmonitor.search.kinds import KINDS
from kkrmonitor.search.models import SearchEntry

MAX_QUERY = 200  # characters of a query that are looked at
PAGE_SIZE = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString  # escaped, matching words in <mark>
    snippet_html: SafeString
    url: str
    council: str | None
    year: int | None
    published: bool


@dataclass(frozen=True)
class Results:
    query: str
    hits: list[Hit]
    total: int  # at most backends.COUNT_CAP
    more: bool  # more than `total` match
    typo_forgiven: bool  # nothing matched as typed; these are close to it


def search(query: str, access: Access, *, kinds: tuple[str, ...] = (),
           council_id: int | None = None, year: int | None = None,
           limit: int = PAGE_SIZE, offset: int = 0) -> Results:
    query = " ".join(query.split())[:MAX_QUERY]
    scope = backends.Scope(public_only=not access.sees_drafts,
                           kinds=tuple(k for k in kinds if k in KINDS),
                           council_id=council_id, year=year)
    ids, total, forgiven = backends.match(query, scope, limit, offset)
    entries = SearchEntry.objects.select_related("council").in_bulk(ids)
    terms = danish.query_terms(query)
    hits = []
    for pk in ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        kind = KINDS.get(entry.kind)
        hits.append(Hit(
            kind=entry.kind, kind_label=kind.label if kind else "",
            title=entry.title,
            # danish.highlight and danish.snippet escape the text themselves.
            title_html=mark_safe(danish.highlight(entry.title, terms)),  # noqa: S308
            snippet_html=mark_safe(danish.snippet(entry.body, terms)),  # noqa: S308
            url=entry.url, council=entry.council.name if entry.council else None,
            year=entry.year, published=entry.published))
    return Results(query=query, hits=hits, total=min(total, backends.COUNT_CAP),
                   more=total > backends.COUNT_CAP, typo_forgiven=forgiven)


def years(access: Access) -> list[int]:
    """The years from the earliest to the latest something findable is dated in, newest first
    (the year filter). From the lowest and highest year alone, two index look-ups, rather than
    every distinct year of a large table — two queries: SQLite answers MIN and MAX in one query
    by reading the whole index (13 ms at national scale instead of 0.1 ms)."""
    entries = SearchEntry.objects.filter(year__isnull=False)
    if not access.sees_drafts:
        entries = entries.filter(published=True)
    years = entries.values_list("year", flat=True)
    first, last = years.order_by("year").first(), years.order_by("-year").first()
    if first is None or last is None:
        return []
    return list(range(last, first - 1, -1))
