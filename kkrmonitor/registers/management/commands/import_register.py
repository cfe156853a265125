from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.registers.importing import import_rows
from kkrmonitor.registers.models import Register
from kkrmonitor.upload_limits import REGISTER_ROWS, UploadRefused, check_file


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
        if not file.is_file():
            raise CommandError(f"{file}: filen findes ikke.")
        try:
            check_file(file, REGISTER_ROWS)  # before the file is read
            content = file.read_bytes()
        except UploadRefused as error:
            raise CommandError(f"{file}: intet er indlæst: {error}.") from None
        except OSError as error:
            raise CommandError(f"{file}: kan ikke læses ({error.strerror}).") from None
        author = Author(label=f"Indlæsning af {file.name}", channel="cli")
        result = import_rows(author, found, content, file.name)
        if not result.ok:
            raise CommandError("\n".join([f"{file}: intet er indlæst.", *result.errors]))
        self.stdout.write(f"{file}: {result.sentence()}")
