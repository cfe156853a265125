from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.services import IndicatorError, fetch_indicator
from kkrmonitor.indicators.statbank import DEFAULT_BASE_URL, FORMATS, StatBankClient, StatBankError


class Command(BaseCommand):
    help = (
        "Hent tal fra Danmarks Statistiks Statistikbank for indikatorer defineret som en tabel "
        "med et udvalg af variable. Uden --indicator hentes alle sådanne indikatorer. En hentning "
        "erstatter indikatorens tal helt (alt eller intet) og genberegner rådssummer og tal pr. "
        "indbygger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", help="Indikatorens kortnavn, fx folk1a.")
        parser.add_argument("--base-url", default=None,
                            help="API'ets adresse (standard KKR_STATBANK_URL, ellers "
                                 f"{DEFAULT_BASE_URL}).")
        parser.add_argument("--format", default="CSV", choices=FORMATS,
                            help="Dataformat (standard CSV).")
        parser.add_argument("--timeout", type=float, default=60.0,
                            help="Sekunder at vente på svar (standard 60).")
        parser.add_argument("--retries", type=int, default=3,
                            help="Nye forsøg ved serverfejl og tidsudløb (standard 3).")

    def handle(self, *args: Any, **options: Any) -> None:
        indicators = Indicator.objects.filter(kind=Indicator.Kind.STATBANK)
        if options["indicator"]:
            indicators = Indicator.objects.filter(slug=options["indicator"])
            if not indicators.exists():
                raise CommandError(f"ukendt indikator '{options['indicator']}' "
                                   "(kør 'kkr load_indicators' for de medfølgende)")
        if not indicators.exists():
            raise CommandError("ingen indikatorer hentes fra Statistikbanken; "
                               "kør 'kkr load_indicators' først")
        client = StatBankClient(options["base_url"] or settings.KKR_STATBANK_URL,
                                timeout=options["timeout"],
                                retries=options["retries"],
                                progress=lambda message: self.stderr.write(message))
        author = Author(label="Hentning fra Danmarks Statistik", channel="cli")
        failed = []
        for indicator in indicators.order_by("slug"):
            try:
                report = fetch_indicator(indicator, client, author, fmt=options["format"])
            except (StatBankError, IndicatorError) as error:
                self.stderr.write(f"{indicator.slug}: {error}")
                failed.append(indicator.slug)
                continue
            for line in report.lines():
                self.stdout.write(line)
        if failed:
            raise CommandError(f"ikke hentet: {', '.join(failed)}")
