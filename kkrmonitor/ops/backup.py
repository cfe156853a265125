"""Backup and restore of the configured database, with a manifest to check a restore against.

SQLite: SQLite's online backup API copies the live database (WAL mode: readers and the writer go
on) in one read transaction, so the copy is consistent; the copy is checked with
`PRAGMA integrity_check` and renamed into place. A restore copies the file to a temporary file
beside the database, checks it, and then copies it into the database with the same backup API,
which writes the whole database in one transaction: other connections (gunicorn workers) see the
old or the new database, never a mix, and a stale write-ahead log is never replayed onto a file it
does not belong to, which renaming over a WAL database would risk.

PostgreSQL: `pg_dump --format=custom`, taken in a snapshot exported from a REPEATABLE READ
transaction in which the manifest's row counts and checksums are computed too, so both describe
the same moment. A restore runs `pg_restore --clean --if-exists --no-owner` in a single
transaction: it is applied whole or not at all. Connection details come from Django's settings;
the password goes to the client programs in PGPASSWORD, never on their command line.

The manifest (`<backup>.json`, beside the backup) holds the creation time, the vendor, the
latest migration per app, the file's SHA-256 and, per table, the row count and a content
checksum (kkrmonitor.ops.checksums).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

from kkrmonitor.ops.checksums import counted_models, differences, migration_state, table_checksums
from kkrmonitor.pagecache.scopes import ALL as ALL_PAGES

MANIFEST_FORMAT = "kkr-monitor-backup/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
VENDOR_NAME = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables that `kkr migrate` fills by itself: rows there do not make a database "hold data".
SCHEMA_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore that cannot be done; the message names the file and the problem."""


@dataclass
class BackupResult:
    path: Path
    manifest_path: Path
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    path: Path
    tables: dict[str, dict[str, Any]]
    manifest_path: Path | None  # None: no manifest beside the backup, nothing to check against
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(entry["rows"] for entry in self.tables.values())


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_name(vendor: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"kkr-{vendor}-{now:%Y%m%dT%H%M%SZ}{SUFFIX.get(vendor, '.backup')}"


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in SUFFIX:
        raise BackupError(f"databasen er {vendor}; kun SQLite og PostgreSQL understøttes")
    return vendor


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _remove(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()


# --- backup ----------------------------------------------------------------------------------

def backup(dest: Path, using: str = "default", overwrite: bool = False,
           pg_bin: Path | None = None) -> BackupResult:
    """Back up the database to `dest` (a file, or a directory to put a dated file in) and write
    the manifest beside it."""
    vendor = _vendor(using)
    if dest.is_dir():
        dest = dest / default_name(vendor)
    if not dest.parent.is_dir():
        raise BackupError(f"{dest}: mappen {dest.parent} findes ikke")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest}: filen findes allerede (brug --force for at overskrive)")
    if connections[using].in_atomic_block:
        raise BackupError("en backup kan ikke tages inde i en transaktion")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        if vendor == "sqlite":
            tables, migrations = _sqlite_backup(using, tmp)
        else:
            tables, migrations = _pg_backup(using, tmp, pg_bin)
        _fsync(tmp)
        os.replace(tmp, dest)
    finally:
        _remove(tmp)
    manifest = {
        "format": MANIFEST_FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "django": django.get_version(),
        "file": dest.name,
        "size": dest.stat().st_size,
        "sha256": file_sha256(dest),
        "migrations": migrations,
        "tables": tables,
        "media": _backup_media(dest),
    }
    manifest_path = manifest_path_for(dest)
    _write_json(manifest_path, manifest)
    return BackupResult(dest, manifest_path, manifest)


@contextmanager
def sqlite_alias(path: Path, using: str = "default") -> Iterator[str]:
    """A temporary, read-only Django connection to another SQLite file, so the ORM (and the
    checksums) can read it like the configured database. The connection is handed to Django's
    connection handler directly, not added to its settings: other code iterating over the
    configured databases never sees it."""
    alias = f"kkr_ops_{uuid.uuid4().hex[:12]}"
    settings_dict = {
        **connections[using].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"{path.resolve().as_uri()}?mode=ro",
        "OPTIONS": {},  # no init_command: reading must not switch the file to WAL mode
        "CONN_MAX_AGE": 0,
    }
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def _integrity_check(db: sqlite3.Connection, label: Path) -> None:
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{label}: SQLite-filen er beskadiget ({exc})") from None
    if result != ["ok"]:
        raise BackupError(f"{label}: SQLite-filen er beskadiget: {'; '.join(result[:5])}")


def _sqlite_backup(using: str, tmp: Path) -> tuple[dict, dict]:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(tmp)
    try:
        # pages=-1 (the default): the whole database in one step, i.e. one read transaction.
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _integrity_check(target, tmp)
    finally:
        target.close()
    with sqlite_alias(tmp, using) as alias:
        return table_checksums(alias), migration_state(alias)


def _pg_backup(using: str, tmp: Path, pg_bin: Path | None) -> tuple[dict, dict]:
    pg_dump = pg_program("pg_dump", pg_bin)
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password",
              f"--file={tmp}"], using, tmp)
        # The same snapshot as the dump: the manifest describes exactly what the file holds.
        tables, migrations = table_checksums(using), migration_state(using)
    _run([pg_program("pg_restore", pg_bin), "--list", str(tmp)], using, tmp)
    return tables, migrations


# --- PostgreSQL client programs --------------------------------------------------------------

def pg_program(name: str, pg_bin: Path | None = None) -> str:
    """`name` from --pg-bin, else from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    if pg_bin is not None:
        candidate = pg_bin / name
        if not os.access(candidate, os.X_OK):
            raise BackupError(f"{candidate} findes ikke eller kan ikke køres")
        return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: [int(x) if x.isdigit() else 0
                                     for x in p.parent.parent.name.split(".")])
    if versions:
        return str(versions[-1])
    raise BackupError(f"{name} blev ikke fundet (installér PostgreSQL's klientprogrammer, "
                      "fx Debian-pakken postgresql-client, eller angiv --pg-bin)")


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The libpq environment for Django's connection settings (the password included, so it is
    never on a command line)."""
    options = settings_dict.get("OPTIONS") or {}
    env = dict(os.environ)
    for variable, value in {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGCONNECT_TIMEOUT": options.get("connect_timeout"),
    }.items():
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], using: str, label: Path) -> str:
    result = subprocess.run(command, env=pg_environment(connections[using].settings_dict),
                            capture_output=True, text=True)
    if result.returncode != 0:
        message = " ".join(result.stderr.strip().splitlines()[-3:]) or f"exit {result.returncode}"
        raise BackupError(f"{label}: {Path(command[0]).name} fejlede: {message}")
    return result.stdout


# --- restore ---------------------------------------------------------------------------------

def _kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(100)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return "unknown"


def read_manifest(path: Path) -> dict[str, Any] | None:
    manifest_path = manifest_path_for(path)
    if not manifest_path.exists():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{manifest_path}: manifestet kan ikke læses ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{manifest_path}: ikke et manifest fra kkr backup")
    return manifest


def check_backup_file(path: Path, vendor: str) -> dict[str, Any] | None:
    """Refuse a missing file, a file of the wrong kind or a damaged one before anything is
    touched; return the manifest, if there is one."""
    if not path.exists():
        raise BackupError(f"{path}: filen findes ikke")
    if not path.is_file():
        raise BackupError(f"{path}: er ikke en fil")
    kind = _kind(path)
    if kind == "unknown":
        raise BackupError(f"{path}: er hverken en SQLite-database eller en PostgreSQL-backup "
                          "(pg_dump --format=custom)")
    if kind != vendor:
        raise BackupError(f"{path}: er en {VENDOR_NAME[kind]}-backup, men databasen er "
                          f"{VENDOR_NAME[vendor]}")
    manifest = read_manifest(path)
    if manifest is not None:
        if manifest.get("vendor") != vendor:
            raise BackupError(f"{manifest_path_for(path)}: manifestet er til en "
                              f"{manifest.get('vendor')}-backup, men databasen er {vendor}")
        if manifest.get("size") != path.stat().st_size or manifest.get("sha256") != file_sha256(
                path):
            raise BackupError(f"{path}: filen er ikke den, manifestet beskriver (størrelse eller "
                              "SHA-256 afviger): den er afkortet eller ændret")
    if kind == "sqlite":
        _check_sqlite_header(path)
    return manifest


def _check_sqlite_header(path: Path) -> None:
    header = _head(path, 100)
    if len(header) < 100:
        raise BackupError(f"{path}: SQLite-filen er afkortet")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when the change counter matches "version valid for".
    if header[24:28] == header[92:96] and path.stat().st_size < page_size * page_count:
        raise BackupError(f"{path}: SQLite-filen er afkortet ({path.stat().st_size} bytes, "
                          f"headeren siger {page_size * page_count})")


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def holds_data(using: str = "default") -> bool:
    """Whether any table other than those `kkr migrate` fills by itself has a row."""
    if connections[using].vendor == "sqlite" and not _sqlite_file_exists(using):
        return False
    return any(model._base_manager.using(using).exists() for model in counted_models(using)
               if model._meta.db_table not in SCHEMA_TABLES)


def _sqlite_target(using: str) -> Path | None:
    """The database file, or None for an in-memory database (the test suite's)."""
    connection = connections[using]
    if connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper only
        return None
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:"):
        name = name[5:].split("?", 1)[0]
    return Path(name)


def _sqlite_file_exists(using: str) -> bool:
    target = _sqlite_target(using)
    return target is None or target.exists()


def restore(src: Path, using: str = "default", force: bool = False,
            pg_bin: Path | None = None) -> RestoreResult:
    """Replace the database's content with the backup's, all or nothing, and check the result
    against the manifest."""
    vendor = _vendor(using)
    manifest = check_backup_file(src, vendor)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("en gendannelse kan ikke køres inde i en transaktion")
    if not force and holds_data(using):
        raise BackupError(f"{src}: databasen indeholder allerede data; brug --force for at "
                          "erstatte den med backuppen")
    generation = _cache_generation(using)
    left_over: list[str] = []
    if vendor == "sqlite":
        _sqlite_restore(src, using, manifest)
    else:
        left_over = _pg_restore(src, using, pg_bin)
    connection.close()
    tables = table_checksums(using)
    result = RestoreResult(src, tables, manifest_path_for(src) if manifest else None)
    if manifest is not None:
        # Tables of a newer version of the code (in the backup, unknown here) are not compared.
        known = {model._meta.db_table for model in counted_models(using)} | set(
            connection.introspection.table_names())
        expected = {t: v for t, v in manifest["tables"].items() if t in known or t in tables}
        result.differences = differences(expected, tables)
    _advance_cache_generation(using, generation)
    result.warnings = _migration_warnings(manifest, using)
    if manifest is not None:
        result.warnings += _restore_media(src, manifest)
    if left_over:
        result.warnings.append(
            "tabeller, som backuppen ikke har, findes stadig i databasen: "
            + ", ".join(left_over) + ". Gendan i en tom database (dropdb/createdb) for at få "
            "præcis backuppens tilstand")
    return result


# --- meetings' attachments (KKR_MEDIA_DIR) ------------------------------------------------------

def media_dir_for(path: Path) -> Path:
    """Where a backup keeps the attachments' files: `<backup>.media/` beside it."""
    return path.with_name(path.name + ".media")


def _media_root() -> Path:
    from django.conf import settings

    return Path(settings.KKR_MEDIA_DIR)


def _backup_media(dest: Path) -> dict[str, str]:
    """Copy every attachment file beside the backup; {relative name: SHA-256} for the
    manifest. The files are named by their checksum and never change, so a copy taken after
    the database is still the right one for every row the backup holds."""
    root = _media_root()
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")) \
        if root.is_dir() else []
    listed: dict[str, str] = {}
    if not files:
        return listed
    target = media_dir_for(dest)
    for path in files:
        relative = path.relative_to(root).as_posix()
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        listed[relative] = file_sha256(copy)
    return listed


def _restore_media(src: Path, manifest: dict[str, Any]) -> list[str]:
    """Put the backup's attachment files back under KKR_MEDIA_DIR, each checked against the
    manifest; a missing or altered file is a warning naming it."""
    warnings: list[str] = []
    source, root = media_dir_for(src), _media_root()
    for relative, digest in sorted(manifest.get("media", {}).items()):
        copy = source / relative
        if not copy.is_file() or file_sha256(copy) != digest:
            warnings.append(f"{copy}: bilagsfilen mangler eller er ændret; den er ikke gendannet")
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(copy, tmp)
        os.replace(tmp, target)
    return warnings


def _sqlite_restore(src: Path, using: str, manifest: dict[str, Any] | None) -> None:
    connection = connections[using]
    target = _sqlite_target(using)
    workdir = target.parent if target is not None else src.parent
    tmp = workdir / f".kkr-restore-{os.getpid()}-{uuid.uuid4().hex[:8]}.sqlite3"
    try:
        shutil.copyfile(src, tmp)
        copy = sqlite3.connect(tmp)
        try:
            try:
                copy.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"{src}: SQLite-filen kan ikke åbnes ({exc})") from None
            _integrity_check(copy, src)
            tables = {row[0] for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "django_migrations" not in tables:
                raise BackupError(f"{src}: SQLite-filen er ikke en KKR Monitor-database "
                                  "(ingen django_migrations-tabel)")
            if target is not None and target.exists():
                _match_page_size(copy, target)
        finally:
            copy.close()
        if manifest is not None:
            # Check the copy before it replaces anything: a mismatch leaves the database as it is.
            with sqlite_alias(tmp, using) as alias:
                found = differences(manifest["tables"], table_checksums(alias))
            if found:
                raise BackupError(f"{src}: indholdet svarer ikke til manifestet: "
                                  + "; ".join(found[:5]))
        connection.close()  # Django's own connection (a no-op for an in-memory database)
        if target is not None and not target.exists():
            for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                _remove(stale)  # left from a deleted database; must not be replayed onto ours
            os.replace(tmp, target)
            return
        source = sqlite3.connect(tmp)
        try:
            if target is None:
                connection.ensure_connection()
                destination = connection.connection
            else:
                destination = sqlite3.connect(target, timeout=60)
            try:
                # One write transaction on the destination: all of it or none of it.
                source.backup(destination)
            finally:
                if target is not None:
                    destination.close()
        finally:
            source.close()
    finally:
        _remove(tmp)
        _remove(Path(f"{tmp}-journal"))


def _match_page_size(copy: sqlite3.Connection, target: Path) -> None:
    """The backup API cannot write into a WAL database with another page size: give the copy
    the target's page size first."""
    header = _head(target, 100)
    if len(header) < 100:
        return
    size = int.from_bytes(header[16:18], "big")
    size = 65536 if size == 1 else size
    (current,) = copy.execute("PRAGMA page_size").fetchone()
    if size and size != current:
        copy.execute(f"PRAGMA page_size={int(size)}")
        copy.execute("VACUUM")


def _pg_restore(src: Path, using: str, pg_bin: Path | None) -> list[str]:
    """Restore in one transaction; return the tables the database has and the dump has not
    (`--clean` drops and recreates only what is in the dump)."""
    pg_restore = pg_program("pg_restore", pg_bin)
    listing = _run([pg_restore, "--list", str(src)], using, src)
    in_dump = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.MULTILINE))
    name = connections[using].settings_dict.get("NAME")
    if not name:
        raise BackupError("databasens navn (NAME i DATABASE_URL) mangler")
    connections[using].close()
    try:
        _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "--no-password",
              f"--dbname={name}", str(src)], using, src)
    except BackupError as exc:
        raise BackupError(f"{exc} (gendannelsen er rullet tilbage; databasen er uændret)") from None
    if not in_dump:
        return []
    return sorted(set(connections[using].introspection.table_names()) - in_dump)


def _migration_warnings(manifest: dict[str, Any] | None, using: str) -> list[str]:
    """Say so when the restored database's schema is older than the code: `kkr migrate`."""
    restored = migration_state(using)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest: dict[str, str] = {}
    for app, name in loader.graph.leaf_nodes():
        latest[app] = max(name, latest.get(app, ""))
    behind = sorted(app for app, name in latest.items() if restored.get(app, "") < name)
    ahead = sorted(app for app, name in restored.items() if app in latest and name > latest[app])
    warnings = []
    if behind:
        warnings.append("backuppen er fra før kodens seneste migreringer (" + ", ".join(behind)
                        + "): kør `kkr migrate`")
    if ahead:
        warnings.append("backuppen er fra en nyere version af KKR Monitor (" + ", ".join(ahead)
                        + "): opgradér koden før brug")
    return warnings


# --- the public-page cache -------------------------------------------------------------------

def _generation_model() -> Any:
    try:
        return apps.get_model("pagecache", "Generation")
    except LookupError:
        return None


def _cache_generation(using: str) -> int | None:
    model = _generation_model()
    if model is None:
        return None
    try:
        if model._meta.db_table not in connections[using].introspection.table_names():
            return None
        value = model._base_manager.using(using).filter(scope=ALL_PAGES).values_list(
            "value", flat=True).first()
    except DatabaseError:
        return None
    return value or 0


def _advance_cache_generation(using: str, before: int | None) -> None:
    """Pages cached by running workers before the restore are keyed on generations the
    restored database may reach again; move past every one of them (every page depends on the
    generation of the scope of all pages)."""
    model = _generation_model()
    restored = _cache_generation(using)
    if model is None or restored is None:
        return
    model._base_manager.using(using).update_or_create(
        scope=ALL_PAGES, defaults={"value": max(before or 0, restored) + 1})
