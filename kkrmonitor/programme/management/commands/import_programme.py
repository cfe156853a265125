from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.programme.importing import DocumentError, ProgrammeImportError, import_programme


class Command(BaseCommand):
    help = (
        "Importér et råds anbefalingsdokument (.txt, .pdf eller .docx) som arbejdsprogram. "
        "Samme fil igen ændrer intet; en revideret udgave opdaterer teksterne (anbefalinger "
        "matches på nummer). Alt eller intet: ved fejl gemmes ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Dokumentet, der skal importeres.")
        parser.add_argument("--council", required=True, help="Rådets kortnavn, fx kkr-hovedstaden.")
        parser.add_argument("--term",
                            help="Valgperiode ÅÅÅÅ-ÅÅÅÅ, hvis dokumentet ikke angiver den.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vis hvad der ville ske, uden at gemme noget.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = import_programme(path, options["council"], term=options["term"],
                                      dry_run=options["dry_run"])
        except (DocumentError, ProgrammeImportError) as exc:
            line = getattr(exc, "line", None)
            where = f"{path}, linje {line}" if line else str(path)
            raise CommandError(f"{where}: {exc}") from None
        for line in report.lines():
            self.stdout.write(line)
