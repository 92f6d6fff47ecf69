"""Places: document context (states, datelines, shared states, one sense per name) and event locations."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import places
from dateline.model import Article


@pytest.fixture(scope="session")
def context_nlp():
    from dateline.nlp import load_model

    return load_model()


def _run(nlp, text: str) -> Article:
    article = Article(text=text, date=date(2009, 3, 2))
    article.doc = nlp(text)
    places.annotate(article)
    return article


def _readings(article: Article, surface: str) -> set[tuple[str | None, str | None]]:
    found = article.places + article.extra["places.metonyms"]
    return {(p.country, p.admin1) for p in found if article.slice(p.span) == surface}


@pytest.mark.parametrize(
    ("text", "surface", "country", "admin1"),
    [
        # A US article: "Georgia" is the state, not the country.
        ("Farmers in Georgia lost crops to the frost. Growers near Atlanta and Macon said peaches "
         "were hit hardest, and Alabama growers fared no better.", "Georgia", "USA", "GA"),
        # A Caucasus article: the country.
        ("Protesters gathered in Tbilisi on Sunday. Georgia has been tense since the vote, and "
         "crowds also marched in Batumi.", "Georgia", "GEO", None),
        # An upper-case dateline with an AP state abbreviation sets the town and adds the state.
        ("Two boys found safe. HURRICANE, W.Va. - Deputies found two boys who went missing on "
         "Sunday night near a creek.", "HURRICANE", "USA", "WV"),
        ("Two boys found safe. HURRICANE, W.Va. - Deputies found two boys who went missing on "
         "Sunday night near a creek.", "W.Va.", "USA", "WV"),
        # An ambiguous town and a small town of one state only: the state they share wins.
        ("The new jail in Gainesville will open next month. Deputies from Flowery Branch will "
         "staff it.", "Gainesville", "USA", "GA"),
        # One sense per name: a later bare mention keeps the qualified reading.
        ("A barn burned outside Paris, Texas, on Monday. Firefighters from Paris arrived within "
         "minutes.", "Paris", "USA", "TX"),
    ],
)
def test_places_context_resolution(context_nlp, text, surface, country, admin1):
    assert _readings(_run(context_nlp, text), surface) == {(country, admin1)}


def test_places_context_capital_stays_foreign(context_nlp):
    """A lone mention of a famous city keeps its prior without any local context."""
    article = _run(context_nlp, "The conference opened in Paris on Monday with delegates from forty countries.")
    assert _readings(article, "Paris") == {("FRA", "11")}


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        ("Russia sent troops to Donbas on Tuesday.", "sent", "Donbas"),
        ("Talks in Geneva ended without a deal.", "Talks", "Geneva"),
        ("The two sides held talks in Istanbul on Monday.", "talks", "Istanbul"),
        ("A bomb attack near Kandahar killed four soldiers.", "attack", "Kandahar"),
        ("Rebels attacked a convoy near Goma, officials in Kinshasa said.", "attacked", "Goma"),
        ("France deployed 500 soldiers to Mali.", "deployed", "Mali"),
        ("Protesters clashed with police in Caracas.", "clashed", "Caracas"),
        ("Moscow said the drills near Belgorod were routine.", "drills", "Belgorod"),
    ],
)
def test_places_location_for_event(context_nlp, text, trigger, where):
    article = _run(context_nlp, text)
    i = text.index(trigger)
    place = places.location_for(article, (i, i + len(trigger)))
    assert place is not None and article.slice(place.span) == where


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Moscow accused Kyiv of stalling.", "accused"),  # both are actors, not locations
        ("The minister resigned on Friday.", "resigned"),  # no place at all
        ("He also questioned Ukraine's sovereignty on Monday.", "questioned"),  # an owner, not a setting
    ],
)
def test_places_location_for_none(context_nlp, text, trigger):
    article = _run(context_nlp, text)
    i = text.index(trigger)
    assert places.location_for(article, (i, i + len(trigger))) is None
