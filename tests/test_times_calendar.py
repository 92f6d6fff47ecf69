"""Calendar rules of the time normaliser (no spaCy needed)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import timex
from dateline.model import PartialDate

TUE = date(2022, 2, 22)  # a Tuesday


@pytest.mark.parametrize(
    ("weekday", "direction", "expected"),
    [
        (1, -1, date(2022, 2, 22)),  # past tense, same weekday: the article's day
        (4, -1, date(2022, 2, 18)),  # "on Friday" in the past: the Friday before
        (4, 1, date(2022, 2, 25)),  # "will ... on Friday": the coming Friday
        (0, 0, date(2022, 2, 21)),  # unknown tense: the most recent within six days
        (1, -2, date(2022, 2, 15)),  # "last Tuesday"
        (1, 2, date(2022, 3, 1)),  # "next Tuesday"
    ],
)
def test_times_weekday_resolution(weekday: int, direction: int, expected: date) -> None:
    assert timex.weekday_date(TUE, weekday, direction) == expected


@pytest.mark.parametrize(
    ("month", "direction", "year"),
    [(1, -1, 2022), (3, -1, 2021), (3, 1, 2022), (1, 1, 2023), (12, 0, 2021), (6, 0, 2022), (2, 1, 2022)],
)
def test_times_month_year(month: int, direction: int, year: int) -> None:
    assert timex.month_year(TUE, month, direction) == year


@pytest.mark.parametrize(
    ("text", "qty"),
    [("three", "3"), ("48", "48"), ("twenty-four", "24"), ("several", "X"), ("a few", "X"),
     ("5 1/2", "5.5"), ("a", "1"), ("one and a half", "1.5")],
)
def test_times_amount(text: str, qty: str) -> None:
    assert timex.amount(text) == qty


@pytest.mark.parametrize(
    ("qty", "unit", "value"),
    [("3", "week", "P3W"), ("48", "hour", "PT48H"), ("2", "decade", "P20Y"), ("2.5", "year", "P2Y6M"),
     ("X", "month", "PXM"), ("10", "minute", "PT10M")],
)
def test_times_durations(qty: str, unit: str, value: str) -> None:
    assert timex.clock_duration(qty, unit) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022-02-22", PartialDate(2022, 2, 22)), ("2022-01", PartialDate(2022, 1)), ("2014", PartialDate(2014)),
     ("2022-02-20TNI", PartialDate(2022, 2, 20)), ("2022-W07", PartialDate(2022, 2)),
     ("2022-W05", PartialDate(2022)), ("2020-W53", None), ("1998-Q3", PartialDate(1998)), ("PAST_REF", None), ("199", None), ("P3D", None)],
)
def test_times_value_date(value: str, expected: PartialDate | None) -> None:
    assert timex.value_date(value) == expected


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [("Christmas", 2021, date(2021, 12, 25)), ("Thanksgiving", 1999, date(1999, 11, 25)),
     ("Easter", 2000, date(2000, 4, 23)), ("Labor Day", 2022, date(2022, 9, 5))],
)
def test_times_holidays(name: str, year: int, day: date) -> None:
    assert timex.holiday(name, year) == day


@pytest.mark.parametrize(
    ("text", "year"), [("1994", 1994), ("nineteen ninety-four", 1994), ("two thousand", 2000)]
)
def test_times_spelled_year(text: str, year: int) -> None:
    assert timex.spelled_year(text) == year


def test_times_iso_week_is_zero_padded() -> None:
    assert timex.iso_week(date(2022, 2, 15)) == "2022-W07"
