from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.registers.importing import import_rows
from kkrmonitor.registers.models import Register
from kkrmonitor.upload_limits import REGISTER_ROWS, read_file_for_command


class Command(BaseCommand):
    help = (
        "Indlæs rækker i et register fra en CSV- eller XLSX-fil. Række 1 er kolonnernes navne; "
        "en første kolonne »Nr.« (som i registrets download) erstatter rækken med det nummer, "
        "en række uden nummer bliver en ny række, gemt som kladde. Alt eller intet: er én "
        "celle forkert, ændres intet, og fejlene listes med rækkenummer. Filen må højst fylde "
        "5 MB og have 5.000 rækker; celler med formler afvises."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--register", required=True,
                            help="Registrets slug (se adressen /register/<råd>/<slug>/).")

    def handle(self, *args: Any, file: Path, register: str, **options: Any) -> None:
        found = Register.objects.filter(slug=register).first()
        if found is None:
            raise CommandError(f"Der er intet register med slug »{register}«.")
        content = read_file_for_command(file, REGISTER_ROWS)
        author = Author(label=f"Indlæsning af {file.name}", channel="cli")
        result = import_rows(author, found, content, file.name)
        if not result.ok:
            raise CommandError("\n".join([f"{file}: intet er indlæst.", *result.errors]))
        self.stdout.write(f"{file}: {result.sentence()}")
