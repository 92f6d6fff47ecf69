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
from dateline.store import ledger as ledger_module
from dateline.store.ledger import ROW_GROUP_ROWS, STORAGE_VERSION, TABLES, Ledger, attach_sql, cursor_on
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


def _largest_row_group(path: Path, table: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute(f"SELECT max(count) FROM pragma_storage_info('{table}')").fetchone()
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else 0


@pytest.mark.parametrize("rows_per_batch", [64, 3000])
def test_ledger_row_groups_stay_small_across_batches(ledger_path: Path, rows_per_batch: int) -> None:
    # Each open writes one batch and checkpoints on close, as an ingest does: merged row groups
    # must stay within the writer's size, which bounds what a checkpoint holds in memory.
    Ledger(ledger_path).close()
    for batch in range(3 * ROW_GROUP_ROWS // rows_per_batch + 2):
        with Ledger(ledger_path) as ledger:
            ledger.con.execute(
                "INSERT INTO warnings SELECT 'a' || (? + i), 'W101', repeat('x', 200) FROM range(?) t(i)",
                [batch * rows_per_batch, rows_per_batch],
            )
    with Ledger(ledger_path, read_only=True) as ledger:
        stored = ledger.con.execute("SELECT count(*), count(DISTINCT article_id) FROM warnings").fetchone()
    assert stored is not None and stored[0] == stored[1] > 3 * ROW_GROUP_ROWS
    assert _largest_row_group(ledger_path, "warnings") <= ROW_GROUP_ROWS


def test_ledger_cursor_reads_the_attached_ledger(corpus: Path, ledger_path: Path) -> None:
    with Ledger(ledger_path) as ledger:
        ledger.ingest([corpus], progress=False)
        reader = cursor_on(ledger.con)
        ids = [row[0] for row in reader.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        reader.close()
    assert ids == ["k1", "k2"]


def _storage_version(path: Path) -> str:
    con = duckdb.connect(":memory:")
    try:
        con.execute(attach_sql(path, "READ_ONLY"))
        row = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'ledger'").fetchone()
    finally:
        con.close()
    return str(row[0]) if row else ""


@pytest.mark.parametrize("old_version", ["v1.0.0", "v1.2.0"])
def test_ledger_writes_its_storage_version_and_converts_older_files(
    corpus: Path, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_version: str
) -> None:
    # A ledger written in an older format (an earlier dateline) keeps its rows and takes the
    # writer's format at its next write, which is what bounds the checkpoint's memory.
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps(ARTICLES[0]) + "\n")
    two.write_text(json.dumps(ARTICLES[1]) + "\n")
    with monkeypatch.context() as patch:
        patch.setattr(ledger_module, "STORAGE_VERSION", old_version)
        with Ledger(ledger_path) as ledger:
            ledger.ingest([one], progress=False)
    assert _storage_version(ledger_path) == f"{old_version}+"
    with Ledger(ledger_path) as ledger:
        ledger.ingest([two], progress=False)
    assert _storage_version(ledger_path) == f"{STORAGE_VERSION}+"
    assert _counts(ledger_path)["articles"] == 2
