from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from kkrmonitor.ops.backup import BackupError, backup
from kkrmonitor.ops.checksums import total_rows


def size_label(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    raise AssertionError


class Command(BaseCommand):
    help = (
        "Tag en backup af databasen, mens appen kører. SQLite: en konsistent kopi (SQLite's "
        "online backup), kontrolleret med PRAGMA integrity_check. PostgreSQL: pg_dump "
        "--format=custom. Ved siden af backuppen skrives et manifest (DEST.json) med tidspunkt, "
        "database, migreringer og antal rækker og kontrolsum pr. tabel, som kkr restore "
        "kontrollerer mod. Er DEST en mappe, lægges en dateret fil i den."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="Backupfilen, eller en mappe til den.")
        parser.add_argument("--force", action="store_true",
                            help="Overskriv en eksisterende fil.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="Django-databasealias (standard: default).")
        parser.add_argument("--pg-bin", type=Path,
                            help="Mappe med pg_dump og pg_restore (standard: PATH, ellers den "
                                 "nyeste /usr/lib/postgresql/*/bin).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["dest"], using=options["database"],
                            overwrite=options["force"], pg_bin=options["pg_bin"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        self.stdout.write(
            f"Backup skrevet: {result.path} ({size_label(manifest['size'])}, "
            f"{len(manifest['tables'])} tabeller, {total_rows(manifest['tables'])} rækker)")
        self.stdout.write(f"Manifest: {result.manifest_path}")
