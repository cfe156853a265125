from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.programme.reference_loading import load_reference_data


class Command(BaseCommand):
    help = "Indlæs referencedata med kilder: råd, kommuner (med officielle koder) og aktører."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(load_reference_data()))
