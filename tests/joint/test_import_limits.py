"""Hostile stage imports, on the page and through `kkr import_stages`: refused before the work
with the file, line and a Danish reason; at most 200 errors listed; the command exits non-zero
without a traceback."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from kkrmonitor.audit import Author
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import StageReport
from tests.conftest import PASSWORD
from tests.hostile_files import (
    csv_with_long_field,
    xlsx,
    xlsx_declaring_huge,
    xlsx_last_row_far_away,
)

AUTHOR = Author(label="test", channel="cli")
HEADER = ["Kommunekode", "Trin", "Dato", "Note"]
LONG_NOTE = csv_with_long_field("Kommunekode;Trin;Dato;Note", "101;Overdraget;01.03.2026;")


def test_long_csv_field(it_joint):
    assert import_stages(AUTHOR, it_joint, LONG_NOTE, "lang.csv").errors == [
        "lang.csv, række 2: et felt er længere end 131.072 tegn."]


def test_xlsx_declaring_gigabytes(it_joint, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open the file")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    content = xlsx_declaring_huge([HEADER, [101, "Overdraget", "01.03.2026", ""]])
    assert import_stages(AUTHOR, it_joint, content, "bombe.xlsx").errors == [
        "bombe.xlsx: regnearket fylder 3815 MB udpakket; det må højst fylde 20 MB."]


def test_xlsx_of_a_million_rows(it_joint):
    content = xlsx_last_row_far_away([HEADER, [101, "Overdraget", "01.03.2026", ""]])
    assert len(content) < 10_000
    assert import_stages(AUTHOR, it_joint, content, "mange.xlsx").errors == [
        "mange.xlsx, række 1002: filen har mere end 1.000 rækker, som er det højeste antal; "
        "del den op i flere filer."]


def test_csv_over_the_row_limit(it_joint):
    content = ("Kommunekode;Trin;Dato\r\n" + "101;Overdraget;01.03.2026\r\n" * 1001).encode()
    assert import_stages(AUTHOR, it_joint, content, "mange.csv").errors == [
        "mange.csv, række 1002: filen har mere end 1.000 rækker, som er det højeste antal; "
        "del den op i flere filer."]


def test_too_many_bytes(it_joint):
    assert import_stages(AUTHOR, it_joint, b"x" * (3 * 1024 * 1024), "stor.csv").errors == [
        "stor.csv: filen fylder 3 MB; den må højst fylde 2 MB."]


def test_formula_cell(it_joint):
    content = xlsx([HEADER, [101, "Overdraget", "01.03.2026", '=HYPERLINK("http://x")']])
    assert import_stages(AUTHOR, it_joint, content, "formel.xlsx").errors == [
        'formel.xlsx, række 2: cellen D2 er en formel (=HYPERLINK("http://x")); gem regnearket '
        "med tallene i stedet for formlerne."]


def test_at_most_200_errors(it_joint):
    content = ("Kommunekode;Trin;Dato\r\n" + "999;Overdraget;01.03.2026\r\n" * 900).encode()
    errors = import_stages(AUTHOR, it_joint, content, "fejl.csv").errors
    assert len(errors) == 201
    assert errors[0] == "Række 2: kommunen »999« er ikke med i indsatsen."
    assert errors[-1] == "… og 700 fejl mere"


def test_web_form_says_what_is_wrong(client, it_joint, editor):
    client.login(email=editor.email, password=PASSWORD)
    url = f"/faelles/{it_joint.pk}/indlaes/"
    response = client.post(url, {"file": SimpleUploadedFile("lang.csv", LONG_NOTE)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<li>lang.csv, række 2: et felt er længere end 131.072 tegn.</li>" in page
    response = client.post(url, {"file": SimpleUploadedFile("stor.csv", b"x" * 3_000_000)})
    assert "stor.csv: filen fylder 3 MB; den må højst fylde 2 MB." in response.content.decode()
    assert StageReport.objects.count() == 0


def test_web_form_lists_at_most_200_errors(client, it_joint, editor):
    client.login(email=editor.email, password=PASSWORD)
    content = ("Kommunekode;Trin;Dato\r\n" + "999;Overdraget;01.03.2026\r\n" * 900).encode()
    response = client.post(f"/faelles/{it_joint.pk}/indlaes/",
                           {"file": SimpleUploadedFile("fejl.csv", content)})
    page = response.content.decode()
    assert page.count("er ikke med i indsatsen.</li>") == 200
    assert "<li>… og 700 fejl mere</li>" in page


def test_command_names_file_line_and_problem(it_joint, tmp_path):
    path = tmp_path / "lang.csv"
    path.write_bytes(LONG_NOTE)
    with pytest.raises(CommandError) as caught:
        call_command("import_stages", str(path), "--initiative", str(it_joint.pk))
    assert str(caught.value) == (f"{path}: intet er indlæst.\n"
                                 "lang.csv, række 2: et felt er længere end 131.072 tegn.")


def test_command_checks_the_size_before_reading(it_joint, tmp_path, monkeypatch):
    path = tmp_path / "stor.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))

    def never(self):
        raise AssertionError("the file must not be read")

    monkeypatch.setattr("pathlib.Path.read_bytes", never)
    with pytest.raises(CommandError) as caught:
        call_command("import_stages", str(path), "--initiative", str(it_joint.pk))
    assert str(caught.value) == (f"{path}: intet er indlæst: filen fylder 3 MB; den må højst "
                                 "fylde 2 MB.")
