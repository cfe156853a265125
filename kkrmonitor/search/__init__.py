"""Search over everything the programme holds (/soeg/, /api/soeg).

One table, `SearchEntry`, holds a row per searchable object: its title and text, where it is
shown, its council and year, and whether the public may find it. The kinds of object are
registered in `kinds.py` (`@register`); the built-in ones are in `sources.py`. The index is kept
current by the write path in one place — `audit.recording.record()` calls `indexing.note_write`
— and `kkr rebuild_search_index` rebuilds it.

Full text: PostgreSQL's `danish` configuration on a generated, GIN-indexed column, with pg_trgm
for typos; on SQLite an FTS5 table holding the same Danish Snowball stems computed in Python
(`danish.py`)."""
