"""Filters read from the index, not tested per match: on SQLite the FTS5 table gains a column
`scope` holding each entry's kind, council and year as words ("#kstatus #c12 #y2027"),
refilled here from the entries; on PostgreSQL (btree_gin) one GIN index holds the vector with
kind, council and year, so a filtered search intersects in one index, and replaces the
vector's own."""

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
FTS = ("CREATE VIRTUAL TABLE search_fts USING fts5("
       "{}tokenize = \"unicode61 remove_diacritics 0{}\")")
BATCH = 1000
INSERT = "INSERT INTO search_fts (rowid, title, body, scope) VALUES (%s, %s, %s, %s)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)
        return
    if schema_editor.connection.vendor != "sqlite":
        return
    from kkrmonitor.search.backends import scope_text
    from kkrmonitor.search.danish import stemmed_text

    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    schema_editor.execute(FTS.format("title, body, scope, ", " tokenchars '#'"))
    entries = apps.get_model("search", "SearchEntry").objects.order_by("pk").only(
        "pk", "title", "body", "kind", "council_id", "year")
    batch = []
    with schema_editor.connection.cursor() as cursor:
        for e in entries.iterator(BATCH):
            batch.append((e.pk, stemmed_text(e.title), stemmed_text(e.body),
                          scope_text(e.kind, e.council_id, e.year)))
            if len(batch) >= BATCH:
                cursor.executemany(INSERT, batch)
                batch = []
        cursor.executemany(INSERT, batch)


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
