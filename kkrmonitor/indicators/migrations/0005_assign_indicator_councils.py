"""Give existing indicators an owner. An indicator linked only to one council's recommendations
(the shipped definitions are linked to KKR Hovedstaden's) becomes that council's; any other —
linked to none, or to several councils' — becomes national, editable by administrators only.
The same rule as kkrmonitor.indicators.models.owning_council, copied because a migration must
not import the current code."""

from django.db import migrations


def assign(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(council__isnull=True):
        councils = set(indicator.recommendations.values_list("programme__council_id",
                                                             flat=True))
        if len(councils) == 1:
            indicator.council_id = councils.pop()
            indicator.save(update_fields=["council"])


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0004_indicator_council"),
        ("programme", "0002_audit_decision"),
    ]

    operations = [
        migrations.RunPython(assign, migrations.RunPython.noop),
    ]
