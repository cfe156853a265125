from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.notifications.sending import run


class Command(BaseCommand):
    help = (
        "Send de e-mails, der venter: nye indberetninger til redaktørerne, godkendte og "
        "returnerede indberetninger til kontaktpersonen, indsatser der trænger til opdatering "
        "og frister til den ansvarlige, ugens overblik og den månedlige påmindelse. Hver e-mail "
        "registreres, før den sendes, så en ny kørsel ikke sender noget to gange. Køres hvert "
        "15. minut af deploy/kkr-notifications.timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Vis hvad der ville blive sendt, uden at sende eller gemme.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KKR_SITE_URL:
            raise CommandError("KKR_SITE_URL er ikke sat: e-mails skal linke til sitet, "
                               "fx KKR_SITE_URL=https://kkr-monitor.example.dk")
        lines: list[str] = []
        result = run(dry_run=options["dry_run"], out=lines)
        if options["dry_run"]:
            for line in lines:
                self.stdout.write(line)
            self.stdout.write(f"Ville sende {result.would_send} e-mails "
                              f"({result.skipped} sendt før eller fravalgt).")
            return
        self.stdout.write(f"Sendt: {result.sent}. Fejlet: {result.failed}. "
                          f"Allerede sendt eller fravalgt: {result.skipped}.")
        if result.failed:
            raise CommandError(f"{result.failed} e-mails kunne ikke sendes; de prøves igen "
                               "ved næste kørsel.")
