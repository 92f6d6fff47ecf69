"""Query filters shared by the CLI, the Python API and the server, compiled to parameterised SQL.

Every value reaches DuckDB as a bound parameter; column names come only from the fixed
tables below, never from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

DEFAULT_LIMIT = 50
"""Rows a query returns unless told otherwise: a screenful in a terminal, a page in the API."""

MAX_LIMIT = 100_000


@dataclass(frozen=True)
class Filter:
    """What to select. Unset fields do not filter. Each table uses the fields that apply to it."""

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    """Part of an actor name (events: source or target; quotes: speaker; actors: name)."""
    country: str | None = None
    """ISO3 or bloc code of either side (events), the speaker (quotes) or the actor (actors)."""
    source_country: str | None = None
    target_country: str | None = None
    type: str | None = None
    """Event type (events) or entity type (actors)."""
    quad_class: int | None = None
    min_confidence: float | None = None
    """Events at or above this confidence (0–1): trades recall for precision (see ``dateline eval``)."""
    text: str | None = None
    """Words in the article text (articles), the quote content (quotes) or the evidence (events)."""
    place: str | None = None
    """Part of a place name, or an ISO3 code (events: the location; articles, actors, quotes: places mentioned)."""
    speaker: str | None = None
    """Part of a speaker's name or mention (quotes; articles with such a quote)."""
    article_id: str | None = None
    """Records of one article."""
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def replace(self, **changes: Any) -> Filter:
        """A copy with some fields changed."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Filter(**values)


def parse_confidence(value: str) -> float:
    """A ``min_confidence`` value: a number from 0 to 1 (``ValueError`` otherwise)."""
    number = float(value)  # ValueError for text
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{value!r} is outside 0-1")
    return number


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(table: str, flt: Filter) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (with ``?`` placeholders) and its parameters for one table."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    date_col = {"articles": "a.date", "actors": "a.date", "places": "a.date", "events": "t.date", "quotes": "t.date"}[table]
    if flt.since:
        add(f"{date_col} >= ?", flt.since)
    if flt.until:
        add(f"{date_col} <= ?", flt.until)
    if flt.article_id:
        add("a.id = ?", flt.article_id)
    if flt.speaker and table in ("quotes", "articles"):
        quoted = "t" if table == "quotes" else "q"
        speaker_sql = f"({quoted}.speaker_name ILIKE ? ESCAPE '\\' OR {quoted}.speaker_text ILIKE ? ESCAPE '\\')"
        if table == "articles":
            speaker_sql = f"a.id IN (SELECT q.article_id FROM quotes q WHERE {speaker_sql})"
        add(speaker_sql, _like(flt.speaker), _like(flt.speaker))
    if flt.place:
        if table == "events":
            add("(t.location_name ILIKE ? ESCAPE '\\' OR t.location_country = ?)", _like(flt.place), flt.place.upper())
        else:
            add(
                "a.id IN (SELECT p.article_id FROM places p WHERE p.name ILIKE ? ESCAPE '\\' OR p.country = ?)",
                _like(flt.place),
                flt.place.upper(),
            )
    if table == "events":
        if flt.actor:
            add(
                "(t.source_name ILIKE ? ESCAPE '\\' OR t.target_name ILIKE ? ESCAPE '\\')",
                _like(flt.actor),
                _like(flt.actor),
            )
        if flt.country:
            add("(t.source_country = ? OR t.target_country = ?)", flt.country.upper(), flt.country.upper())
        if flt.source_country:
            add("t.source_country = ?", flt.source_country.upper())
        if flt.target_country:
            add("t.target_country = ?", flt.target_country.upper())
        if flt.type:
            add("t.type = ?", flt.type.upper())
        if flt.quad_class is not None:
            add("t.quad_class = ?", flt.quad_class)
        if flt.min_confidence is not None:
            add("t.confidence >= ?", flt.min_confidence)
        if flt.text:
            add("substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start) ILIKE ? ESCAPE '\\'", _like(flt.text))
    elif table == "quotes":
        if flt.actor:
            add("(t.speaker_name ILIKE ? ESCAPE '\\' OR t.speaker_text ILIKE ? ESCAPE '\\')", _like(flt.actor), _like(flt.actor))
        if flt.country:
            add("t.speaker_country = ?", flt.country.upper())
        if flt.text:
            add("t.content ILIKE ? ESCAPE '\\'", _like(flt.text))
    elif table == "actors":
        if flt.actor:
            add("t.name ILIKE ? ESCAPE '\\'", _like(flt.actor))
        if flt.country:
            add("t.country = ?", flt.country.upper())
        if flt.type:
            add("t.type = ?", flt.type.upper())
        if flt.text:
            add("a.text ILIKE ? ESCAPE '\\'", _like(flt.text))
    elif table == "places":
        if flt.actor:
            add("(t.name ILIKE ? ESCAPE '\\' OR t.text ILIKE ? ESCAPE '\\')", _like(flt.actor), _like(flt.actor))
        if flt.country:
            add("t.country = ?", flt.country.upper())
        if flt.type:
            add("t.feature = ?", flt.type.lower())
        if flt.text:
            add("a.text ILIKE ? ESCAPE '\\'", _like(flt.text))
    elif table == "articles":
        if flt.text:
            add("(a.text ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\')", _like(flt.text), _like(flt.text))
        if flt.actor:
            add(
                "a.id IN (SELECT article_id FROM actors WHERE name ILIKE ? ESCAPE '\\')",
                _like(flt.actor),
            )
        if flt.country:
            add("a.id IN (SELECT article_id FROM actors WHERE country = ?)", flt.country.upper())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def page(flt: Filter) -> tuple[str, list[Any]]:
    """``LIMIT ? OFFSET ?`` with the limit clamped to :data:`MAX_LIMIT`."""
    return " LIMIT ? OFFSET ?", [max(0, min(flt.limit, MAX_LIMIT)), max(0, flt.offset)]
