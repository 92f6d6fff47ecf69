"""Quote evaluation: brat reading, scoring rules, floors on the hand-made gold and on PolNeAR dev."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval import EvalOptions
from dateline.eval import quotes as ev

GOLD = Path(__file__).parent / "gold" / "quotes.jsonl"
POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / ev.POLNEAR_DEV


def test_quotes_eval_reads_brat(tmp_path: Path) -> None:
    ann = tmp_path / "x_ab12.ann"
    ann.write_text(
        "T1\tSource 0 5\tAnna\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 20;25 30\tsplit con tent\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "T5\tDiscard 40 45\tnoise\n",
        encoding="utf-8",
    )
    (att,) = ev.read_brat(ann)
    assert att.source == ((0, 5),) and att.cue == ((6, 10),) and att.content == ((11, 20), (25, 30))


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        ('He said "we win" now', (9, 15), True),
        ("He said we win now", (8, 14), False),
        ("the Russia's case", (4, 12), False),
    ],
)
def test_quotes_eval_direct_rule(text: str, span: tuple[int, int], direct: bool) -> None:
    assert ev.is_direct(text, (span,)) is direct


def test_quotes_eval_overlap_matching() -> None:
    text = "x" * 100
    gold = [ev.Attribution(content=((0, 50),)), ev.Attribution(content=((60, 100),))]
    pred = [ev.Attribution(content=((0, 20),)), ev.Attribution(content=((60, 98),))]
    assert ev._match(text, gold, pred, 0.3) == [(1, 1), (0, 0)]
    assert ev._match(text, gold, pred, 0.8) == [(1, 1)]


@pytest.mark.slow
def test_quotes_eval_gold_floors() -> None:
    report = ev.evaluate_gold(GOLD, EvalOptions())
    assert report.counts["documents"] >= 15
    m = report.metrics
    assert m["content_f1@0.3"] >= 0.9 and m["speaker_acc"] >= 0.9 and m["cue_acc"] >= 0.9
    assert m["exact_source_f1"] >= 0.85 and m["exact_cue_f1"] >= 0.9 and m["exact_content_f1"] >= 0.85


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="../shared/data/polnear (PolNeAR dev) is not present")
def test_quotes_eval_polnear_dev_sample() -> None:
    report = ev.evaluate_polnear(POLNEAR_DEV, EvalOptions(limit=12))
    assert report.counts["documents"] == 12
    assert report.metrics["content_p@0.3"] >= 0.75 and report.metrics["speaker_acc"] >= 0.75
    assert {row["kind"] for row in report.tables["by_kind"]} == {"all", "direct", "indirect"}
