"""The database-specific half of search: PostgreSQL's full text (the `danish` configuration on
the generated column `vector`, in one GIN index with kind, council and year; pg_trgm for typos)
or SQLite's FTS5 table `search_fts` holding Python-computed Danish stems and each entry's
filters as words. Either way a filtered search reads only what it asks for. Everything else is
shared."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from kkrmonitor.search import danish

FTS_TABLE = "search_fts"
ENTRY_TABLE = "search_searchentry"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- keeping the SQLite stems in step with the entries -----------------------------------------

@dataclass(frozen=True)
class Row:
    """What the SQLite full-text table holds for one entry."""

    id: int
    title: str
    body: str
    kind: str
    council_id: int | None
    year: int | None


def _token(prefix: str, value: object) -> str:
    # "#" is a letter to the table's tokenizer (tokenchars) and never part of a stem, so no
    # word anyone types can match a filter word.
    return "#" + prefix + re.sub(r"[^0-9a-z]", "", str(value).lower())


def scope_text(kind: str, council_id: int | None, year: int | None) -> str:
    """The entry's filters as words of the column `scope` ("#kstatus #c12 #y2027"; #cn and #yn
    for none), so that a filtered search is one full-text query that reads only the entries it asks
    for, instead of testing the filter on every entry that has the word."""
    return " ".join([_token("k", kind), _token("c", "n" if council_id is None else council_id),
                     _token("y", "n" if year is None else year)])


def write_stems(rows: Sequence[Row]) -> None:
    """New or changed entries. PostgreSQL computes its vector itself."""
    if is_postgres() or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r.id,) for r in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, scope) VALUES (%s, %s, %s, %s)",
            [(r.id, danish.stemmed_text(r.title), danish.stemmed_text(r.body),
              scope_text(r.kind, r.council_id, r.year)) for r in rows])


def delete_stems(ids: Iterable[int]) -> None:
    ids = list(ids)
    if is_postgres() or not ids:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in ids])


def clear_stems() -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


# --- matching -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The filters every query applies: what the caller may find and asked for."""

    public_only: bool
    kinds: tuple[str, ...] = ()
    council_id: int | None = None
    year: int | None = None

    def sql(self, alias: str = "e") -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        if self.public_only:
            parts.append(f"{alias}.published = %s")
            params.append(True)
        if self.kinds:
            parts.append(f"{alias}.kind IN ({', '.join(['%s'] * len(self.kinds))})")
            params.extend(self.kinds)
        if self.council_id is not None:
            parts.append(f"{alias}.council_id = %s")
            params.append(self.council_id)
        if self.year is not None:
            parts.append(f"{alias}.year = %s")
            params.append(self.year)
        return "".join(f" AND {p}" for p in parts), params


def _fetch(sql: str, params: list[Any]) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# Counting and ranking every match of a word in a third of the index costs more than the whole
# rest of a search, so both are bounded: the count stops at COUNT_CAP (the page says "more than
# 1.000"), and the ranking considers the RANK_WINDOW newest matches. One query reads the window
# (newest first, filters applied by the index), ranks it and counts it.
COUNT_CAP = 1000
RANK_WINDOW = 5000


def _count(base: str, params: list[Any]) -> int:
    return int(_fetch(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1}) c",
                      params)[0][0])


def _ranked(window: str, params: list[Any], order: str, limit: int,
            offset: int) -> tuple[list[int], int]:
    """The page of `window` — a query of (id, rank) for the newest matches, at most
    RANK_WINDOW of them — best rank first, and how many the window holds (at most
    COUNT_CAP + 1), counted in the same pass."""
    rows = _fetch(f"SELECT id, n FROM (SELECT id, rank, count(*) OVER () AS n "
                  f"FROM ({window}) w) r ORDER BY {order}, id LIMIT %s OFFSET %s",
                  [*params, limit, offset])
    if rows:
        return [r[0] for r in rows], min(int(rows[0][1]), COUNT_CAP + 1)
    return [], 0


def _window_size() -> int:
    return max(RANK_WINDOW, COUNT_CAP + 1)


def _sqlite_expression(terms: list[str], scope: Scope, joiner: str) -> str:
    """The FTS5 query: the words, and the filters as words of `scope`. Stems are \\w+ only, so
    quoting them is all FTS5's query syntax needs."""
    parts = ["(" + joiner.join(f'"{t}"' for t in terms) + ")"]
    if scope.kinds:
        parts.append("(" + " OR ".join(f'"{_token("k", k)}"' for k in scope.kinds) + ")")
    if scope.council_id is not None:
        parts.append(f'"{_token("c", scope.council_id)}"')
    if scope.year is not None:
        parts.append(f'"{_token("y", scope.year)}"')
    return " AND ".join(parts)


def _sqlite_match(terms: list[str], scope: Scope, limit: int, offset: int,
                  joiner: str) -> tuple[list[int], int]:
    params: list[Any] = [_sqlite_expression(terms, scope, joiner)]
    base = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    if scope.public_only:
        # CROSS JOIN makes SQLite read the full-text matches first and look their entries up
        # by id; left to itself it may walk the entries and test MATCH on each.
        base = (f"FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND e.published = %s")
        params.append(True)
    # bm25: a word in the title counts five times one in the text; `scope` counts nothing.
    window = (f"SELECT {FTS_TABLE}.rowid AS id, bm25({FTS_TABLE}, 5.0, 1.0, 0.0) AS rank "
              f"{base} ORDER BY {FTS_TABLE}.rowid DESC LIMIT {_window_size()}")
    ids, total = _ranked(window, params, "rank", limit, offset)
    if not ids and offset:
        total = _count(base, params)  # a page past the end: the view shows the last one
    return ids, total


def _pg_match(words: list[str], scope: Scope, limit: int, offset: int,
              joiner: str) -> tuple[list[int], int]:
    # Each word quoted as a lexeme; PostgreSQL stems it with the danish configuration.
    expression = joiner.join(f"'{w}'" for w in words)
    where, params = scope.sql()
    base = (f"FROM {ENTRY_TABLE} e, to_tsquery('danish', %s) q "
            f"WHERE e.vector @@ q{where}")
    # ts_rank outside the window's query, so that only the window's entries are ranked, not
    # every match the index hands over before the newest are picked.
    window = (f"SELECT id, ts_rank(v, q) AS rank FROM (SELECT e.id AS id, e.vector AS v, q "
              f"{base} ORDER BY e.id DESC LIMIT {_window_size()}) m")
    ids, total = _ranked(window, [expression, *params], "rank DESC", limit, offset)
    if not ids and offset:
        total = _count(base, [expression, *params])
    return ids, total


def _pg_similar(query: str, scope: Scope, limit: int, offset: int) -> tuple[list[int], int]:
    """Typos: titles with a word close to what was typed (pg_trgm's word similarity, served by
    the trigram index on the title)."""
    where, params = scope.sql()
    base = f"FROM {ENTRY_TABLE} e WHERE %s <%% e.title{where}"
    total = _count(base, [query, *params])
    if not total:
        return [], 0
    rows = _fetch(f"SELECT e.id {base} ORDER BY word_similarity(%s, e.title) DESC, e.id "
                  f"LIMIT %s OFFSET %s", [query, *params, query, limit, offset])
    return [r[0] for r in rows], total


def match(query: str, scope: Scope, limit: int, offset: int) -> tuple[list[int], int, bool]:
    """(entry ids best first, how many match — at most COUNT_CAP + 1 —, whether typos were
    forgiven). Every word must
    match; when nothing does, any word may; on PostgreSQL, then a word close to one typed."""
    terms = danish.query_terms(query)
    if not terms:
        return [], 0, False
    if is_postgres():
        words = [w for w in danish.WORD.findall(query.lower())
                 if w not in danish.STOP_WORDS][:12]
        ids, total = _pg_match(words, scope, limit, offset, " & ")
        if not total and len(words) > 1:
            ids, total = _pg_match(words, scope, limit, offset, " | ")
        if not total:
            ids, total = _pg_similar(" ".join(words), scope, limit, offset)
            return ids, total, bool(total)
        return ids, total, False
    ids, total = _sqlite_match(terms, scope, limit, offset, " AND ")
    if not total and len(terms) > 1:
        ids, total = _sqlite_match(terms, scope, limit, offset, " OR ")
    return ids, total, False
