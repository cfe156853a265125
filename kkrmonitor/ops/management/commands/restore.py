from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from kkrmonitor.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Gendan databasen fra en backup taget med kkr backup. Alt eller intet: SQLite-filen "
        "kontrolleres i en midlertidig kopi, før den erstatter databasens indhold; PostgreSQL "
        "gendannes med pg_restore --clean i én transaktion. Afviser en fil af forkert slags "
        "eller en beskadiget fil, og en database med data uden --force. Bagefter kontrolleres "
        "antal rækker og indhold pr. tabel mod manifestet (SRC.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="Backupfilen.")
        parser.add_argument("--force", action="store_true",
                            help="Erstat en database, der allerede indeholder data.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="Django-databasealias (standard: default).")
        parser.add_argument("--pg-bin", type=Path,
                            help="Mappe med pg_restore (standard: PATH, ellers den nyeste "
                                 "/usr/lib/postgresql/*/bin).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["src"], using=options["database"], force=options["force"],
                             pg_bin=options["pg_bin"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Gendannet fra {result.path}: {len(result.tables)} tabeller, "
                          f"{result.rows} rækker.")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Bemærk: {warning}"))
        if result.manifest_path is None:
            self.stdout.write(self.style.WARNING(
                f"Intet manifest ({result.path}.json): indholdet er ikke kontrolleret."))
            return
        if result.differences:
            raise CommandError(
                f"{result.path}: den gendannede database svarer ikke til manifestet "
                f"({result.manifest_path}):\n  " + "\n  ".join(result.differences))
        self.stdout.write(
            f"Kontrolleret mod manifestet ({result.manifest_path}): samme antal rækker og samme "
            f"indhold i alle {len(result.tables)} tabeller.")
