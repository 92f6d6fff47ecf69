"""Places extractor: toponyms found, metonyms kept apart, resolution by context, event locations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.eval import EvalOptions
from dateline.extract import places
from dateline.model import Article

GOLD = Path(__file__).parent / "gold" / "places.jsonl"


@pytest.fixture(scope="session")
def places_nlp():
    from dateline.nlp import load_model

    return load_model()


def _run(nlp, text: str) -> Article:
    article = Article(text=text, date=date(2022, 2, 22))
    article.doc = nlp(text)
    places.annotate(article)
    return article


def _found(article: Article) -> dict[str, tuple[str | None, str | None]]:
    return {article.slice(p.span): (p.name, p.country) for p in article.places}


@pytest.mark.parametrize(
    ("text", "surface", "name", "country"),
    [
        ("Russian troops moved across Crimea on Tuesday.", "Crimea", "Crimea", "UKR"),
        ("Thousands rallied in Kyiv against the war.", "Kyiv", "Kyiv", "UKR"),
        ("The talks on Nagorno-Karabakh stalled again.", "Nagorno-Karabakh", "Nagorno-Karabakh", "AZE"),
        ("He met his counterpart at the Kremlin on Tuesday.", "Kremlin", "Kremlin", "RUS"),
        ("A barn burned outside Paris, Texas, on Monday.", "Paris", "Paris", "USA"),
        ("The mayor of Paris opened a bridge over the Seine.", "Paris", "Paris", "FRA"),
        ("Police in Alexandria, La., arrested a man.", "Alexandria", "Alexandria", "USA"),
        ("Floods hit Sindh and the city of Karachi.", "Sindh", "Sindh", "PAK"),
    ],
)
def test_places_found_and_resolved(places_nlp, text, surface, name, country):
    found = _found(_run(places_nlp, text))
    assert found.get(surface) == (name, country), found


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Putin accused Kyiv's ruling government of serving the West.", "Kyiv"),
        ("Moscow said the drills were routine.", "Moscow"),
        ("Washington warned of new sanctions.", "Washington"),
        ("The drills were condemned by Beijing.", "Beijing"),
    ],
)
def test_places_metonyms_are_not_places(places_nlp, text, surface):
    article = _run(places_nlp, text)
    assert surface not in _found(article)
    assert surface in {article.slice(p.span) for p in article.extra["places.metonyms"]}


@pytest.mark.parametrize(
    "text",
    ["Kazakhstani authorities asked for help.", "The Russian leader spoke.", "He spoke in Russian Duma."],
)
def test_places_demonyms_are_not_places(places_nlp, text):
    assert _run(places_nlp, text).places == []


@pytest.mark.parametrize(
    ("text", "surface", "direction"),
    [
        ("Militants attacked a base in northern Mali.", "northern Mali", "north"),
        ("Troops were sent to the eastern flank of Ukraine.", "eastern flank of Ukraine", "east"),
    ],
)
def test_places_direction_kept_in_span(places_nlp, text, surface, direction):
    article = _run(places_nlp, text)
    spans = {article.slice(p.span): p.direction for p in article.places}
    assert spans.get(surface) == direction, spans


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Protesters clashed with police in Nairobi on Friday.", "clashed", "Nairobi"),
        ("Russia sent troops to Donbas after the vote.", "sent", "Donbas"),
        ("Officials in Lagos reported that the outbreak spread.", "reported", "Lagos"),
    ],
)
def test_places_location_for_event(places_nlp, text, trigger, expected):
    article = _run(places_nlp, text)
    start = text.index(trigger)
    place = places.location_for(article, (start, start + len(trigger)))
    assert place is not None and article.slice(place.span) == expected


def test_places_location_for_none_without_places(places_nlp):
    article = _run(places_nlp, "The minister resigned on Monday.")
    assert places.location_for(article, (13, 21)) is None


def test_places_gold_floor():
    from dateline.eval.places import evaluate_gold

    report = evaluate_gold(GOLD, EvalOptions())
    assert report.metrics["f1"] >= 0.85, report.metrics
    assert report.metrics["acc161"] >= 0.9, report.metrics
