from typing import Any

from django.core.management.base import BaseCommand

from kkrmonitor.search.indexing import rebuild
from kkrmonitor.search.kinds import Kind


class Command(BaseCommand):
    help = ("Byg søgeindekset forfra ud fra alt indhold. Det holdes ellers ajour ved hver "
            "ændring; kør kommandoen efter indlæsning af data uden om programmet (fx en "
            "gendannelse fra en ældre version eller syntetiske data).")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(kind: Kind, count: int) -> None:
            self.stdout.write(f"{kind.plural}: {count}")

        counts = rebuild(progress)
        self.stdout.write(f"Søgeindekset er bygget: {sum(counts.values())} i alt.")
