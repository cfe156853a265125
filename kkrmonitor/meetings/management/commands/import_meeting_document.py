import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.meetings.document_import import import_meeting_document, refused_text
from kkrmonitor.parsing.readers import DocumentError
from kkrmonitor.programme.models import Council
from kkrmonitor.upload_limits import UploadRefused


class Command(BaseCommand):
    help = (
        "Indlæs en dagsorden eller et referat (.pdf, .docx eller .txt) til et møde: mødet "
        "oprettes, hvis det ikke findes, de nummererede punkter bliver kladder til "
        "gennemsyn med forslag til de anbefalinger og indsatser, de handler om, og filen "
        "gemmes som mødets bilag. Samme fil igen ændrer intet. Alt eller intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Dokumentet, der skal indlæses.")
        parser.add_argument("--council", required=True, help="Rådets kortnavn, fx kkr-hovedstaden.")
        parser.add_argument("--date", required=True, help="Mødets dato, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--kind", choices=["dagsorden", "referat"], default="dagsorden",
                            help="Dokumentets type (standard: dagsorden).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vis hvad der ville ske, uden at gemme noget.")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            on = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"--date {options['date']}: ikke en dato på formen "
                               "ÅÅÅÅ-MM-DD") from None
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"--council {options['council']}: intet råd med det kortnavn")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: filen kan ikke læses ({exc.strerror})") from None
        try:
            result = import_meeting_document(
                Author("kommandolinjen", "cli"), council, on, path.name, data,
                kind=options["kind"], dry_run=options["dry_run"])
        except (DocumentError, UploadRefused, ValueError) as exc:
            line = getattr(exc, "line", None)
            where = f"{path}, linje {line}" if line else str(path)
            raise CommandError(f"{where}: {refused_text(exc)}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        prefix = "Prøvekørsel – intet gemt. " if options["dry_run"] else ""
        if result.unchanged:
            self.stdout.write(f"{prefix}{path.name} er allerede indlæst til mødet den "
                              f"{on.isoformat()}; intet ændret.")
            return
        self.stdout.write(f"{prefix}{path.name}: {len(result.items)} punkter fundet, "
                          f"{result.created_items} nye, {result.updated_items} opdateret.")
        for item in result.items:
            best = next((s for s in item.suggestions if "recommendation" in s), None)
            hint = (f" – forslag: anbefaling {best['recommendation']} ({best['score']:.2f})"
                    if best else "")
            self.stdout.write(f"  {item.number} {item.title}{hint}")
