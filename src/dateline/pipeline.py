"""The main job: read inputs, parse, run the extractors, stream annotated articles."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import nlp
from .extract import EXTRACTORS
from .ingest import language
from .ingest.readers import Item, read
from .model import Article, Quarantined

log = logging.getLogger(__name__)


def annotate(articles: Iterable[Article], keep_doc: bool = False) -> Iterator[Article]:
    """Parse and code articles, in order. Non-English articles are flagged and left uncoded.

    An extractor that fails on one article leaves a ``W900`` warning on it; the others still run
    and the batch goes on. ``keep_doc`` keeps the spaCy ``Doc`` on the article (for evaluation).
    Without it each batch is coded inside a spaCy memory zone, so the strings of a corpus do not
    accumulate in the model's vocabulary and memory stays flat over millions of articles.
    """
    model = nlp.load_model()
    for batch in nlp.batches(_english_only(articles)):
        with contextlib.nullcontext() if keep_doc else model.memory_zone():
            nlp.parse_batch(batch)
            for article in batch:
                _code(article)
                if not keep_doc:
                    article.doc = None
                    # Scratch records may point into the Doc, whose strings the zone frees.
                    article.extra.clear()
        yield from batch


def _code(article: Article) -> None:
    if article.language != "en":
        return
    for extractor in EXTRACTORS:
        try:
            extractor.annotate(article)
        except Exception as exc:
            log.debug("extractor %s failed on %s", extractor.label, article.origin, exc_info=True)
            article.warn("W900", f"extractor {extractor.label} failed: {type(exc).__name__}: {exc}")


def _english_only(articles: Iterable[Article]) -> Iterator[Article]:
    for article in articles:
        article.language = language.detect(article.text)
        if article.language != "en":
            article.warn("W110", f"{article.origin}: the text does not read as English; it was not coded")
        yield article


def extract(inputs: Iterable[str | Path], keep_doc: bool = False, jobs: int = 1) -> Iterator[Item]:
    """Read ``inputs`` (files, folders, ``-``) and yield coded articles and quarantined inputs.

    Quarantined inputs are yielded as soon as they are met; articles keep their input order.
    ``jobs > 1`` codes in that many processes (:mod:`dateline.scale.parallel`; no ``keep_doc``).
    """
    quarantined: list[Quarantined] = []

    def articles() -> Iterator[Article]:
        for item in read(inputs):
            if isinstance(item, Quarantined):
                quarantined.append(item)
            else:
                yield item

    if jobs > 1:
        from .scale.parallel import annotate_parallel

        coded = annotate_parallel(articles(), jobs)
    else:
        coded = annotate(articles(), keep_doc=keep_doc)
    for article in coded:
        yield from quarantined
        quarantined.clear()
        yield article
    yield from quarantined
