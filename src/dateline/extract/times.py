"""Times extraction (work in progress: produces no records yet)."""

from __future__ import annotations

from ..model import Article

NAME = "times"
VERSION = 0


def annotate(article: Article) -> None:
    """Append this extractor's records to article."""
    return None
