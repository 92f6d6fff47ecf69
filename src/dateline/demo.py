"""``dateline demo``: the main job on the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import UsageError
from .settings import CORPUS_DIR
from .store.ledger import Ledger


def run_demo(db: str | Path, progress: bool = True) -> dict[str, Any]:
    """Ingest the bundled corpus into ``db`` (idempotent) and return the ledger's stats."""
    if not any(CORPUS_DIR.glob("*.txt")):
        raise UsageError(f"the bundled corpus is missing from {CORPUS_DIR}; reinstall dateline")
    with Ledger(db) as ledger:
        ledger.ingest([CORPUS_DIR], progress=progress, command="demo")
        return ledger.stats()
