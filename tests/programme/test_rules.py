"""The rules that live on the models, each asked once: what a user may see (`visible_to` on
initiatives, milestones, joint efforts and comments), what is stale, and a council's current
programme. One parametrised test per QuerySet × role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kkrmonitor.access import Access
from kkrmonitor.joint.models import JointInitiative
from kkrmonitor.joint.services import create_joint_initiative
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import (
    Comment,
    Council,
    Initiative,
    Milestone,
    Programme,
    Publication,
    Recommendation,
    Status,
    stale_cutoff,
)
from tests.editing.conftest import SETUP, rec1, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["public", "reader", "contact", "editor", "editor_sjaelland", "admin_user"]


def access_of(request, role: str) -> Access:
    if role == "public":
        return Access()
    return Access.for_user(request.getfixturevalue(role))


@pytest.fixture
def two_councils(seed_programme):
    """In KKR Hovedstaden (the seed programme) and in KKR Sjælland: a published and a draft
    initiative each, a milestone on each initiative and one on no initiative, a joint effort
    on each initiative, and a comment on each initiative."""
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    programme = Programme.objects.create(council=sjaelland, term_start=2026, term_end=2029,
                                         title="Arbejdsprogram", source_filename="sj.txt",
                                         source_sha256="1" * 64)
    Recommendation.objects.create(programme=programme, number=1, headline="Samarbejde")
    names = {}
    for council_programme in (seed_programme, programme):
        rec = council_programme.recommendations.get(number=1)
        slug = council_programme.council.slug
        for publication in (Publication.PUBLISHED, Publication.DRAFT):
            initiative = services.create_initiative(SETUP, rec, services.InitiativeData(
                title=f"{slug} {publication}"))
            if publication == Publication.PUBLISHED:
                services.set_initiative_publication(SETUP, initiative, publication,
                                                    initiative.version)
            services.create_milestone(SETUP, rec, f"{slug} {publication}",
                                      parse_window("juni 2026"), initiative)
            create_joint_initiative(SETUP, initiative, ["Ikke startet", "Færdig"],
                                    date(2026, 1, 1), date(2027, 12, 31), "Testkilde")
            Comment.objects.create(initiative=initiative, text=f"{slug} {publication}")
        services.create_milestone(SETUP, rec, f"{slug} uden indsats", parse_window("maj 2026"))
        names[slug] = rec
    return names


HOVEDSTADEN_PUBLISHED = "kkr-hovedstaden published"
HOVEDSTADEN_DRAFT = "kkr-hovedstaden draft"
SJAELLAND_PUBLISHED = "kkr-sjaelland published"
SJAELLAND_DRAFT = "kkr-sjaelland draft"
PUBLISHED = {HOVEDSTADEN_PUBLISHED, SJAELLAND_PUBLISHED}
EVERYTHING = PUBLISHED | {HOVEDSTADEN_DRAFT, SJAELLAND_DRAFT}


def _ours(titles: set[str]) -> set[str]:
    return {t for t in titles if t.startswith("kkr-")}


INITIATIVES = {"public": PUBLISHED, "reader": EVERYTHING, "contact": EVERYTHING,
               "editor": EVERYTHING, "editor_sjaelland": EVERYTHING, "admin_user": EVERYTHING}


@pytest.mark.parametrize("role", ROLES)
def test_initiatives_visible_to(request, two_councils, role):
    titles = set(Initiative.objects.visible_to(access_of(request, role))
                 .values_list("title", flat=True))
    assert _ours(titles) == INITIATIVES[role]


@pytest.mark.parametrize("role", ROLES)
def test_milestones_visible_to(request, two_councils, role):
    titles = set(Milestone.objects.visible_to(access_of(request, role))
                 .values_list("title", flat=True))
    without = {"kkr-hovedstaden uden indsats", "kkr-sjaelland uden indsats"}
    assert _ours(titles) == INITIATIVES[role] | without


@pytest.mark.parametrize("role", ROLES)
def test_joint_efforts_visible_to(request, two_councils, role):
    titles = set(JointInitiative.objects.visible_to(access_of(request, role))
                 .values_list("initiative__title", flat=True))
    assert _ours(titles) == INITIATIVES[role]


# Comments are internal notes: never public; a municipal contact (København, a member of KKR
# Hovedstaden) reads only those on KKR Hovedstaden's initiatives, drafts included.
COMMENTS = {"public": set(), "reader": EVERYTHING,
            "contact": {HOVEDSTADEN_PUBLISHED, HOVEDSTADEN_DRAFT},
            "editor": EVERYTHING, "editor_sjaelland": EVERYTHING, "admin_user": EVERYTHING}


@pytest.mark.parametrize("role", ROLES)
def test_comments_visible_to(request, two_councils, role):
    texts = set(Comment.objects.visible_to(access_of(request, role))
                .values_list("text", flat=True))
    assert texts == COMMENTS[role]


def test_a_contact_of_a_forum_member_reads_the_forums_comments(two_councils, contact):
    """A forum's initiatives belong to the councils it spans: København is a member of
    KKR Hovedstaden and so of the forums spanning it."""
    forums = set(Council.objects.filter(spans__slug="kkr-hovedstaden")
                 .values_list("pk", flat=True))
    access = Access.for_user(contact)
    assert forums <= access.contact_councils
    assert Council.objects.get(slug="kkr-hovedstaden").pk in access.contact_councils
    assert Council.objects.get(slug="kkr-sjaelland").pk not in access.contact_councils


# --- stale: one rule ---------------------------------------------------------------------------

@pytest.mark.parametrize(("age_days", "confirmed", "status", "stale"), [
    (120, False, Status.NOT_STARTED, True),    # never confirmed, created long ago
    (10, False, Status.NOT_STARTED, False),    # never confirmed, created recently
    (200, True, Status.ON_TRACK, True),        # confirmed long ago
    (89, True, Status.AT_RISK, False),         # confirmed within the period
    (91, True, Status.AT_RISK, True),
    (300, True, Status.DONE, False),           # finished never goes stale
])
def test_stale_query_and_method_agree(world, age_days, confirmed, status, stale):  # noqa: F811
    now = timezone.now()
    moment = now - timedelta(days=age_days)
    Initiative.objects.filter(pk=world.initiative.pk).update(
        status=status, created_at=moment, confirmed_at=moment if confirmed else None)
    initiative = Initiative.objects.get(pk=world.initiative.pk)
    assert initiative.is_stale(now) is stale
    assert Initiative.objects.filter(pk=initiative.pk).stale(now).exists() is stale


def test_stale_cutoff_follows_the_setting(settings):
    settings.KKR_STALE_AFTER_DAYS = 7
    now = timezone.now()
    assert stale_cutoff(now) == now - timedelta(days=7)


# --- the current programme ---------------------------------------------------------------------

def test_current_programme_is_the_latest_term(seed_programme):
    council = seed_programme.council
    Programme.objects.create(council=council, term_start=2022, term_end=2025, title="Forrige",
                             source_filename="old.txt", source_sha256="2" * 64)
    assert council.current_programme() == seed_programme
    assert Council.objects.get(slug="kkr-sjaelland").current_programme() is None


