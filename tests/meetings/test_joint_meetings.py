"""A joint meeting of KKR Sjælland with KKR Hovedstaden: it shows on both councils' meeting lists
labelled "Fælles møde med <råd>", both councils' editors keep it, and its agenda items may name
the recommendations of either council's programme, which then show the item. Every write
endpoint × every role for a joint meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.programme.models import AuditEvent, Council, Recommendation
from tests.conftest import _user
from tests.meetings.shared_meetings import (
    assert_refused,
    assert_sent_to_log_in,
    assert_written_and_audited,
    meeting_endpoints,
)

pytestmark = pytest.mark.django_db
SETUP = Author(label="Testopsætning", channel="cli")


@dataclass
class Joint:
    host: Council  # KKR Sjælland
    other: Council  # KKR Hovedstaden
    meeting: Meeting
    item: AgendaItem
    r9: Recommendation  # KKR Hovedstaden's


@pytest.fixture
def joint(seed_programme) -> Joint:
    host = Council.objects.get(slug="kkr-sjaelland")
    other = Council.objects.get(slug="kkr-hovedstaden")
    meeting = services.create_meeting(SETUP, host, services.MeetingData(
        date=date(2026, 5, 4), state=Meeting.State.PLANNED, place="Roskilde", joint_with=other))
    item = services.add_agenda_item(SETUP, meeting, services.AgendaItemData(
        number=1, title="Sundhedsrådene", kind=AgendaItem.Kind.DISCUSSION))
    return Joint(host, other, meeting, item, seed_programme.recommendations.get(number=9))


@pytest.fixture
def editor_elsewhere(reference_data):
    """An editor of a council that is not part of the joint meeting."""
    Council.objects.create(slug="kkr-midtjylland", name="KKR Midtjylland")
    return _user("redaktoer@kkr-mj.test", "Mads Midtjylland", "editor",
                 council="kkr-midtjylland")


ENDPOINTS = meeting_endpoints("Rådene tog orienteringen til efterretning.",
                              lambda j: {"joint_with": str(j.other.pk)})
BY_NAME = {e.name: e for e in ENDPOINTS}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_anonymous_is_sent_to_log_in(client, joint, name):
    assert_sent_to_log_in(client, BY_NAME[name], joint)


@pytest.mark.parametrize("role", ["outsider", "reader", "contact", "editor_elsewhere"])
@pytest.mark.parametrize("name", list(BY_NAME))
def test_others_are_refused(client, joint, request, role, name):
    assert_refused(client, request.getfixturevalue(role), BY_NAME[name], joint)


@pytest.mark.parametrize("role", ["editor_sjaelland", "editor", "admin_user"])
@pytest.mark.parametrize("name", list(BY_NAME))
def test_editors_of_both_councils_and_admins_write(client, joint, request, role, name):
    assert_written_and_audited(client, request.getfixturevalue(role), BY_NAME[name], joint)


def test_the_meeting_page_offers_editing_to_the_other_councils_editor(client, joint, editor):
    client.force_login(editor)
    page = client.get(joint.meeting.get_absolute_url()).content.decode()
    assert "Redigér mødet" in page
    assert ('<div><dt>Fælles møde med</dt><dd><a href="/raad/kkr-hovedstaden/">'
            'KKR Hovedstaden</a></dd></div>') in page


def test_only_the_host_councils_editors_are_offered_files_and_documents(
        client, joint, editor, editor_sjaelland):
    client.force_login(editor)
    page = client.get(joint.meeting.get_absolute_url()).content.decode()
    assert "Tilføj punkt til dagsordenen" in page
    assert "Tilføj bilag" not in page
    assert client.get(reverse("attachment_create", args=[joint.meeting.pk])).status_code == 403
    client.force_login(editor_sjaelland)
    page = client.get(joint.meeting.get_absolute_url()).content.decode()
    assert "Tilføj bilag" in page
    assert "Indlæs dagsorden eller referat" in page


def test_a_meeting_that_is_no_longer_joint_is_the_host_councils_only(client, joint, editor):
    services.update_meeting(SETUP, joint.meeting, services.MeetingData(
        date=date(2026, 5, 4), place="Roskilde"), 1)
    client.force_login(editor)
    assert client.get(reverse("meeting_edit", args=[joint.meeting.pk])).status_code == 403
    assert client.get(reverse("agenda_item_edit", args=[joint.item.pk])).status_code == 403


def test_the_edit_form_offers_the_other_councils_and_intet(client, joint, editor_sjaelland):
    client.force_login(editor_sjaelland)
    form = client.get(reverse("meeting_edit", args=[joint.meeting.pk])).content.decode()
    assert '<label class="form-label" for="id_joint_with">Fælles møde med' in form
    assert '<option value="">Intet</option>' in form
    assert f'<option value="{joint.other.pk}" selected>KKR Hovedstaden</option>' in form
    assert f'<option value="{joint.host.pk}"' not in form  # not with itself
    assert "Sundhedskoordinationsforum</option>" not in form


def test_marking_a_meeting_joint_is_audited_in_danish(client, seed_programme, editor):
    hovedstaden = Council.objects.get(slug="kkr-hovedstaden")
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    meeting = services.create_meeting(SETUP, hovedstaden, services.MeetingData(
        date=date(2026, 9, 7)))
    client.force_login(editor)
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), {
        "date": "2026-09-07", "start_time": "", "place": "", "state": "planned", "title": "",
        "description": "", "source": "", "joint_with": str(sjaelland.pk), "version": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.joint_with == sjaelland
    event = AuditEvent.objects.filter(object_type="meeting").order_by("-id").first()
    assert event is not None
    assert event.changes["joint_with"] == [None, "KKR Sjælland"]


def test_a_meeting_cannot_be_joint_with_its_own_council(client, joint, editor_sjaelland):
    client.force_login(editor_sjaelland)
    data = {**BY_NAME["meeting_edit"].data(joint), "joint_with": str(joint.host.pk)}
    response = client.post(reverse("meeting_edit", args=[joint.meeting.pk]), data)
    assert response.status_code == 200
    assert ("Vælg et andet råd end mødets eget, eller »Intet«."
            in response.content.decode())
    assert Meeting.objects.get(pk=joint.meeting.pk).joint_with == joint.other
    with pytest.raises(ValueError, match="Et møde kan ikke være et fælles møde med sit eget råd."):
        services.create_meeting(SETUP, joint.host, services.MeetingData(
            date=date(2026, 6, 1), joint_with=joint.host))


def test_both_councils_lists_show_the_label(client, joint):
    host_list = client.get(reverse("meeting_list", args=["kkr-sjaelland"])).content.decode()
    other_list = client.get(reverse("meeting_list", args=["kkr-hovedstaden"])).content.decode()
    url = joint.meeting.get_absolute_url()
    assert f'href="{url}"' in host_list
    assert f'href="{url}"' in other_list
    assert ('<span class="link-list-meta">Fælles møde med KKR Hovedstaden</span>') in host_list
    assert ('<span class="link-list-meta">Fælles møde med KKR Sjælland</span>') in other_list


def test_the_joint_item_offers_both_councils_and_shows_on_r9(client, joint, editor_sjaelland):
    client.force_login(editor_sjaelland)
    form = client.get(reverse("agenda_item_edit", args=[joint.item.pk])).content.decode()
    assert "KKR Hovedstaden: 9. KKR Hovedstaden vil følge sundhedsreformen" in form
    response = client.post(reverse("agenda_item_edit", args=[joint.item.pk]),
                           BY_NAME["agenda_item_edit"].data(joint))
    assert response.status_code == 302
    client.logout()
    page = client.get(joint.r9.get_absolute_url()).content.decode()
    assert "KKR Sjælland 4. maj 2026: punkt 1, Sundhedsrådene</a>" in page
    assert f'href="{joint.meeting.get_absolute_url()}"' in page


def test_a_meeting_of_one_council_offers_only_its_own_recommendations(
        client, joint, editor_sjaelland):
    meeting = services.create_meeting(SETUP, joint.host, services.MeetingData(
        date=date(2026, 6, 1)))
    client.force_login(editor_sjaelland)
    form = client.get(reverse("agenda_item_create", args=[meeting.pk])).content.decode()
    assert "9. KKR Hovedstaden vil følge sundhedsreformen" not in form
