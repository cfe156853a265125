"""`kkr backup` and `kkr restore` end to end, as an operator runs them: separate processes on a
real database — a WAL-mode SQLite file, and on the PostgreSQL CI run a scratch database on the
same server (created and dropped here)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from kkrmonitor.ops.backup import manifest_path_for, sqlite_alias
from kkrmonitor.ops.checksums import table_checksums

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def kkr(*args: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KKR_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "kkrmonitor.settings", "KKR_DEBUG": "1",
                "KKR_DATA_DIR": str(data_dir), "DATABASE_URL": database_url})
    return subprocess.run([sys.executable, "-m", "kkrmonitor", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def sqlite_checksums(django_db_blocker):
    """Checksums of a SQLite file read by the test process (no test database needed)."""
    def checksums(path: Path) -> dict:
        with django_db_blocker.unblock(), sqlite_alias(path) as alias:
            return table_checksums(alias)
    return checksums


# --- SQLite ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory) -> Path:
    """A database as `make run` leaves it: migrated, reference data and programme loaded."""
    directory = tmp_path_factory.mktemp("seeded")
    url = f"sqlite:///{directory / 'kkr.sqlite3'}"
    ok(kkr("migrate", "--noinput", database_url=url, data_dir=directory))
    ok(kkr("seed_defaults", database_url=url, data_dir=directory))
    return directory / "kkr.sqlite3"


@pytest.fixture(scope="module")
def seeded_backup(seeded_sqlite) -> Path:
    backup = seeded_sqlite.with_name("seeded-backup.sqlite3")
    ok(kkr("backup", str(backup), database_url=f"sqlite:///{seeded_sqlite}",
           data_dir=seeded_sqlite.parent))
    return backup


def copy_backup(backup: Path, directory: Path) -> Path:
    shutil.copyfile(backup, directory / backup.name)
    shutil.copyfile(manifest_path_for(backup), manifest_path_for(directory / backup.name))
    return directory / backup.name


@pytest.fixture
def live_sqlite(seeded_sqlite, tmp_path) -> tuple[Path, str]:
    path = tmp_path / "live" / "kkr.sqlite3"
    path.parent.mkdir()
    source, target = sqlite3.connect(seeded_sqlite), sqlite3.connect(path)
    source.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    source.close()
    target.close()
    return path, f"sqlite:///{path}"


def test_sqlite_round_trip_through_the_commands(live_sqlite, tmp_path, sqlite_checksums):
    path, url = live_sqlite
    backup = tmp_path / "backups" / "kkr.sqlite3"
    backup.parent.mkdir()
    before = sqlite_checksums(path)

    out = ok(kkr("backup", str(backup), database_url=url, data_dir=tmp_path))
    assert f"Backup skrevet: {backup} (" in out and f"Manifest: {backup}.json" in out
    assert sorted(p.name for p in backup.parent.iterdir()) == ["kkr.sqlite3", "kkr.sqlite3.json"]
    assert sqlite3.connect(backup).execute("PRAGMA journal_mode").fetchone() == ("delete",)

    # The app goes on writing: a headline changes, a milestone and the sessions' table change.
    db = sqlite3.connect(path)
    (rec_id, headline), = db.execute(
        "SELECT id, headline FROM programme_recommendation ORDER BY id LIMIT 1")
    db.execute("UPDATE programme_recommendation SET headline = 'Ændret' WHERE id = ?", (rec_id,))
    (ms_id, title), = db.execute("SELECT id, title FROM programme_milestone ORDER BY id LIMIT 1")
    db.execute("DELETE FROM programme_milestone WHERE id = ?", (ms_id,))
    db.commit()
    db.close()
    assert sqlite_checksums(path) != before

    out = ok(kkr("restore", str(backup), "--force", database_url=url, data_dir=tmp_path))
    assert f"Gendannet fra {backup}: {len(before)} tabeller" in out
    assert (f"Kontrolleret mod manifestet ({backup}.json): samme antal rækker og samme indhold "
            f"i alle {len(before)} tabeller.") in out
    assert sqlite_checksums(path) == before
    db = sqlite3.connect(path)
    assert db.execute("SELECT headline FROM programme_recommendation WHERE id = ?",
                      (rec_id,)).fetchone() == (headline,)
    assert db.execute("SELECT title FROM programme_milestone WHERE id = ?",
                      (ms_id,)).fetchone() == (title,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # still the app's mode
    db.close()
    assert not list(path.parent.glob(".kkr-restore-*"))  # no temporary files left behind


def test_sqlite_restore_into_a_new_database_needs_no_force(seeded_backup, tmp_path,
                                                         sqlite_checksums):
    backup = copy_backup(seeded_backup, tmp_path)
    fresh = tmp_path / "fresh" / "kkr.sqlite3"
    fresh.parent.mkdir()
    out = ok(kkr("restore", str(backup), database_url=f"sqlite:///{fresh}", data_dir=tmp_path))
    assert "samme antal rækker og samme indhold" in out
    assert sqlite_checksums(fresh) == sqlite_checksums(backup)


def test_sqlite_backup_is_consistent_while_another_process_writes(live_sqlite, tmp_path,
                                                                  sqlite_checksums):
    """A writer commits steadily during the backup; the copy is one moment of the database: it
    passes integrity_check and matches the manifest written with it."""
    path, url = live_sqlite
    writer = subprocess.Popen([sys.executable, "-c", f"""
import sqlite3
db = sqlite3.connect({str(path)!r}, timeout=30, isolation_level=None)
for i in range(1000000):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO django_session (session_key, session_data, expire_date) "
               "VALUES (?, 'x', '2030-01-01 00:00:00')", (f"k{{i:08d}}",))
    db.execute("COMMIT")
"""])
    try:
        backup = tmp_path / "during.sqlite3"
        ok(kkr("backup", str(backup), database_url=url, data_dir=tmp_path))
    finally:
        writer.kill()
        writer.wait()
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM django_session").fetchone()[0] > 0  # it wrote
    copy.close()
    manifest = json.loads(manifest_path_for(backup).read_text())
    assert manifest["tables"] == sqlite_checksums(backup)


@pytest.mark.parametrize("case", ["missing", "truncated", "pg-dump", "holds-data"])
def test_sqlite_restore_refuses_with_exit_status_1(live_sqlite, seeded_backup, tmp_path, case,
                                                   sqlite_checksums):
    path, url = live_sqlite
    backup = copy_backup(seeded_backup, tmp_path)
    force = ["--force"]
    if case == "missing":
        backup = tmp_path / "findes-ikke.sqlite3"
        message = f"CommandError: {backup}: filen findes ikke"
    elif case == "truncated":
        backup.write_bytes(backup.read_bytes()[:50_000])
        message = f"CommandError: {backup}: filen er ikke den, manifestet beskriver"
    elif case == "pg-dump":
        backup = tmp_path / "kkr.pgdump"
        backup.write_bytes(b"PGDMP" + bytes(500))
        message = f"CommandError: {backup}: er en PostgreSQL-backup, men databasen er SQLite"
    else:
        force = []
        message = f"CommandError: {backup}: databasen indeholder allerede data; brug --force"
    before = sqlite_checksums(path)
    result = kkr("restore", str(backup), *force, database_url=url, data_dir=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sqlite_checksums(path) == before


# --- PostgreSQL ------------------------------------------------------------------------------

@pytest.fixture
def scratch_postgres():
    """Two scratch databases on the CI run's PostgreSQL server, dropped afterwards."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    names = [f"kkr_backup_test_{os.getpid()}", f"kkr_backup_test_{os.getpid()}_new"]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_checksums(url: str, data_dir: Path) -> str:
    return ok(kkr("shell", "-c", "import json; from kkrmonitor.ops.checksums import "
                  "table_checksums as t; print(json.dumps(t(), sort_keys=True))",
                  database_url=url, data_dir=data_dir))


@pytest.mark.skipif(not ON_POSTGRES, reason="the suite runs on SQLite (no DATABASE_URL=postgres)")
@pytest.mark.skipif(not (shutil.which("pg_dump") or list(Path("/usr/lib/postgresql").glob(
    "*/bin/pg_dump"))), reason="no pg_dump installed")
def test_postgres_round_trip_through_the_commands(scratch_postgres, tmp_path):
    import psycopg

    url, new_url = scratch_postgres
    ok(kkr("migrate", "--noinput", database_url=url, data_dir=tmp_path))
    ok(kkr("seed_defaults", database_url=url, data_dir=tmp_path))
    before = pg_checksums(url, tmp_path)

    out = ok(kkr("backup", str(tmp_path), database_url=url, data_dir=tmp_path))
    (backup,) = tmp_path.glob("kkr-postgresql-*.pgdump")
    assert f"Backup skrevet: {backup}" in out and manifest_path_for(backup).exists()
    assert "PGPASSWORD" not in out

    with psycopg.connect(url, autocommit=True) as db:
        rec_id, headline = db.execute("SELECT id, headline FROM programme_recommendation "
                                      "ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE programme_recommendation SET headline = 'Ændret' WHERE id = %s",
                   (rec_id,))
        ms_id, title = db.execute(
            "SELECT id, title FROM programme_milestone ORDER BY id LIMIT 1").fetchone()
        db.execute("DELETE FROM programme_milestone WHERE id = %s", (ms_id,))
    assert pg_checksums(url, tmp_path) != before

    refused = kkr("restore", str(backup), database_url=url, data_dir=tmp_path)
    assert refused.returncode == 1 and "indeholder allerede data" in refused.stderr

    out = ok(kkr("restore", str(backup), "--force", database_url=url, data_dir=tmp_path))
    assert "Kontrolleret mod manifestet" in out and "samme indhold" in out
    assert pg_checksums(url, tmp_path) == before
    with psycopg.connect(url) as db:
        assert db.execute("SELECT headline FROM programme_recommendation WHERE id = %s",
                          (rec_id,)).fetchone() == (headline,)
        assert db.execute("SELECT title FROM programme_milestone WHERE id = %s",
                          (ms_id,)).fetchone() == (title,)

    # An empty database (a new server) takes the backup without --force.
    out = ok(kkr("restore", str(backup), database_url=new_url, data_dir=tmp_path))
    assert "samme antal rækker og samme indhold" in out
    assert pg_checksums(new_url, tmp_path) == before

    # A truncated dump without its manifest is refused by pg_restore (when reading its table of
    # contents, or inside its single transaction, which then rolls back).
    manifest_path_for(backup).unlink()
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    result = kkr("restore", str(backup), "--force", database_url=url, data_dir=tmp_path)
    assert result.returncode == 1
    assert f"{backup}: pg_restore fejlede" in result.stderr
    assert pg_checksums(url, tmp_path) == before
