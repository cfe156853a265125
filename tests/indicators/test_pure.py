"""Pure parts: periods, numbers, council sums and ratios (missing stays missing)."""

from datetime import date

import pytest

from kkrmonitor.indicators.calc import council_sum, denominator_period, ratio
from kkrmonitor.indicators.numbers import NumberError, parse_number
from kkrmonitor.indicators.periods import PeriodError, parse_period


@pytest.mark.parametrize("text,code,start,label", [
    ("2024", "2024", date(2024, 1, 1), "2024"),
    ("2024K3", "2024K3", date(2024, 7, 1), "3. kvartal 2024"),
    ("2024q1", "2024K1", date(2024, 1, 1), "1. kvartal 2024"),
    ("2024M01", "2024M01", date(2024, 1, 1), "januar 2024"),
    ("2024M9", "2024M09", date(2024, 9, 1), "september 2024"),
])
def test_periods(text, code, start, label):
    period = parse_period(text)
    assert (period.code, period.start, period.label) == (code, start, label)


@pytest.mark.parametrize("text", ["", "24", "2024K5", "2024M13", "forår 2024"])
def test_bad_periods(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("text,value", [
    ("1234", 1234.0), ("1.234,5", 1234.5), ("12,5", 12.5), ("12.5", 12.5), ("-3", -3.0),
    ("1 234", 1234.0), ("..", None), ("", None), (None, None), (7, 7.0), (2.5, 2.5),
])
def test_numbers(text, value):
    assert parse_number(text) == value


def test_not_a_number():
    with pytest.raises(NumberError, match="ikke et tal: 'mange'"):
        parse_number("mange")


def test_council_sum_needs_every_member():
    assert council_sum({"101": 10.0, "147": 5.0}, ["101", "147"]) == 15.0
    assert council_sum({"101": 10.0, "147": None}, ["101", "147"]) is None
    assert council_sum({"101": 10.0}, ["101", "147"]) is None
    assert council_sum({}, []) is None
    assert council_sum({"101": 0.0, "147": 0.0}, ["101", "147"]) == 0.0


def test_ratio_keeps_missing_missing():
    assert ratio(500.0, 100.0) == 5.0
    assert ratio(5.0, 1000.0, scale=1000) == 5.0
    assert ratio(None, 100.0) is None
    assert ratio(5.0, None) is None
    assert ratio(5.0, 0.0) is None


def test_year_figures_are_divided_by_the_first_quarter():
    assert denominator_period("2024", ["2024K1", "2024K2"]) == "2024K1"
    assert denominator_period("2024", ["2024"]) == "2024"
    assert denominator_period("2024K2", ["2024K1"]) is None
