"""Round-3 coverage: lexicon breadth, commitments to conflict, context targets, misparsed subjects,
visits and the actor matcher across spaCy memory zones (all on invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.model import Article, Event
from dateline.pipeline import annotate
from event_cases import coded, dyads


def _events(text: str, day: date = date(2021, 5, 4)) -> list[Event]:
    return coded(text, day).events


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        ("Bolivia slammed Chile over the new border fence on Tuesday.", ("ACCUSE", "BOL", "CHL")),
        ("Norway and Iceland reached an agreement on fishing quotas.", ("AGREE", "NOR", None)),
        ("Ghana recalled its ambassador to Togo on Friday.", ("SANCTION", "GHA", "TGO")),
        ("Kenya spurned Somalia's offer of talks.", ("REJECT", "KEN", "SOM")),
        ("Argentina congratulated Uruguay on its election.", ("SUPPORT", "ARG", "URY")),
        ("Fiji and Tonga restored diplomatic relations on Monday.", ("SUPPORT", "FJI", None)),
        ("The Peruvian president stepped down on Sunday.", ("RETREAT", "PER", None)),
    ],
)
def test_events_breadth_lexicon(text: str, dyad: tuple[str, str, str | None]) -> None:
    assert dyad in dyads(_events(text))


def test_events_breadth_vow_to_attack_is_threat() -> None:
    found = dyads(_events("Armenia vowed to retaliate against Azerbaijan after the shelling."))
    assert ("THREATEN", "ARM", "AZE") in found
    assert not any(d[0] == "AGREE" for d in found)


def test_events_breadth_context_target() -> None:
    events = _events("On a visit to Malta, the Danish minister condemned the treatment of migrants.")
    match = [e for e in events if dyads([e]) == {("ACCUSE", "DNK", "MLT")}]
    assert match and "target by context" in match[0].why


def test_events_breadth_visit_place_is_target() -> None:
    assert ("CONSULT", "IND", "BRA") in dyads(_events("Indian Prime Minister Narendra Modi travelled to Brazil."))


def test_events_breadth_denial_still_suppressed() -> None:
    events = _events("Ecuador denied that it had attacked Colombia.")
    assert not any(e.type == "ASSAULT" for e in events)


def test_actors_memory_zone_matcher_survives_batches() -> None:
    """The pipeline codes each batch in a spaCy memory zone; table names must resolve after the first."""
    texts = [f"Vladimir Putin met Xi Jinping in Moscow on day {n}." for n in range(40)]
    out = list(annotate([Article(text=t, date=date(2019, 6, 5), origin=f"t{n}") for n, t in enumerate(texts)]))
    assert all(not a.warnings for a in out), out[-1].warnings
    assert all(("CONSULT", "RUS", "CHN") in dyads(a.events) for a in out)
