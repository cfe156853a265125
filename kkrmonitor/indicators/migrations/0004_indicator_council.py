"""Indicators belong to a council, or to no council (national)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0003_indicator_figures_summary'),
        ('programme', '0002_audit_decision'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='council',
            field=models.ForeignKey(blank=True, help_text='Rådet, hvis redaktører vedligeholder indikatoren. Tom: national, kun for administratorer.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='programme.council', verbose_name='råd'),
        ),
    ]
