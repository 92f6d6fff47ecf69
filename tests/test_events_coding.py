"""Event coding: dyads, passives, compounds, denials, historical dates and the sample article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.eval import EvalOptions
from dateline.extract.events import LABEL
from dateline.model import Article, Event
from event_cases import coded, dyads

GOLD = Path(__file__).parent / "gold" / "events.jsonl"


def _events(text: str, day: date | None = date(2022, 2, 22)) -> tuple[Article, list[Event]]:
    article = coded(text, day)
    return article, article.events


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        ("Estonia expelled two Russian diplomats on Tuesday.", ("SANCTION", "EST", "RUS")),
        ("Egypt urged Ethiopia to resume talks.", ("REQUEST", "EGY", "ETH")),
        ("Armenian forces shelled Azerbaijani villages.", ("ASSAULT", "ARM", "AZE")),
        ("Ukraine's Crimea was annexed by Russia.", ("ASSAULT", "RUS", "UKR")),
        ("Russia said Sudan must return the helicopter.", ("REQUEST", "RUS", "SDN")),
        ("Hungary said it will support Romania.", ("AGREE", "HUN", "ROU")),
    ],
)
def test_events_dyads(text: str, dyad: tuple[str, str, str | None]) -> None:
    _, events = _events(text)
    assert dyad in dyads(events)


def test_events_compound_subject_gives_one_event_per_actor() -> None:
    _, events = _events("Japan and India agreed to deepen defence ties.")
    assert {("AGREE", "JPN", None), ("AGREE", "IND", None)} <= dyads(events)


@pytest.mark.parametrize(
    "text",
    [
        "Putin said he does not plan to restore Russia's empire.",
        "Berlin does not plan to send troops to Niger.",
        "The army did not attack the village.",
    ],
)
def test_events_denials_code_nothing(text: str) -> None:
    _, events = _events(text)
    assert events == []


def test_events_historical_date() -> None:
    _, events = _events("Crimea was annexed by Russia in 2014.")
    (event,) = events
    assert event.date is not None and event.date.iso() == "2014"
    assert event.status == "historical"


def test_events_record_fields() -> None:
    article, events = _events("Russian President Vladimir Putin met Ilham Aliyev on Tuesday.")
    (event,) = events
    assert (event.cameo, event.quad_class) == ("040", 1)
    assert article.slice(event.trigger) == "met"
    assert event.date is not None and event.date.iso() == "2022-02-22"
    assert "trigger 'met'" in event.why and event.extractor == LABEL


def test_events_sample_article(sample_path: Path) -> None:
    from dateline.pipeline import extract

    article = next(a for a in extract([sample_path]) if isinstance(a, Article))
    dyads = {(e.type, e.source and e.source.country, e.target and e.target.country, e.date and e.date.iso())
             for e in article.events}
    assert ("MOBILIZE", "RUS", "UKR", "2022-02-22") in dyads
    assert ("CONSULT", "RUS", "AZE", "2022-02-22") in dyads
    assert ("ASSAULT", "RUS", "UKR", "2014") in dyads
    assert any(t == "ACCUSE" and s == "RUS" and g == "UKR" for t, s, g, _ in dyads)
    assert any(t == "AID" and s == "CSTO" and g == "KAZ" for t, s, g, _ in dyads)
    assert any(t == "SUPPORT" and s == "RUS" for t, s, _, _ in dyads)
    assert not any(article.slice(e.trigger) == "restore" for e in article.events)


def test_events_gold_floor() -> None:
    from dateline.eval.events import evaluate_gold

    report = evaluate_gold(GOLD, EvalOptions())
    assert report.metrics["event_type_accuracy"] >= 0.95
    assert report.metrics["dyad_precision"] >= 0.8
    assert report.metrics["dyad_f1"] >= 0.8
    assert report.metrics["date_accuracy"] >= 0.9
