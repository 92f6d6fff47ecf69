"""HTML pages: main text and metadata through trafilatura (offline; it never fetches)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Article, Quarantined


def read_html(data: bytes, origin: str) -> Iterator[Article | Quarantined]:
    """One article from one page: its main text, title, date, URL and site name."""
    import trafilatura

    from ..model import Quarantined
    from .readers import RAW_EXCERPT, decode, make_article

    notes: list[tuple[str, str]] = []
    markup = decode(data, origin, notes)
    extracted = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=False
    )
    doc = extracted.as_dict() if extracted is not None and not isinstance(extracted, dict) else (extracted or {})
    text = doc.get("text")
    if not text or not text.strip():
        yield Quarantined(origin, "no-text", f"{origin}: no article text found in the page", markup[:RAW_EXCERPT])
        return
    yield make_article(
        text,
        doc.get("date"),
        origin,
        title=doc.get("title"),
        url=doc.get("url"),
        source=doc.get("sitename") or doc.get("hostname"),
        warnings=notes,
    )
