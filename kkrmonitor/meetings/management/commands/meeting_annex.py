from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.meetings.annex import DRAFT_MARK, annex_file, annex_for, render
from kkrmonitor.meetings.models import Meeting

FORMATS = ("docx", "pdf")


class Command(BaseCommand):
    help = ("Skriv et mødes statusbilag (»Status på anbefalingerne«) som Word- eller PDF-fil. "
            "Et afsluttet bilag skrives som den fil, der blev gemt, da det blev afsluttet; "
            "ellers dannes et udkast ud fra programmet, som det var offentliggjort på "
            "mødedagen.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--meeting", required=True, help="Mødets id (tallet i /moede/ID/).")
        parser.add_argument("--format", required=True, help="docx eller pdf.")
        parser.add_argument("--out", required=True, help="Filen, der skal skrives.")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].lower()
        if fmt not in FORMATS:
            raise CommandError(f"Ukendt format '{options['format']}': brug docx eller pdf.")
        try:
            meeting = Meeting.objects.select_related("council").get(pk=int(options["meeting"]))
        except (ValueError, Meeting.DoesNotExist):
            raise CommandError(f"Intet møde med id '{options['meeting']}'.") from None
        out = Path(options["out"])
        if out.is_dir():
            raise CommandError(f"Kan ikke skrive {out}: det er en mappe.")
        if not out.parent.is_dir():
            raise CommandError(f"Kan ikke skrive {out}: mappen {out.parent} findes ikke.")
        if not os.access(out.parent, os.W_OK):
            raise CommandError(f"Kan ikke skrive {out}: ingen skriveadgang til {out.parent}.")

        data, draft = annex_for(meeting)
        # A finalised annex is written as the file stored when it was finalised.
        content = render(data, fmt, draft=True) if draft else annex_file(meeting, fmt)[0]
        try:
            out.write_bytes(content)
        except PermissionError:
            raise CommandError(f"Kan ikke skrive {out}: ingen skriveadgang.") from None
        except OSError as error:
            raise CommandError(f"Kan ikke skrive {out}: {error.strerror or error}.") from None

        what = (f"Statusbilaget til mødet i {data['council']['name']} den "
                f"{data['meeting']['date_text']}")
        if draft:
            self.stdout.write(f"{DRAFT_MARK}: {what} skrevet til {out}.")
        else:
            self.stdout.write(f"{what} (afsluttet) skrevet til {out}.")
