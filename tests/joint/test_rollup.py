"""The pure roll-up and on-track rule, on literal fixtures."""

from datetime import date

from kkrmonitor.joint.rollup import expected_stage_index, is_on_track, rollup

STAGES = ["Ikke startet", "Beslutning i kommunalbestyrelsen", "Aftale indgået",
          "Migrering i gang", "Overdraget"]
START, DEADLINE = date(2026, 1, 1), date(2027, 12, 31)


def test_seventeen_of_twenty_nine_handed_over():
    indexes = [4] * 17 + [3] * 5 + [1] * 2 + [None] * 5
    result = rollup(STAGES, indexes, START, DEADLINE, date(2026, 6, 1))
    assert result.total == 29
    assert result.final.sentence == "17 af 29 overdraget"
    assert result.final.share == 59
    assert [(s.name, s.count) for s in result.per_stage] == [
        ("Ikke startet", 0), ("Beslutning i kommunalbestyrelsen", 2), ("Aftale indgået", 0),
        ("Migrering i gang", 5), ("Overdraget", 17)]
    assert result.per_stage[1].sentence == "2 af 29 beslutning i kommunalbestyrelsen"
    assert result.not_reported == 5


def test_expected_stage_spreads_the_time_evenly():
    assert expected_stage_index(START, DEADLINE, date(2025, 12, 1), 5) == 0
    assert expected_stage_index(START, DEADLINE, START, 5) == 0
    # 729 days, four steps: a step every 182.25 days.
    assert expected_stage_index(START, DEADLINE, date(2026, 7, 1), 5) == 0  # day 181
    assert expected_stage_index(START, DEADLINE, date(2026, 7, 2), 5) == 0  # day 182
    assert expected_stage_index(START, DEADLINE, date(2026, 7, 3), 5) == 1  # day 183
    assert expected_stage_index(START, DEADLINE, date(2027, 1, 1), 5) == 2  # day 365
    assert expected_stage_index(START, DEADLINE, date(2027, 12, 30), 5) == 3
    assert expected_stage_index(START, DEADLINE, DEADLINE, 5) == 4
    assert expected_stage_index(START, DEADLINE, date(2028, 6, 1), 5) == 4


def test_on_track_counts_against_the_deadline():
    indexes = [4] * 17 + [3] * 5 + [1] * 2 + [None] * 5
    # On 1 Jan 2027 the expected stage is "Aftale indgået" (index 2).
    mid = rollup(STAGES, indexes, START, DEADLINE, date(2027, 1, 1))
    assert mid.expected_name == "Aftale indgået"
    assert mid.on_track == 22
    assert mid.on_track_sentence == "22 af 29 på sporet"
    assert mid.not_on_track == 7
    # After the deadline only those handed over are on track.
    late = rollup(STAGES, indexes, START, DEADLINE, date(2028, 1, 1))
    assert late.on_track == 17
    # Before the start every municipality that has reported is on track; unreported never is.
    early = rollup(STAGES, indexes, START, DEADLINE, date(2025, 11, 1))
    assert early.on_track == 24
    assert not is_on_track(None, 0)


def test_empty_and_zero():
    result = rollup(STAGES, [None] * 29, START, DEADLINE, date(2026, 3, 1))
    assert result.final.sentence == "0 af 29 overdraget"
    assert result.final.share == 0
    assert result.on_track == 0
    assert rollup(STAGES, [], START, DEADLINE, date(2026, 3, 1)).final.share == 0
