"""Helpers shared by the tests: code one invented text, reduce events to comparable dyads."""

from __future__ import annotations

from datetime import date

from dateline.model import Article, Event
from dateline.pipeline import annotate


def coded(text: str, day: date | None = date(2022, 2, 22)) -> Article:
    """``text`` run through the whole pipeline as an article dated ``day``."""
    return next(annotate([Article(text=text, date=day, origin="test")]))


def dyads(events: list[Event]) -> set[tuple[str, str | None, str | None]]:
    """``(type, source country, target country)`` of each event."""
    return {(e.type, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events}
