"""The ledger: idempotent ingest, duplicate ids, schema versions, filters and formats."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dateline.cli import main
from dateline.errors import LedgerError
from dateline.query import Filter
from dateline.store.ledger import TABLES, Ledger
from dateline.store.schema import SCHEMA_VERSION

ARTICLES = [
    {"id": "k1", "date": "2021-05-03", "text": "Kenya's President William Ruto met Tanzanian officials in Nairobi on Monday. Ruto said the talks were useful."},
    {"id": "k2", "date": "2021-06-10", "text": "Protesters gathered in Lima on Thursday. Police in Peru arrested twelve people, the interior ministry said."},
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n")
    return path


def _counts(path: Path) -> dict[str, int]:
    with Ledger(path, read_only=True) as ledger:
        return {t: ledger.stats()["counts"][t] for t in TABLES}


def test_ledger_ingest_twice_adds_nothing(corpus: Path, ledger_path: Path) -> None:
    with Ledger(ledger_path) as ledger:
        first = ledger.ingest([corpus], progress=False)
    before = _counts(ledger_path)
    with Ledger(ledger_path) as ledger:
        second = ledger.ingest([corpus], progress=False)
    assert (first.added, second.added, second.skipped) == (2, 0, 2)
    assert _counts(ledger_path) == before
    assert before["articles"] == 2 and before["actors"] > 0


def test_ledger_duplicate_id_with_other_text_is_quarantined(corpus: Path, ledger_path: Path, tmp_path: Path) -> None:
    clash = tmp_path / "clash.jsonl"
    clash.write_text(json.dumps({"id": "k1", "date": "2021-05-03", "text": "A different story entirely."}) + "\n")
    with Ledger(ledger_path) as ledger:
        ledger.ingest([corpus], progress=False)
        summary = ledger.ingest([clash], progress=False)
        assert [q.reason for q in summary.quarantined] == ["duplicate-id"]
        assert ledger.stats()["counts"]["quarantine"] == 1
        assert ledger.article("k1")["article"]["text"] == ARTICLES[0]["text"]  # type: ignore[index]


def test_ledger_filters_and_frames(corpus: Path, ledger_path: Path) -> None:
    with Ledger(ledger_path) as ledger:
        ledger.ingest([corpus], progress=False)
        assert [a["article"]["id"] for a in ledger.articles(Filter(text="protesters"))] == ["k2"]  # type: ignore[index]
        assert {a["article"]["id"] for a in ledger.articles(Filter(since=pd.Timestamp("2021-06-01").date()))} == {"k2"}  # type: ignore[index]
        ruto = ledger.actors(Filter(actor="ruto"))
        assert ruto and all("Ruto" in a["name"] for a in ruto)  # type: ignore[index]
        frame = ledger.actors(as_frame=True)
        assert isinstance(frame, pd.DataFrame) and {"name", "article_id"} <= set(frame.columns)
        assert ledger.articles(Filter(text="100%_")) == []


def test_ledger_refuses_a_newer_schema(ledger_path: Path) -> None:
    Ledger(ledger_path).close()
    con = duckdb.connect(str(ledger_path))
    con.execute("INSERT INTO schema_version VALUES (?, 'future', current_timestamp)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(LedgerError, match="newer dateline"):
        Ledger(ledger_path)
    with pytest.raises(LedgerError, match="upgrade dateline"):
        Ledger(ledger_path, read_only=True)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("table", ["articles", "actors", "events", "quotes"])
def test_ledger_query_commands_in_every_format(corpus: Path, ledger_path: Path, capsys: pytest.CaptureFixture[str], table: str, fmt: str) -> None:
    assert main(["ingest", str(corpus), "--db", str(ledger_path), "-q"]) == 0
    capsys.readouterr()
    assert main([table, "--db", str(ledger_path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        assert isinstance(json.loads(out), list)
    else:
        assert out.strip()


def test_ledger_stats_json(corpus: Path, ledger_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(corpus), "--db", str(ledger_path), "-q"])
    capsys.readouterr()
    assert main(["stats", "--db", str(ledger_path), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["counts"]["articles"] == 2
    assert stats["first_date"] == "2021-05-03" and stats["last_date"] == "2021-06-10"
    assert stats["written_by"][0]["model"] == "en_core_web_sm 3.8.0"
