"""Hostile observation uploads, through the service, the editor's page and
`kkr import_observations`: each is refused quickly with the line and a Danish reason, nothing
is stored, and the command exits non-zero without a traceback. Figures that JSON cannot write
(1e999, inf, NaN) are refused with their row."""

from __future__ import annotations

import math
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from kkrmonitor.audit import Author
from kkrmonitor.indicators.calc import council_sum, ratio
from kkrmonitor.indicators.numbers import NumberError, parse_number
from kkrmonitor.indicators.services import ObservationImportError, import_observations
from kkrmonitor.indicators.uploads import UploadFormatError
from kkrmonitor.upload_limits import Limits
from tests.conftest import PASSWORD
from tests.hostile_files import (
    csv_with_long_field,
    xlsx,
    xlsx_declaring_huge,
    xlsx_last_row_far_away,
)
from tests.indicators.data import csv_for, upload_indicator

AUTHOR = Author(label="Test", channel="cli")
HEADER = ["Kommune", "Periode", "Værdi"]


@pytest.mark.parametrize("text,message", [
    ("1e999", "tallet er for stort: '1e999'"), ("-1e999", "tallet er for stort: '-1e999'"),
    ("nan", "ikke et tal: 'nan'"), ("inf", "ikke et tal: 'inf'"),
    ("Infinity", "ikke et tal: 'Infinity'"),
    (math.inf, "ikke et endeligt tal: 'inf'"), (-math.inf, "ikke et endeligt tal: '-inf'"),
    (math.nan, "ikke et endeligt tal: 'nan'"), (10 ** 400, "tallet er for stort"),
])
def test_non_finite_numbers_are_refused(text, message):
    with pytest.raises(NumberError, match=re.escape(message)):
        parse_number(text)


def test_large_finite_numbers_are_kept():
    assert parse_number("1e300") == 1e300
    assert parse_number(-2.5) == -2.5


def test_computed_figures_too_large_for_a_float_are_missing():
    assert council_sum({"101": 1e308, "147": 1e308}, ["101", "147"]) is None
    assert ratio(1e300, 1e-300) is None
    assert ratio(1e308, 1.0, scale=1000.0) is None
    assert ratio(3.0, 2.0, scale=10.0) == 15.0
    assert council_sum({"101": -1e308, "147": 1e308}, ["101", "147"]) == 0.0


def test_non_finite_figures_are_refused_with_their_row(reference_data):
    indicator = upload_indicator()
    data = csv_for([("101", "2024", "1e999"), ("147", "2024", "2"), ("151", "2024", "-1E999"),
                    ("153", "2024", "nan")])
    with pytest.raises(ObservationImportError) as caught:
        import_observations(indicator, data, "tal.csv", AUTHOR)
    assert caught.value.errors == ["Række 2: tallet er for stort: '1e999'",
                                   "Række 4: tallet er for stort: '-1E999'",
                                   "Række 5: ikke et tal: 'nan'"]
    assert not indicator.observations.exists()


def test_xlsx_number_beyond_float_is_refused(reference_data):
    content = _with_sheet_text(xlsx([HEADER, ["101", "2024", 7.25]]), b"<v>7.25</v>",
                               b"<v>1e999</v>")
    with pytest.raises(ObservationImportError) as caught:
        import_observations(upload_indicator(), content, "tal.xlsx", AUTHOR)
    assert caught.value.errors == ["Række 2: ikke et endeligt tal: 'inf'"]


def _with_sheet_text(content: bytes, old: bytes, new: bytes) -> bytes:
    from tests.hostile_files import _rewrite_sheet

    return _rewrite_sheet(content, lambda data: data.replace(old, new))


def test_formula_cell_is_refused_with_its_row(reference_data):
    content = xlsx([HEADER, ["101", "2024", 3], ["147", "2024", "=C2*2"]])
    with pytest.raises(UploadFormatError) as caught:
        import_observations(upload_indicator(), content, "tal.xlsx", AUTHOR)
    assert (str(caught.value), caught.value.line) == (
        "cellen C3 er en formel (=C2*2); gem regnearket med tallene i stedet for formlerne", 3)


def test_xlsx_declaring_gigabytes_is_refused_before_opening(reference_data, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open the file")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    content = xlsx_declaring_huge([HEADER, ["101", "2024", 3]])
    assert len(content) < 10_000
    with pytest.raises(UploadFormatError) as caught:
        import_observations(upload_indicator(), content, "bombe.xlsx", AUTHOR)
    assert (str(caught.value), caught.value.line) == (
        "regnearket fylder 3815 MB udpakket; det må højst fylde 100 MB", None)


def test_xlsx_of_a_million_rows_stops_at_the_row_limit(reference_data, monkeypatch):
    monkeypatch.setattr("kkrmonitor.indicators.uploads.OBSERVATIONS",
                        Limits(max_bytes=1_000_000, max_rows=1_000, max_unpacked=1_000_000))
    content = xlsx_last_row_far_away([HEADER, ["101", "2024", 3]])
    with pytest.raises(UploadFormatError) as caught:
        import_observations(upload_indicator(), content, "mange.xlsx", AUTHOR)
    assert (str(caught.value), caught.value.line) == (
        "filen har mere end 1.000 rækker, som er det højeste antal; del den op i flere filer",
        1002)


def test_csv_over_the_row_limit(reference_data, monkeypatch):
    monkeypatch.setattr("kkrmonitor.indicators.uploads.OBSERVATIONS",
                        Limits(max_bytes=1_000_000, max_rows=3, max_unpacked=1_000_000))
    data = csv_for([("101", "2024", "1")] * 4)
    with pytest.raises(UploadFormatError) as caught:
        import_observations(upload_indicator(), data, "tal.csv", AUTHOR)
    assert caught.value.line == 5


def test_too_many_bytes(reference_data):
    with pytest.raises(UploadFormatError, match="^filen fylder 51 MB; den må højst fylde 50 MB$"):
        import_observations(upload_indicator(), b"x" * (51 * 1024 * 1024), "tal.csv", AUTHOR)


def test_csv_field_over_the_csv_limit(reference_data):
    data = csv_with_long_field("kommune;periode;værdi", "101;2024;")
    with pytest.raises(UploadFormatError) as caught:
        import_observations(upload_indicator(), data, "lang.csv", AUTHOR)
    assert (str(caught.value), caught.value.line) == ("et felt er længere end 131.072 tegn", 2)


def test_editor_page_says_what_is_wrong(client, reference_data, editor):
    upload_indicator()
    client.login(username=editor.email, password=PASSWORD)
    data = csv_with_long_field("kommune;periode;værdi", "101;2024;")
    response = client.post("/rediger/indikator/synth/upload/",
                           {"file": SimpleUploadedFile("lang.csv", data)})
    assert response.status_code == 400
    assert ("lang.csv: række 2: et felt er længere end 131.072 tegn. Intet er gemt."
            in response.content.decode())


def test_command_names_file_line_and_problem(reference_data, tmp_path):
    upload_indicator()
    path = tmp_path / "lang.csv"
    path.write_bytes(csv_with_long_field("kommune;periode;værdi", "101;2024;"))
    with pytest.raises(CommandError) as caught:
        call_command("import_observations", str(path), "--indicator", "synth")
    assert str(caught.value) == f"{path}, linje 2: et felt er længere end 131.072 tegn"
    formula = tmp_path / "formel.xlsx"
    formula.write_bytes(xlsx([HEADER, ["101", "2024", "=1/0"]]))
    with pytest.raises(CommandError) as caught:
        call_command("import_observations", str(formula), "--indicator", "synth")
    assert str(caught.value) == (f"{formula}, linje 2: cellen C2 er en formel (=1/0); gem "
                                 "regnearket med tallene i stedet for formlerne")


def test_command_checks_the_size_before_reading(reference_data, tmp_path, monkeypatch):
    upload_indicator()
    monkeypatch.setattr("kkrmonitor.indicators.management.commands.import_observations."
                        "OBSERVATIONS", Limits(max_bytes=1024 * 1024, max_rows=1, max_unpacked=1))
    path = tmp_path / "stor.csv"
    path.write_bytes(b"kommune;periode;v\xc3\xa6rdi\n" * 100_000)
    with pytest.raises(CommandError) as caught:
        call_command("import_observations", str(path), "--indicator", "synth")
    assert str(caught.value) == f"{path}: filen fylder 2 MB; den må højst fylde 1 MB"


def test_command_lists_at_most_200_errors(reference_data, tmp_path, capsys):
    upload_indicator()
    path = tmp_path / "fejl.csv"
    path.write_bytes(csv_for([("Gotham", "2024", "1")] * 250))
    with pytest.raises(CommandError) as caught:
        call_command("import_observations", str(path), "--indicator", "synth")
    assert str(caught.value) == f"{path}: 250 fejl; intet er gemt"
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 201
    assert lines[0] == f"{path}: Række 2: ukendt kommune 'Gotham'"
    assert lines[-1] == f"{path}: … og 50 fejl mere"


@pytest.mark.parametrize("text", ["1e999", "-1e999", "inf", "nan", "Infinity"])
def test_forms_refuse_numbers_json_cannot_write(text):
    from django.core.exceptions import ValidationError

    from kkrmonitor.indicators.forms import IndicatorForm
    from kkrmonitor.joint.forms import ProjectForm

    with pytest.raises(ValidationError):
        IndicatorForm.base_fields["scale"].clean(text)
    with pytest.raises(ValidationError):
        ProjectForm.base_fields["state_funding_dkk"].clean(text)
