"""TIMEX3 normalisation: word tables, calendar arithmetic, verb tense and the calendar-heavy handlers.

Kept apart from :mod:`dateline.extract.times` (which finds expressions and dates sentences) so
that the calendar rules (which Tuesday, which January, which quarter) can be tested on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import PartialDate, Span, TimeType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
    low = text.lower()
    if low.endswith(" and a half") and low != "and a half":
        whole = amount(low[: -len(" and a half")])
        return "X" if whole == "X" else f"{float(whole) + 0.5:g}"
    words = low.replace("-", " ").split()
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
                if word == "1/2":
                    value += 0.5
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


def spelled_year(text: str) -> int:
    """A year written as digits or spoken ("nineteen ninety-four", "two thousand")."""
    if text.isdigit():
        return int(text)
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        return 2000 + int(sum(NUMBERS.get(w, 0) for w in words[2:] if w != "and"))
    century = int(NUMBERS[words[0]])
    return century * 100 + int(sum(NUMBERS.get(w, 0) for w in words[1:]))


def duration(qty: str, unit: str) -> str:
    """``P3W``, ``PT48H``, ``PXY``: clock units take the ``T`` designator."""
    if unit in ("H", "S") or (unit == "M" and qty.endswith("min")):
        return f"PT{qty}{unit}"
    return f"P{qty}{unit}"


def clock_duration(qty: str, unit_word: str) -> str:
    """Duration for a unit word, telling minutes (``PT5M``) from months (``P5M``)."""
    code = UNITS[unit_word]
    if code == "DE" and qty != "X":
        return f"P{_num(float(qty) * 10)}Y"  # TimeBank writes decades as years
    if qty.endswith(".5") and code in ("Y", "H"):
        whole = qty[:-2] if qty[:-2] != "0" else ""
        return f"P{whole}Y6M" if code == "Y" else f"PT{whole}{'H' if whole else ''}30M"
    if unit_word in ("hour", "minute", "second"):
        return f"PT{qty}{code}"
    return f"P{qty}{code}"


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


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
    weekday_fix = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * weekday_fix) // 451
    month = (h + weekday_fix - 7 * n + 114) // 31
    return date(year, month, (h + weekday_fix - 7 * n + 114) % 31 + 1)


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


FUTURE_HEADS = frozenset({
    "plan", "expect", "schedule", "intend", "hope", "want", "aim", "prepare", "set", "due", "vow",
    "pledge", "promise", "threaten", "seek", "go", "agree", "decide", "propose", "slate", "try",
})  # fmt: skip
"""Verbs whose ``to``-infinitive points forward ("plans to meet on Friday" is a coming Friday)."""

PLAN_VERBS = frozenset({"plan", "schedule", "slate", "expect", "intend", "propose"})
"""Verbs whose own date adjunct lies ahead even in the past tense ("planned a rally on Saturday");
"agreed in June" or "decided on Monday" date the act itself, so they are not here."""

FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo", "would", "ll"})
"""Auxiliaries of future reference; "would" counts too: "said it would vote Friday" is forward."""

MODAL_AUX = frozenset({"might", "could", "may", "can", "should", "must"})
"""Modals that point forward when they govern a weekday ("could come as soon as Tuesday")."""

REPORTING = frozenset({"say", "tell", "announce", "report", "state", "add", "note", "claim", "confirm", "deny"})
"""Reporting verbs: news writes them in the present ("Putin says Tuesday") for what happened that day."""

PRESENT_DIRECTION = 0
"""Direction for a simple present verb (not reporting); 0 (unknown) measured best on TimeBank: "meets
Monday" is as often a past Monday as a coming one."""


def tense(doc: Doc, start: int, end: int) -> int:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    # Doc.text rebuilds the whole text on each access; read only the tokens before the span.
    before = doc[max(0, span.start - 3) : span.start].text_with_ws.lower()
    if before.endswith(("as soon as ", "as early as ", "as late as ", "effective ", "starting ")):
        return 1
    tok: Token = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return 0
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if auxes & FUTURE_AUX or "going" in auxes:
        return 1
    if "to" in auxes and (tok.head.lemma_ in FUTURE_HEADS or tok.head.lower_ in FUTURE_AUX):
        # "had been scheduled to expire Friday": a plan told in the past perfect is for a past day
        return -1 if "had" in {c.lower_ for c in tok.head.children} else 1
    if tok.tag_ == "VBG" and auxes & {"is", "are", "am", "'s", "'re", "’s", "’re"}:
        return 1
    if tok.lemma_ in PLAN_VERBS and "had" not in auxes:
        return 1  # "planned a demonstration on Saturday": the plan is past, its Saturday is not
    if tok.tag_ in ("VBD", "VBN") or auxes & {"did", "was", "were", "had", "has", "have"}:
        return -1
    if auxes & MODAL_AUX:
        return 1
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_ not in REPORTING:
        return PRESENT_DIRECTION
    return 0


def unanchored(grain: str) -> str:
    return {"day": "XXXX-XX-XX", "month": "XXXX-XX", "year": "XXXX", "week": "XXXX-WXX"}[grain]


def year2(y: str) -> int:
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 50 else 1900 + n)


def day_value(anchor: date | None, month: int, day: int, year: int | None, direction: int) -> str | None:
    if year is None:
        if anchor is None:
            return f"XXXX-{month:02d}-{day:02d}"
        year = month_year(anchor, month, direction)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def relday(word: str, anchor: date) -> tuple[date, str]:
    word = word.lower()
    if word.startswith("this "):
        return anchor, DAY_PARTS[word[5:]]
    if word == "last night":
        return anchor - timedelta(days=1), "NI"
    if word == "tonight":
        return anchor, "NI"
    return anchor + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word]), ""


def shift(grain: str, anchor: date, n: int) -> str:
    if grain == "week":
        return iso_week(anchor + timedelta(weeks=n))
    if grain == "month":
        y, mo = add_months(anchor, n)
        return f"{y:04d}-{mo:02d}"
    if grain == "quarter":
        index = anchor.year * 4 + quarter(anchor) - 1 + n
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if grain == "decade":
        return f"{anchor.year // 10 + n:03d}"
    if grain == "century":
        return f"{anchor.year // 100 + n:02d}"
    return f"{anchor.year + n:04d}"


def clock(text: str) -> tuple[int, int] | None:
    t = text.lower().replace(" ", "")
    if t == "noon":
        return 12, 0
    if t == "midnight":
        return 0, 0
    mm = re.match(r"(\d{1,2})(?::(\d\d))?(a\.?m|p\.?m|o'clock)?", t)
    if not mm:
        return None
    h, mi = int(mm[1]), int(mm[2] or 0)
    if mm[3] and mm[3].startswith("p") and h < 12:
        h += 12
    elif mm[3] and mm[3].startswith("a") and h == 12:
        h = 0
    return (h, mi) if h < 24 and mi < 60 else None


@dataclass
class Context:
    """What a handler needs: the anchor, the parse (for tense) and the text."""

    text: str
    anchor: date | None
    doc: Doc | None

    def tense(self, start: int, end: int) -> int:
        """-1 past, +1 future, 0 unknown: the tense of the verb governing ``text[start:end]``."""
        return tense(self.doc, start, end) if self.doc is not None else 0

    def before(self, start: int, n: int = 1) -> str:
        """The ``n`` words before offset ``start``, lower-cased."""
        return " ".join(self.text[max(0, start - 40) : start].lower().split()[-n:])

    def ent(self, start: int, end: int) -> str:
        """The spaCy entity label over a span ("" when none)."""
        if self.doc is None:
            return ""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root.ent_type_ if span is not None else ""


Result = tuple[TimeType, str] | tuple[TimeType, str, Span] | None
"""A handler's verdict: (type, TIMEX3 value[, extent when not the whole match]), or None to reject it."""


ATTRIBUTIVE = frozenset({"its", "the", "a", "an", "their", "his", "her", "our", "average", "initial", "first",
                         "party", "regular", "usual"})
"""Words before "quarterly" that make it an adjective ("its quarterly dividend"), not a set (TimeBank
does mark "a daily rally" as a set, so "daily" is not guarded)."""


_RATE_BEFORE = re.compile(r"(?:\d|%|percent|dollars?|cents?|million|billion|trillion|thousand|units)\s*\S*\s*$")
"""An amount just before a set adverb makes it a rate ("8.5% annually", "10,000 units annually")."""


_COUNT_BEFORE = re.compile(r"(?:\d|thousand|hundred|dozens|hundreds)\S*(?: of)?(?: [a-z]+)? (?!hours\b|minutes\b"
                           r"|dollars\b|cents\b|points\b)[a-z]+s\s*$")
"""A number and a plural noun before "a day": a count of things per period ("300 patients a day")."""


def h_set(m: re.Match[str], c: Context) -> Result:
    if m["adv"]:
        adv = m["adv"].lower()
        if adv == "quarterly" or (adv != "daily" and c.before(m.start()) in ATTRIBUTIVE):
            return None  # "its quarterly dividend", "adjusted quarterly": reporting periods, rarely a set
        if adv != "daily" and _RATE_BEFORE.search(c.text[max(0, m.start() - 24) : m.start()]):
            return None  # "rise 8% annually", "$2 million yearly": a rate of a quantity, not a recurrence
        code = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
                "semiannually": "P6M"}[adv]
        return "SET", code
    q = m["q"].lower()
    u = m["u"]
    if q == "per" or (q in ("a", "an") and not _COUNT_BEFORE.search(c.text[max(0, m.start() - 40) : m.start()])):
        # "$5 a year", "8% a month", "per second": rates of an amount, which TimeBank leaves unmarked;
        # a count of things ("300 patients a day") is kept as a recurrence.
        return None
    if u.lower() in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[u.lower()] + 1}"
    if u.rstrip(".").lower() in MONTHS and u[0].isupper():
        return "SET", f"XXXX-{MONTHS[u.rstrip('.').lower()]:02d}"
    unit = u.lower().rstrip("s").replace("centurie", "century")
    if unit in ("morning", "evening"):
        return "SET", f"XXXX-XX-XXT{DAY_PARTS[unit]}"
    qty = amount(m["n"]) if m["n"] else "1"
    return "SET", clock_duration(qty, unit)


def h_clock(m: re.Match[str], c: Context) -> Result:
    hm = clock(m["c"])
    if hm is None:
        return None
    at = f"T{hm[0]:02d}:{hm[1]:02d}"
    ref = m["pre"] or m["post"]
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + at
    day = c.anchor
    if ref:
        low = ref.lower()
        if low in WEEKDAYS:
            day = weekday_date(c.anchor, WEEKDAYS[low], 1 if c.tense(*m.span()) > 0 else -1)
        elif low in ("today", "tonight", "yesterday", "tomorrow"):
            day = relday(low, c.anchor)[0]
        else:
            parts = ref.split()
            v = day_value(c.anchor, MONTHS[parts[0].rstrip(".").lower()], int(re.sub(r"\D", "", parts[1])),
                           None, 0)
            if v:
                day = date.fromisoformat(v)
    return "TIME", day.isoformat() + at


def h_quarter(m: re.Match[str], c: Context) -> Result:
    pre = re.findall(r"year-ago|year-earlier|[\w']+", (m["pre"] or "").lower())
    half = m["u"].lower() == "half"
    words = set(pre)
    ordinal = next((ORDINALS[w] for w in pre if w in ORDINALS and ORDINALS[w] <= 4), None)
    if half and ordinal is None and "last" not in words and "final" not in words:
        return None  # "half" alone is a fraction, not a half-year
    if not pre and not m["y"] and not m.group(0).lower().startswith(("the ", "its ", "that ")):
        return None
    year_word = next((w for w in pre if w.isdigit()), None) or (m["y"] or "").lower()
    if c.anchor is None and not year_word[:1].isdigit():
        return "DATE", "XXXX-" + (f"H{ordinal}" if half else f"Q{ordinal or 'X'}")
    anchor = c.anchor or date(int(year_word), 1, 1)
    cur_q = quarter(anchor)
    if half:
        n = ordinal or 2
        return "DATE", f"{int(year_word) if year_word[:1].isdigit() else anchor.year:04d}-H{n}"
    if ordinal is None:
        if words & {"current", "this"}:
            return "DATE", shift("quarter", anchor, 0)
        if words & {"next", "coming"}:
            return "DATE", shift("quarter", anchor, 1)
        if words & {"year-ago", "year-earlier"}:
            return "DATE", shift("quarter", anchor, -5)
        return "DATE", shift("quarter", anchor, -1)
    if year_word[:1].isdigit():
        year = int(year_word)
    elif year_word:
        year = anchor.year + {"this year": 0, "last year": -1, "next year": 1}[year_word]
    else:
        year = anchor.year
        if ordinal > cur_q and c.tense(*m.span()) < 0:
            year -= 1
        if words & {"year-ago", "year-earlier"}:
            year -= 1
    return "DATE", f"{year:04d}-Q{ordinal}"


def h_season(m: re.Match[str], c: Context) -> Result:
    mod = m["mod"].lower().strip()
    season = SEASONS[m["s"].lower()]
    if m["y"]:
        return "DATE", f"{spelled_year(m['y']):04d}-{season}"
    if mod == "the" and c.before(m.start()) not in ("in", "during", "by", "until", "since", "over", "through"):
        return None
    if c.anchor is None:
        return "DATE", f"XXXX-{season}"
    year = c.anchor.year
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    if mod.endswith("last") or mod.endswith("past"):
        year -= 0 if start_month < c.anchor.month and season != "WI" else 1
    elif mod.endswith("next") or mod.endswith("coming"):
        year += 0 if start_month > c.anchor.month else 1
    return "DATE", f"{year:04d}-{season}"


def h_holiday(m: re.Match[str], c: Context) -> Result:
    if m["y"]:
        year = int(m["y"])
    elif c.anchor is None:
        return "DATE", "XXXX-XX-XX"
    else:
        year = c.anchor.year
        day = holiday(m["h"], year)
        if day and day > c.anchor + timedelta(days=183):
            year -= 1
        elif day and day < c.anchor - timedelta(days=183):
            year += 1
    day = holiday(m["h"], year)
    return ("DATE", day.isoformat()) if day else None


ANAPHORIC = re.compile(r"(?:(?:later|earlier) )?(?P<rel>the following|the previous|the next|that same|that|the same)"
                       r" (?P<u>day|month|year)")
"""Expressions dated from a date already named in the text ("in June 1998 ... later that year")."""

CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?")
"""A DATE/TIME value that names a calendar year, month or day (a possible reference time)."""

REFERENCE_WINDOW = 1500
"""Characters back to the date that "the following year" or "that day" counts from; beyond about a
paragraph or two the narrative has usually moved on and the article date is the better anchor."""


def anchored_value(low: str, value: str, start: int, ref: tuple[date, int, int] | None) -> str | None:
    """The value of the expression ``low`` (lower-cased text at offset ``start``, first read as
    ``value``) re-dated from the reference ``(day, precision 1-3, end offset)`` of TimeML's reference
    time; ``value`` when it is not anaphoric; None drops an expression that cannot stand without a
    reference ("that year" or "that day" with no such date before it)."""
    a = ANAPHORIC.fullmatch(low)
    if a is None:
        return value
    unit = a["u"]
    need = {"year": 1, "month": 2, "day": 3}[unit]
    if ref is None or start - ref[2] > REFERENCE_WINDOW or ref[1] < need:
        return None if "X" in value or unit == "day" else value
    step = {"the following": 1, "the next": 1, "the previous": -1}.get(a["rel"], 0)
    day = ref[0]
    if unit == "year":
        return f"{day.year + step:04d}"
    if unit == "month":
        y, mo = add_months(day, step)
        return f"{y:04d}-{mo:02d}"
    return (day + timedelta(days=step)).isoformat()
