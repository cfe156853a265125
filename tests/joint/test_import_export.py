"""Bulk import (all or nothing, row-numbered Danish errors) and CSV/XLSX export."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kkrmonitor.audit import Author
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.programme.models import AuditEvent, Municipality
from tests.conftest import PASSWORD
from tests.hostile_files import xlsx

AUTHOR = Author(label="test", channel="cli")

GOOD = ("Kommunekode;Kommune;Trin;Dato;Note\r\n"
        "101;København;Overdraget;01.03.2026;Flyttet til fællesskabet\r\n"
        "0147;Frederiksberg;Aftale indgået;2026-02-15;\r\n"
        "400;Bornholm;Ikke rapporteret;;\r\n")

BAD = ("Kommunekode;Trin;Dato;Note\r\n"
       "101;Overdraget;01.03.2026;ok\r\n"
       "999;Overdraget;01.03.2026;\r\n"
       "147;Færdig;01.03.2026;\r\n"
       "151;Aftale indgået;31.02.2026;\r\n"
       "101;Aftale indgået;01.03.2026;\r\n"
       "153;Aftale indgået;01.03.2099;\r\n")


@pytest.fixture
def freeze_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 6, 1))


def test_good_csv_imports_approved_reports_with_one_audit_event(it_joint, freeze_today):
    result = import_stages(AUTHOR, it_joint, GOOD.encode("utf-8-sig"), "trin.csv")
    assert result.errors == []
    assert result.written == 2 and result.skipped == 1
    reports = {r.municipality.code: r for r in StageReport.objects.all()}
    assert set(reports) == {"101", "147"}
    assert reports["101"].stage.name == "Overdraget"
    assert reports["101"].state == StageReport.State.APPROVED
    assert reports["147"].as_of == date(2026, 2, 15)
    event = AuditEvent.objects.get(action="import_stages")
    assert event.changes["København"] == [None, "Overdraget (2026-03-01)"]


def test_bad_rows_change_nothing_and_are_listed_by_row_number(it_joint, freeze_today):
    events = AuditEvent.objects.count()
    result = import_stages(AUTHOR, it_joint, BAD.encode(), "trin.csv")
    assert result.written == 0
    assert result.errors == [
        "Række 3: kommunen »999« er ikke med i indsatsen.",
        "Række 4: trinnet »Færdig« findes ikke. Mulige trin: Ikke startet, Beslutning i "
        "kommunalbestyrelsen, Aftale indgået, Migrering i gang, Overdraget.",
        "Række 5: Dato: Datoen kan ikke læses; skriv den som dd.mm.åååå.",
        "Række 6: København står også i række 2; der må kun være én række pr. kommune.",
        "Række 7: Dato: Datoen må ikke ligge i fremtiden.",
    ]
    assert StageReport.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_missing_columns_and_unreadable_files(it_joint):
    result = import_stages(AUTHOR, it_joint, b"Kommune;Note\r\nX;y\r\n", "a.csv")
    assert result.errors == ["Række 1: kolonnen »Trin« mangler.",
                             "Række 1: kolonnen »Dato« mangler."]
    assert import_stages(AUTHOR, it_joint, b"\xff\xfe\x00", "a.csv").errors == [
        "a.csv: filen er ikke UTF-8-tekst."]
    assert import_stages(AUTHOR, it_joint, b"", "a.csv").errors == ["Filen er tom."]
    assert import_stages(AUTHOR, it_joint, b"not a zip", "a.xlsx").errors == [
        "a.xlsx: filen kan ikke åbnes som et Excel-regneark (.xlsx)."]





def test_xlsx_import_with_real_dates(it_joint, freeze_today):
    content = xlsx([["Kommunekode", "Trin", "Dato", "Note"],
                     [101, "Migrering i gang", date(2026, 4, 1), "x"]])
    result = import_stages(AUTHOR, it_joint, content, "trin.xlsx")
    assert result.errors == [] and result.written == 1
    assert StageReport.objects.get().as_of == date(2026, 4, 1)


def test_import_command(it_joint, tmp_path, freeze_today, capsys):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_stages", str(good), "--initiative", str(it_joint.pk))
    assert "2 kommuner indlæst, 1 uden trin sprunget over." in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_stages", str(bad), "--initiative", str(it_joint.pk))
    assert "intet er indlæst" in str(error.value) and "Række 3:" in str(error.value)
    assert StageReport.objects.count() == 2
    with pytest.raises(CommandError, match="ingen fælles kommunal indsats med id 9999"):
        call_command("import_stages", str(good), "--initiative", "9999")


def test_import_web_form(client, it_joint, editor, contact, freeze_today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/faelles/{it_joint.pk}/indlaes/"
    client.login(email=contact.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(email=editor.email, password=PASSWORD)
    response = client.post(url, {"file": SimpleUploadedFile("bad.csv", BAD.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Intet er indlæst" in page and "Række 7: Dato: Datoen må ikke ligge i fremtiden." in page
    assert StageReport.objects.count() == 0
    response = client.post(url, {"file": SimpleUploadedFile("good.csv", GOOD.encode())})
    assert response.status_code == 302
    assert StageReport.objects.count() == 2


def _seventeen_handed_over(joint):
    handed = JointStage.objects.get(joint=joint, name="Overdraget")
    municipalities = list(Municipality.objects.filter(council__slug="kkr-hovedstaden")
                          .order_by("code"))
    for m in municipalities[:17]:
        StageReport.objects.create(initiative_id=joint.pk, municipality=m, stage=handed,
                                   as_of=date(2026, 5, 1), note=f"Note {m.code}",
                                   state=StageReport.State.APPROVED)
    # A pending report never shows in exports.
    StageReport.objects.create(initiative_id=joint.pk, municipality=municipalities[20],
                               stage=handed, as_of=date(2026, 5, 1))


def test_csv_export(client, it_joint, freeze_today):
    _seventeen_handed_over(it_joint)
    response = client.get(f"/faelles/{it_joint.pk}.csv?sort=kode")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="faelles-indsats-' in response["Content-Disposition"]
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffKommunekode;Kommune;Råd;Trin;Trinnummer;Dato;Note;På sporet"
    assert lines[1] == "101;København;KKR Hovedstaden;Overdraget;5;01.05.2026;Note 101;Ja"
    assert len(lines) == 30
    assert sum(1 for line in lines if ";Overdraget;" in line) == 17
    assert sum(1 for line in lines if ";Ikke rapporteret;;;;Ikke rapporteret" in line) == 12
    page = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "17 af 29 overdraget" in page and "17 af 29 på sporet" in page


def test_xlsx_export_round_trips_through_import(client, it_joint, freeze_today):
    _seventeen_handed_over(it_joint)
    response = client.get(f"/faelles/{it_joint.pk}.xlsx?sort=kode")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Kommunekode", "Kommune", "Råd", "Trin", "Trinnummer", "Dato", "Note",
                       "På sporet")
    assert rows[1][:5] == ("101", "København", "KKR Hovedstaden", "Overdraget", 5)
    assert rows[1][5].date() == date(2026, 5, 1)
    assert len(rows) == 30
    # The exported file is a valid import template.
    result = import_stages(AUTHOR, it_joint, response.content, "eksport.xlsx")
    assert result.errors == [] and result.written == 17 and result.skipped == 12
