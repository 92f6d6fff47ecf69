"""Event recall: deeper targets, subjects through copulas and reports, generic groups, sentence
countries for unknown people, and the classifier fallback (all on invented sentences)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dateline.extract import event_model
from dateline.model import Event
from event_cases import coded, dyads


def _events(text: str) -> list[Event]:
    return coded(text, date(2022, 2, 22)).events


@pytest.mark.parametrize(
    ("text", "dyad", "why"),
    [
        ("Chile threatened on Monday to cut diplomatic ties with Peru.", ("THREATEN", "CHL", "PER"), "subtree"),
        ("Morocco says it is willing to withdraw its troops from Mauritania.", ("AGREE", "MAR", "MRT"), "adj"),
        ("Thousands of Iraqi Kurds demonstrated in Erbil on Sunday.", ("PROTEST", "IRQ", "IRQ"), "generic"),
        ("President Jorge Almeida threatened to expel Spanish diplomats from Lisbon.",
         ("THREATEN", "PRT", "ESP"), "sentence context"),
    ],
)
def test_events_recall_dyads(text: str, dyad: tuple[str, str, str | None], why: str) -> None:
    events = _events(text)
    match = [e for e in events if dyads([e]) == {dyad}]
    assert match, dyads(events)
    assert why in match[0].why


@pytest.mark.parametrize(
    "text",
    [
        "Morocco says it is not willing to withdraw its troops from Mauritania.",
        "Chile denied threatening to cut ties with Peru.",
    ],
)
def test_events_recall_keeps_denials_out(text: str) -> None:
    assert _events(text) == []


def test_events_recall_unnamed_group_without_country_codes_nothing() -> None:
    assert _events("Some people gathered and demonstrated on Sunday.") == []


def test_event_model_scores_are_a_distribution() -> None:
    clf = event_model.model()
    if clf is None:
        pytest.skip("events_model.npz not built (scripts/train_event_model.py)")
    scores = clf.scores("Soldiers fired on protesters and killed three people in the capital.")
    assert set(scores) >= {"ASSAULT", "AGREE", "PROTEST"} and len(scores) == 16
    assert abs(sum(scores.values()) - 1.0) < 1e-6
    assert max(scores, key=lambda k: scores[k]) == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "stems"),
    [("Troops attacked the villages", ["troop", "attack", "the", "villag"]),
     ("He was attacking 12 posts", ["he", "was", "attack", "<num>", "post"])],
)
def test_event_model_features_are_deterministic(text: str, stems: list[str]) -> None:
    assert event_model.tokens(text) == stems
    assert np.array_equal(event_model.features(text), event_model.features(text))
    assert (event_model.features(text) < event_model.BUCKETS).all()
