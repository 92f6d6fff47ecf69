"""The Spark engine (local[2]) writes the same ledger rows as a local ingest of the same articles;
the Parquet ledger loads idempotently and answers queries in place."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dateline.query import Filter
from dateline.scale.parquet import DATA_TABLES, ParquetLedger, ingest_parquet
from dateline.scale.synthetic import synthetic_articles
from dateline.store.ledger import Ledger

pytest.importorskip("pyspark", reason="the Spark engine needs the optional extra dateline[spark]")

BAD_LINE = "{this line is not JSON\n"


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    # run ids and quarantine times differ between any two runs; everything else must not.
    skip = {"runs": "run_id, started_at, command", "quarantine": "run_id, quarantined_at", "articles": "run_id"}
    exclude = f" EXCLUDE ({skip[table]})" if table in skip else ""
    return con.execute(f"SELECT *{exclude} FROM {table} ORDER BY ALL").fetchall()


def _by_id(record: dict[str, object]) -> str:
    return str(record["id"])


@pytest.mark.slow
def test_scale_spark_output_equals_local(tmp_path: Path) -> None:
    from dateline.scale.spark import run_spark

    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps(a) + "\n" for a in synthetic_articles(24, seed=5)]
    corpus.write_text("".join(lines[:10]) + BAD_LINE + "\n" + "".join(lines[10:]))

    summary = run_spark([corpus], tmp_path / "parquet", master="local[2]", partitions=3)
    assert summary.rows["articles"] == 24 and summary.rows["quarantine"] == 1

    with Ledger(tmp_path / "local.duckdb") as local:
        local.ingest([corpus], progress=False)
    with Ledger(tmp_path / "spark.duckdb") as loaded:
        first = ingest_parquet(loaded, tmp_path / "parquet")
        again = ingest_parquet(loaded, tmp_path / "parquet")
    assert (first.added, again.added, again.skipped) == (24, 0, 24)

    a = duckdb.connect(str(tmp_path / "local.duckdb"), read_only=True)
    b = duckdb.connect(str(tmp_path / "spark.duckdb"), read_only=True)
    try:
        for table in DATA_TABLES:
            assert _rows(a, table) == _rows(b, table), f"{table} differs between Spark and local"
        assert len(_rows(a, "events")) > 0 and len(_rows(a, "times")) > 0
    finally:
        a.close()
        b.close()

    with Ledger(tmp_path / "local.duckdb", read_only=True) as local:
        view = ParquetLedger(tmp_path / "parquet")
        everything = Filter(limit=1000)
        # Ties in the events' sort order (two events of one sentence) may come in any order.
        assert sorted(view.events(everything), key=_by_id) == sorted(local.events(everything), key=_by_id)
        assert view.timeline() == local.timeline()
        assert view.dyads() == local.dyads()
        view.close()
