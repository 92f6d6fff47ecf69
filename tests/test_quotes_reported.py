"""Attributions without quotation marks: objects, prepositional objects, nominal cues, passives,
parenthetical cues, polls and beliefs (quotes pass 2, ``dateline.extract.reported``)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import actors, quotes
from dateline.extract.cues import lexicon_full
from dateline.model import Article


@pytest.fixture(scope="session")
def reported_nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once for these tests."""
    from dateline.nlp import load_model

    return load_model()


def _run(nlp, text: str) -> Article:  # type: ignore[no-untyped-def]
    article = Article(text=text, date=date(2023, 6, 1), origin="test")
    article.doc = nlp(text)
    actors.annotate(article)
    quotes.annotate(article)
    return article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The farmers' union endorsed Governor Ruth Maddox on Thursday.",
            ("The farmers' union", "endorsed", ("Governor Ruth Maddox",), "object", "stance"),
        ),
        (
            "Senator Paolo Riva criticized the transport ministry for the delays at the border.",
            (
                "Senator Paolo Riva",
                "criticized",
                ("the transport ministry for the delays at the border",),
                "object",
                "speech",
            ),
        ),
        (
            "The mayor called for an independent inquiry into the flooding.",
            (
                "The mayor",
                "called for",
                ("an independent inquiry into the flooding",),
                "prep-object",
                "speech",
            ),
        ),
        (
            "The harbour project, the minister said, will create four thousand jobs.",
            (
                "the minister",
                "said",
                ("The harbour project", "will create four thousand jobs."),
                "parenthetical",
                "speech",
            ),
        ),
        (
            "Dr. Amara Osei repeated her claim that the vaccine trial had been rushed.",
            ("Dr. Amara Osei", "claim", ("that the vaccine trial had been rushed",), "nominal", "speech"),
        ),
        (
            "A new poll shows the governor leading her rival by six points.",
            (
                "A new poll",
                "shows",
                ("the governor leading her rival by six points",),
                "indirect-report",
                "report",
            ),
        ),
        (
            "Many economists believe the central bank will cut rates in March.",
            (
                "Many economists",
                "believe",
                ("the central bank will cut rates in March",),
                "indirect-belief",
                "belief",
            ),
        ),
        (
            "The plan was first reported by the Daily Courier.",
            ("the Daily Courier", "was first reported by", ("The plan",), "passive", "report"),
        ),
    ],
)
def test_quotes_reported_one_attribution(
    reported_nlp, text: str, expected: tuple[str, str, tuple[str, ...], str, str]
) -> None:  # type: ignore[no-untyped-def]
    article = _run(reported_nlp, text)
    (q,) = article.quotes
    assert q.speaker is not None and q.cue is not None and not q.direct
    got = (
        article.slice(q.speaker.span),
        article.slice(q.cue),
        tuple(article.slice(p) for p in (q.parts or (q.content,))),
        q.why,
        q.kind,
    )
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Troops attacked the village at dawn and the army captured the bridge.",
        "The new stadium opened on Saturday with a concert for ten thousand people.",
        "Prices continued to rise through the winter.",
        "Nobody believes the bridge will open this year.",
        "The minister denied it.",
    ],
)
def test_quotes_reported_not_attributions(reported_nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(reported_nlp, text).quotes == []


def test_quotes_reported_quotation_keeps_priority(reported_nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"We back the governor," the union leader said.'
    article = _run(reported_nlp, text)
    (q,) = article.quotes
    assert q.direct and article.slice(q.content) == "We back the governor"


@pytest.mark.parametrize(
    ("lemma", "relation"),
    [("endorse", "obj"), ("call", "for"), ("call", "oprd"), ("refer", "to"), ("accuse", "obj")],
)
def test_quotes_reported_lexicon_objects(lemma: str, relation: str) -> None:
    assert relation in lexicon_full().objects[lemma]


def test_quotes_reported_lexicon_nouns() -> None:
    nouns = lexicon_full().nouns
    assert nouns["claim"] == "speech" and nouns["criticism"] == "stance" and "say" not in nouns
