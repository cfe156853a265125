from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.reports.programme_report import ReportError, build_report, resolve

FORMATS = ("docx", "pdf")


class Command(BaseCommand):
    help = ("Skriv rådets årsrapport (med --year) eller slutrapport for hele valgperioden "
            "(uden --year) som Word- eller PDF-fil: frister nået og ikke nået, beslutninger, "
            "kommunernes fremdrift, projekter, nøgletal og en kort status pr. anbefaling.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, help="Rådets kortnavn, fx kkr-hovedstaden.")
        parser.add_argument("--term", required=True, help="Valgperioden, fx 2026-2029.")
        parser.add_argument("--year", help="Året for en årsrapport; udelades for slutrapporten.")
        parser.add_argument("--format", required=True, help="docx eller pdf.")
        parser.add_argument("--out", required=True, help="Filen, der skal skrives.")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].lower()
        if fmt not in FORMATS:
            raise CommandError(f"Ukendt format '{options['format']}': brug docx eller pdf.")
        try:
            period = resolve(options["council"], options["term"], options["year"])
        except ReportError as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        if out.is_dir():
            raise CommandError(f"Kan ikke skrive {out}: det er en mappe.")
        if not out.parent.is_dir():
            raise CommandError(f"Kan ikke skrive {out}: mappen {out.parent} findes ikke.")
        if not os.access(out.parent, os.W_OK):
            raise CommandError(f"Kan ikke skrive {out}: ingen skriveadgang til {out.parent}.")

        doc = build_report(period)
        if fmt == "docx":
            from kkrmonitor.reports.docx import render_document

            content = render_document(doc)
        else:
            from kkrmonitor.reports.pdf import render_document as render_pdf

            content = render_pdf(doc)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Kan ikke skrive {out}: {error.strerror or error}.") from None
        self.stdout.write(f"{doc.title} for {period.programme.council.name} skrevet til {out}.")
