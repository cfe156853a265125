"""Data: put the infrastructure portfolio (loaded by `kkr load_joint` before portfolios had a
recommendation) under recommendation 2 of KKR Hovedstaden's 2026-2029 programme, as its own
description says. Touches only that portfolio, and only while it has no recommendation."""

from django.db import migrations

PORTFOLIO_SLUG = "prioriterede-infrastrukturprojekter"


def forwards(apps, schema_editor):
    Portfolio = apps.get_model("joint", "Portfolio")
    Recommendation = apps.get_model("programme", "Recommendation")
    recommendation = Recommendation.objects.filter(
        programme__council__slug="kkr-hovedstaden", programme__term_start=2026,
        programme__term_end=2029, number=2).first()
    if recommendation is not None:
        Portfolio.objects.filter(slug=PORTFOLIO_SLUG, recommendation=None).update(
            recommendation=recommendation)


def backwards(apps, schema_editor):
    Portfolio = apps.get_model("joint", "Portfolio")
    Portfolio.objects.filter(slug=PORTFOLIO_SLUG).update(recommendation=None)


class Migration(migrations.Migration):

    dependencies = [
        ("joint", "0004_portfolio_recommendation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
