"""Atom feeds read by a feed reader, work queues on /rediger/, and where log-in lands."""

from __future__ import annotations

from datetime import UTC, date, datetime

import feedparser
import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint import services as joint_services
from kkrmonitor.joint.models import JointStage
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Municipality, Publication
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

FEED = "/program/kkr-hovedstaden/2026-2029/aendringer.atom"
REC_FEED = "/program/kkr-hovedstaden/2026-2029/anbefaling/1/aendringer.atom"


def test_the_feeds_are_valid_atom_with_published_changes_only(client, world):
    draft = services.create_initiative(
        Author(label="Testopsætning", channel="cli"), world.recommendation,
        services.InitiativeData(title="Hemmelig kladde", description="", owner="",
                                weight=1, window=world.initiative.window))
    assert draft.publication == Publication.DRAFT
    for url in (FEED, REC_FEED):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        titles = [e.title for e in parsed.entries]
        assert "Indsats »Fælles takstmodel« offentliggjort" in titles
        assert not any("Hemmelig kladde" in t for t in titles)
    assert feedparser.parse(client.get(REC_FEED).content).feed.title.startswith(
        "Ændringer i anbefaling 1: ")


def test_the_pages_link_their_feeds(client, world):
    page = client.get("/program/kkr-hovedstaden/2026-2029/").content.decode()
    assert (f'<link rel="alternate" type="application/atom+xml" title="Ændringer (Atom)" '
            f'href="{FEED}">') in page
    page = client.get("/program/kkr-hovedstaden/2026-2029/anbefaling/1/").content.decode()
    assert f'href="{REC_FEED}"' in page


def test_log_in_lands_on_the_work_queue_for_editors_and_contacts(client, editor, contact,
                                                                 reader):
    for user, landing in ((editor, "/rediger/"), (contact, "/rediger/"), (reader, "/")):
        response = client.post("/konto/log-ind/", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == landing
        client.logout()
    response = client.post("/konto/log-ind/?next=/faelles/",
                           {"email": editor.email, "password": PASSWORD, "next": "/faelles/"})
    assert response["Location"] == "/faelles/"


def test_the_queues_show_a_waiting_report_to_the_editor_and_the_return_to_the_contact(
        client, seed_programme, editor, contact):
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
    from kkrmonitor.joint.models import JointInitiative

    load_reference_joint()
    joint = JointInitiative.objects.get(initiative__title=IT_TITLE)
    report = joint_services.submit_report(
        Author.for_user(contact), joint, Municipality.objects.get(code="101"),
        JointStage.objects.get(joint=joint, name="Aftale indgået"), date(2026, 5, 20), "")
    client.force_login(editor)
    page = client.get("/rediger/").content.decode()
    assert "Indberetninger, der venter på godkendelse <span class=\"weight-normal\">(1)" in page
    assert (f'<a href="/faelles/{joint.pk}/godkend/">Københavns Kommune: Aftale indgået – '
            f'{IT_TITLE}</a>') in page
    assert '<span class="work-queue-count">(' in page  # the count in the header
    joint_services.review_report(Author.for_user(editor), report, False, "Mangler dato",
                                 report.version)
    client.force_login(contact)
    page = client.get("/rediger/").content.decode()
    assert "Indberetninger, der er sendt retur <span class=\"weight-normal\">(1)" in page
    assert "Sekretariatets kommentar: Mangler dato" in page
    assert f'href="/faelles/{joint.pk}/indberet/koebenhavn/"' in page


def test_the_editors_queue_lists_a_past_meeting_not_registered_as_held(client, seed_programme,
                                                                       editor):
    from kkrmonitor.meetings.models import Meeting
    from kkrmonitor.programme.models import Council

    meeting = Meeting.objects.create(council=Council.objects.get(slug="kkr-hovedstaden"),
                                     date=date(2025, 12, 1))
    client.force_login(editor)
    page = client.get("/rediger/").content.decode()
    assert (f'<a href="/rediger/moeder/{meeting.pk}/">KKR Hovedstaden 1. december 2025</a> '
            '<span class="muted">Ikke registreret som afholdt</span>') in page


def test_a_long_queue_lists_25_and_counts_the_rest(client, seed_programme, editor):
    from kkrmonitor.programme.models import Initiative, Recommendation

    rec = Recommendation.objects.get(programme=seed_programme, number=1)
    Initiative.objects.bulk_create([
        Initiative(recommendation=rec, title=f"Gammel indsats {n}",
                   created_at=datetime(2025, 1, 1, tzinfo=UTC)) for n in range(30)])
    client.force_login(editor)
    page = client.get("/rediger/").content.decode()
    assert "Indsatser, der trænger til opdatering <span class=\"weight-normal\">(30)" in page
    assert "Og 5 mere. Den ældste står først." in page
