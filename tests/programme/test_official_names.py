"""Municipalities carry their official names wherever they are named in a sentence: the capital
is "Københavns Kommune", Bornholm "Bornholms Regionskommune"."""

from __future__ import annotations

from kkrmonitor.audit import labels
from kkrmonitor.programme import reference
from kkrmonitor.programme.models import Municipality


def test_official_names_of_the_two_exceptions_and_the_rule(reference_data):
    by_code = {m.code: str(m) for m in Municipality.objects.all()}
    assert by_code["101"] == "Københavns Kommune"
    assert by_code["400"] == "Bornholms Regionskommune"
    assert by_code["151"] == "Ballerup Kommune"
    assert by_code["173"] == "Lyngby-Taarbæk Kommune"
    assert by_code["390"] == "Vordingborg Kommune"
    assert len(by_code) == 29 + 17


def test_every_council_member_is_named_from_the_reference_data():
    names = [reference.official_name(code, name)
             for council in reference.COUNCILS for code, name in council.municipalities]
    assert len(names) == len(set(names)) == 46
    assert not [n for n in names if n in labels.CORRECTED_NAMES]


def test_older_audit_rows_read_with_the_official_names():
    assert labels.value_text("municipality", "København Kommune") == "Københavns Kommune"
    assert labels.value_text("municipality", "Bornholm Kommune") == "Bornholms Regionskommune"
