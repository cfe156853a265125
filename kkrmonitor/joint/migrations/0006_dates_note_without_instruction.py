"""Data: the IT-operations effort's note on its dates (set by 0003 or `kkr load_joint`) ended
with an instruction to the secretariat ("Ret startdatoen, …"), which every visitor read. The
note now only informs; touches the note only while it is still exactly the old text."""

from django.db import migrations

OLD = ("Startdatoen 1. januar 2026 er sekretariatets egen antagelse (første dag i perioden "
       "2026–2029); ingen kilde angiver en startdato. Kilden siger kun, at alle "
       "kommunalbestyrelser skal beslutte i løbet af 2026, og at driften skal være overdraget "
       "inden udgangen af 2027 (fristen 31. december 2027). Ret startdatoen, hvis en anden "
       "dato gælder.")
# The same text as kkrmonitor.joint.defaults.IT_DATES_NOTE, frozen here as migrations must be.
NEW = ("Startdatoen 1. januar 2026 er sekretariatets egen antagelse (første dag i perioden "
       "2026–2029); ingen kilde angiver en startdato. Kilden siger kun, at alle "
       "kommunalbestyrelser skal beslutte i løbet af 2026, og at driften skal være overdraget "
       "inden udgangen af 2027 (fristen 31. december 2027).")


def forwards(apps, schema_editor):
    JointInitiative = apps.get_model("joint", "JointInitiative")
    JointInitiative.objects.filter(dates_note=OLD).update(dates_note=NEW)


def backwards(apps, schema_editor):
    JointInitiative = apps.get_model("joint", "JointInitiative")
    JointInitiative.objects.filter(dates_note=NEW).update(dates_note=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("joint", "0005_infrastructure_portfolio_under_recommendation_2"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
