"""Spark (local mode) vs the local engine on the same articles: time and identical output.

    .venv/bin/python benchmarks/spark_vs_local.py --corpus wikinews --limit 200 --master "local[2]"

Codes the articles with ``Ledger.ingest`` (``--jobs``) and with ``run_spark`` + ``ingest_parquet``,
reports the seconds of each (Spark's session start-up separately) and whether every ledger
table holds the same rows (run ids and timestamps aside).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from corpora import load, write_jsonl

from dateline.scale.parquet import DATA_TABLES, ingest_parquet
from dateline.scale.spark import run_spark, spark_session
from dateline.store.ledger import Ledger

VOLATILE = {"runs": "run_id, started_at, command", "quarantine": "run_id, quarantined_at", "articles": "run_id"}


def rows(db: Path, table: str) -> list[tuple[Any, ...]]:
    import duckdb

    exclude = f" EXCLUDE ({VOLATILE[table]})" if table in VOLATILE else ""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT *{exclude} FROM {table} ORDER BY ALL").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=("reuters", "wikinews"), default="wikinews")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(load(args.corpus, args.limit), Path(tmp) / "corpus.jsonl")
        result: dict[str, Any] = {"corpus": args.corpus, "articles": args.limit, "master": args.master, "jobs": args.jobs}
        start = time.perf_counter()
        with Ledger(Path(tmp) / "local.duckdb") as ledger:
            ledger.ingest([corpus], progress=False, jobs=args.jobs)
        result["local_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        session = spark_session(args.master)
        result["spark_session_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        run_spark([corpus], Path(tmp) / "parquet", spark=session)
        result["spark_code_s"] = round(time.perf_counter() - start, 1)
        session.stop()
        start = time.perf_counter()
        with Ledger(Path(tmp) / "spark.duckdb") as ledger:
            ingest_parquet(ledger, Path(tmp) / "parquet")
        result["parquet_load_s"] = round(time.perf_counter() - start, 2)
        result["identical"] = {t: rows(Path(tmp) / "local.duckdb", t) == rows(Path(tmp) / "spark.duckdb", t) for t in DATA_TABLES}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
