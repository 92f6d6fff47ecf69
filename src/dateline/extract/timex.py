"""TIMEX3 normalisation helpers: word tables, calendar arithmetic and value formatting.

Kept apart from :mod:`dateline.extract.times` (which finds expressions) so that the calendar
rules (which Tuesday, which January, which quarter) can be tested on their own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import PartialDate

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "half": 0.5, "a half": 0.5, "a couple of": 2, "couple of": 2,
    "a dozen": 12, "dozen": 12,
}  # fmt: skip
"""Number words that count time units; vague quantities ("several") map to ``X`` in :func:`amount`."""

VAGUE = frozenset({"several", "a few", "few", "many", "some", "the few", "numerous", "recent", "past",
                   "the past", "the last", "the next", "the coming", "coming"})

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip

UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "weekend": "WE", "morning": "D", "afternoon": "D", "evening": "D",
}  # fmt: skip
"""Singular unit word → TIMEX3 duration unit (``night`` counts as a day, as TimeBank does)."""

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI", "overnight": "NI",
}

_NUMBER = re.compile(r"[\d,]*\.?\d+")


def amount(text: str) -> str:
    """A duration quantity as written in a TIMEX3 value: ``3``, ``1.5`` or ``X`` when vague."""
    words = text.lower().replace("-", " ").split()
    if not words or " ".join(words) in VAGUE:
        return "X"
    if _NUMBER.fullmatch(words[0]) and len(words) == 1:
        value = float(words[0].replace(",", ""))
    else:
        value = 0.0
        joined = " ".join(words)
        if joined in NUMBERS:
            value = NUMBERS[joined]
        else:
            for word in words:
                if word in ("and",):
                    continue
                if word in NUMBERS:
                    n = NUMBERS[word]
                    value = value * n if n == 100 and value else value + n
                elif _NUMBER.fullmatch(word):
                    value += float(word.replace(",", ""))
                elif word in VAGUE or word in ("few", "several", "many", "some"):
                    return "X"
    if value == 0:
        return "X"
    return str(int(value)) if value == int(value) else f"{value:g}"


def duration(qty: str, unit: str) -> str:
    """``P3W``, ``PT48H``, ``PXY``: clock units take the ``T`` designator."""
    if unit in ("H", "S") or (unit == "M" and qty.endswith("min")):
        return f"PT{qty}{unit}"
    return f"P{qty}{unit}"


def clock_duration(qty: str, unit_word: str) -> str:
    """Duration for a unit word, telling minutes (``PT5M``) from months (``P5M``)."""
    code = UNITS[unit_word]
    if unit_word in ("hour", "minute", "second"):
        return f"PT{qty}{code}"
    if code == "WE":
        return f"P{qty}WE"
    return f"P{qty}{code}"


def iso_week(day: date) -> str:
    """``2022-W07`` (ISO 8601 week of a day)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(day: date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def quarter(day: date) -> int:
    """The calendar quarter (1–4) of a day."""
    return (day.month - 1) // 3 + 1


def weekday_date(anchor: date, weekday: int, direction: int) -> date:
    """The day named ``weekday`` relative to ``anchor``.

    ``direction`` -1: the most recent one on or before the anchor (past tense); +1: the next one on
    or after it (future tense); -2 / +2: "last" / "next" (strictly before / after); 0: unknown
    tense: news convention, the most recent within the past six days.
    """
    delta = weekday - anchor.weekday()
    if direction == 2:
        return anchor + timedelta(days=(delta - 1) % 7 + 1)
    if direction == -2:
        return anchor - timedelta(days=(-delta - 1) % 7 + 1)
    if direction == 1:
        return anchor + timedelta(days=delta % 7)
    return anchor - timedelta(days=(-delta) % 7)


def month_year(anchor: date, month: int, direction: int) -> int:
    """The year of a month named without one: past tense → the most recent on or before the anchor
    month, future → the next on or after it, unknown → the nearest (ties go to the past)."""
    if month == anchor.month:
        return anchor.year
    if direction < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if direction > 0:
        return anchor.year if month > anchor.month else anchor.year + 1
    return _nearest_year(anchor, month)


def _nearest_year(anchor: date, month: int) -> int:
    back = (anchor.month - month) % 12  # months since the last such month
    ahead = 12 - back
    if back <= ahead:
        return anchor.year if month < anchor.month else anchor.year - 1
    return anchor.year if month > anchor.month else anchor.year + 1


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + i + h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    return date(year, month, (h + m - 7 * n + 114) % 31 + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` of a month (``n`` = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday(name: str, year: int) -> date | None:
    """The date of a fixed or movable holiday in ``year`` (US and Christian calendars)."""
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
        "independence day": (7, 4), "the fourth of july": (7, 4), "july fourth": (7, 4),
        "valentine's day": (2, 14), "halloween": (10, 31), "veterans day": (11, 11),
        "boxing day": (12, 26), "may day": (5, 1), "bastille day": (7, 14),
    }  # fmt: skip
    key = name.lower().replace("’", "'")
    if key in fixed:
        m, d = fixed[key]
        return date(year, m, d)
    if key in ("thanksgiving", "thanksgiving day"):
        return nth_weekday(year, 11, 3, 4)
    if key in ("easter", "easter sunday"):
        return easter(year)
    if key == "good friday":
        return easter(year) - timedelta(days=2)
    if key == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return nth_weekday(year, 9, 0, 1)
    return None


_VALUE_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_VALUE_MONTH = re.compile(r"(\d{4})-(\d\d)")
_VALUE_YEAR = re.compile(r"(\d{4})")
_VALUE_WEEK = re.compile(r"(\d{4})-W(\d\d)(?:-WE)?")
_VALUE_PART = re.compile(r"(\d{4})-(?:Q\d|H\d|SP|SU|FA|WI|QX)")


def value_date(value: str) -> PartialDate | None:
    """The calendar date a DATE/TIME value points to: day, month or year precision.

    Weeks become the month they lie in (the year when they straddle two months); quarters,
    halves and seasons become their year; references (``PAST_REF``), decades and values with
    unknown parts (``XXXX``) give ``None``.
    """
    head = value.split("T", 1)[0]
    try:
        if m := _VALUE_DAY.fullmatch(head):
            return PartialDate(int(m[1]), int(m[2]), int(m[3]))
        if m := _VALUE_MONTH.fullmatch(head):
            return PartialDate(int(m[1]), int(m[2]))
        if m := _VALUE_YEAR.fullmatch(head):
            return PartialDate(int(m[1]))
        if m := _VALUE_WEEK.fullmatch(head):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            sunday = monday + timedelta(days=6)
            if monday.month == sunday.month:
                return PartialDate(monday.year, monday.month)
            return PartialDate(monday.year) if monday.year == sunday.year else None
        if m := _VALUE_PART.fullmatch(head):
            return PartialDate(int(m[1]))
    except ValueError:
        return None
    return None
