"""Data: say on the IT-operations effort (loaded by `kkr load_joint` before the note existed)
that its start date is the secretariat's own assumption, so it can be corrected. Touches only
that effort, and only while its start is still the assumed 1 Jan 2026 and no note is set."""

from datetime import date

from django.db import migrations

IT_TITLE = "Overdragelse af server- og netværksdrift til fælles it-driftsenheder"
# The same text as kkrmonitor.joint.defaults.IT_DATES_NOTE, frozen here as migrations must be.
NOTE = ("Startdatoen 1. januar 2026 er sekretariatets egen antagelse (første dag i perioden "
        "2026–2029); ingen kilde angiver en startdato. Kilden siger kun, at alle "
        "kommunalbestyrelser skal beslutte i løbet af 2026, og at driften skal være overdraget "
        "inden udgangen af 2027 (fristen 31. december 2027). Ret startdatoen, hvis en anden "
        "dato gælder.")


def forwards(apps, schema_editor):
    JointInitiative = apps.get_model("joint", "JointInitiative")
    JointInitiative.objects.filter(initiative__title=IT_TITLE, start=date(2026, 1, 1),
                                   dates_note="").update(dates_note=NOTE)


def backwards(apps, schema_editor):
    JointInitiative = apps.get_model("joint", "JointInitiative")
    JointInitiative.objects.filter(initiative__title=IT_TITLE, dates_note=NOTE).update(
        dates_note="")


class Migration(migrations.Migration):

    dependencies = [
        ("joint", "0002_joint_dates_note_and_superseded_by"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
