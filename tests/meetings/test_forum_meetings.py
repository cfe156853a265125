"""Sundhedskoordinationsforum spans KKR Hovedstaden and KKR Sjælland: the editors of both keep its
meetings, and its agenda items may name the recommendations of either council's programme, which
then show the item. Every write endpoint × every role for a forum meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from kkrmonitor.accounts.models import Membership
from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.programme.models import Council, Recommendation
from tests.conftest import _user
from tests.meetings.shared_meetings import (
    Endpoint,
    assert_refused,
    assert_sent_to_log_in,
    assert_written_and_audited,
    meeting_endpoints,
)

pytestmark = pytest.mark.django_db
SETUP = Author(label="Testopsætning", channel="cli")


@dataclass
class Forum:
    council: Council
    meeting: Meeting
    item: AgendaItem
    r9: Recommendation


@pytest.fixture
def forum(seed_programme) -> Forum:
    council = Council.objects.get(slug="sundhedskoordinationsforum")
    meeting = services.create_meeting(SETUP, council, services.MeetingData(
        date=date(2026, 5, 4), state=Meeting.State.PLANNED, place="Roskilde"))
    item = services.add_agenda_item(SETUP, meeting, services.AgendaItemData(
        number=1, title="Sundhedsrådene", kind=AgendaItem.Kind.DISCUSSION))
    return Forum(council, meeting, item, seed_programme.recommendations.get(number=9))


@pytest.fixture
def editor_elsewhere(reference_data):
    """An editor of a council the forum does not span."""
    Council.objects.create(slug="kkr-midtjylland", name="KKR Midtjylland")
    return _user("redaktoer@kkr-mj.test", "Mads Midtjylland", "editor",
                 council="kkr-midtjylland")


ENDPOINTS = [
    Endpoint("meeting_create",
             lambda f: reverse("meeting_create", args=["sundhedskoordinationsforum"]),
             lambda f: {"date": "2026-11-02", "start_time": "", "place": "Køge",
                        "state": "planned", "title": "", "description": "", "source": ""},
             lambda f: Meeting.objects.filter(council=f.council).count()),
    *meeting_endpoints("Forummet tog orienteringen til efterretning."),
]
BY_NAME = {e.name: e for e in ENDPOINTS}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_anonymous_is_sent_to_log_in(client, forum, name):
    assert_sent_to_log_in(client, BY_NAME[name], forum)


@pytest.mark.parametrize("role", ["outsider", "reader", "contact", "editor_elsewhere"])
@pytest.mark.parametrize("name", list(BY_NAME))
def test_others_are_refused(client, forum, request, role, name):
    assert_refused(client, request.getfixturevalue(role), BY_NAME[name], forum)


@pytest.mark.parametrize("role", ["editor", "editor_sjaelland", "admin_user"])
@pytest.mark.parametrize("name", list(BY_NAME))
def test_editors_of_both_councils_and_admins_write(client, forum, request, role, name):
    assert_written_and_audited(client, request.getfixturevalue(role), BY_NAME[name], forum)


def test_an_editor_of_a_council_still_cannot_keep_another_councils_meetings(
        client, forum, editor_sjaelland):
    meeting = services.create_meeting(SETUP, Council.objects.get(slug="kkr-hovedstaden"),
                                      services.MeetingData(date=date(2026, 6, 1),
                                                           state=Meeting.State.PLANNED))
    client.force_login(editor_sjaelland)
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 403
    assert Membership.objects.filter(user=editor_sjaelland).count() == 1


def test_the_forum_item_offers_both_councils_and_shows_on_r9(client, forum, editor):
    client.force_login(editor)
    form = client.get(reverse("agenda_item_edit", args=[forum.item.pk])).content.decode()
    assert "KKR Hovedstaden: 9. KKR Hovedstaden vil følge sundhedsreformen" in form
    response = client.post(reverse("agenda_item_edit", args=[forum.item.pk]),
                           BY_NAME["agenda_item_edit"].data(forum))
    assert response.status_code == 302
    client.logout()
    page = client.get(forum.r9.get_absolute_url()).content.decode()
    assert ("Sundhedskoordinationsforum 4. maj 2026: punkt 1, Sundhedsrådene</a>") in page
    assert f'href="{forum.meeting.get_absolute_url()}"' in page
