import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.programme.export import export_programme
from kkrmonitor.programme.models import Programme


class Command(BaseCommand):
    help = "Udskriv et arbejdsprogram som JSON (anbefalinger, aktører, milepæle, historik)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, help="Rådets kortnavn, fx kkr-hovedstaden.")
        parser.add_argument("--term", required=True, help="Valgperiode, fx 2026-2029.")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start, end = (int(p) for p in options["term"].split("-"))
        except ValueError:
            raise CommandError(
                f"Valgperioden '{options['term']}' skal skrives som ÅÅÅÅ-ÅÅÅÅ.") from None
        programme = (Programme.objects.select_related("council")
                     .filter(council__slug=options["council"], term_start=start, term_end=end)
                     .first())
        if programme is None:
            raise CommandError(f"Intet arbejdsprogram for {options['council']} {options['term']}.")
        self.stdout.write(json.dumps(export_programme(programme), ensure_ascii=False,
                                     indent=options["indent"] or None))
