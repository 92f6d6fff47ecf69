"""Evaluation of the times extractor: TimeML reading, scoring and the pinned gold floor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.eval import EvalOptions
from dateline.eval.times import GoldTime, evaluate_gold, evaluate_tempeval, match, read_timeml
from dateline.model import TimeExpr

GOLD = Path(__file__).parent / "gold" / "times.jsonl"
TEMPEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3" / "tbaq-cleaned"

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-02-22" temporalFunction="false" functionInDocument="CREATION_TIME">20220222</TIMEX3></DCT>
<TEXT>
The mayor &amp; his aides <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2022-02-21">Monday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT2H">two hours</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_times_read_timeml_strips_tags_and_keeps_spans(tmp_path: Path) -> None:
    path = tmp_path / "x1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.date == date(2022, 2, 22)
    assert "&amp;" not in doc.text and "<" not in doc.text
    assert [(doc.text[t.span[0] : t.span[1]], t.value, t.type) for t in doc.times] == [
        ("Monday", "2022-02-21", "DATE"),
        ("two hours", "PT2H", "DURATION"),
    ]


def test_times_match_is_one_to_one_and_prefers_exact_spans() -> None:
    gold = [GoldTime((10, 20), "2022", "DATE")]
    pred = [TimeExpr((8, 12), "2021", "DATE", None), TimeExpr((10, 20), "2022", "DATE", None)]
    pairs = match(gold, pred)
    assert len(pairs) == 1 and pairs[0][1].span == (10, 20)


def test_times_gold_floor() -> None:
    report = evaluate_gold(GOLD, EvalOptions())
    assert report.counts["documents"] >= 15
    assert report.metrics["value_f1"] >= 0.93
    assert report.metrics["strict_f1"] >= 0.93
    assert {row["type"] for row in report.tables["by_type"]} == {"DATE", "TIME", "DURATION", "SET"}


@pytest.mark.shared_data
@pytest.mark.slow
def test_times_tempeval_sample() -> None:
    if not TEMPEVAL.is_dir():
        pytest.skip(f"TempEval-3 data not found at {TEMPEVAL} (../shared/data is absent)")
    report = evaluate_tempeval(TEMPEVAL, EvalOptions(limit=40))
    assert report.counts["documents"] == 40
    assert report.metrics["relaxed_f1"] >= 0.85
    assert report.metrics["value_f1"] >= 0.72
