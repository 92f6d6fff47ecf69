"""The bundled corpus and ``dateline demo``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.settings import CORPUS_DIR

FILES = sorted(CORPUS_DIR.glob("*.txt"))


def test_demo_corpus_has_the_sample_and_forty_more() -> None:
    names = [f.name for f in FILES]
    assert "000_7241af1104c7a831.txt" in names
    assert len(names) >= 41


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_demo_corpus_files_have_a_date_header(path: Path) -> None:
    assert re.match(r"\s*date \d{4}-\d{2}-\d{2}\s", path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_demo_ingests_the_corpus_and_summarises(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db), "-q"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"articles\s+{len(FILES)}\b", out)
    assert "top dyads" in out and "RUS→UKR" in out
    # A second demo run adds nothing.
    assert main(["demo", "--db", str(db), "-q"]) == 0
    assert re.search(rf"articles\s+{len(FILES)}\b", capsys.readouterr().out)
