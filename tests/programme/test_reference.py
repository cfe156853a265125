"""Reference data: the official municipality codes per council, the forum spanning both
councils, and the actors with their name variants — all with sources, loaded idempotently."""

import pytest

from kkrmonitor.programme.models import Actor, AuditEvent, Council, Municipality
from kkrmonitor.programme.reference import ACTORS, COUNCILS, theme_for
from kkrmonitor.programme.reference_loading import load_reference_data

pytestmark = pytest.mark.django_db

HOVEDSTADEN_CODES = [
    "101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169", "173",
    "175", "183", "185", "187", "190", "201", "210", "217", "219", "223", "230", "240", "250",
    "260", "270", "400",
]
SJAELLAND_CODES = [
    "253", "259", "265", "269", "306", "316", "320", "326", "329", "330", "336", "340", "350",
    "360", "370", "376", "390",
]


def test_councils_and_their_municipalities(reference_data):
    hovedstaden = Council.objects.get(slug="kkr-hovedstaden")
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    assert sorted(hovedstaden.member_municipalities().values_list("code", flat=True)) == \
        HOVEDSTADEN_CODES
    assert sorted(sjaelland.member_municipalities().values_list("code", flat=True)) == \
        SJAELLAND_CODES
    assert (hovedstaden.region_code, sjaelland.region_code) == ("1084", "1085")
    assert Municipality.objects.get(code="400").name == "Bornholm"
    assert Municipality.objects.get(code="169").slug == "hoeje-taastrup"
    assert not Municipality.objects.filter(code="411").exists()  # Christiansø is not one


def test_forum_spans_both_councils(reference_data):
    forum = Council.objects.get(slug="sundhedskoordinationsforum")
    assert forum.kind == "forum"
    assert sorted(forum.spans.values_list("slug", flat=True)) == ["kkr-hovedstaden",
                                                                 "kkr-sjaelland"]
    assert forum.member_municipalities().count() == 46


def test_actors_with_variants_and_sources(reference_data):
    assert sorted(Actor.objects.values_list("name", flat=True)) == [
        "Danmarks Erhvervsfremmebestyrelse", "Erhvervshus Hovedstaden", "Greater Copenhagen",
        "Greater Copenhagen EU Office", "KKR Sjælland", "Klimaalliancen i Hovedstadsregionen",
        "Region Hovedstaden", "Sundhedskoordinationsforum",
    ]
    assert Actor.objects.get(slug="klimaalliancen-i-hovedstadsregionen").names == (
        "Klimaalliancen i Hovedstadsregionen", "Klimaalliancen")
    assert Actor.objects.get(slug="kkr-sjaelland").council.slug == "kkr-sjaelland"
    assert all(a.source for a in ACTORS) and all(c.source for c in COUNCILS)


def test_loading_twice_changes_nothing(reference_data):
    events = AuditEvent.objects.count()
    assert str(load_reference_data()) == "Referencedata er allerede opdateret; intet ændret."
    assert AuditEvent.objects.count() == events
    assert Municipality.objects.count() == 46


def test_loading_repairs_an_edited_fact(reference_data):
    Municipality.objects.filter(code="101").update(name="Kbh")
    assert str(load_reference_data()) == "Referencedata indlæst: 0 oprettet, 1 opdateret."
    event = AuditEvent.objects.filter(object_type="municipality", action="update").get()
    assert event.changes == {"name": ["Kbh", "København"]}


@pytest.mark.parametrize(("headline", "theme"), [
    ("KKR Hovedstaden vil følge sundhedsreformen", "Sundhed"),
    ("Bedre mobilitet for pendlere", "Mobilitet og infrastruktur"),
    ("Noget helt andet", ""),
])
def test_theme_for(headline, theme):
    assert theme_for(headline) == theme
