"""date_for: the date of the happening a sentence reports, from the time expression that governs it."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from dateline.extract import times
from dateline.model import Article, PartialDate

TUE = date(2022, 2, 22)


@pytest.fixture(scope="session")
def date_nlp() -> Language:
    """The spaCy pipeline, loaded once for the date_for tests."""
    from dateline.nlp import load_model

    return load_model()


def _dated(
    nlp: Language, text: str, trigger: str, day: date | None = TUE
) -> tuple[PartialDate | None, str | None, str]:
    article = Article(text=text, date=day)
    article.doc = nlp(text)
    times.annotate(article)
    start = text.index(trigger)
    found, span, why = times.date_for(article, (start, start + len(trigger)))
    return found, (article.slice(span) if span else None), why


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "shown"),
    [
        ("Putin met Aliyev at the Kremlin on Tuesday.", "met", PartialDate(2022, 2, 22), "on Tuesday"),
        ("Lavrov on Friday questioned Ukraine's sovereignty.", "questioned", PartialDate(2022, 2, 18),
         "on Friday"),
        ("Crimea was annexed by Russia in 2014.", "annexed", PartialDate(2014), "in 2014"),
        ("Protesters clashed with police in January, officials said on Monday.", "clashed",
         PartialDate(2022, 1), "in January"),
        ("Protesters clashed with police in January, officials said on Monday.", "said",
         PartialDate(2022, 2, 21), "on Monday"),
        ("He was referring to the 2014 revolution, he said.", "referring", PartialDate(2022, 2, 22), None),
        ("Rebels have controlled the town since 2014.", "controlled", PartialDate(2022, 2, 22), None),
        ("The army shelled the city for three days.", "shelled", PartialDate(2022, 2, 22), None),
        ("Troops attacked the village. Talks resume on Friday.", "attacked", PartialDate(2022, 2, 22), None),
        # A month on an object of a clause completing the trigger's dates it: the aid was for January.
        ("He said the alliance providing troops to quell January riots in the capital shows its resolve.",
         "providing", PartialDate(2022, 1), "January"),
        ("Moscow said on Monday that it sent troops to quell the January riots.", "sent", PartialDate(2022, 1),
         "January"),
        ("Moscow said on Monday that it sent troops to quell the January riots.", "said",
         PartialDate(2022, 2, 21), "on Monday"),
        # ... but not a bare year (a named past event), nor a noun outside such a clause.
        ("Russia sent troops to mark the 2014 revolution.", "sent", PartialDate(2022, 2, 22), None),
        ("Police arrested the leaders of the January protests.", "arrested", PartialDate(2022, 2, 22), None),
        ("The minister who condemned the January riots resigned.", "resigned", PartialDate(2022, 2, 22), None),
    ],
)
def test_times_date_for(
    date_nlp: Language, text: str, trigger: str, expected: PartialDate, shown: str | None
) -> None:
    found, span_text, why = _dated(date_nlp, text, trigger)
    assert found == expected, why
    assert span_text == shown
    assert why


def test_times_date_for_reasons(date_nlp: Language) -> None:
    _, _, why = _dated(date_nlp, "Putin met Aliyev on Tuesday.", "met")
    assert why == "date from 'on Tuesday'"
    _, span, why = _dated(date_nlp, "Putin met Aliyev.", "met")
    assert span is None and why == "no time expression in the sentence; article date used"


def test_times_date_for_references_and_missing_dates(date_nlp: Language) -> None:
    found, span, _ = _dated(date_nlp, "Prices rose sharply recently.", "rose")
    assert found is None and span == "recently"
    found, span, _ = _dated(date_nlp, "Putin met Aliyev.", "met", None)
    assert found is None and span is None
