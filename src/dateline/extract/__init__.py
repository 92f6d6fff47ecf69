"""The built-in extractors, in the order they run.

Each extractor is a module with ``NAME``, ``VERSION`` and ``annotate(article)``; it reads
``article.doc`` and the records of the extractors before it and appends its own records.
Order matters: places feed actor metonymy ("Kyiv's government"), actors feed quote speakers,
and events use actors, times, places and quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..model import Article
from . import actors, events, places, quotes, times


@dataclass(frozen=True)
class Extractor:
    """One pipeline stage with the name and version recorded in every output."""

    name: str
    version: int
    annotate: Callable[[Article], None]

    @property
    def label(self) -> str:
        """``name/version`` as written in records and provenance."""
        return f"{self.name}/{self.version}"

    @classmethod
    def of(cls, module: ModuleType) -> Extractor:
        """Wrap a module that follows the extractor convention."""
        return cls(module.NAME, module.VERSION, module.annotate)


EXTRACTORS: tuple[Extractor, ...] = tuple(
    Extractor.of(m) for m in (times, places, actors, quotes, events)
)


def run_all(article: Article) -> None:
    """Run every extractor over a parsed article."""
    for extractor in EXTRACTORS:
        extractor.annotate(article)


def versions() -> dict[str, str]:
    """``{name: name/version}`` for the provenance block."""
    return {e.name: e.label for e in EXTRACTORS}
