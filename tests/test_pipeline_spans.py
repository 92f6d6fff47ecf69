"""Property tests: every record of every type stays in bounds and slices exactly to its text."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.extract import versions
from dateline.model import Article
from dateline.pipeline import annotate
from dateline.serialize import article_line

WORDS = [
    "Putin", "Lavrov", "Russia", "Ukraine", "Kyiv", "Moscow", "the", "minister", "said", "on", "Tuesday",
    "he", "accused", "Crimea", "in", "2014", "troops", "were", "sent", "to", "January", "NATO", "“", "”",
    '"', "'", ",", ".", "\n\n", "according", "Interfax", "met", "Aliyev", "Kremlin", "will", "not", "’s",
    "last", "week", "sanctions", "protesters", "police", "arrested", "— ", ":", "(", ")", "\u200b", "é",
]  # fmt: skip


def _walk(obj: object, text: str) -> int:
    checked = 0
    if isinstance(obj, dict):
        if isinstance(obj.get("span"), list) and "text" in obj:
            start, end = obj["span"]
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == obj["text"]
            checked += 1
        for key in ("mentions", "sentence_span"):
            spans = obj.get(key)
            if key == "sentence_span" and spans:
                spans = [spans]
            for start, end in spans or []:
                assert 0 <= start <= end <= len(text)
        for value in obj.values():
            checked += _walk(value, text)
    elif isinstance(obj, list):
        for value in obj:
            checked += _walk(value, text)
    return checked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60), st.sampled_from([" ", "", "  "]))
def test_pipeline_spans_slice_to_their_text(words: list[str], sep: str) -> None:
    text = sep.join(words).strip() or "Putin"
    (article,) = annotate([Article(text=text, date=date(2022, 2, 22))])
    line = article_line(article, versions())
    json.dumps(line)  # serialisable
    _walk(line, text)


def test_pipeline_spans_on_the_sample(sample_path) -> None:  # type: ignore[no-untyped-def]
    from dateline.ingest.readers import read

    (article,) = list(annotate(a for a in read([sample_path]) if isinstance(a, Article)))
    assert _walk(article_line(article, versions()), article.text) > 10
