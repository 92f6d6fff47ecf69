"""The quality gate: every task in tests/gold/floors.json must score at or above its pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.eval import EvalOptions
from dateline.eval.tasks import TASKS, run_task, shared_data

FLOORS = Path(__file__).parent / "gold" / "floors.json"
GATES = json.loads(FLOORS.read_text())["gates"]


def _id(gate: dict) -> str:
    return f"{gate['task']}:{Path(gate['gold']).name}"


def test_eval_gate_names_known_tasks() -> None:
    known = {t.name for t in TASKS}
    assert {g["task"] for g in GATES} <= known


@pytest.mark.slow
@pytest.mark.parametrize("gate", GATES, ids=[_id(g) for g in GATES])
def test_eval_gate_scores_stay_above_floors(gate: dict) -> None:
    if gate.get("shared"):
        base = shared_data()
        if base is None:
            pytest.skip("../shared/data is not present: the shared-data gates did not run")
        gold = base / gate["gold"]
    else:
        gold = Path(__file__).parent.parent / gate["gold"]
    report = run_task(gate["task"], gold, EvalOptions(limit=gate.get("limit")))
    below = {
        name: (report.metrics.get(name), floor)
        for name, floor in gate["floors"].items()
        if report.metrics.get(name, -1.0) < floor
    }
    assert not below, f"{gate['task']} fell below its floors (score, floor): {below}"
