from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.meetings.reference import load_reference_meetings


class Command(BaseCommand):
    help = (
        "Indlæs de møder, som offentlige kilder oplyser (KKR Hovedstadens møder i 2025 og det "
        "nye råds konstituerende møde), med kilder. Kan køres igen: eksisterende møder røres "
        "ikke."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(load_reference_meetings()))
