from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import JointInitiative
from kkrmonitor.programme.audit import Author


class Command(BaseCommand):
    help = (
        "Indlæs kommunernes trin på en fælles indsats fra en CSV- eller XLSX-fil (én række pr. "
        "kommune: Kommunekode, Trin, Dato, Note). Alt eller intet: er én række forkert, "
        "ændres intet, og fejlene listes med rækkenummer. En kommunes ventende indberetning "
        "erstattes af den indlæste og nævnes ved navn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--initiative", type=int, required=True,
                            help="Indsatsens id (se adressen /faelles/<id>/).")

    def handle(self, *args: Any, file: Path, initiative: int, **options: Any) -> None:
        joint = JointInitiative.objects.filter(pk=initiative).first()
        if joint is None:
            raise CommandError(f"Der er ingen fælles kommunal indsats med id {initiative}.")
        if not file.is_file():
            raise CommandError(f"{file}: filen findes ikke.")
        author = Author(label=f"kkr import_stages {file.name}", channel="cli")
        result = import_stages(author, joint, file.read_bytes(), file.name)
        if not result.ok:
            raise CommandError("\n".join([f"{file}: intet er indlæst.", *result.errors]))
        self.stdout.write(f"{file}: {result.written} kommuner indlæst"
                          + (f", {result.skipped} uden trin sprunget over." if result.skipped
                             else "."))
        if result.superseded:
            self.stdout.write(result.superseded_sentence)
