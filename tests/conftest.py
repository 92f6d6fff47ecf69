"""Shared fixtures: the sample article, a parsed-article factory and temporary ledgers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.settings import CORPUS_DIR

SAMPLE = CORPUS_DIR / "000_7241af1104c7a831.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The canonical sample article (also bundled with the demo corpus)."""
    return SAMPLE


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once per test session."""
    from dateline.nlp import load_model

    return load_model()


@pytest.fixture
def coded() -> Callable[..., Article]:
    """Run the whole pipeline over one hand-made text: ``coded("text", date(2022, 2, 22))``."""
    from event_cases import coded

    return coded


@pytest.fixture
def ledger_path(tmp_path: Path) -> Iterator[Path]:
    """A path for a fresh ledger file."""
    yield tmp_path / "test.duckdb"


@pytest.fixture(autouse=True)
def _no_user_dictionaries() -> Iterator[None]:
    """User actor dictionaries are process-wide: each test starts and ends without them."""
    yield
    from dateline.extract import actors

    actors.clear_dictionaries()
