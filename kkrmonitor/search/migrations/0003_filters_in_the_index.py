"""Filters read from the index, not tested per match: on SQLite the FTS5 table gains a column
`scope` holding each entry's kind, council and year as words ("#kstatus #c12 #y2027"), refilled here
from the entries; on PostgreSQL (btree_gin) one GIN index holds the vector with kind, council
and year, so a filtered search intersects in one index, and replaces the vector's own."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX search_entry_vector_scope ON search_searchentry "
    "USING GIN (vector, kind, council_id, year)",
    # The index above serves a search without filters as well.
    "DROP INDEX IF EXISTS search_entry_vector",
]
POSTGRES_UNDO = [
    "CREATE INDEX IF NOT EXISTS search_entry_vector ON search_searchentry USING GIN (vector)",
    "DROP INDEX IF EXISTS search_entry_vector_scope",
]
FTS = "CREATE VIRTUAL TABLE search_fts USING fts5({}tokenize = \"unicode61 remove_diacritics 0{}\")"
BATCH = 1000


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)
        return
    if schema_editor.connection.vendor != "sqlite":
        return
    from kkrmonitor.search.backends import Row, write_stems

    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    schema_editor.execute(FTS.format("title, body, scope, ", " tokenchars '#'"))
    entries = apps.get_model("search", "SearchEntry").objects.order_by("pk")
    batch = []
    for e in entries.only("pk", "title", "body", "kind", "council_id", "year").iterator(BATCH):
        batch.append(Row(e.pk, e.title, e.body, e.kind, e.council_id, e.year))
        if len(batch) >= BATCH:
            write_stems(batch)
            batch = []
    write_stems(batch)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_UNDO:
            schema_editor.execute(sql)
    elif schema_editor.connection.vendor == "sqlite":
        # The old table without `scope`; `kkr rebuild_search_index` fills it.
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(FTS.format("title, body, ", ""))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(forwards, backwards)]
