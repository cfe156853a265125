from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.registers.defaults import load_reference_registers


class Command(BaseCommand):
    help = (
        "Opret KKR Hovedstadens tre registre tomme, med kolonner og kilder: »Konsekvenser af "
        "de bortfaldne regionale udviklingsopgaver« (anbefaling 6), »Udpegninger« (anbefaling "
        "4) og »Taskforcens anbefalinger og opfølgning« (anbefaling 5). Ingen rækker. Kan køres "
        "igen uden at ændre noget."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_reference_registers().lines():
            self.stdout.write(line)
