"""The NLP stage: load the spaCy pipeline once and parse articles in batches.

Only the first :data:`~dateline.settings.MAX_CODED_CHARS` of a text are parsed, so token
offsets are always offsets into the article text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError
from .settings import MAX_CODED_CHARS, MODEL_PACKAGE, NLP_BATCH_SIZE

if TYPE_CHECKING:
    from spacy.language import Language

    from .model import Article


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The shared spaCy pipeline (loaded from the installed package; never downloaded)."""
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "run `pip install -c constraints.txt -e .` in the project folder"
        ) from exc


def batches(articles: Iterable[Article], size: int = NLP_BATCH_SIZE) -> Iterator[list[Article]]:
    """Group a stream of articles into lists of ``size`` (the last one shorter)."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parse_batch(batch: list[Article]) -> None:
    """Set ``article.doc`` on every article of a batch (one ``nlp.pipe`` call)."""
    nlp = load_model()
    for article in batch:
        if len(article.text) > MAX_CODED_CHARS:
            article.warn("W107", f"{article.origin}: {len(article.text):,} characters; only the first {MAX_CODED_CHARS:,} were coded")
    texts = (a.text[:MAX_CODED_CHARS] for a in batch)
    for article, doc in zip(batch, nlp.pipe(texts, batch_size=len(batch))):
        article.doc = doc


def parse(articles: Iterable[Article], batch_size: int = NLP_BATCH_SIZE) -> Iterator[Article]:
    """Set ``article.doc`` on each article, in input order, streaming in batches."""
    for batch in batches(articles, batch_size):
        parse_batch(batch)
        yield from batch
