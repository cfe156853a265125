from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.services import ObservationImportError, import_observations
from kkrmonitor.indicators.uploads import UploadFormatError
from kkrmonitor.upload_limits import OBSERVATIONS, capped, check_file


class Command(BaseCommand):
    help = (
        "Indlæs observationer for en indikator fra en CSV- eller XLSX-fil med kolonnerne "
        "kommune (kode eller navn), periode (2024, 2024K1, 2024M01) og værdi — eller "
        "Statistikbankens lange format OMRÅDE;TID;INDHOLD. \"..\" og tomme celler gemmes som "
        "manglende tal. Alt eller intet: ved fejl gemmes ingenting. Filen må højst fylde "
        "50 MB og have 200.000 rækker; celler med formler og tal som 1e999 afvises."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Filen (.csv eller .xlsx).")
        parser.add_argument("--indicator", required=True, help="Indikatorens kortnavn.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        indicator = Indicator.objects.filter(slug=options["indicator"]).first()
        if indicator is None:
            raise CommandError(f"ukendt indikator '{options['indicator']}'")
        try:
            check_file(path, OBSERVATIONS)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: kan ikke læses ({error.strerror})") from None
        except UploadFormatError as error:
            raise CommandError(f"{path}: {error}") from None
        try:
            report = import_observations(indicator, data, path.name,
                                         Author(label="Indlæsning fra fil", channel="cli"))
        except UploadFormatError as error:
            where = f"{path}, linje {error.line}" if error.line else str(path)
            raise CommandError(f"{where}: {error}") from None
        except ObservationImportError as error:
            for message in capped(error.errors):
                self.stderr.write(f"{path}: {message}")
            raise CommandError(f"{path}: {len(error.errors)} fejl; intet er gemt") from None
        for line in report.lines():
            self.stdout.write(line)
