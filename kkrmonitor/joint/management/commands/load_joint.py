from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.joint.defaults import load_reference_joint


class Command(BaseCommand):
    help = (
        "Indlæs standarddata for fælles indsatser og porteføljer (kun fra kilder): porteføljen "
        "»Prioriterede infrastrukturprojekter« med strategien fra 2025 og VIP-listen fra 2016 "
        "(ufuldstændig), og it-driftsindsatsen under anbefaling 7 med alle kommuner »Ikke "
        "rapporteret«. Kan køres igen uden at ændre noget."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_reference_joint().lines():
            self.stdout.write(line)
