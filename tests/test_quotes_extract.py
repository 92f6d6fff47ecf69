"""Quote extraction on hand-made sentences: direct, indirect, mixed, split, floating, colon/dash, sources."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import actors, quotes
from dateline.model import Article, Quote


@pytest.fixture(scope="session")
def quotes_nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once for the quote tests."""
    from dateline.nlp import load_model

    return load_model()


def _run(nlp, text: str) -> Article:  # type: ignore[no-untyped-def]
    article = Article(text=text, date=date(2022, 2, 22), origin="test")
    article.doc = nlp(text)
    actors.annotate(article)
    quotes.annotate(article)
    return article


def _view(article: Article, q: Quote) -> tuple[str | None, str | None, str, bool]:
    speaker = article.slice(q.speaker.span) if q.speaker else None
    cue = article.slice(q.cue) if q.cue else None
    return speaker, cue, article.slice(q.content), q.direct


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will not retreat," the defence minister said.',
            ("the defence minister", "said", "We will not retreat", True),
        ),
        (
            "Mayor Ana Lind said that the bridge will reopen in June.",
            ("Mayor Ana Lind", "said", "that the bridge will reopen in June", False),
        ),
        (
            "The mayor said the bridge will reopen in June.",
            ("The mayor", "said", "the bridge will reopen in June", False),
        ),
        (
            'Moscow "recognised the new realities" after the war, Ivanov asserted.',
            ("Ivanov", "asserted", 'Moscow "recognised the new realities" after the war', False),
        ),
        (
            'Chancellor Otto Brandt told reporters: "The talks were difficult but honest."',
            ("Chancellor Otto Brandt", "told", "The talks were difficult but honest.", True),
        ),
        (
            'Lindqvist: "We have no intention of leaving the alliance."',
            ("Lindqvist", ":", "We have no intention of leaving the alliance.", True),
        ),
        (
            '"The election was free and fair in every district" — the head of the observer mission.',
            (
                "the head of the observer mission",
                "—",
                "The election was free and fair in every district",
                True,
            ),
        ),
        (
            "Norway 'will keep its fishing quotas, whatever Brussels decides': Solberg",
            ("Solberg", ":", "Norway 'will keep its fishing quotas, whatever Brussels decides'", False),
        ),
        (
            "‘We are ready to sign tomorrow,’ the union leader stressed.",
            ("the union leader", "stressed", "We are ready to sign tomorrow", True),
        ),
        (
            "The company's chief executive insisted that the factory didn't leak.",
            ("The company's chief executive", "insisted", "that the factory didn't leak", False),
        ),
        (
            'Senator Maria Lopez visited the harbour on Friday.\n\n"This harbour will feed the whole region for a generation."',
            ("Senator Maria Lopez", None, "This harbour will feed the whole region for a generation.", True),
        ),
    ],
)
def test_quotes_extract_one_quote(
    quotes_nlp, text: str, expected: tuple[str | None, str | None, str, bool]
) -> None:  # type: ignore[no-untyped-def]
    article = _run(quotes_nlp, text)
    assert [_view(article, q) for q in article.quotes] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called 'temporary' checkpoints have stood for six years.",
        "Troops were sent to the 'independent' provinces on Monday.",
        "Image: AP",
    ],
)
def test_quotes_extract_scare_quotes_are_not_quotes(quotes_nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(quotes_nlp, text).quotes == []


def test_quotes_extract_split_quote_is_one_quote_with_parts(quotes_nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“Our farmers cannot wait another season,” the minister warned, “and neither can our markets.”"
    article = _run(quotes_nlp, text)
    (q,) = article.quotes
    assert [article.slice(p) for p in q.parts] == [
        "Our farmers cannot wait another season",
        "and neither can our markets.",
    ]
    assert article.slice(q.content).startswith("Our farmers") and q.direct and q.why == "direct-split"


def test_quotes_extract_according_to_chain(quotes_nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Ivanov said, "The border stays closed," according to the Interfax news agency.'
    article = _run(quotes_nlp, text)
    (q,) = article.quotes
    assert [article.slice(s) for s in q.according_to] == ["the Interfax news agency"]
    assert article.slice(q.speaker.span) == "Ivanov" if q.speaker else False


def test_quotes_extract_according_to_alone(quotes_nlp) -> None:  # type: ignore[no-untyped-def]
    text = "According to two officials, the army will withdraw its tanks next week."
    article = _run(quotes_nlp, text)
    (q,) = article.quotes
    assert _view(article, q) == (
        "two officials",
        "According to",
        "the army will withdraw its tanks next week",
        False,
    )


def test_quotes_extract_unbalanced_mark_keeps_article(quotes_nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The vote is postponed, he said.\n\n'
        "Later the chairman said that the committee would meet again on Friday."
    )
    article = _run(quotes_nlp, text)
    contents = [article.slice(q.content) for q in article.quotes]
    assert "that the committee would meet again on Friday" in contents
    assert all("\n" not in c for c in contents)


def test_quotes_extract_records_are_well_formed(quotes_nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"We will win," Ivanov said on Tuesday. The minister added that talks would resume.'
    article = _run(quotes_nlp, text)
    assert len(article.quotes) == 2
    for q in article.quotes:
        assert q.extractor == quotes.LABEL and q.id.startswith("q") and 0 < q.confidence < 1
        assert (
            q.sentence_span is not None
            and q.sentence_span[0] <= q.content[0] < q.content[1] <= q.sentence_span[1]
        )
        assert q.date is not None and q.date.iso() == "2022-02-22"
    assert len({q.id for q in article.quotes}) == 2


def test_quotes_extract_sample_article(quotes_nlp, sample_path) -> None:  # type: ignore[no-untyped-def]
    from dateline.ingest.readers import read

    (article,) = [a for a in read([str(sample_path)]) if isinstance(a, Article)]
    article = _run(quotes_nlp, article.text)
    by_speaker: dict[str, list[str]] = {}
    for q in article.quotes:
        assert q.speaker is not None
        by_speaker.setdefault(q.speaker.name, []).append(article.slice(q.content))
        assert "Image: AP" not in article.slice(q.content)
    assert set(by_speaker) <= {"Vladimir Putin", "Sergei Lavrov"}
    assert len(by_speaker["Vladimir Putin"]) >= 8 and len(by_speaker["Sergei Lavrov"]) >= 3
    sources = {article.slice(s) for q in article.quotes for s in q.according_to}
    assert sources == {"Russian state-affiliated press reports", "Interfax news agency"}
