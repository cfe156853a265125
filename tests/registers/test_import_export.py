"""Import and export of register rows: the download imports back unchanged (CSV and XLSX),
text that a spreadsheet would run as a formula is neutralised, and a file with one bad cell
writes nothing and names the row and column in Danish."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kkrmonitor.programme.models import AuditEvent, Publication
from kkrmonitor.registers.cells import parse_cell
from kkrmonitor.registers.importing import import_rows
from kkrmonitor.registers.models import Row
from kkrmonitor.registers.services import create_row, names_for, spec
from tests.registers.conftest import CONSEQUENCES, SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def consequences(registers):
    register = registers[CONSEQUENCES]
    columns = {c.key: c for c in register.columns.all()}
    names = names_for(columns.values())

    def typed(**cells: str) -> dict:
        return {k: parse_cell(spec(columns[k]), v, names) for k, v in cells.items()}

    # Test rows, not shipped data.
    create_row(SETUP, register, typed(**{
        "omraade": "Mobilitet", "opgave-eller-projekt": "Testprojekt A",
        "hidtidig-regional-finansiering": "1.250.000,5", "ophoerer": "ved udgangen af 2025",
        "status": "Under afklaring", "konsekvens-for-kommunerne": "=HYPERLINK(\"x\";\"y\")"}),
        Publication.PUBLISHED)
    create_row(SETUP, register, typed(**{"omraade": "Klima",
                                         "opgave-eller-projekt": "Testprojekt B",
                                         "hidtidig-regional-finansiering": "1,125"}))
    return register


def _snapshot(register):
    return list(Row.objects.filter(register=register).order_by("pk").values_list(
        "values", "publication", "version"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_imports_back_unchanged(client, editor, consequences, fmt):
    client.force_login(editor)
    url = reverse(f"register_{fmt}", args=["kkr-hovedstaden", CONSEQUENCES])
    content = client.get(url).content
    before, start = _snapshot(consequences), AuditEvent.objects.count()

    result = import_rows(SETUP, consequences, content, f"register.{fmt}")

    assert result.errors == []
    assert (result.created, result.changed, result.unchanged) == (0, 0, 2)
    assert _snapshot(consequences) == before
    assert AuditEvent.objects.count() == start


def test_csv_download_is_formula_safe_and_readable(client, editor, consequences):
    client.force_login(editor)
    text = client.get(reverse("register_csv", args=["kkr-hovedstaden", CONSEQUENCES])
                      ).content.decode()
    lines = text.splitlines()
    assert lines[0] == ("Nr.;Område;Opgave eller projekt;Hidtidig regional finansiering;"
                        "Ophører;Hvem overtager;Konsekvens for kommunerne;Status;Ansvarlig;"
                        "Kilde")
    first = Row.objects.filter(register=consequences).order_by("pk").first()
    assert lines[1] == (f"{first.pk};Mobilitet;Testprojekt A;1250000,5;ved udgangen af 2025;;"
                        "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\";Under afklaring;;")


def test_xlsx_download_stores_formula_text_as_text(client, editor, consequences):
    client.force_login(editor)
    data = client.get(reverse("register_xlsx", args=["kkr-hovedstaden", CONSEQUENCES])).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["G2"].value == "'=HYPERLINK(\"x\";\"y\")"
    assert sheet["G2"].data_type == "s"
    assert sheet["D2"].value == 1250000.5


def test_public_download_has_published_rows_only(client, consequences):
    text = client.get(reverse("register_csv", args=["kkr-hovedstaden", CONSEQUENCES])
                      ).content.decode()
    assert "Testprojekt A" in text
    assert "Testprojekt B" not in text


def test_changed_and_new_rows_are_written(consequences):
    first = Row.objects.filter(register=consequences).order_by("pk").first()
    csv = (f"Nr.;Område;Opgave eller projekt;Status\r\n"
           f"{first.pk};Mobilitet;Testprojekt A;Afklaret\r\n"
           ";Greater Copenhagen;Testprojekt C;\r\n").encode()

    result = import_rows(SETUP, consequences, csv, "r.csv")

    assert result.errors == []
    assert result.sentence() == "1 nye rækker (gemt som kladde), 1 ændrede og 0 uændrede rækker."
    first.refresh_from_db()
    assert first.values["status"] == "Afklaret"
    assert first.values["hidtidig-regional-finansiering"] == "1250000.5"  # not in the file
    new = Row.objects.filter(register=consequences).order_by("-pk").first()
    assert new.values == {"omraade": "Greater Copenhagen",
                          "opgave-eller-projekt": "Testprojekt C"}
    assert new.publication == "draft"
    event = AuditEvent.objects.filter(object_type="row", object_id=str(first.pk)).first()
    assert event.changes == {"Status": ["Under afklaring", "Afklaret"], "version": [1, 2]}


def test_one_bad_cell_and_nothing_is_written(consequences):
    before, start = _snapshot(consequences), AuditEvent.objects.count()
    csv = ("Område;Opgave eller projekt;Hidtidig regional finansiering;Ophører;Status\r\n"
           "Klima;Projekt;100.000;2026;Afklaret\r\n"
           "Klima;;mange penge;snart;Måske\r\n").encode()

    result = import_rows(SETUP, consequences, csv, "r.csv")

    assert result.errors == [
        "Række 3: Opgave eller projekt: skal udfyldes.",
        "Række 3: Hidtidig regional finansiering: »mange penge« er ikke et tal.",
        "Række 3: Ophører: »snart« kan ikke læses som en dato eller periode (skriv fx "
        "»01.03.2026«, »foråret 2026« eller »inden udgangen af 2027«).",
        "Række 3: Status: »Måske« er ikke en af valgmulighederne: Ikke vurderet, Under "
        "afklaring, Afklaret, Afsluttet.",
    ]
    assert _snapshot(consequences) == before
    assert AuditEvent.objects.count() == start


def test_unknown_column_and_unknown_row_number(consequences):
    csv = "Nr.;Område;Farve\r\n99999;Klima;Rød\r\n".encode()
    result = import_rows(SETUP, consequences, csv, "r.csv")
    assert result.errors == [
        "Række 1: kolonnen »Farve« findes ikke i registret. Registrets kolonner: Område, "
        "Opgave eller projekt, Hidtidig regional finansiering, Ophører, Hvem overtager, "
        "Konsekvens for kommunerne, Status, Ansvarlig, Kilde."]
    csv = "Nr.;Område;Opgave eller projekt\r\n99999;Klima;Projekt\r\n".encode()
    result = import_rows(SETUP, consequences, csv, "r.csv")
    assert result.errors == ["Række 2: Nr. 99999 er ikke en række i registret; lad feltet stå "
                             "tomt for en ny række."]


def test_xlsx_with_a_formula_is_refused_with_its_cell(consequences):
    book = Workbook()
    sheet = book.active
    sheet.append(["Område", "Opgave eller projekt", "Hidtidig regional finansiering"])
    sheet.append(["Klima", "Projekt", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    result = import_rows(SETUP, consequences, out.getvalue(), "r.xlsx")
    assert result.errors == ["r.xlsx, række 2: cellen C2 er en formel (=1+1); gem regnearket "
                             "med tallene i stedet for formlerne."]


def test_too_large_file_is_refused_before_reading(consequences):
    result = import_rows(SETUP, consequences, b"x" * (5 * 1024 * 1024 + 1), "r.csv")
    assert result.errors == ["r.csv: filen fylder 5 MB; den må højst fylde 5 MB."]


def test_import_page_shows_the_errors(client, editor, consequences):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = client.post(reverse("register_import", args=["kkr-hovedstaden", CONSEQUENCES]),
                           {"file": SimpleUploadedFile("r.csv", "Område;Status\r\nKlima;Måske\r\n"
                                                       .encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Intet er indlæst. Ret følgende i filen, og prøv igen:" in page
    assert "Række 2: Opgave eller projekt: skal udfyldes." in page
