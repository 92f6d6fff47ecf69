"""``dateline extract`` end to end: the contract, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.cli import main

CONTRACT_KEYS = {"article", "actors", "events", "quotes", "times", "places", "warnings", "provenance"}


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _spans(obj: object) -> list[tuple[str, list[int]]]:
    """Every (text, span) pair anywhere in a contract line."""
    found: list[tuple[str, list[int]]] = []
    if isinstance(obj, dict):
        if isinstance(obj.get("span"), list) and isinstance(obj.get("text"), str):
            found.append((obj["text"], obj["span"]))
        for value in obj.values():
            found += _spans(value)
    elif isinstance(obj, list):
        for value in obj:
            found += _spans(value)
    return found


def test_cli_extract_sample_article(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(sample_path), "--with-text"]) == 0
    (line,) = _lines(capsys)
    assert set(line) >= CONTRACT_KEYS
    assert line["article"]["date"] == "2022-02-22"
    assert line["provenance"]["model"] == "en_core_web_sm 3.8.0"
    assert set(line["provenance"]["extractors"]) == {"times", "places", "actors", "quotes", "events"}
    text = line["article"]["text"]
    assert text.startswith("Russian President Vladimir Putin")
    putin = next(a for a in line["actors"] if a["name"] == "Vladimir Putin")
    assert len(putin["mentions"]) >= 6
    assert {text[s:e] for s, e in putin["mentions"]} >= {"Vladimir Putin", "Putin"}
    spans = _spans(line)
    assert spans, "the sample article has records with spans"
    for record_text, (start, end) in spans:
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == record_text
    for actor in line["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text)


def test_cli_extract_writes_file_and_keeps_input_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"n{i}", "text": f"Article number {i} about Kenya.", "date": "2021-01-0" + str(i)}) for i in range(1, 4)))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    ids = [json.loads(line)["article"]["id"] for line in out.read_text().splitlines()]
    assert ids == ["n1", "n2", "n3"]


def test_cli_extract_bad_line_exits_1_and_keeps_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps({"text": "Good one.", "date": "2021-01-01"}) + "\n{oops\n" + json.dumps({"text": "Good two.", "date": "2021-01-02"}) + "\n")
    assert main(["extract", str(src)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert f"{src}:2" in captured.err and "invalid JSON" in captured.err


@pytest.mark.parametrize("argv", [["extract", "/no/such/file.txt"], ["extract", "--bogus", "x"], ["events", "--since", "yesterday"],
                                  ["events", "--min-confidence", "1.5"]])
def test_cli_usage_errors_exit_2_without_traceback(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", *argv], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip()


def test_cli_missing_ledger_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no such ledger" in capsys.readouterr().err
