"""`kkr backup` and `kkr restore` in the test process, on the suite's own database: the
in-memory SQLite database on the first CI run, the PostgreSQL test database on the second."""

import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kkrmonitor.ops.backup import manifest_path_for
from kkrmonitor.ops.checksums import differences, table_checksums

pytestmark = pytest.mark.django_db(transaction=True)

SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


@pytest.fixture
def backup_file(seed_programme, tmp_path):
    path = tmp_path / f"kkr{SUFFIX[connection.vendor]}"
    call_command("backup", str(path), stdout=open(tmp_path / "out.txt", "w"))
    return path


def test_round_trip_brings_back_changed_and_deleted_rows(backup_file, tmp_path, capsys):
    from kkrmonitor.programme.models import Milestone, Recommendation

    before = table_checksums()
    manifest = json.loads(manifest_path_for(backup_file).read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == before
    assert manifest["migrations"]["programme"].startswith("0")
    assert manifest["created"].endswith("+00:00")

    first = Recommendation.objects.order_by("pk").first()
    Recommendation.objects.filter(pk=first.pk).update(headline="Noget helt andet")
    milestone = Milestone.objects.order_by("pk").first()
    milestone_pk = milestone.pk
    milestone.delete()
    assert differences(before, table_checksums())

    call_command("restore", str(backup_file), "--force")
    out = capsys.readouterr().out
    assert f"Gendannet fra {backup_file}: {len(before)} tabeller" in out
    assert "Kontrolleret mod manifestet" in out and "samme indhold" in out
    assert table_checksums() == before
    assert Recommendation.objects.get(pk=first.pk).headline == first.headline
    assert Milestone.objects.filter(pk=milestone_pk, title=milestone.title).exists()


def test_restore_refuses_a_database_with_data_without_force(backup_file):
    before = table_checksums()
    with pytest.raises(CommandError, match="indeholder allerede data; brug --force"):
        call_command("restore", str(backup_file))
    assert table_checksums() == before


def test_backup_refuses_to_overwrite_without_force(backup_file):
    with pytest.raises(CommandError, match="findes allerede"):
        call_command("backup", str(backup_file))


def test_backup_into_a_directory_names_the_file(seed_programme, tmp_path, capsys):
    call_command("backup", str(tmp_path))
    (made,) = [p for p in tmp_path.iterdir() if p.suffix == SUFFIX[connection.vendor]]
    assert made.name.startswith(f"kkr-{connection.vendor}-")
    assert manifest_path_for(made).exists()
    assert f"Backup skrevet: {made}" in capsys.readouterr().out


# --- bad input: refused with the file named, database untouched ------------------------------

def _other_kind(tmp_path):
    """A backup of the other vendor's kind."""
    if connection.vendor == "sqlite":
        path = tmp_path / "kkr.pgdump"
        path.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(200))
        return path, "er en PostgreSQL-backup, men databasen er SQLite"
    path = tmp_path / "kkr.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    return path, "er en SQLite-backup, men databasen er PostgreSQL"


def _truncate(path, keep_manifest):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    if not keep_manifest:
        manifest_path_for(path).unlink()


@pytest.mark.parametrize("case", ["missing", "text", "other-kind", "truncated",
                                  "truncated-without-manifest", "not-ours"])
def test_restore_refuses_bad_input_and_leaves_the_database_alone(backup_file, tmp_path, case):
    if case == "missing":
        path, message = tmp_path / "findes-ikke.sqlite3", "filen findes ikke"
    elif case == "text":
        path = tmp_path / "noter.txt"
        path.write_text("Dette er ikke en backup.\n" * 20)
        message = "er hverken en SQLite-database eller en PostgreSQL-backup"
    elif case == "other-kind":
        path, message = _other_kind(tmp_path)
    elif case == "truncated":
        path = backup_file
        _truncate(path, keep_manifest=True)
        message = "afkortet eller ændret"
    elif case == "truncated-without-manifest":
        path = backup_file
        _truncate(path, keep_manifest=False)
        message = "afkortet" if connection.vendor == "sqlite" else "pg_restore fejlede"
    else:  # a valid file of the right kind, but not a KKR Monitor database or dump
        if connection.vendor != "sqlite":
            pytest.skip("a foreign pg_dump archive needs a second database")
        path = tmp_path / "fremmed.sqlite3"
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t (x)")
        db.commit()
        db.close()
        message = "ikke en KKR Monitor-database"
    before = table_checksums()
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--force")
    assert str(path) in str(raised.value)
    assert message in str(raised.value)
    assert table_checksums() == before


def test_postgres_restore_names_tables_the_backup_does_not_have(backup_file, capsys):
    """pg_restore --clean replaces only what is in the dump; anything else is reported."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's restore replaces the whole file")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE ops_not_in_backup (x integer)")
    try:
        call_command("restore", str(backup_file), "--force")
        out = capsys.readouterr().out
        assert "som backuppen ikke har, findes stadig i databasen: ops_not_in_backup" in out
        assert "samme indhold" in out
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS ops_not_in_backup")
