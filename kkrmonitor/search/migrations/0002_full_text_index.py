"""The full-text half of the index, per database: on PostgreSQL a generated tsvector column
(title weighted above text, `danish` configuration) with a GIN index, and pg_trgm's trigram
index on the title for typos; on SQLite an FTS5 table of Danish stems computed in Python."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('danish', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('danish', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector)",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING GIN (title gin_trgm_ops)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_UNDO = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES, "sqlite": SQLITE}),
                             _run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO})),
    ]
