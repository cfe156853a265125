"""Who an indicator belongs to: the data migration that gave existing indicators an owner, and
the loader of the shipped definitions (issue #11, bug 4)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import INDICATORS, load_reference_indicators
from kkrmonitor.programme.models import AuditEvent, Council, Programme, Recommendation
from tests.indicators.data import upload_indicator

pytestmark = pytest.mark.django_db

migration = import_module("kkrmonitor.indicators.migrations.0005_assign_indicator_councils")


def test_the_data_migration_gives_one_councils_indicators_to_that_council(seed_programme):
    sjaelland = Programme.objects.create(
        council=Council.objects.get(slug="kkr-sjaelland"), term_start=2026, term_end=2029,
        title="Arbejdsprogram", source_filename="sj.txt", source_sha256="1" * 64)
    rec_sj = Recommendation.objects.create(programme=sjaelland, number=1, headline="X")
    rec_h = seed_programme.recommendations.get(number=1)
    only_h = upload_indicator("kun-h", council=None)
    only_h.recommendations.add(rec_h)
    both = upload_indicator("begge", council=None)
    both.recommendations.add(rec_h, rec_sj)
    upload_indicator("ingen", council=None)

    migration.assign(apps, None)

    owners = dict(Indicator.objects.values_list("slug", "council__slug"))
    assert owners == {"kun-h": "kkr-hovedstaden", "begge": None, "ingen": None}


def test_shipped_definitions_tied_to_kkr_hovedstaden_are_its_own(seed_programme):
    load_reference_indicators()
    owners = dict(Indicator.objects.values_list("slug", "council__slug"))
    assert set(owners) == {d.slug for d in INDICATORS}
    themed = {d.slug for d in INDICATORS if d.themes}
    assert themed
    assert {slug for slug, owner in owners.items() if owner == "kkr-hovedstaden"} == themed
    assert all(owners[slug] is None for slug in set(owners) - themed)
    # Every link the loader made is audited, with the council it gave.
    events = AuditEvent.objects.filter(action="indicator.update", object_type="indicator")
    assert {e.object_repr for e in events} == {
        Indicator.objects.get(slug=slug).name for slug in themed}
    assert all(e.changes["council"] == [None, "KKR Hovedstaden"] for e in events)
