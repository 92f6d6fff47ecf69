"""The NLP stage: load the spaCy pipeline once and parse articles in batches.

Texts longer than :data:`~dateline.settings.MAX_PARSE_CHARS` are parsed in paragraph-aligned
chunks and joined back with ``Doc.from_docs`` so that token offsets stay offsets into the
article text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError
from .settings import MAX_PARSE_CHARS, MODEL_PACKAGE, NLP_BATCH_SIZE

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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


def _chunks(text: str, limit: int) -> list[str]:
    """Split at paragraph (else line, else space) boundaries into pieces of at most ``limit``."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = text.rfind(sep, start + limit // 2, start + limit)
            if cut != -1:
                cut += len(sep)
                break
        if cut == -1:
            cut = start + limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _parse_long(nlp: Language, text: str) -> Doc:
    from spacy.tokens import Doc

    docs = list(nlp.pipe(_chunks(text, MAX_PARSE_CHARS)))
    # from_docs keeps the whitespace of each piece, so the joined text equals the input.
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse(articles: Iterable[Article], batch_size: int = NLP_BATCH_SIZE) -> Iterator[Article]:
    """Set ``article.doc`` on each article, in input order, streaming in batches."""
    nlp = load_model()
    batch: list[Article] = []

    def flush() -> Iterator[Article]:
        short = [a for a in batch if len(a.text) <= MAX_PARSE_CHARS]
        for article, doc in zip(short, nlp.pipe((a.text for a in short), batch_size=batch_size)):
            article.doc = doc
        for article in batch:
            if article.doc is None:
                article.doc = _parse_long(nlp, article.text)
            yield article
        batch.clear()

    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()
