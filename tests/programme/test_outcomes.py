"""Milestone outcomes: the literal sentence for each standing, and the one service that sets
them (versioned, audited, validated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from kkrmonitor.audit import Author, EditConflict
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, MilestoneState
from kkrmonitor.programme.outcomes import Standing, outcome_text, standing

ON = date(2026, 12, 4)
MAY_31 = date(2026, 5, 31)


@dataclass
class M:
    state: str = "planned"
    state_on: date | None = None
    state_reason: str = ""
    moved_from: str = ""
    label: str = "foråret 2026"
    end: date | None = MAY_31


@pytest.mark.parametrize(("state", "end", "expected"), [
    ("reached", MAY_31, Standing.REACHED),
    ("dropped", MAY_31, Standing.DROPPED),
    ("missed", MAY_31, Standing.MISSED),
    ("planned", MAY_31, Standing.UNREGISTERED),
    ("moved", MAY_31, Standing.UNREGISTERED),
    ("planned", ON, Standing.UPCOMING),  # the deadline day itself is not past
    ("planned", date(2027, 12, 31), Standing.UPCOMING),
    ("moved", date(2027, 12, 31), Standing.UPCOMING),
    ("planned", None, Standing.UPCOMING),
])
def test_standing(state, end, expected):
    assert standing(state, end, ON) is expected


def test_only_missed_is_overdue_and_only_unregistered_needs_an_outcome():
    assert [s for s in Standing if s.overdue] == [Standing.MISSED]
    assert [s for s in Standing if s.needs_outcome] == [Standing.UNREGISTERED]


@pytest.mark.parametrize(("milestone", "expected"), [
    (M(state="reached", state_on=date(2026, 3, 3)), "Nået 3. marts 2026"),
    (M(state="reached", state_on=date(2026, 3, 3), state_reason="Godkendt på mødet"),
     "Nået 3. marts 2026: Godkendt på mødet"),
    (M(), "Frist 31. maj 2026 – udfald ikke registreret"),
    (M(state="moved", moved_from="foråret 2026", label="efteråret 2026",
       end=date(2026, 12, 31), state_on=date(2026, 5, 1), state_reason="Afventer KL"),
     "Flyttet fra foråret 2026 til efteråret 2026: Afventer KL"),
    (M(state="moved", moved_from="foråret 2026", label="september 2026",
       end=date(2026, 9, 30), state_on=date(2026, 5, 1), state_reason="Afventer KL"),
     "Frist 30. september 2026 – udfald ikke registreret (flyttet fra foråret 2026)"),
    (M(state="missed", state_on=date(2026, 6, 2)), "Ikke nået (frist 31. maj 2026)"),
    (M(state="dropped", state_on=date(2026, 6, 1), state_reason="Opgaven er overgået til "
       "regionen"), "Opgivet 1. juni 2026: Opgaven er overgået til regionen"),
    (M(end=date(2027, 12, 31), label="inden udgangen af 2027"), "Frist 31. december 2027"),
    (M(end=None, label=""), "Planlagt"),
])
def test_outcome_text_literal(milestone, expected):
    assert outcome_text(milestone, ON) == expected


# --- the service -----------------------------------------------------------------------------


@pytest.fixture
def milestone(seed_programme, editor):
    rec = seed_programme.recommendations.get(number=1)
    return services.create_milestone(Author.for_user(editor), rec, "Takstmodel godkendt",
                                     parse_window("foråret 2026"))


@pytest.mark.django_db
def test_moving_updates_the_window_keeps_the_old_label_and_records_one_event(milestone, editor):
    start = AuditEvent.objects.order_by("-id").first().id
    changed = services.set_milestone_outcome(
        Author.for_user(editor), milestone, state=MilestoneState.MOVED, on=date(2026, 5, 1),
        reason="Afventer KL", window_text="efteråret 2026", expected_version=1)
    assert changed
    milestone.refresh_from_db()
    assert (milestone.state, milestone.moved_from, milestone.label, milestone.end,
            milestone.version) == ("moved", "foråret 2026", "efteråret 2026",
                                   date(2026, 11, 30), 2)
    events = list(AuditEvent.objects.filter(id__gt=start))
    assert [(e.action, e.is_public) for e in events] == [("outcome", True)]
    assert events[0].changes["state"] == ["planned", "moved"]
    assert events[0].changes["moved_from"] == ["", "foråret 2026"]


@pytest.mark.django_db
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"state": "moved", "reason": "", "window_text": "efteråret 2026"},
     "Skriv en begrundelse, når en milepæl flyttes eller opgives."),
    ({"state": "dropped", "reason": " "},
     "Skriv en begrundelse, når en milepæl flyttes eller opgives."),
    ({"state": "moved", "reason": "x", "window_text": "snart"},
     "Skriv den nye frist som en dato eller periode, fx »efteråret 2026« eller »31.12.2026«."),
    ({"state": "moved", "reason": "x", "window_text": "foråret 2026"},
     "Den nye frist er den samme som den gamle."),
    ({"state": "reached", "reason": "", "on": "tomorrow"},
     "Datoen for udfaldet kan ikke ligge i fremtiden."),
    ({"state": "missed", "reason": "", "on": "tomorrow"},
     "Datoen for udfaldet kan ikke ligge i fremtiden."),
    ({"state": "late", "reason": ""}, "Ukendt udfald: late"),
])
def test_invalid_outcomes_are_refused_and_nothing_is_written(milestone, editor, kwargs, message):
    kwargs = dict(kwargs)
    on = kwargs.pop("on", None)
    if on == "tomorrow":
        on = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.OutcomeError) as raised:
        services.set_milestone_outcome(Author.for_user(editor), milestone, on=on,
                                       expected_version=1, **kwargs)
    assert str(raised.value) == message
    milestone.refresh_from_db()
    assert (milestone.state, milestone.version) == ("planned", 1)


@pytest.mark.django_db
def test_reached_then_planned_again_and_a_stale_version_conflicts(milestone, editor):
    author = Author.for_user(editor)
    services.set_milestone_outcome(author, milestone, state="reached", on=date(2026, 3, 3),
                                   reason="", expected_version=1)
    milestone.refresh_from_db()
    assert outcome_text(milestone, ON) == "Nået 3. marts 2026"
    with pytest.raises(EditConflict):
        services.set_milestone_outcome(author, milestone, state="missed", on=None, reason="",
                                       expected_version=1)
    services.set_milestone_outcome(author, milestone, state="planned", on=None, reason="",
                                   expected_version=2)
    milestone.refresh_from_db()
    assert (milestone.state, milestone.state_on, milestone.version) == ("planned", None, 3)
    assert outcome_text(milestone, ON) == "Frist 31. maj 2026 – udfald ikke registreret"
