"""Reading an uploaded table (CSV or XLSX) within limits, for every upload and import command.

A file is refused before the work starts when it is too large (bytes), when an XLSX declares
more unpacked content than allowed (the zip's own directory says how large each part becomes;
it is read before openpyxl opens anything, and Python's zip reader never unpacks more than a
part declares), and as soon as the row limit is passed, so a small file that unpacks to
millions of rows costs milliseconds, not minutes. A CSV field longer than Python's csv limit
(131,072 characters) is a line-numbered refusal, not a crash. A formula in an XLSX is refused
with its row: its figure is whatever the spreadsheet last computed, or nothing at all.

Messages are Danish, start in lower case and end without a full stop, so a caller can put the
file name and line in front ("tal.xlsx, række 7: …"). Plain Python; no Django."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_ERRORS = 200


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int  # data rows, the header not counted
    max_unpacked: int  # an XLSX's parts, unpacked, together
    max_columns: int = 26  # an XLSX's columns right of Z are not read


# Observations: a whole series of every area (about a hundred) over decades of months.
OBSERVATIONS = Limits(max_bytes=50 * 1024 * 1024, max_rows=200_000,
                      max_unpacked=100 * 1024 * 1024)
# Stages: one row per municipality (98 in Denmark), with room for notes.
# A meeting's attachment (PDF, DOCX, XLSX): a long agenda with its enclosures.
ATTACHMENTS = Limits(max_bytes=25 * 1024 * 1024, max_rows=0, max_unpacked=200 * 1024 * 1024)
STAGES = Limits(max_bytes=2 * 1024 * 1024, max_rows=1_000, max_unpacked=20 * 1024 * 1024)
# Register rows: a council's consequences, appointments or follow-up, typed by hand.
REGISTER_ROWS = Limits(max_bytes=5 * 1024 * 1024, max_rows=5_000,
                       max_unpacked=50 * 1024 * 1024)


class UploadRefused(ValueError):
    """The file is refused as a whole; `line` is where, if anywhere (the header is line 1)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UploadRefused(f"filen fylder {_mb(size)}; den må højst fylde "
                            f"{_mb(limits.max_bytes)}")


def check_file(path: Path, limits: Limits) -> None:
    """For commands: the file's size from the file system, before it is read."""
    check_size(path.stat().st_size, limits)


def read_file_for_command(path: Path, limits: Limits) -> bytes:
    """A command's input file, checked against the limits before it is read; a CommandError
    naming the file when it is missing, too large or unreadable (nothing is imported)."""
    from django.core.management.base import CommandError

    if not path.is_file():
        raise CommandError(f"{path}: filen findes ikke.")
    try:
        check_file(path, limits)  # before the file is read
        return path.read_bytes()
    except UploadRefused as error:
        raise CommandError(f"{path}: intet er indlæst: {error}.") from None
    except OSError as error:
        raise CommandError(f"{path}: kan ikke læses ({error.strerror}).") from None


def check_xlsx_archive(data: bytes, limits: Limits) -> None:
    """Refuse an XLSX whose parts together declare more than `limits.max_unpacked` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused("filen kan ikke åbnes som et Excel-regneark (.xlsx)") from None
    if declared > limits.max_unpacked:
        raise UploadRefused(f"regnearket fylder {_mb(declared)} udpakket; det må højst fylde "
                            f"{_mb(limits.max_unpacked)}")


def _too_many_rows(limits: Limits, line: int) -> UploadRefused:
    return UploadRefused(f"filen har mere end {_count(limits.max_rows)} rækker, som er det "
                         "højeste antal; del den op i flere filer", line=line)


def csv_rows(text: str, delimiter: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each row of CSV text; line is where the row ends in the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UploadRefused(f"et felt er længere end {_count(csv.field_size_limit())} "
                                    "tegn", line=reader.line_num) from None
            raise UploadRefused("linjen kan ikke læses som CSV (tjek anførselstegn)",
                                line=reader.line_num) from None
        count += 1
        if count > limits.max_rows + 1:
            raise _too_many_rows(limits, reader.line_num)
        yield reader.line_num, row


def xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the first sheet, read in openpyxl's streaming mode."""
    check_xlsx_archive(data, limits)
    from openpyxl import load_workbook  # imported here: only spreadsheet uploads need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UploadRefused("filen kan ikke åbnes som et Excel-regneark (.xlsx)") from None
    try:
        if not workbook.worksheets:
            raise UploadRefused("regnearket har ingen ark")
        sheet = workbook.worksheets[0]
        # The sheet's declared size is not trusted: it may cut rows off or pad every row.
        sheet.reset_dimensions()
        rows = enumerate(sheet.iter_rows(max_col=limits.max_columns), start=1)
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception:  # a broken sheet: openpyxl raises many kinds while parsing
                raise UploadRefused("regnearkets første ark kan ikke læses") from None
            if number > limits.max_rows + 1:
                raise _too_many_rows(limits, number)
            values = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    where = getattr(cell, "coordinate", f"række {number}")
                    formula = str(cell.value)
                    formula = formula if len(formula) <= 60 else formula[:59] + "…"
                    raise UploadRefused(f"cellen {where} er en formel ({formula}); gem "
                                        "regnearket med tallene i stedet for formlerne",
                                        line=number)
                values.append(getattr(cell, "value", None))
            yield number, values
    finally:
        workbook.close()


def capped(errors: list[str], limit: int = MAX_ERRORS) -> list[str]:
    """At most `limit` errors, then one line saying how many more there are."""
    if len(errors) <= limit:
        return errors
    return [*errors[:limit], f"… og {_count(len(errors) - limit)} fejl mere"]
