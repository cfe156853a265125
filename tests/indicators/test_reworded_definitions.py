"""Shipped definitions in an earlier release's wording or selection (the unit "i tableinfo",
REGK31 with DRANST, ART and PRISENHED unchosen) are brought up to date by the next
`kkr load_indicators` / `kkr seed_defaults`, with an audit event, while a field an editor
changed is left alone."""

from __future__ import annotations

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import (
    EARLIER_REGK31_NOTE,
    REGK31_NOTE,
    load_reference_indicators,
)
from kkrmonitor.programme.models import AuditEvent

SLUG = "regk31-voksne-saerlige-behov"


def test_earlier_wording_is_brought_up_to_date_with_an_audit_event(seed_programme):
    load_reference_indicators()
    indicator = Indicator.objects.get(slug=SLUG)
    current = (indicator.unit, indicator.description, indicator.statbank_selection)
    assert current[0] == "1.000 kr. (løbende priser)"
    assert "tableinfo" not in current[1] and "kkr " not in current[1]
    Indicator.objects.filter(pk=indicator.pk).update(
        unit="kr. (kontrollér enheden i tableinfo)",
        description=indicator.description.replace(REGK31_NOTE, EARLIER_REGK31_NOTE),
        statbank_selection={"FUNKTION": ["5.38"]})
    load_reference_indicators()
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.description, indicator.statbank_selection) == current
    event = AuditEvent.objects.filter(object_type="indicator", object_id=str(indicator.pk),
                                      action="indicator.update").latest("id")
    assert event.changes["unit"] == ["kr. (kontrollér enheden i tableinfo)",
                                     "1.000 kr. (løbende priser)"]
    assert event.changes["statbank_selection"] == [
        {"FUNKTION": ["5.38"]},
        {"FUNKTION": ["5.38.*"], "DRANST": ["1"], "ART": ["TOT"], "PRISENHED": ["LOBM"]}]
    assert set(event.changes) == {"unit", "description", "statbank_selection"}
    count = AuditEvent.objects.count()
    load_reference_indicators()
    assert AuditEvent.objects.count() == count


def test_a_definition_an_editor_changed_is_left_alone(seed_programme):
    load_reference_indicators()
    Indicator.objects.filter(slug=SLUG).update(unit="1.000 kr.",
                                               statbank_selection={"FUNKTION": ["53842"]})
    load_reference_indicators()
    stored = Indicator.objects.get(slug=SLUG)
    assert (stored.unit, stored.statbank_selection) == ("1.000 kr.", {"FUNKTION": ["53842"]})
