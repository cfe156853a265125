"""A change is public only if the object was public content both before and after it: a
milestone moved off a draft initiative carries the draft's title and the milestone's old
(draft) title, so the public sees that change nowhere — not on the history pages, not under
"Ændringer siden", not in the changes API. Members still see it."""

from __future__ import annotations

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, Milestone
from tests.history.data import new_initiative, published_initiative, recommendation
from tests.web.test_public_pages import PROGRAMME

pytestmark = pytest.mark.django_db

SECRET_INITIATIVE = "Hemmelig forhandling om taksterne"
SECRET_MILESTONE = "Udkast til hemmelig aftale"


@pytest.fixture
def moved(seed_programme, editor) -> Milestone:
    """A milestone made under a draft initiative, then renamed and moved to a published one."""
    rec = recommendation(seed_programme, 1)
    draft = new_initiative(editor, rec, title=SECRET_INITIATIVE)
    public = published_initiative(editor, rec, title="Fælles takstmodel")
    author = Author.for_user(editor)
    milestone = services.create_milestone(author, rec, SECRET_MILESTONE,
                                          parse_window("juni 2026"), draft)
    services.update_milestone(author, milestone, "Godkendelse i KKR", parse_window("juni 2026"),
                              public, milestone.version)
    return milestone


def secrets_in(text: str) -> list[str]:
    return [s for s in (SECRET_INITIATIVE, SECRET_MILESTONE) if s in text]


def test_the_move_is_recorded_but_not_as_a_public_change(moved):
    event = AuditEvent.objects.filter(object_type="milestone", action="update").get()
    assert event.changes["title"] == [SECRET_MILESTONE, "Godkendelse i KKR"]
    assert event.changes["initiative"] == [SECRET_INITIATIVE, "Fælles takstmodel"]
    assert event.is_public is False


def test_the_public_history_pages_do_not_show_the_draft_titles(client, moved):
    assert "Fælles takstmodel" in client.get(PROGRAMME + "historik/").content.decode()
    for url in (PROGRAMME + "historik/",
                f"/historik/anbefaling/{moved.recommendation_id}/",
                f"/historik/indsats/{moved.initiative_id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert secrets_in(response.content.decode()) == [], url


def test_changes_since_does_not_show_the_draft_titles(client, moved):
    response = client.get(PROGRAMME + "aendringer/?siden=2020-01-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fælles takstmodel" in page  # the published initiative's changes are there
    assert secrets_in(page) == []


def test_the_changes_api_does_not_show_the_draft_titles(client, moved):
    response = client.get("/api/program/kkr-hovedstaden/2026-2029/aendringer?siden=2020-01-01")
    assert response.status_code == 200
    assert secrets_in(response.content.decode()) == []
    summaries = [r["summary"] for r in response.json()]
    assert "Indsats »Fælles takstmodel« offentliggjort" in summaries
    assert [s for s in summaries if "Godkendelse i KKR" in s] == []


def test_members_still_see_the_move(client, editor, moved):
    client.force_login(editor)
    page = client.get(PROGRAMME + "aendringer/?siden=2020-01-01").content.decode()
    assert secrets_in(page) == [SECRET_INITIATIVE, SECRET_MILESTONE]


def test_events_stored_before_the_rule_are_hidden_by_the_data_migration(moved, editor):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kkrmonitor.programme.migrations.0003_hide_stored_moves_off_drafts")
    # As an older version stored it: judged public by the new state alone.
    AuditEvent.objects.filter(object_type="milestone", action="update").update(is_public=True)
    rec = moved.recommendation
    other = published_initiative(editor, rec, title="Anden offentlig indsats")
    services.update_milestone(Author.for_user(editor), moved, moved.title, parse_window(
        "juni 2026"), other, Milestone.objects.get(pk=moved.pk).version)

    migration.hide_moves_off_drafts(apps, None)

    assert list(AuditEvent.objects.filter(object_type="milestone", action="update")
                .order_by("id").values_list("changes__initiative", "is_public")) == [
        ([SECRET_INITIATIVE, "Fælles takstmodel"], False),
        (["Fælles takstmodel", "Anden offentlig indsats"], True),
    ]
