"""A bulk import that replaces municipalities' waiting reports says so by name, on the command
line and on the web, and keeps the replaced reports as "erstattet", pointing at the import."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kkrmonitor.audit import Author
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.joint.services import review_report, submit_report
from kkrmonitor.programme.models import AuditEvent, Municipality
from kkrmonitor.programme.services import EditConflict
from tests.conftest import PASSWORD

AUTHOR = Author(label="test", channel="cli")

CSV = ("Kommunekode;Trin;Dato;Note\r\n"
       "101;Overdraget;01.04.2026;\r\n"
       "151;Migrering i gang;01.04.2026;\r\n"
       "165;Aftale indgået;01.04.2026;\r\n"
       "400;Aftale indgået;01.04.2026;\r\n")


@pytest.fixture
def freeze_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 6, 1))


@pytest.fixture
def waiting(it_joint):
    """Waiting reports from four municipalities; three of them are in CSV."""
    stage = JointStage.objects.get(joint=it_joint, name="Beslutning i kommunalbestyrelsen")
    contact = Author(label="Kommunens kontaktperson", channel="web")
    return {code: submit_report(contact, it_joint, Municipality.objects.get(code=code), stage,
                                date(2026, 3, 1), "venter")
            for code in ("101", "147", "151", "165")}


def test_import_names_the_replaced_reports_and_keeps_them(it_joint, waiting, freeze_today):
    events = AuditEvent.objects.count()
    result = import_stages(AUTHOR, it_joint, CSV.encode(), "trin.csv")
    assert result.errors == [] and result.written == 4
    assert result.superseded == ["Albertslund", "Ballerup", "København"]
    assert result.superseded_sentence == (
        "3 ventende indberetninger blev erstattet: Albertslund, Ballerup, København.")
    for code in ("101", "151", "165"):
        old = StageReport.objects.get(pk=waiting[code].pk)
        assert old.state == StageReport.State.SUPERSEDED
        assert old.get_state_display() == "Erstattet af en nyere indberetning"
        assert old.superseded_by.state == StageReport.State.APPROVED
        assert old.superseded_by.municipality.code == code and old.version == 2
    # Frederiksberg was not in the file: its report still waits.
    assert StageReport.objects.get(pk=waiting["147"].pk).state == StageReport.State.PENDING
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="import_stages")
    assert event.changes["superseded"] == [sorted(waiting[c].pk for c in ("101", "151", "165")),
                                           None]
    assert event.changes["København"] == [
        "Afventer godkendelse: Beslutning i kommunalbestyrelsen (2026-03-01)",
        "Overdraget (2026-04-01)"]
    assert event.changes["Bornholm"] == [None, "Aftale indgået (2026-04-01)"]


def test_one_replaced_report_reads_in_the_singular(it_joint, freeze_today):
    stage = JointStage.objects.get(joint=it_joint, name="Ikke startet")
    submit_report(AUTHOR, it_joint, Municipality.objects.get(code="400"), stage,
                  date(2026, 3, 1))
    result = import_stages(AUTHOR, it_joint, CSV.encode(), "trin.csv")
    assert result.superseded_sentence == "1 ventende indberetning blev erstattet: Bornholm."


def test_an_approval_opened_before_the_import_is_refused(it_joint, waiting, editor,
                                                          freeze_today):
    opened = StageReport.objects.get(pk=waiting["101"].pk)  # the editor opens the review
    import_stages(AUTHOR, it_joint, CSV.encode(), "trin.csv")
    with pytest.raises((EditConflict, ValueError)):
        review_report(Author.for_user(editor), opened, True, "", opened.version)
    assert StageReport.objects.get(pk=opened.pk).state == StageReport.State.SUPERSEDED


def test_command_output_names_them(it_joint, waiting, tmp_path, freeze_today, capsys):
    path = tmp_path / "trin.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_stages", str(path), "--initiative", str(it_joint.pk))
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: 4 kommuner indlæst.",
        "3 ventende indberetninger blev erstattet: Albertslund, Ballerup, København.",
    ]


def test_command_says_nothing_when_nothing_was_replaced(it_joint, tmp_path, freeze_today,
                                                        capsys):
    path = tmp_path / "trin.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_stages", str(path), "--initiative", str(it_joint.pk))
    assert capsys.readouterr().out.splitlines() == [f"{path}: 4 kommuner indlæst."]


def test_web_result_names_them(client, it_joint, waiting, editor, freeze_today):
    client.login(email=editor.email, password=PASSWORD)
    response = client.post(f"/faelles/{it_joint.pk}/indlaes/",
                           {"file": SimpleUploadedFile("trin.csv", CSV.encode())}, follow=True)
    page = response.content.decode()
    assert "4 kommuner er indlæst." in page
    assert ("3 ventende indberetninger blev erstattet: Albertslund, Ballerup, København. De "
            "erstattede indberetninger er gemt som »erstattet« i historikken.") in page


def test_anonymous_import_is_sent_to_log_in(client, it_joint, waiting):
    response = client.post(f"/faelles/{it_joint.pk}/indlaes/",
                           {"file": SimpleUploadedFile("trin.csv", CSV.encode())})
    assert response.status_code == 302 and response["Location"].startswith("/konto/")
    assert StageReport.objects.filter(state=StageReport.State.PENDING).count() == 4


@pytest.mark.parametrize("who", ["reader", "contact", "outsider", "editor_sjaelland"])
def test_others_may_not_import(client, it_joint, waiting, who, request):
    user = request.getfixturevalue(who)
    client.login(email=user.email, password=PASSWORD)
    response = client.post(f"/faelles/{it_joint.pk}/indlaes/",
                           {"file": SimpleUploadedFile("trin.csv", CSV.encode())})
    assert response.status_code == 403
    assert StageReport.objects.filter(state=StageReport.State.PENDING).count() == 4


def test_admin_may_import(client, it_joint, waiting, admin_user, freeze_today):
    client.login(email=admin_user.email, password=PASSWORD)
    response = client.post(f"/faelles/{it_joint.pk}/indlaes/",
                           {"file": SimpleUploadedFile("trin.csv", CSV.encode())})
    assert response.status_code == 302
    assert StageReport.objects.filter(state=StageReport.State.SUPERSEDED).count() == 3


def test_a_contacts_new_report_also_points_at_what_it_replaced(it_joint, waiting):
    stage = JointStage.objects.get(joint=it_joint, name="Aftale indgået")
    newer = submit_report(AUTHOR, it_joint, Municipality.objects.get(code="101"), stage,
                          date(2026, 3, 2))
    assert StageReport.objects.get(pk=waiting["101"].pk).superseded_by == newer
    event = AuditEvent.objects.filter(action="report").latest("id")
    assert event.changes["superseded"] == [[waiting["101"].pk], None]
