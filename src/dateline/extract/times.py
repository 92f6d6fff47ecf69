"""Time expressions: find them, type them and resolve their TIMEX3 value against the article date.

Detection is a small grammar of precompiled regular expressions (one per expression family)
run over the article text; where rules overlap the longest expression wins. Spans follow
TimeML: the expression without its preposition ("on *Tuesday*"); the preposition is kept as
the record's ``signal``. Ambiguous names (a weekday, a month without a year, a quarter) are
resolved with the tense of the verb that governs them in the spaCy parse: past tense → the
most recent one, future → the next one. :func:`date_for` gives the events and quotes
extractors the date of the happening a sentence describes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import Article, PartialDate, Span, TimeExpr, TimeType
from . import timex
from .timex import DAY_PARTS, MONTHS, SEASONS, WEEKDAYS, Result

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "times"
VERSION = 2
LABEL = f"{NAME}/{VERSION}"

SIGNALS = frozenset({"on", "in", "at", "since", "by", "until", "till", "during", "from", "before", "after",
                     "through", "throughout", "for", "over", "within", "of", "as of", "to", "around"})
"""Prepositions kept as a time expression's signal (TimeML leaves them out of the extent)."""

GUARDED_ENTS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "PRODUCT", "ORG", "FAC", "LAW"})
"""spaCy labels under which a bare four-digit number is not a year ("2014 people", "Boeing 2000")."""

NEAR_DAY_DAYS = 90
"""A day named without a year within this many days of the article date is that nearest one whatever
the verb's tense ("declared a dividend payable Dec. 7"); further off, the tense picks the year ("was
shot on Oct. 23" in May is last October). 60-120 score the same on TimeBank."""

YEAR_CUES = frozenset({"in", "since", "until", "by", "of", "during", "from", "before", "after", "to",
                       "through", "early", "late", "mid", "fiscal", "year", "the", "and", "or", "between"})
"""Words before a bare number that make it a year even when spaCy labels it a cardinal."""

# --- the grammar -----------------------------------------------------------------------------
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.?|Oct\.|Nov\.|Dec\.)(?![A-Za-z])")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_YEAR = (r"(?:1[0-9]\d\d|20\d\d)(?![\d])|(?i:nineteen|eighteen) " + _TENS
         + r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?i:two thousand(?: and)?(?: (?:one|two|three|four"
         r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
         r"|nineteen))?)")
_NUMW = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
         r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")
_NUM = (rf"(?:\d{{1,3}}(?:\.\d+| \d/\d)?|{_NUMW}(?:[- ]{_NUMW})?(?: and a half)?|an?(?: half)?|half an?|a couple of|a dozen"
        r"|several|a few|few|many|some)")
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie)|weekend)s?"
_ADJ = r"(?:trading|business|working|calendar|fiscal|school|full|straight|consecutive)"
_MOD = r"(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of|the rest of|the turn of)[- ])?"
_PART = r"(?:morning|afternoon|evening|night)"
_CLOCK = (r"(?:\d{1,2}(?::\d\d)? ?(?:a\.m\.?|p\.m\.?|am|pm|A\.M\.?|P\.M\.?)(?![a-z])|noon|midnight|\d{1,2} o'clock"
          r"|\d{1,2}:\d\d(?= ?(?:GMT|UTC|[ECMP][SD]T|local time|hours)))")
_TZ = r"(?: (?:GMT|UTC|[ECMP][SD]T|local time))?"
_RELDAY = r"(?:today|tonight|yesterday|tomorrow)"


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    # Every rule starts at a word start; no rule may begin inside a word or a number.
    return re.compile(r"(?<![\w.$£€-])" + pattern + r"(?![\w-])", flags)


RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mdy", _rx(rf"(?:{_WD},? )?(?P<m>{_MONTH}) (?P<d>{_DAYNUM})(?:,? (?P<y>{_YEAR}))?")),
    ("dmy", _rx(rf"(?:{_WD},? )?(?P<d>{_DAYNUM}) (?:of )?(?P<m>{_MONTH})(?:,? (?P<y>{_YEAR}))?")),
    ("iso", _rx(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")),
    ("slash", _rx(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)")),
    ("month", _rx(rf"(?P<mod>(?i:{_MOD}(?:last|next|this|the|early|late|mid)[- ])?)(?P<m>{_MONTH})"
                  rf"(?:,? (?:of )?(?P<y>{_YEAR}|(?i:this year|last year|next year)))?")),
    ("year", _rx(rf"(?i:{_MOD}(?P<fy>(?:the )?(?:fiscal|calendar|year|model year|fiscal year) )?)"
                 rf"(?P<y>{_YEAR})")),
    ("decade", _rx(rf"(?i:(?:the )?{_MOD})(?P<y>1\d\d0|20\d0|'\d0)'?s"
                   r"|(?i:the (?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))")),
    ("century", _rx(r"(?i:(?:the )?(?P<n>\d{1,2})(?:st|nd|rd|th) century)")),
    ("weekday", _rx(rf"(?P<mod>(?i:last|next|this|this past|this coming|coming|past|early|late|early on|"
                    rf"the following|the previous|that) )?(?P<w>{_WD})(?: (?P<part>(?i:{_PART})))?")),
    ("relday", _rx(rf"(?i:(?P<mod>early|late|the day (?:before|after) )?(?P<r>{_RELDAY}|this {_PART}|last night)"
                   rf"(?:'s)?(?: (?P<part>{_PART}))?)")),
    ("relunit", _rx(rf"(?i:(?P<mod>{_MOD}(?:(?:earlier|later|early|late|sometime|mid) )?)"
                    r"(?P<rel>this|last|next|the coming|the past|the previous|the current|the following|the latest"
                    r"|the last|the next|coming|past|previous|current|that same|the same|the|that|its) "
                    r"(?:fiscal )?(?P<u>week|month|year|quarter|period|weekend|decade|century|spring|summer|fall|autumn"
                    r"|winter|day))")),
    ("theyear", _rx(r"(?i:the (?:full |fiscal |current |entire |current fiscal |whole )?year)(?P<e> end(?:ed|ing))?")),
    ("yearago", _rx(r"(?i:(?:the |its )?(?:comparable |corresponding |same )?(?P<w>year-ago|year-earlier|a year earlier|a year ago|a year before)(?: (?P<u>quarter|"
                    r"period|level|month|week))?)")),
    ("ago", _rx(rf"(?P<x>(?i:(?:about |some |nearly |almost |more than |less than |just |only |barely )?(?P<n>{_NUM})"
                rf"[- ](?:{_ADJ} )?(?P<u>{_UNIT})(?: or so)?))(?P<dir> (?i:ago|earlier|later|from now|hence|back))")),
    ("duration", _rx(rf"(?i:(?P<pre>(?:about |nearly |almost |more than |less than |at least |up to |just "
                     r"|only |some )?(?:each of )?(?:the (?:past|last|next|coming|previous|first|final|following"
                     rf"|remaining|full|entire|whole)|the|past|last|next|first|a full|another|coming) )?"
                     rf"(?P<n>{_NUM})[- ](?:{_ADJ}[- ])?(?P<u>{_UNIT})(?P<adj>-(?:long|old))?(?: or so)?)")),
    ("vague", _rx(r"(?i:(?:(?P<prep>for|within|over|in) )?(?P<x>(?:(?P<pre>recent|the past|the coming|coming|"
                  r"the next|the last|past|future|the past several|the past few) )?(?P<u>years|months|weeks|days"
                  r"|decades|hours|minutes|quarters)(?: and (?:years|months|weeks|days))?))")),
    ("generic", _rx(r"(?i:now|currently|current|recently|recent|the past|the future|nowadays"
                    r"|these days|at present|presently|the present|lately|right now)")),
    ("set", _rx(rf"(?i:(?P<q>every|each|per|a|an|once a|twice a|once every|twice every) (?:other )?"
                rf"(?:(?P<n>{_NUM}) )?(?P<u>{_UNIT}|morning|evening|{_WD.replace('(?:', '(?:')}|(?-i:{_MONTH}))"
                r"|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually))")),
    ("clock", _rx(rf"(?:(?P<pre>{_WD}|(?i:{_RELDAY}))(?: (?i:{_PART}))?,? (?:(?i:at|around|about) )?)?"
                  rf"(?:(?i:about|around|approximately|shortly after|shortly before|just after|just before) )?"
                  rf"(?P<c>{_CLOCK}){_TZ}(?:,? (?:(?i:on|this|last|next) )?(?P<post>{_WD}|(?i:{_RELDAY})"
                  rf"|{_MONTH} {_DAYNUM}))?")),
    ("quarter", _rx(r"(?i:(?:the |its |a |that |this )?(?P<pre>(?:(?:first|second|third|fourth|1st|2nd|3rd|4th|"
                    r"final|latest|last|current|past|previous|recent|year-ago|year-earlier|same|next|coming|"
                    r"fiscal|flat|comparable|corresponding|(?:19|20)\d\d|(?:this|last|next) year's)[- ])*)(?P<u>quarter|half)"
                    r"(?: of (?:fiscal )?(?P<y>(?:19|20)\d\d|this year|last year|next year))?)")),
    ("season", _rx(rf"(?i:(?P<mod>{_MOD}(?:this|last|next|the|early|late|mid|the coming|the past) )"
                   rf"(?P<s>spring|summer|fall|autumn|winter)(?:,? (?:of )?(?P<y>{_YEAR}))?)")),
    ("holiday", _rx(r"(?:(?i:last|next|this) )?(?P<h>Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)?|"
                    r"Thanksgiving(?: Day)?|Easter(?: Sunday)?|Good Friday|Independence Day|Memorial Day|"
                    r"Labor Day|Halloween|Valentine's Day|Boxing Day)(?:,? (?P<y>(?:19|20)\d\d))?")),
)
"""(rule name, pattern); the handler of a rule is ``_h_<name>``."""


def _h_mdy(m: re.Match[str], c: timex.Context) -> Result:
    month = MONTHS[m["m"].rstrip(".").lower()]
    y = timex.spelled_year(m["y"]) if m["y"] else None
    day = int(re.sub(r"\D", "", m["d"]))
    v = timex.day_value(c.anchor, month, day, y, 0)
    if v and y is None and c.anchor is not None:
        if abs((date.fromisoformat(v) - c.anchor).days) > NEAR_DAY_DAYS:
            v = timex.day_value(c.anchor, month, day, y, c.tense(*m.span())) or v
    return ("DATE", v) if v else None


_h_dmy = _h_mdy


def _h_iso(m: re.Match[str], c: timex.Context) -> Result:
    v = timex.day_value(None, int(m["m"]), int(m["d"]), int(m["y"]), 0)
    return ("DATE", v) if v else None


def _h_slash(m: re.Match[str], c: timex.Context) -> Result:
    v = timex.day_value(None, int(m["m"]), int(m["d"]), timex.year2(m["y"]), 0)  # US order: month/day/year
    return ("DATE", v) if v else None


_ATTRIBUTIVE_NEXT = re.compile(r" (?!of\b|and\b|or\b)[a-z][a-z-]+")
"""A lower-case word after "the <Month>" makes the month a modifier of a noun ("the January riots")."""


def _h_month(m: re.Match[str], c: timex.Context) -> Result:
    name = m["m"].rstrip(".").lower()
    month = MONTHS[name]
    mod = (m["mod"] or "").lower().strip()
    before = c.before(m.start())
    if name in ("may", "march") and not mod and not m["y"]:
        # "May" is a modal and "March" a noun or verb: without a year or a cue they stay unread.
        if before not in YEAR_CUES | {"until", "last", "next", "this"} and c.ent(*m.span()) != "DATE":
            return None
    if mod == "the" and not m["y"]:
        if name in ("may", "march") or not _ATTRIBUTIVE_NEXT.match(c.text, m.end()) or c.anchor is None:
            return None  # "the May" alone is not a month
        # "the January riots": the month modifies a noun; the extent leaves the article out.
        return "DATE", f"{timex.month_year(c.anchor, month, c.tense(*m.span())):04d}-{month:02d}", m.span("m")
    if m["y"]:
        y = m["y"].lower()
        if y[0].isdigit() or not y.endswith(" year"):
            return "DATE", f"{timex.spelled_year(y):04d}-{month:02d}"
        if c.anchor is None:
            return "DATE", f"XXXX-{month:02d}"
        return "DATE", f"{c.anchor.year + {'this year': 0, 'last year': -1, 'next year': 1}[y]:04d}-{month:02d}"
    if c.anchor is None:
        return "DATE", timex.unanchored("month")
    if mod.startswith("last"):
        year = c.anchor.year if month < c.anchor.month else c.anchor.year - 1
    elif mod.startswith("next"):
        year = c.anchor.year if month > c.anchor.month else c.anchor.year + 1
    elif mod.startswith("this"):
        year = c.anchor.year
    else:
        year = timex.month_year(c.anchor, month, c.tense(*m.span()))
    return "DATE", f"{year:04d}-{month:02d}"


def _h_year(m: re.Match[str], c: timex.Context) -> Result:
    text = m.group(0)
    tail = c.text[m.end() : m.end() + 12]
    if re.match(r"\s*(?:%|percent|per cent|[.,]\d|-\d|:\d)", tail) or re.match(r"[,.]\d", tail):
        return None
    if not m["y"][0].isdigit():
        return "DATE", f"{timex.spelled_year(m['y']):04d}"
    if not m["fy"] and text == m["y"]:
        # A bare number: trust a year cue before it, else spaCy's entity label.
        if c.before(m.start()) not in YEAR_CUES and c.ent(*m.span()) in GUARDED_ENTS:
            return None
        if not 1800 <= int(m["y"]) <= 2099 and c.ent(*m.span()) != "DATE":
            return None
    return "DATE", m["y"]


def _h_decade(m: re.Match[str], c: timex.Context) -> Result:
    if m["w"]:
        return "DATE", f"19{int(timex.NUMBERS[m['w'].lower()[:-3] + 'y']) // 10}"
    y = m["y"]
    return "DATE", ("19" + y[1]) if y.startswith("'") else y[:3]


def _h_century(m: re.Match[str], c: timex.Context) -> Result:
    return "DATE", f"{int(m['n']) - 1:02d}"


def _h_weekday(m: re.Match[str], c: timex.Context) -> Result:
    wd = WEEKDAYS[m["w"].lower()]
    mod = (m["mod"] or "").lower().strip()
    part = DAY_PARTS.get((m["part"] or "").lower(), "")
    if c.anchor is None:
        return ("TIME" if part else "DATE"), f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
    if mod in ("last", "this past", "past", "the previous"):
        direction = -2
    elif mod in ("next", "this coming", "coming", "the following"):
        direction = 2
    else:
        direction = c.tense(*m.span())
        direction = 1 if direction > 0 else -1
    day = timex.weekday_date(c.anchor, wd, direction)
    return ("TIME", f"{day.isoformat()}T{part}") if part else ("DATE", day.isoformat())


def _h_relday(m: re.Match[str], c: timex.Context) -> Result:
    r = m["r"].lower()
    part_word = (m["part"] or "").lower()
    if c.anchor is None:
        return "DATE", timex.unanchored("day")
    day, part = timex.relday(r, c.anchor)
    mod = (m["mod"] or "").lower().strip()
    if mod == "the day before":
        day -= timedelta(days=1)
    elif mod == "the day after":
        day += timedelta(days=1)
    part = DAY_PARTS.get(part_word, part)
    if m.group(0).lower().endswith("'s") and r == "today" and c.before(m.start()) in ("of", "in", "for"):
        return None  # "in today's world", "many of today's computers": the present age, not a date
    if r in ("today", "tonight") and not part and not part_word:
        # "today" in news is the article's day; TimeBank marks "tonight" as a part of it.
        return "DATE", day.isoformat()
    return ("TIME", f"{day.isoformat()}T{part}") if part else ("DATE", day.isoformat())


def _h_relunit(m: re.Match[str], c: timex.Context) -> Result:
    rel = m["rel"].lower()
    unit = m["u"].lower()
    if unit == "period":
        if rel != "the latest" or c.anchor is None:
            return None
        return "DATE", timex.shift("quarter", c.anchor, -1)  # company results: the quarter just reported
    if unit == "day":
        if not timex.ANAPHORIC.fullmatch(m.group(0).lower()):
            return None  # "this day", "the day": a span or an idiom ("to this day"), not a date
        if c.anchor is None:
            return "DATE", timex.unanchored("day")
        step = {"the following": 1, "the next": 1, "the previous": -1}.get(rel, 0)
        return "DATE", (c.anchor + timedelta(days=step)).isoformat()  # re-anchored by _refine
    if rel in ("that", "that same") and unit in ("year", "month") and not m["mod"]:
        return "DATE", (timex.unanchored(unit))  # "that year": only a date already named says which
    if rel in ("the", "that", "its") and unit not in ("weekend", "week", "quarter") and not m["mod"]:
        return None  # "the year" is more often a span of time than a date
    if c.anchor is None:
        return "DATE", timex.unanchored(unit if unit in ("week", "month") else "year")
    step = {"last": -1, "past": -1, "previous": -1, "the previous": -1, "next": 1, "coming": 1, "the coming": 1, "the past": -1, "the last": -1, "the next": 1,
            "the following": 1}.get(rel, 0)
    if unit in SEASONS:
        year = c.anchor.year + step
        return "DATE", f"{year:04d}-{SEASONS[unit]}"
    if unit == "weekend":
        sat = timex.weekday_date(c.anchor, 5, 1 if step > 0 or c.tense(*m.span()) > 0 else -1)
        return "DATE", f"{timex.iso_week(sat + timedelta(weeks=max(step, 0) * 0))}-WE"
    if unit == "quarter" and rel in ("the latest", "the", "that", "its", "the past", "past"):
        return "DATE", timex.shift("quarter", c.anchor, -1)
    return "DATE", timex.shift(unit, c.anchor, step)


def _h_ago(m: re.Match[str], c: timex.Context) -> Result:
    unit = m["u"].lower().rstrip("s").replace("centurie", "century")
    qty = timex.amount(m["n"])
    direction = m["dir"].strip().lower()
    if direction in ("earlier", "later") and unit in SHORT_UNITS:
        # "three days later" counts from a narrated time, not the article date: TimeML keeps the span.
        return "DURATION", timex.clock_duration(qty, unit), m.span("x")
    sign = 1 if direction in ("later", "from now", "hence") else -1
    if c.anchor is None or qty == "X" or "." in qty:
        grain = {"day": "day", "week": "week", "month": "month"}.get(unit, "year")
        return "DATE", timex.unanchored(grain) if grain != "year" else "XXXX"
    n = sign * int(qty)
    if unit in ("day", "night"):
        return "DATE", (c.anchor + timedelta(days=n)).isoformat()
    if unit in ("hour", "minute", "second"):
        return "DATE", c.anchor.isoformat()
    if unit in ("decade", "century"):
        return "DATE", f"{c.anchor.year + n * (10 if unit == 'decade' else 100):04d}"
    return "DATE", timex.shift(unit if unit in ("week", "month", "quarter") else "year", c.anchor, n)


_DISCOURSE_START = re.compile(r"(?:^|[.!?\"'“”`]|\n)\s*$")
"""What ends the few characters before a sentence-initial word."""

SHORT_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight"})
"""Units of "N units later/earlier" read as a span from a narrated time rather than a date."""


def _h_duration(m: re.Match[str], c: timex.Context) -> Result:
    if m["adj"] and m["adj"].lower() == "-old":
        return None
    if m["u"].lower().startswith("quarter") and re.match(r"\s+of\b", c.text[m.end() : m.end() + 4]):
        return None  # "a quarter of the market", "three quarters of its food": fractions
    tail = c.text[m.end() : m.end() + 8].lower()
    if re.match(r"\s*old\b", tail) or c.before(m.start()) == "aged":
        return None
    n = m["n"].lower()
    pre = (m["pre"] or "").lower().strip()
    if n in ("a", "an") and not pre:
        # "a year" alone is a rate ("$5 a year") or part of a longer phrase far more often than a span.
        if c.before(m.start()) not in ("for", "in", "within", "than", "about", "nearly", "almost", "least",
                                       "just", "only", "over", "after", "takes", "take", "took", "spent"):
            return None
    unit = m["u"].lower().rstrip("s").replace("centurie", "century")
    return "DURATION", timex.clock_duration(timex.amount(n), unit)


def _h_vague(m: re.Match[str], c: timex.Context) -> Result:
    pre = (m["pre"] or "").lower()
    unit = m["u"].lower().rstrip("s")
    if pre in ("past", "future"):
        return "DATE", "PAST_REF" if pre == "past" else "FUTURE_REF"
    if not pre and not m["prep"]:
        return None  # a bare plural ("days") is a time span only after "for", "in", "over", "within"
    return "DURATION", timex.clock_duration("X", unit), m.span("x")


def _h_generic(m: re.Match[str], c: timex.Context) -> Result:
    w = m.group(0).lower()
    if w == "recent" and c.before(m.start()) in ("the", "a", "its", "their", "his", "her", "by"):
        return None  # "the recent attacks": an adjective of the noun, not a reference to the past
    if w in ("the past", "recently", "recent", "lately"):
        return "DATE", "PAST_REF"
    if w == "the future":
        return "DATE", "FUTURE_REF"
    if w == "now" and c.text[m.end() : m.end() + 1] == "," and _DISCOURSE_START.search(c.text[max(0, m.start() - 4) : m.start()]):
        return None  # sentence-initial "Now, ...": a discourse marker ("Now, he says ...")
    if w == "current" and re.match(r"\s*(?:account|affairs|s\b)", c.text[m.end() : m.end() + 10]):
        return None
    return "DATE", "PRESENT_REF"


def _h_theyear(m: re.Match[str], c: timex.Context) -> Result:
    if m["e"]:
        return "DURATION", "P1Y", (m.start(), m.start("e"))  # "the year ended Sept. 30": a fiscal span
    if c.before(m.start()) not in ("for", "in", "of", "during", "throughout") or c.anchor is None:
        return None
    return "DATE", f"{c.anchor.year:04d}"


def _h_yearago(m: re.Match[str], c: timex.Context) -> Result:
    if c.anchor is None:
        return "DATE", "XXXX"
    # Resolved again in context by _refine (quarterly reports compare quarters, not years).
    return "DATE", f"{c.anchor.year - 1:04d}"


HANDLERS: dict[str, Callable[[re.Match[str], timex.Context], Result]] = {
    name: globals().get(f"_h_{name}") or getattr(timex, f"h_{name}") for name, _ in RULES
}
"""Rule name → handler: here for the common rules, in :mod:`timex` for the calendar-heavy ones."""


# --- finding expressions ---------------------------------------------------------------------
_PRIORITY = {name: i for i, (name, _) in enumerate(RULES)}
_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“‘'(])|\n\s*\n")
QUARTER_WINDOW = 1000
"""Characters back to look for a quarter that "a year ago" compares with: quarterly reports put the
comparison within a paragraph or two (400 and 100,000 both scored lower on TimeBank)."""


@dataclass(frozen=True)
class Found:
    """A time expression found in a text, before it becomes a record."""

    span: Span
    type: TimeType
    value: str
    rule: str
    signal: Span | None = None


def find(text: str, anchor: date | None, doc: Doc | None = None) -> list[Found]:
    """Every time expression of ``text`` resolved against ``anchor``, in text order.

    ``doc`` (the spaCy parse of exactly ``text``) is optional: it gives verb tense for weekdays,
    months and quarters and entity labels that keep counts from being read as years.
    """
    ctx = timex.Context(text, anchor, doc)
    cands: list[tuple[int, int, str, TimeType, str]] = []
    for name, rx in RULES:
        handler = HANDLERS[name]
        for m in rx.finditer(text):
            res = handler(m, ctx)
            if res is None:
                continue
            start, end = res[2] if len(res) == 3 else m.span()
            cands.append((start, end, name, res[0], res[1]))
    # Longest first, then the earlier rule: overlapping readings of one phrase keep the fullest.
    cands.sort(key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int, str, TimeType, str]] = []
    for cand in cands:
        if all(cand[1] <= t[0] or t[1] <= cand[0] for t in taken):
            taken.append(cand)
    taken.sort()
    return _refine(text, [Found((s, e), t, v, r, _signal(text, s)) for s, e, r, t, v in taken])


def _signal(text: str, start: int) -> Span | None:
    m = re.search(r"([A-Za-z]+(?: of)?)\s+$", text[max(0, start - 16) : start])
    if m and m.group(1).lower() in SIGNALS:
        base = max(0, start - 16)
        return (base + m.start(1), base + m.end(1))
    return None


def _refine(text: str, found: list[Found]) -> list[Found]:
    """Values that depend on earlier expressions: "a year ago" next to a quarter is that quarter a
    year before; "the quarter" is the quarter last named; "the following year", "later that day"
    count from the last calendar date named (TimeML's reference time), within a window."""
    out: list[Found] = []
    last_quarter: tuple[int, int, int] | None = None  # (year, quarter, end offset)
    ref: tuple[date, int, int] | None = None  # (day, precision, end offset) of the last calendar date
    for f in found:
        low = text[f.span[0] : f.span[1]].lower()
        if f.rule == "relunit":
            value = timex.anchored_value(low, f.value, f.span[0], ref)
            if value is None:
                continue
            f = Found(f.span, f.type, value, f.rule, f.signal)
        elif f.rule == "weekday" and low.startswith("the previous ") and ref is not None and ref[1] == 3:
            if f.span[0] - ref[2] <= timex.REFERENCE_WINDOW:
                wd = WEEKDAYS[low.split()[-1]]
                day = timex.weekday_date(ref[0], wd, -2)
                f = Found(f.span, f.type, day.isoformat() + f.value[10:], f.rule, f.signal)
        if (c := timex.CALENDAR_VALUE.fullmatch(f.value)) and f.type in ("DATE", "TIME"):
            precision = 1 + (c[2] is not None) + (c[3] is not None)
            ref = (date(int(c[1]), int(c[2] or 1), int(c[3] or 1)), precision, f.span[1])
        near = last_quarter is not None and f.span[0] - last_quarter[2] < QUARTER_WINDOW
        if f.rule == "yearago" and last_quarter and (near or "quarter" in low):
            f = Found(f.span, f.type, f"{last_quarter[0] - 1:04d}-Q{last_quarter[1]}", f.rule, f.signal)
        elif f.rule == "relunit" and low in ("the quarter", "that quarter", "the same quarter") and last_quarter:
            f = Found(f.span, f.type, f"{last_quarter[0]:04d}-Q{last_quarter[1]}", f.rule, f.signal)
        if m := _QUARTER_VALUE.fullmatch(f.value):
            if f.rule != "yearago" and not re.search(r"year-ago|year-earlier", low):
                last_quarter = (int(m[1]), int(m[2]), f.span[1])
            elif last_quarter:
                last_quarter = (last_quarter[0], last_quarter[1], f.span[1])
        out.append(f)
    return out


def annotate(article: Article) -> None:
    """Append a :class:`TimeExpr` for every time expression in ``article.text``."""
    for f in find(article.text, article.date, article.doc):
        pdate = timex.value_date(f.value) if f.type in ("DATE", "TIME") else None
        article.times.append(TimeExpr(f.span, f.value, f.type, article.date, pdate, LABEL, f.signal))


# --- dating what a sentence reports ----------------------------------------------------------
NON_DATING_SIGNALS = frozenset({"since", "until", "till", "by", "before", "after", "for", "over", "within",
                                "through", "throughout", "from", "to"})
"""Prepositions that make a date a bound, not the time of the happening ("since 2014")."""

NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "poss"})


def _sentence(article: Article, span: Span) -> Span:
    if article.doc is not None:
        tokens = article.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is not None and len(tokens):
            sent = tokens[0].sent
            return sent.start_char, max(sent.end_char, tokens.end_char)
    start, end = 0, len(article.text)
    for m in _SENTENCE_END.finditer(article.text):
        if m.end() <= span[0]:
            start = m.end()
        elif m.start() >= span[1]:
            end = m.start() + 1
            break
    return start, end


def _root(doc: Doc, span: Span) -> Token | None:
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    return tokens.root if tokens is not None and len(tokens) else None


def _verb(tok: Token) -> Token:
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            return tok
        tok = tok.head
    return tok


CLAUSAL_COMPLEMENTS = frozenset({"xcomp", "advcl", "ccomp"})
"""Dependencies of a clause that completes the trigger's own ("providing aid *to tackle the January
protests*"); relative clauses and appositions describe a noun instead and are not followed."""

COMPLEMENT_BREAKS = frozenset({"relcl", "acl", "appos", "parataxis", "conj"})


def _in_complement(noun: Token, t_verb: Token) -> bool:
    """Whether ``noun`` is an object inside a clause that complements ``t_verb`` (at least one verb
    between them, each attached as a clausal complement)."""
    crossed = False
    tok = noun
    for _ in range(12):
        if tok.i == t_verb.i:
            return crossed
        if tok.dep_ in COMPLEMENT_BREAKS or tok.head.i == tok.i:
            return False
        if tok.i != noun.i and tok.pos_ in ("VERB", "AUX"):
            if tok.dep_ not in CLAUSAL_COMPLEMENTS:
                return False
            crossed = True
        tok = tok.head
    return False


def _rank(doc: Doc, trigger: Span, expr: Span) -> int | None:
    """0: the expression modifies the trigger's clause; 1: it modifies an object inside a clause that
    complements the trigger's ("to tackle *January* protests"); 2: an enclosing clause or the noun the
    trigger's clause describes; 3: another clause; None: it modifies an unrelated noun."""
    t_tok, x_tok = _root(doc, trigger), _root(doc, expr)
    if t_tok is None or x_tok is None:
        return 3
    t_verb = _verb(t_tok)
    if x_tok.dep_ in NOUN_MODIFIER_DEPS and x_tok.head.pos_ in ("NOUN", "PROPN"):
        noun = x_tok.head
        if noun in (t_tok, t_verb):
            return 0
        if noun.is_ancestor(t_verb):
            return 2
        return 1 if _in_complement(noun, t_verb) else None
    x_verb = _verb(x_tok)
    if x_verb in (t_verb, t_tok):
        return 0
    if x_verb.is_ancestor(t_verb):
        return 2
    return 3


def date_for(article: Article, span: Span) -> tuple[PartialDate | None, Span | None, str]:
    """The date of the happening reported in the sentence containing ``span`` (a trigger or a quote).

    Picks the DATE/TIME expression of that sentence that governs ``span`` in the dependency parse
    (same clause first; then a month or day modifying an object of a clause that completes the
    trigger's, as in "providing aid to tackle the January protests"; then an enclosing clause, then
    the nearest); bounds such as "since 2014", durations and year modifiers of unrelated nouns
    ("referring to the 2014 revolution") do not date. Returns ``(date, span of the expression with its preposition,
    reason)``; with nothing in the sentence, the article date, ``None`` and a reason saying so.
    """
    s_start, s_end = _sentence(article, span)
    best: tuple[int, int, TimeExpr] | None = None
    for t in article.times:
        if t.type not in ("DATE", "TIME") or t.span[0] < s_start or t.span[1] > s_end:
            continue
        if t.signal is not None and article.slice(t.signal).lower() in NON_DATING_SIGNALS:
            continue
        rank = _rank(article.doc, span, t.span) if article.doc is not None else 3
        if rank is None or (rank == 1 and (t.date is None or t.date.month is None)):
            # A bare year on a noun names a past thing more often than the time of the act
            # ("to mark the 2014 revolution"); a month or a day ("the January protests") is recent.
            continue
        distance = min(abs(t.span[0] - span[1]), abs(span[0] - t.span[1]))
        if best is None or (rank, distance) < best[:2]:
            best = (rank, distance, t)
    if best is None:
        if article.date is None:
            return None, None, "no time expression in the sentence and no article date"
        return PartialDate.of(article.date), None, "no time expression in the sentence; article date used"
    expr = best[2]
    shown = (expr.signal[0], expr.span[1]) if expr.signal else expr.span
    text = " ".join(article.slice(shown).split())
    if expr.date is not None:
        return expr.date, shown, f"date from '{text}'"
    if expr.value == "PRESENT_REF" and article.date is not None:
        return PartialDate.of(article.date), shown, f"'{text}' refers to the article date"
    return None, shown, f"'{text}' ({expr.value}) gives no calendar date"
