"""Write actions: one audit event per write with actor and differences, no lost updates,
weighted progress computed in one place, and freshness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, Initiative, Publication, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec1(seed_programme):
    return seed_programme.recommendations.get(number=1)


@pytest.fixture
def author(editor):
    return Author.for_user(editor)


def only_new_event(before_id: int) -> AuditEvent:
    events = list(AuditEvent.objects.filter(id__gt=before_id))
    assert len(events) == 1, [str(e) for e in events]
    return events[0]


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_each_write_records_exactly_one_event_with_actor_and_differences(rec1, author):
    start = last_id()
    initiative = services.create_initiative(author, rec1, services.InitiativeData(
        title="Fælles takstmodel", weight=2, window=parse_window("foråret 2026")))
    event = only_new_event(start)
    assert (event.action, event.actor_label, event.channel) == ("create", "Erik Redaktør", "web")
    assert event.changes["title"] == [None, "Fælles takstmodel"]
    assert event.changes["start"] == [None, "2026-03-01"]
    assert event.is_public is False  # a draft

    step = last_id()
    services.set_initiative_publication(author, initiative, Publication.PUBLISHED, 1)
    event = only_new_event(step)
    assert event.changes == {"publication": ["draft", "published"], "version": [1, 2],
                             "recommendation.progress": [None, 0]}

    step = last_id()
    services.add_status_update(author, initiative, Status.ON_TRACK, 40, "Udkast drøftet",
                               date(2026, 4, 1), publish=True)
    event = only_new_event(step)
    assert event.object_type == "statusupdate"
    assert event.changes["initiative.status"] == ["not_started", "on_track"]
    assert event.changes["initiative.progress"] == [0, 40]
    assert event.changes["recommendation.progress"] == [0, 40]
    assert event.initiative_id == initiative.pk and event.recommendation_id == rec1.pk

    step = last_id()
    milestone = services.create_milestone(author, rec1, "Godkendelse i KKR",
                                          parse_window("juni 2026"), initiative)
    assert only_new_event(step).changes["label"] == [None, "juni 2026"]
    step = last_id()
    services.update_milestone(author, milestone, "Godkendelse i KKR",
                              parse_window("efteråret 2026"), initiative, 1)
    assert only_new_event(step).changes["label"] == ["juni 2026", "efteråret 2026"]
    step = last_id()
    services.delete_milestone(author, milestone, 2)
    assert only_new_event(step).changes["title"] == ["Godkendelse i KKR", None]

    step = last_id()
    services.confirm_unchanged(author, initiative)
    assert only_new_event(step).action == "confirm"


def test_saving_unchanged_values_writes_nothing(rec1, author):
    initiative = services.create_initiative(author, rec1, services.InitiativeData(title="A"))
    step = last_id()
    assert services.update_initiative(author, initiative, services.InitiativeData(title="A"),
                                      1) is False
    assert last_id() == step


def test_second_save_of_the_same_version_is_refused_and_names_the_other_change(rec1, editor,
                                                                               admin_user):
    erik, alma = Author.for_user(editor), Author.for_user(admin_user)
    created = services.create_initiative(erik, rec1, services.InitiativeData(title="Takster"))
    # Both open version 1.
    mine = Initiative.objects.get(pk=created.pk)
    theirs = Initiative.objects.get(pk=created.pk)
    services.update_initiative(alma, theirs, services.InitiativeData(title="Takster 2027"), 1)
    step = last_id()
    with pytest.raises(services.EditConflict) as conflict:
        services.update_initiative(erik, mine, services.InitiativeData(title="Takstloft"), 1)
    assert str(conflict.value).startswith("Alma Administrator har gemt ændringer")
    assert [e.changes["title"] for e in conflict.value.others] == [["Takster",
                                                                    "Takster 2027"]]
    assert last_id() == step
    assert Initiative.objects.get(pk=created.pk).title == "Takster 2027"


def test_progress_is_the_weighted_mean_of_published_initiatives(rec1, author):
    a = services.create_initiative(author, rec1, services.InitiativeData(title="A", weight=3))
    b = services.create_initiative(author, rec1, services.InitiativeData(title="B", weight=1))
    services.create_initiative(author, rec1, services.InitiativeData(title="Kladde", weight=5))
    for initiative in (a, b):
        services.set_initiative_publication(author, initiative, Publication.PUBLISHED, 1)
    services.add_status_update(author, a, Status.ON_TRACK, 60, "", date(2026, 5, 1), True)
    services.add_status_update(author, b, Status.DONE, 100, "", date(2026, 5, 1), True)
    rec1.refresh_from_db()
    assert rec1.progress == 70  # (60·3 + 100·1) / 4; the draft's weight does not count


@pytest.mark.parametrize(("parts", "expected"), [
    ([], None), ([(50, 0)], None), ([(0, 1), (100, 1)], 50), ([(33, 1), (34, 2)], 34),
])
def test_weighted_progress(parts, expected):
    assert services.weighted_progress(parts) == expected


def test_freshness_flag_and_one_click_confirmation(rec1, author, settings):
    settings.KKR_STALE_AFTER_DAYS = 90
    initiative = services.create_initiative(author, rec1, services.InitiativeData(title="A"))
    now = timezone.now()
    assert initiative.is_stale(now + timedelta(days=89)) is False
    assert initiative.is_stale(now + timedelta(days=91)) is True
    services.confirm_unchanged(author, initiative)
    initiative.refresh_from_db()
    assert initiative.confirmed_by.full_name == "Erik Redaktør"
    assert initiative.is_stale(initiative.confirmed_at + timedelta(days=91)) is True
    assert initiative.is_stale(initiative.confirmed_at + timedelta(days=30)) is False
    initiative.status = Status.DONE
    assert initiative.is_stale(now + timedelta(days=900)) is False


def test_status_update_rejects_bad_values(rec1, author):
    initiative = services.create_initiative(author, rec1, services.InitiativeData(title="A"))
    with pytest.raises(ValueError, match="mellem 0 og 100"):
        services.add_status_update(author, initiative, Status.ON_TRACK, 101, "", date.today())
    with pytest.raises(ValueError, match="Ukendt status"):
        services.add_status_update(author, initiative, "grøn", 10, "", date.today())
