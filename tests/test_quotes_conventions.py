"""Quote spans as attribution corpora mark them: archive-style '' quotation marks, "called X Y",
claims before "according to", adverbs in cues, and speaker phrases without datelines or
circumstances (all on invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract import actors, quotes
from dateline.extract.cues import regions
from dateline.model import Article, Quote


@pytest.fixture(scope="session")
def conventions_nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once for these tests."""
    from dateline.nlp import load_model

    return load_model()


def _quotes(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    article = Article(text=text, date=date(2023, 6, 1), origin="test")
    article.doc = nlp(text)
    actors.annotate(article)
    quotes.annotate(article)
    return article.quotes


def _at(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("text", "inners"),
    [
        ("''We will not wait,'' she said.", ["We will not wait,"]),
        ("``We will not wait,'' she said.", ["We will not wait,"]),
        ("The ''independent'' panel met, and he said ''no''.", ["independent", "no"]),
        ("He didn't say it's over.", []),
    ],
)
def test_cues_regions_two_character_marks(text: str, inners: list[str]) -> None:
    assert [text[r.inner[0] : r.inner[1]] for r in regions(text)] == inners


def test_quotes_conventions_split_archive_quote_is_one(conventions_nlp) -> None:  # type: ignore[no-untyped-def]
    text = "''The budget is a fraud,'' the mayor said. ''Nobody believes these numbers.''"
    [quote] = _quotes(conventions_nlp, text)
    assert [_at(text, p) for p in quote.parts] == ["The budget is a fraud", "Nobody believes these numbers."]
    assert _at(text, quote.speaker.span if quote.speaker else None) == "the mayor"


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        # the object and its predicate are what was said
        ("At the rally, Mayor Ines Roca called the new stadium “a monument to waste.”",
         "the new stadium “a monument to waste.”", "called", "Mayor Ines Roca"),
        ("Senator Lena Morr called her vote for the tariff a mistake.",
         "her vote for the tariff a mistake", "called", "Senator Lena Morr"),
        # the claim before "according to X", not the aside after it
        ("Rents rose by nine percent last year, according to the housing agency, more than any year since 1990.",
         "Rents rose by nine percent last year", "according to", "the housing agency"),
        # how often and how it was said belong to the cue
        ("Governor Ada Lutz has often said that the port must stay public.",
         "that the port must stay public", "has often said", "Governor Ada Lutz"),
        # a dateline or a circumstance is not part of the speaker
        ("LISBON - Portuguese officials said the bridge would reopen in May.",
         "the bridge would reopen in May", "said", "Portuguese officials"),
        ("Mayor Ines Roca, speaking to reporters on Monday, said the budget was balanced.",
         "the budget was balanced", "said", "Mayor Ines Roca"),
        # a trailing aside after a comma is the reporter's, not the speaker's
        ("Governor Ada Lutz said the port will stay public, which delighted the dock workers.",
         "the port will stay public", "said", "Governor Ada Lutz"),
        # a predicate adjective attributes a belief (its clause) or a stance (its object)
        ("The farmers' union is confident that the tariff will fall.",
         "that the tariff will fall", "is confident", "The farmers' union"),
        ("Governor Ada Lutz has been critical of the port authority.",
         "the port authority", "has been critical", "Governor Ada Lutz"),
    ],
)
def test_quotes_conventions_spans(conventions_nlp, text: str, content: str, cue: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = [(_at(text, q.content), _at(text, q.cue), _at(text, q.speaker.span if q.speaker else None))
             for q in _quotes(conventions_nlp, text)]
    assert (content, cue, speaker) in found, found


@pytest.mark.parametrize("text", ["Rebels attacked the convoy near the border on Friday.",
                                  "The bridge is safe for trucks again."])
def test_quotes_conventions_not_attributions(conventions_nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _quotes(conventions_nlp, text) == []
