"""Evaluation: each task scores one extractor against gold data and returns a :class:`Report`.

Tasks are listed explicitly in :mod:`dateline.eval.tasks`; ``dateline eval TASK --gold PATH``
runs one. The quality gate (``tests/test_eval_gate.py``) runs tasks on the gold sets named in
``tests/gold/floors.json`` and fails when a metric falls below its pinned floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EvalOptions:
    """What a task may be asked beyond its gold path."""

    limit: int | None = None
    """Score only the first N gold documents (quick runs)."""
    actors: tuple[Path, ...] = ()
    """Extra TABARI/PETRARCH actor dictionaries to load before coding."""


@dataclass
class Report:
    """The outcome of one evaluation run, printable as a table and as JSON."""

    task: str
    gold: str
    metrics: dict[str, float] = field(default_factory=dict)
    """Flat scores in [0, 1] unless the name says otherwise (``*_km``, ``*_per_sentence``)."""
    counts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Breakdowns (by type, confusion matrix rows, …), each a list of rows with the same keys."""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The machine-readable report."""
        return {
            "task": self.task,
            "gold": self.gold,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "counts": self.counts,
            "tables": self.tables,
            "notes": self.notes,
        }


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
