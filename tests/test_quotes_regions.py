"""Quotation-mark pairing (no parser needed): apostrophes, mixed marks, unbalanced marks, paragraphs."""

from __future__ import annotations

import pytest

from dateline.extract.cues import lexicon, regions


def _inner(text: str) -> list[str]:
    return [text[r.inner[0] : r.inner[1]] for r in regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("“Curly marks,” she said.", ["Curly marks,"]),
        ("‘Single curly,’ she said.", ["Single curly,"]),
        ("The 'independent' region and Russia's claims don't matter.", ["independent"]),
        ('Mixed marks: the “Russian Spring" of that year.', ["Russian Spring"]),
        ('It was "Russian Spring” then.', ["Russian Spring"]),
        ("Back in the '90s the states' rights debate was loud.", []),
        ("\"Outer 'inner' words,\" he said.", ["Outer 'inner' words,"]),
    ],
)
def test_quotes_regions_pairing(text: str, expected: list[str]) -> None:
    assert _inner(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"This mark never closes, he said.\n\nThe next paragraph is plain text.\n\nSo is "this one."',
        "“Unclosed curly\n\nPlain paragraph “closed here” indeed.",
    ],
)
def test_quotes_regions_unbalanced_mark_never_swallows(text: str) -> None:
    found = regions(text)
    assert all("\n" not in text[r.inner[0] : r.inner[1]] for r in found)
    assert found, "the balanced quotation after the stray mark is still found"


def test_quotes_regions_quote_across_paragraphs() -> None:
    text = '"The first paragraph of the statement.\n\n"The second paragraph ends it," she said.'
    (region,) = regions(text)
    assert region.paragraphs == 2
    assert text[region.inner[0] : region.inner[1]].endswith("ends it,")


@pytest.mark.parametrize(
    ("lemma", "kind"), [("say", "speech"), ("stress", "speech"), ("report", "report"), ("believe", "belief")]
)
def test_quotes_regions_cue_lexicon(lemma: str, kind: str) -> None:
    assert lexicon()[lemma] == kind
