from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.indicators.reference import load_reference_indicators


class Command(BaseCommand):
    help = (
        "Opret de medfølgende indikatordefinitioner (befolkning fra FOLK1A, det specialiserede "
        "socialområde fra REGK31) og kobl dem til anbefalingerne. Idempotent; der følger ingen "
        "tal med: hent dem med 'kkr fetch_indicators'."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(load_reference_indicators())
