"""Reading and writing one register cell: literal inputs and what is stored and shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kkrmonitor.registers.cells import (
    CellError,
    ColumnSpec,
    Names,
    display,
    edit_text,
    export_value,
    parse_cell,
    parse_number,
)

NAMES = Names(municipalities={"101": "Københavns Kommune", "400": "Bornholms Regionskommune"},
              actors={"erhvervshus-hovedstaden": "Erhvervshus Hovedstaden"},
              users={7: "Erik Redaktør"},
              municipality_names={"københavn": "101", "københavns kommune": "101"},
              actor_names={"erhvervshus hovedstaden": "erhvervshus-hovedstaden"},
              user_names={"erik redaktør": 7, "redaktoer@kkr.test": 7})


def col(kind: str, **kw) -> ColumnSpec:
    return ColumnSpec(key="k", name="K", kind=kind, **kw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.234,5", Decimal("1234.5")), ("1234,5", Decimal("1234.5")), ("-3", Decimal("-3")),
    ("1.234.567 kr.", Decimal("1234567")), (1234.5, Decimal("1234.5")), ("12.5", Decimal("12.5")),
    ("45 pladser", Decimal("45")),
])
def test_numbers_as_danes_write_them(raw, expected):
    assert parse_number(raw, "pladser") == expected


@pytest.mark.parametrize(("column", "raw", "stored", "shown"), [
    (col("text"), "  Klima  og miljø ", "Klima og miljø", "Klima og miljø"),
    (col("number", unit="pladser"), "1.250", "1250", "1.250 pladser"),
    (col("amount"), "2.500.000,50", "2500000.5", "2.500.000,5 kr."),
    (col("date_window"), "foråret 2026",
     {"label": "foråret 2026", "start": "2026-03-01", "end": "2026-05-31"}, "foråret 2026"),
    (col("date_window"), "31.12.2025",
     {"label": "31. december 2025", "start": "2025-12-31", "end": "2025-12-31"},
     "31. december 2025"),
    (col("municipality"), "101", "101", "Københavns Kommune"),
    (col("municipality"), "0101", "101", "Københavns Kommune"),
    (col("municipality"), "københavn", "101", "Københavns Kommune"),
    (col("actor"), "Erhvervshus Hovedstaden", "erhvervshus-hovedstaden",
     "Erhvervshus Hovedstaden"),
    (col("user"), "redaktoer@kkr.test", 7, "Erik Redaktør"),
    (col("choice", choices=("Ikke vurderet", "Afklaret")), "afklaret", "Afklaret", "Afklaret"),
    (col("link"), "https://www.kl.dk/", "https://www.kl.dk/", "https://www.kl.dk/"),
])
def test_stored_and_shown(column, raw, stored, shown):
    value = parse_cell(column, raw, NAMES)
    assert value == stored
    assert display(column, value, NAMES) == shown
    # What the form shows is read back to the same value.
    assert parse_cell(column, edit_text(column, value, NAMES), NAMES) == stored


@pytest.mark.parametrize(("column", "raw", "message"), [
    (col("number"), "mange", "»mange« er ikke et tal"),
    (col("amount"), "NaN", "»NaN« er ikke et tal"),
    (col("date_window"), "snart", "»snart« kan ikke læses som en dato eller periode (skriv fx "
                                  "»01.03.2026«, »foråret 2026« eller »inden udgangen af 2027«)"),
    (col("municipality"), "999", "kommunen »999« findes ikke"),
    (col("actor"), "Ukendt forening", "aktøren »Ukendt forening« findes ikke"),
    (col("user"), "nogen@andet.dk", "brugeren »nogen@andet.dk« findes ikke"),
    (col("choice", choices=("Ja", "Nej")), "Måske",
     "»Måske« er ikke en af valgmulighederne: Ja, Nej"),
    (col("link"), "javascript:alert(1)",
     "»javascript:alert(1)« er ikke en webadresse (den skal begynde med https://)"),
    (col("text", required=True), "  ", "skal udfyldes"),
])
def test_refused_with_a_danish_message(column, raw, message):
    with pytest.raises(CellError) as error:
        parse_cell(column, raw, NAMES)
    assert str(error.value) == message


def test_empty_is_none_and_shown_as_nothing():
    assert parse_cell(col("amount"), "", NAMES) is None
    assert display(col("amount"), None, NAMES) == ""


def test_export_keeps_numbers_as_numbers():
    assert export_value(col("amount"), "2500000", NAMES) == 2500000
    assert export_value(col("number"), "12.5", NAMES) == 12.5
    assert export_value(col("text"), "=SUM(A1)", NAMES) == "=SUM(A1)"  # neutralised on write


def test_own_export_apostrophe_is_taken_off_on_import():
    assert parse_cell(col("text"), "'=HYPERLINK(\"x\")", NAMES) == "=HYPERLINK(\"x\")"
