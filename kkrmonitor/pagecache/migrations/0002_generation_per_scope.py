from django.db import migrations, models


class Migration(migrations.Migration):
    """One generation per page scope; the existing row becomes the scope every page depends on."""

    dependencies = [
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="generation",
            name="scope",
            field=models.CharField(default="all", max_length=120, unique=True),
        ),
    ]
