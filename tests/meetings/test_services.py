"""The meeting services: one audit event per write, decisions whose effects go through the
programme's services with the decision's id, and version checks."""

from __future__ import annotations

from datetime import date, time

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.history import describe
from kkrmonitor.programme.models import AuditEvent, Status, StatusUpdate
from tests.meetings.conftest import SETUP, World, last_event_id

pytestmark = pytest.mark.django_db

ERIK = Author(label="Erik Redaktør", channel="web")


def events_after(event_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=event_id).order_by("id"))


def test_create_meeting_writes_one_event_with_the_values(hovedstaden):
    before = last_event_id()
    meeting = services.create_meeting(ERIK, hovedstaden, services.MeetingData(
        date=date(2026, 9, 4), start_time=time(10, 0), place="Hillerød Rådhus",
        title="Temamøde"))
    [event] = events_after(before)
    assert (event.action, event.object_type, event.object_id) == ("create", "meeting",
                                                                  str(meeting.pk))
    assert event.changes == {
        "council": [None, "KKR Hovedstaden"], "title": [None, "Temamøde"],
        "date": [None, "2026-09-04"], "start_time": [None, "10:00"],
        "place": [None, "Hillerød Rådhus"], "state": [None, "planned"],
        "description": [None, ""], "source": [None, ""],
    }
    assert meeting.state == Meeting.State.PLANNED


def test_update_meeting_records_the_difference_with_the_version_step(world: World):
    before = last_event_id()
    data = services.MeetingData(date=world.meeting.date, place=world.meeting.place,
                                state=Meeting.State.PLANNED, start_time=time(9, 30))
    assert services.update_meeting(ERIK, world.meeting, data, expected_version=1)
    [event] = events_after(before)
    assert event.changes == {"start_time": [None, "09:30"], "state": ["held", "planned"],
                             "version": [1, 2]}
    assert Meeting.objects.get(pk=world.meeting.pk).version == 2


def test_update_meeting_without_changes_writes_nothing(world: World):
    before = last_event_id()
    data = services.MeetingData(date=world.meeting.date, place=world.meeting.place,
                                state=world.meeting.state)
    assert not services.update_meeting(ERIK, world.meeting, data, expected_version=1)
    assert events_after(before) == []


def test_update_meeting_refuses_a_stale_version_and_writes_nothing(world: World):
    first = services.MeetingData(date=date(2026, 4, 21), place=world.meeting.place,
                                 state=world.meeting.state)
    services.update_meeting(SETUP, Meeting.objects.get(pk=world.meeting.pk), first, 1)
    before = last_event_id()
    stale = services.MeetingData(date=date(2026, 4, 22), place="Et andet sted",
                                 state=world.meeting.state)
    with pytest.raises(services.EditConflict) as caught:
        services.update_meeting(ERIK, world.meeting, stale, expected_version=1)
    assert [e.actor_label for e in caught.value.others] == ["Testopsætning"]
    assert events_after(before) == []
    stored = Meeting.objects.get(pk=world.meeting.pk)
    assert (stored.date, stored.place, stored.version) == (date(2026, 4, 21),
                                                           "Københavns Rådhus", 2)


def test_agenda_item_links_recommendations_and_initiatives(world: World):
    item = world.item
    assert [r.number for r in item.recommendations.all()] == [1]
    assert [i.title for i in item.initiatives.all()] == ["Fælles takstmodel"]
    event = AuditEvent.objects.get(object_type="agendaitem", object_id=str(item.pk))
    assert event.changes["initiatives"] == [None, ["Fælles takstmodel"]]
    assert event.changes["kind"] == [None, "beslutning"]


def test_update_agenda_item_changes_links_in_one_event_and_checks_the_version(world: World):
    before = last_event_id()
    data = services.AgendaItemData(number=4, title=world.item.title,
                                   kind=AgendaItem.Kind.DISCUSSION,
                                   case_text=world.item.case_text,
                                   recommendations=(world.recommendation,), initiatives=())
    assert services.update_agenda_item(ERIK, world.item, data, expected_version=1)
    [event] = events_after(before)
    assert event.changes == {"number": [3, 4], "kind": ["beslutning", "drøftelse"],
                             "initiatives": [["Fælles takstmodel"], []], "version": [1, 2]}
    with pytest.raises(services.EditConflict):
        services.update_agenda_item(ERIK, world.item, data, expected_version=1)


def test_agenda_item_numbers_are_unique_within_a_meeting(world: World):
    data = services.AgendaItemData(number=3, title="Dublet", kind=AgendaItem.Kind.INFORMATION)
    with pytest.raises(ValueError, match="allerede et punkt 3"):
        services.add_agenda_item(ERIK, world.meeting, data)
    assert world.meeting.agenda_items.count() == 1


def test_decision_with_effects_moves_the_milestone_and_changes_the_status(world: World):
    before = last_event_id()
    decision = services.record_decision(
        ERIK, world.item, "KKR Hovedstaden udskyder godkendelsen til efteråret 2026.",
        moves=[services.MilestoneMove(world.milestone, parse_window("efteråret 2026"), 1)],
        status_changes=[services.StatusChange(world.initiative, Status.DELAYED, 20,
                                              "Udskudt af KKR.")])

    milestone = world.refresh().milestone
    assert (milestone.start, milestone.end, milestone.label) == (
        date(2026, 9, 1), date(2026, 11, 30), "efteråret 2026")
    initiative = world.refresh().initiative
    assert (initiative.status, initiative.progress) == (Status.DELAYED, 20)
    update = StatusUpdate.objects.get(initiative=initiative)
    assert (update.as_of, update.narrative, update.publication) == (
        date(2026, 4, 20), "Udskudt af KKR.", "published")

    # One event per write: the milestone, the status update, the decision.
    events = events_after(before)
    assert [(e.object_type, e.action) for e in events] == [
        ("milestone", "outcome"), ("statusupdate", "create"), ("decision", "create")]
    assert [e.decision_id for e in events] == [decision.pk, decision.pk, None]
    assert events[0].changes["label"] == ["juni 2026", "efteråret 2026"]
    # A decided move is the outcome "moved", dated the meeting, with the decision as reason.
    assert (milestone.state, milestone.moved_from, milestone.state_on) == (
        "moved", "juni 2026", date(2026, 4, 20))
    assert events[1].changes["initiative.status"] == ["not_started", "delayed"]
    assert events[2].changes == {
        "agenda_item": [None, "Punkt 3: Styring af kvalitet og pris"],
        "text": [None, "KKR Hovedstaden udskyder godkendelsen til efteråret 2026."],
        "effects": [None, [
            "Milepæl »Godkendelse i KKR« flyttet fra juni 2026 til efteråret 2026",
            "Indsats »Fælles takstmodel« fik status Forsinket, fremdrift 20 %"]],
    }
    # The history reads the milestone move as any other change, and it names the decision.
    assert describe(events[0]).summary == (
        "Milepæl »efteråret 2026: Godkendelse i KKR« udfald registreret")
    assert events[0].recommendation_id == world.recommendation.pk


def test_decision_without_effects_is_one_event(world: World):
    before = last_event_id()
    decision = services.record_decision(ERIK, world.item, "  Taget til efterretning.  ")
    assert decision.text == "Taget til efterretning."
    [event] = events_after(before)
    assert event.object_type == "decision" and "effects" not in event.changes


def test_decision_with_a_stale_milestone_writes_nothing(world: World):
    from kkrmonitor.programme import services as programme_services

    programme_services.update_milestone(SETUP, world.milestone, "Godkendelse i KKR",
                                        parse_window("juli 2026"), world.initiative, 1)
    before = last_event_id()
    with pytest.raises(services.EditConflict):
        services.record_decision(
            ERIK, world.item, "Flyttes.",
            moves=[services.MilestoneMove(world.milestone, parse_window("2027"), 1)],
            status_changes=[services.StatusChange(world.initiative, Status.AT_RISK, 10)])
    assert events_after(before) == []
    assert Decision.objects.count() == 0
    assert StatusUpdate.objects.count() == 0
    assert world.refresh().milestone.label == "juli 2026"


def test_decision_cannot_change_another_councils_programme(world: World, reference_data):
    sjaelland = services.create_meeting(SETUP, world.meeting.council.__class__.objects.get(
        slug="kkr-sjaelland"), services.MeetingData(date=date(2026, 5, 1)))
    item = services.add_agenda_item(SETUP, sjaelland, services.AgendaItemData(
        number=1, title="Samarbejde", kind=AgendaItem.Kind.DECISION))
    with pytest.raises(ValueError, match="hører ikke til KKR Sjællands program"):
        services.record_decision(ERIK, item, "Flyttes.", moves=[
            services.MilestoneMove(world.milestone, parse_window("2027"), 1)])
    assert Decision.objects.count() == 0
    assert world.refresh().milestone.label == "juni 2026"


def test_decision_needs_text(world: World):
    with pytest.raises(ValueError, match="tekst"):
        services.record_decision(ERIK, world.item, "   ")


def test_a_decision_registers_a_milestone_outcome_through_the_programmes_service(world: World):
    before = last_event_id()
    decision = services.record_decision(
        ERIK, world.item, "Takstmodellen er godkendt.",
        outcomes=[services.MilestoneOutcome(world.milestone, "reached", 1)])
    milestone_event, decision_event = events_after(before)
    assert (milestone_event.object_type, milestone_event.action,
            milestone_event.decision_id) == ("milestone", "outcome", decision.pk)
    assert milestone_event.changes["state"] == ["planned", "reached"]
    assert decision_event.changes["effects"] == [None, [
        "Milepæl »Godkendelse i KKR«: Nået 20. april 2026: Takstmodellen er godkendt."]]
    milestone = world.refresh().milestone
    assert (milestone.state, milestone.state_on) == ("reached", date(2026, 4, 20))


def test_no_decision_on_a_meeting_that_has_not_been_held(world: World):
    future = services.create_meeting(SETUP, world.meeting.council, services.MeetingData(
        date=date(2099, 1, 10)))
    item = services.add_agenda_item(SETUP, future, services.AgendaItemData(
        number=1, title="Takstmodel", kind=AgendaItem.Kind.DECISION))
    before = last_event_id()
    with pytest.raises(ValueError) as raised:
        services.record_decision(ERIK, item, "Godkendt.", outcomes=[
            services.MilestoneOutcome(world.milestone, "reached", 1)])
    assert str(raised.value) == ("Mødet den 10. januar 2099 er ikke holdt endnu. En beslutning "
                                 "kan først registreres, når mødet har fundet sted.")
    assert events_after(before) == [] and Decision.objects.count() == 0
