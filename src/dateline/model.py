"""The document model: one :class:`Article` that stages annotate, and the frozen records they add.

Records never copy article text: every record holds ``(start, end)`` offsets into
``Article.text`` and the text is sliced only when a record is written out (see
:mod:`dateline.serialize`). Dates are :class:`PartialDate` values that know their precision.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc

Span = tuple[int, int]
"""``[start, end)`` code-point offsets into ``Article.text``."""

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
"""The 16 PLOVER event types of the output contract."""

EventStatus = Literal["reported", "historical", "hypothetical", "future", "denied"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


class Precision(str, Enum):
    """How much of a :class:`PartialDate` is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to day, month or year precision (``2022``, ``2022-01``, ``2022-02-22``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a PartialDate with a day needs a month")
        # Validates the calendar (raises ValueError on 2022-02-30).
        date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        """The finest field that is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        """The earliest calendar day the value covers (for sorting and range filters)."""
        return date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def of(cls, day: date) -> PartialDate:
        """A day-precision value for a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raises ``ValueError`` otherwise."""
        parts = value.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"not a YYYY[-MM[-DD]] date: {value!r}")
        nums = [int(p) for p in parts] + [None, None]
        return cls(nums[0], nums[1], nums[2])  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Warning:
    """Something a user should know about an article (bad date, language, recovered input)."""

    code: str
    message: str


@dataclass(frozen=True)
class ActorRef:
    """An actor as used in one record: the mention (``span``) and the resolved actor."""

    span: Span
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    actor_id: str | None = None


@dataclass(frozen=True)
class Actor:
    """A canonical actor of one article with every mention of it."""

    id: str
    name: str
    type: str
    span: Span
    mentions: tuple[Span, ...]
    country: str | None = None
    sector: str | None = None
    extractor: str = ""

    def ref(self, span: Span | None = None) -> ActorRef:
        """A reference to this actor through one of its mentions (its first by default)."""
        return ActorRef(span or self.span, self.name, self.type, self.country, self.sector, self.id)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression and its TIMEX3 value resolved against the article date."""

    span: Span
    value: str
    type: TimeType
    anchor: date | None
    date: PartialDate | None = None
    """The calendar date the expression points to, when it points to one."""
    extractor: str = ""
    signal: Span | None = None
    """The preposition that introduces the expression ("on" in "on Tuesday"), outside its TimeML extent."""


@dataclass(frozen=True)
class Place:
    """A toponym resolved to a gazetteer entry."""

    span: Span
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    feature: str | None = None
    extractor: str = ""
    direction: str | None = None
    """A compass part named with the place ("northern Mali", "the eastern flank of Ukraine" → ``east``);
    the span then covers the direction words and the coordinates stay those of the whole place."""
    admin1: str | None = None
    """The first-level division code of the place where known (USPS code in the US)."""


@dataclass(frozen=True)
class Event:
    """Who did what to whom, when and where (PLOVER type with its CAMEO crosswalk)."""

    id: str
    type: str
    trigger: Span
    sentence_span: Span
    source: ActorRef | None = None
    target: ActorRef | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    negated: bool = False
    status: EventStatus = "reported"
    date: PartialDate | None = None
    date_span: Span | None = None
    location: Place | None = None
    confidence: float = 0.0
    why: str = ""
    mentions: tuple[Span, ...] = ()
    """Trigger spans of further reports of the same event in the article."""
    extractor: str = ""


@dataclass(frozen=True)
class Quote:
    """Who said what (content), how (cue) and according to whom."""

    id: str
    content: Span
    speaker: ActorRef | None = None
    cue: Span | None = None
    direct: bool = True
    according_to: tuple[Span, ...] = ()
    date: PartialDate | None = None
    sentence_span: Span | None = None
    confidence: float = 0.0
    extractor: str = ""
    parts: tuple[Span, ...] = ()
    """The fragments of a quotation split by its attribution (``"A," she said, "B."``); empty when
    ``content`` is one piece."""
    why: str = ""
    """The rule that found the quote (``direct``, ``mixed``, ``indirect-speech``, ``floating``…)."""
    kind: str = ""
    """What the cue attributes: ``speech`` (said), ``report`` (a poll shows, according to), ``belief``
    (thinks, wants) or ``stance`` (endorsed, condemned); empty when unknown."""


def content_id(prefix: str, *parts: object) -> str:
    """A stable id from the parts that identify a record (same input, same id)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:16]}"


@dataclass
class Article:
    """One dated article. The NLP stage sets ``doc``; each extractor fills its list of records."""

    text: str
    date: date | None
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""
    """Where the article came from, as ``file:line`` (for messages and quarantine)."""
    language: str = "en"
    warnings: list[Warning] = field(default_factory=list)
    doc: Doc | None = field(default=None, repr=False, compare=False)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Scratch space extractors share within one run (never serialised)."""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id("a", self.date.isoformat() if self.date else "", self.text)

    @property
    def text_sha256(self) -> str:
        """SHA-256 of the body text (the same text gives the same hash whatever its id)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def slice(self, span: Span) -> str:
        """The text of a span."""
        return self.text[span[0] : span[1]]

    def warn(self, code: str, message: str) -> None:
        """Attach a warning (kept in the output and the ledger)."""
        self.warnings.append(Warning(code, message))


@dataclass(frozen=True)
class Quarantined:
    """An input that could not become an article, kept with its reason and location."""

    origin: str
    """``file:line`` (or ``file``) the input came from."""
    reason: str
    """A short machine-readable reason: ``invalid-json``, ``no-text``, ``unreadable``…"""
    message: str
    raw: str = ""
    """The start of the offending input, for inspection (never parsed again)."""
