"""The evaluation tasks, listed explicitly. ``run_task`` resolves a name and a gold path and runs it."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError
from . import EvalOptions, Report

SHARED_DATA_ENV = "DATELINE_SHARED_DATA"
"""Where the evaluation sets live when not in ``../shared/data`` of the working directory."""


@dataclass(frozen=True)
class Task:
    """One scorer: ``function`` in ``dateline.eval.<module>`` called as ``function(gold, options)``."""

    name: str
    module: str
    function: str
    default_gold: str
    """Relative to the shared data folder, or to the project for its own gold sets (``tests/…``)."""
    description: str


TASKS: tuple[Task, ...] = (
    Task("events-plover", "events", "evaluate_plover", "plover/PLOVER_GSR_CAMEO.dev.json",
         "PLOVER gold records (dev half): event type, source/target country, dyad P/R/F1"),
    Task("events-cameo", "events", "evaluate_cameo", "udpetrarch-validation/PETR2_GSR_validation.xml",
         "PETRARCH2 validation sentences: CAMEO root, countries (Arnor/Gondor suite: add --actors)"),
    Task("quad-class", "events", "evaluate_quad", "conflibert-cameo/cameo_class/train.tsv",
         "ConfliBERT PentaClass sentences: statement + QuadClass accuracy"),
    Task("events-gold", "events", "evaluate_gold", "tests/gold/events.jsonl",
         "the project's hand-annotated events"),
    Task("quotes-polnear", "quotes", "evaluate_polnear", "polnear/data/dev",
         "PolNeAR: content overlap F1, speaker/cue accuracy, exact spans, direct vs indirect"),
    Task("quotes-gold", "quotes", "evaluate_gold", "tests/gold/quotes.jsonl",
         "the project's hand-annotated quotes"),
    Task("times-tempeval", "times", "evaluate_tempeval", "tempeval3/tbaq-cleaned",
         "TempEval-3 TimeBank + AQUAINT: span F1 (strict, relaxed), value accuracy and F1"),
    Task("times-gold", "times", "evaluate_gold", "tests/gold/times.jsonl",
         "the project's hand-annotated time expressions"),
    Task("places-geo", "places", "evaluate_geo", "geoparsing",
         "LGL and GeoVirus (or one file): accuracy@161km, mean/median km, AUC, toponym recall, population baseline"),
    Task("places-gold", "places", "evaluate_gold", "tests/gold/places.jsonl",
         "the project's hand-annotated places"),
)  # fmt: skip
"""Every task, in the order of ``dateline eval list``."""


def shared_data() -> Path | None:
    """The shared evaluation data folder, if present."""
    candidates = [os.environ.get(SHARED_DATA_ENV), "../shared/data", "../../shared/data"]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


def find(name: str) -> Task:
    """The task with this name, or an error listing the known ones."""
    for task in TASKS:
        if task.name == name:
            return task
    known = ", ".join(t.name for t in TASKS) or "none yet"
    raise EvalError(f"unknown task {name!r}; known tasks: {known}")


def default_gold(task: Task) -> Path:
    """Where the task's gold data is by default."""
    if task.default_gold.startswith("tests/"):
        return Path(task.default_gold)
    base = shared_data()
    if base is None:
        raise EvalError(
            f"no gold given for {task.name} and no shared data folder found "
            f"(looked for ../shared/data and ${SHARED_DATA_ENV}); pass --gold PATH"
        )
    return base / task.default_gold


def run_task(name: str, gold: str | Path | None, options: EvalOptions) -> Report:
    """Run one task on ``gold`` (or its default gold)."""
    task = find(name)
    path = Path(gold) if gold else default_gold(task)
    if not path.exists():
        raise EvalError(f"{path}: gold data not found for {task.name}")
    if options.actors:
        from ..extract import actors

        actors.load_dictionaries(list(options.actors))
    function = getattr(importlib.import_module(f"dateline.eval.{task.module}"), task.function)
    report: Report = function(path, options)
    return report
