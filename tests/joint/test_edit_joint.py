"""Editing a joint effort after creation: rename, add, reorder and remove stages (never one a
municipality stands on), start, deadline and the note on where the dates come from; optimistic
versioning (409) and one audit event per save."""

from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.defaults import IT_DATES_NOTE
from kkrmonitor.joint.models import JointInitiative, JointStage, StageReport
from kkrmonitor.joint.services import (
    JointData,
    StageEdit,
    StageInUse,
    update_joint_initiative,
)
from kkrmonitor.programme.models import AuditEvent, Municipality
from kkrmonitor.programme.services import EditConflict
from tests.conftest import PASSWORD

AUTHOR = Author(label="test", channel="cli")


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def stages(joint):
    return list(JointStage.objects.filter(joint=joint).order_by("position")
                .values_list("name", flat=True))


def form_data(joint, **changes):
    """The edit form as the page fills it in, with `changes` on top."""
    data = {"start": "01.01.2026", "deadline": "31.12.2027", "dates_note": joint.dates_note,
            "source": joint.source, "version": joint.version, "new_name": "", "new_number": ""}
    for n, stage in enumerate(JointStage.objects.filter(joint=joint).order_by("position"), 1):
        data[f"stage_{stage.pk}_name"] = stage.name
        data[f"stage_{stage.pk}_number"] = n
    data.update(changes)
    return data


def sid(joint, name):
    return JointStage.objects.get(joint=joint, name=name).pk


def report(joint, code, stage_name, state=StageReport.State.APPROVED):
    return StageReport.objects.create(
        initiative_id=joint.pk, municipality=Municipality.objects.get(code=code),
        stage=JointStage.objects.get(joint=joint, name=stage_name), as_of=date(2026, 3, 1),
        state=state)


# --- who may ---------------------------------------------------------------------------------

def test_anonymous_is_sent_to_log_in(client, it_joint):
    url = f"/faelles/{it_joint.pk}/rediger/"
    for response in (client.get(url), client.post(url, form_data(it_joint))):
        assert response.status_code == 302 and response["Location"].startswith("/konto/")
    assert not AuditEvent.objects.filter(object_type="jointinitiative").exists()


@pytest.mark.parametrize("who", ["reader", "contact", "outsider", "editor_sjaelland"])
def test_only_the_councils_editors_may_edit(client, it_joint, who, request):
    login(client, request.getfixturevalue(who))
    url = f"/faelles/{it_joint.pk}/rediger/"
    assert client.get(url).status_code == 403
    data = form_data(it_joint, start="01.02.2026")
    assert client.post(url, data).status_code == 403
    it_joint.refresh_from_db()
    assert it_joint.start == date(2026, 1, 1) and it_joint.version == 1
    assert "Rediger trin og datoer" not in client.get(f"/faelles/{it_joint.pk}/").content.decode()


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editor_and_admin_may_edit(client, it_joint, who, request):
    login(client, request.getfixturevalue(who))
    assert "Rediger trin og datoer" in client.get(f"/faelles/{it_joint.pk}/").content.decode()
    url = f"/faelles/{it_joint.pk}/rediger/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(it_joint, start="01.02.2026"))
    assert response.status_code == 302 and response["Location"] == f"/faelles/{it_joint.pk}/"
    it_joint.refresh_from_db()
    assert it_joint.start == date(2026, 2, 1) and it_joint.version == 2


# --- the assumed start date ---------------------------------------------------------------------

def test_the_assumed_start_date_is_said_on_the_matrix_and_edit_pages(client, it_joint, editor):
    assert it_joint.dates_note == IT_DATES_NOTE
    assert IT_DATES_NOTE.startswith("Startdatoen 1. januar 2026 er sekretariatets egen antagelse")
    matrix = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "<div><dt>Start</dt><dd>1. januar 2026</dd></div>" in matrix
    assert f"<div><dt>Om datoerne</dt><dd>{IT_DATES_NOTE}</dd></div>" in matrix
    login(client, editor)
    page = client.get(f"/faelles/{it_joint.pk}/rediger/").content.decode()
    assert f'<p class="alert-text">{IT_DATES_NOTE}</p>' in page
    assert 'value="01.01.2026"' in page and 'value="31.12.2027"' in page


def test_the_secretariat_corrects_the_start_and_the_note(client, it_joint, editor):
    login(client, editor)
    client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(
        it_joint, start="15.03.2026", dates_note="Start: KKR's møde 15.03.2026."))
    it_joint.refresh_from_db()
    assert (it_joint.start, it_joint.dates_note) == (date(2026, 3, 15),
                                                      "Start: KKR's møde 15.03.2026.")
    event = AuditEvent.objects.get(object_type="jointinitiative")
    assert event.changes == {"start": ["2026-01-01", "2026-03-15"],
                             "dates_note": [IT_DATES_NOTE, "Start: KKR's møde 15.03.2026."],
                             "version": [1, 2]}
    assert event.action == "update" and event.initiative_id == it_joint.pk and event.is_public
    history = client.get(f"/historik/indsats/{it_joint.pk}/").content.decode()
    assert "Fælles indsats »Overdragelse af server- og netværksdrift" in history


# --- the stage path ----------------------------------------------------------------------------

def test_rename_reorder_and_add_in_one_save_with_one_audit_event(client, it_joint, editor):
    login(client, editor)
    kept = report(it_joint, "101", "Aftale indgået")
    data = form_data(it_joint, **{
        f"stage_{sid(it_joint, 'Aftale indgået')}_name": "Aftale underskrevet",
        # Swap "Beslutning i kommunalbestyrelsen" (2) and "Ikke startet" (1).
        f"stage_{sid(it_joint, 'Ikke startet')}_number": 2,
        f"stage_{sid(it_joint, 'Beslutning i kommunalbestyrelsen')}_number": 1,
        "new_name": "Driftsaftale evalueret", "new_number": 6})
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", data)
    assert response.status_code == 302
    assert stages(it_joint) == ["Beslutning i kommunalbestyrelsen", "Ikke startet",
                                "Aftale underskrevet", "Migrering i gang", "Overdraget",
                                "Driftsaftale evalueret"]
    kept.refresh_from_db()
    assert kept.stage.name == "Aftale underskrevet"  # the report follows its renamed stage
    event = AuditEvent.objects.get(object_type="jointinitiative")
    assert event.changes == {
        "stages": [["Ikke startet", "Beslutning i kommunalbestyrelsen", "Aftale indgået",
                    "Migrering i gang", "Overdraget"],
                   ["Beslutning i kommunalbestyrelsen", "Ikke startet", "Aftale underskrevet",
                    "Migrering i gang", "Overdraget", "Driftsaftale evalueret"]],
        "version": [1, 2]}
    page = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "6. Driftsaftale evalueret" in page and "0 af 29 driftsaftale evalueret" in page


def test_swapping_two_names_passes_the_unique_constraints(it_joint):
    a, b = sid(it_joint, "Ikke startet"), sid(it_joint, "Overdraget")
    path = [StageEdit(s.pk, s.name) for s in JointStage.objects.filter(joint=it_joint)]
    path[0], path[-1] = StageEdit(a, "Overdraget"), StageEdit(b, "Ikke startet")
    data = JointData(it_joint.start, it_joint.deadline, it_joint.source, it_joint.dates_note,
                     tuple(path))
    assert update_joint_initiative(AUTHOR, it_joint, data, 1) is True
    assert stages(it_joint)[0] == "Overdraget" and stages(it_joint)[-1] == "Ikke startet"
    assert JointStage.objects.get(pk=a).name == "Overdraget"


def test_a_stage_without_reports_is_removed(client, it_joint, editor):
    login(client, editor)
    report(it_joint, "101", "Aftale indgået", StageReport.State.APPROVED)
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(
        it_joint, **{f"stage_{sid(it_joint, 'Migrering i gang')}_remove": "on"}))
    assert response.status_code == 302
    assert stages(it_joint) == ["Ikke startet", "Beslutning i kommunalbestyrelsen",
                                "Aftale indgået", "Overdraget"]
    assert JointStage.objects.filter(joint=it_joint).values_list("position", flat=True)[3] == 3


def test_a_stage_municipalities_stand_on_is_not_removed(client, it_joint, editor):
    login(client, editor)
    report(it_joint, "101", "Aftale indgået", StageReport.State.APPROVED)
    report(it_joint, "147", "Aftale indgået", StageReport.State.PENDING)
    report(it_joint, "151", "Aftale indgået", StageReport.State.RETURNED)
    before = stages(it_joint)
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(
        it_joint, start="01.02.2026",
        **{f"stage_{sid(it_joint, 'Aftale indgået')}_remove": "on"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert ("Trinnet »Aftale indgået« kan ikke fjernes: 2 kommuner står på det (godkendt "
            "eller afventer godkendelse): Frederiksberg, København. Omdøb trinnet i stedet, "
            "eller få kommunerne flyttet til et andet trin først.") in page
    assert stages(it_joint) == before
    it_joint.refresh_from_db()
    assert it_joint.start == date(2026, 1, 1) and it_joint.version == 1
    assert not AuditEvent.objects.filter(object_type="jointinitiative").exists()


def test_a_stage_only_old_reports_point_at_is_kept_for_the_history(it_joint):
    report(it_joint, "151", "Migrering i gang", StageReport.State.RETURNED)
    path = tuple(StageEdit(s.pk, s.name) for s in JointStage.objects.filter(joint=it_joint)
                 if s.name != "Migrering i gang")
    data = JointData(it_joint.start, it_joint.deadline, "", "", path)
    with pytest.raises(StageInUse) as error:
        update_joint_initiative(AUTHOR, it_joint, data, 1)
    assert str(error.value) == (
        "Trinnet »Migrering i gang« kan ikke fjernes: 1 tidligere indberetning (sendt retur "
        "eller erstattet) henviser til det og skal bevares i historikken. Omdøb trinnet i "
        "stedet.")
    assert len(stages(it_joint)) == 5


@pytest.mark.parametrize(("changes", "message"), [
    ({"deadline": "01.12.2025"}, "Fristen skal ligge efter starten."),
    ({"start": "31.02.2026"}, "Datoen kan ikke læses; skriv den som dd.mm.åååå."),
    ({"new_name": "Overdraget", "new_number": 6}, "Et andet trin hedder også »Overdraget«."),
    ({"new_name": "Nyt", "new_number": 2},
     "Nummeret 2 er også givet til »Beslutning i kommunalbestyrelsen«; giv hvert trin sit "
     "eget nummer."),
    ({"new_name": "Nyt", "new_number": ""}, "Skriv nummeret for det nye trin."),
])
def test_invalid_edits_are_refused_in_danish(client, it_joint, editor, changes, message):
    login(client, editor)
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(it_joint, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="jointinitiative").exists()


def test_at_least_two_stages_remain(client, it_joint, editor):
    login(client, editor)
    removals = {f"stage_{s.pk}_remove": "on" for s in JointStage.objects.filter(joint=it_joint)
                if s.name != "Overdraget"}
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(it_joint, **removals))
    assert response.status_code == 400
    assert "En fælles indsats skal have mindst to trin." in response.content.decode()
    assert len(stages(it_joint)) == 5


def test_saving_unchanged_writes_nothing(client, it_joint, editor):
    login(client, editor)
    response = client.post(f"/faelles/{it_joint.pk}/rediger/", form_data(it_joint),
                           follow=True)
    assert "Intet var ændret." in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="jointinitiative").exists()
    assert JointInitiative.objects.get(pk=it_joint.pk).version == 1


# --- two editors at once -------------------------------------------------------------------------

def test_a_stale_form_is_refused_with_the_other_change_shown(client, it_joint, editor,
                                                            admin_user):
    opened = form_data(it_joint)  # both open the page at version 1
    login(client, admin_user)
    client.post(f"/faelles/{it_joint.pk}/rediger/", {
        **opened, f"stage_{sid(it_joint, 'Overdraget')}_name": "Overdraget til it-enheden"})
    client.logout()
    login(client, editor)
    response = client.post(f"/faelles/{it_joint.pk}/rediger/",
                           {**opened, "deadline": "30.06.2027"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nogen har gemt før dig" in page and "Alma Administrator" in page
    assert "Overdraget til it-enheden" in page
    it_joint.refresh_from_db()
    assert it_joint.deadline == date(2027, 12, 31) and it_joint.version == 2
    assert AuditEvent.objects.filter(object_type="jointinitiative").count() == 1
    # The form now carries the current version and the new stage names; saving again works
    # and keeps both changes.
    assert 'name="version" value="2"' in page
    assert 'value="30.06.2027"' in page
    client.post(f"/faelles/{it_joint.pk}/rediger/", {
        **form_data(it_joint), "deadline": "30.06.2027"})
    it_joint.refresh_from_db()
    assert it_joint.deadline == date(2027, 6, 30) and it_joint.version == 3
    assert stages(it_joint)[-1] == "Overdraget til it-enheden"


def test_service_refuses_a_stale_version(it_joint):
    data = JointData(date(2026, 2, 1), it_joint.deadline, "", "",
                     tuple(StageEdit(s.pk, s.name)
                           for s in JointStage.objects.filter(joint=it_joint)))
    assert update_joint_initiative(AUTHOR, it_joint, data, 1) is True
    with pytest.raises(EditConflict):
        update_joint_initiative(AUTHOR, it_joint, data, 1)
    assert AuditEvent.objects.filter(object_type="jointinitiative").count() == 1


def test_the_data_migration_adds_the_note_to_an_effort_loaded_before_it(it_joint):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "kkrmonitor.joint.migrations.0003_it_effort_start_is_an_assumption")
    rewrite = importlib.import_module(
        "kkrmonitor.joint.migrations.0006_dates_note_without_instruction")
    assert (migration.NOTE, rewrite.NEW) == (rewrite.OLD, IT_DATES_NOTE)
    assert "Ret startdatoen" not in IT_DATES_NOTE
    JointInitiative.objects.filter(pk=it_joint.pk).update(dates_note="")
    migration.forwards(apps, None)
    assert JointInitiative.objects.get(pk=it_joint.pk).dates_note == migration.NOTE
    rewrite.forwards(apps, None)
    assert JointInitiative.objects.get(pk=it_joint.pk).dates_note == IT_DATES_NOTE
    # A start the secretariat has corrected is left alone.
    JointInitiative.objects.filter(pk=it_joint.pk).update(dates_note="",
                                                          start=date(2026, 3, 1))
    migration.forwards(apps, None)
    assert JointInitiative.objects.get(pk=it_joint.pk).dates_note == ""
