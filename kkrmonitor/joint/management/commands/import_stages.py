from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import JointInitiative
from kkrmonitor.upload_limits import STAGES, read_file_for_command


class Command(BaseCommand):
    help = (
        "Indlæs kommunernes trin på en fælles indsats fra en CSV- eller XLSX-fil (én række pr. "
        "kommune: Kommunekode, Trin, Dato, Note). Alt eller intet: er én række forkert, "
        "ændres intet, og fejlene listes med rækkenummer. En kommunes ventende indberetning "
        "erstattes af den indlæste og nævnes ved navn. Filen må højst fylde 2 MB og have "
        "1.000 rækker; celler med formler afvises."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--initiative", type=int, required=True,
                            help="Indsatsens id (se adressen /faelles/<id>/).")

    def handle(self, *args: Any, file: Path, initiative: int, **options: Any) -> None:
        joint = JointInitiative.objects.filter(pk=initiative).first()
        if joint is None:
            raise CommandError(f"Der er ingen fælles kommunal indsats med id {initiative}.")
        content = read_file_for_command(file, STAGES)
        author = Author(label=f"Indlæsning af {file.name}", channel="cli")
        result = import_stages(author, joint, content, file.name)
        if not result.ok:
            raise CommandError("\n".join([f"{file}: intet er indlæst.", *result.errors]))
        self.stdout.write(f"{file}: {result.written} kommuner indlæst"
                          + (f", {result.skipped} uden trin sprunget over." if result.skipped
                             else "."))
        if result.superseded:
            self.stdout.write(result.superseded_sentence)
