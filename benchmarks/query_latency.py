"""DuckDB query latency on a large ledger: Ledger.timeline and Ledger.dyads over 1M events.

    .venv/bin/python benchmarks/query_latency.py --events 1000000

The ledger is generated (random dyads, types and dates over 10 years; one article per 10
events), written with SQL so building it takes seconds, then each query is run ``--repeat``
times and its median and worst latency reported. ``--keep PATH`` keeps the ledger file;
``--row-group-rows N`` builds it with another DuckDB row-group size, for comparison.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from dateline.model import EVENT_TYPES
from dateline.query import Filter
from dateline.store import ledger as ledger_module
from dateline.store.ledger import Ledger

COUNTRIES = ("RUS", "UKR", "USA", "CHN", "FRA", "DEU", "KEN", "TZA", "PER", "ECU", "IND", "PAK", "ISR", "IRN", "SDN", "ETH")


def build(path: Path, events: int) -> None:
    types = "[" + ", ".join(f"'{t}'" for t in EVENT_TYPES) + "]"
    countries = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    with Ledger(path) as ledger:
        con = ledger.con
        n_articles = max(1, events // 10)
        con.execute(f"""INSERT INTO articles (id, date, source, text, n_words)
            SELECT 'a' || i, DATE '2014-01-01' + CAST(hash(i) % 3650 AS INTEGER), 'outlet' || (i % 50),
                   'Generated article ' || i, 3 FROM range({n_articles}) t(i)""")
        con.execute(f"""INSERT INTO events (id, article_id, type, source_name, source_country, target_name,
                target_country, quad_class, goldstein, negated, status, date, date_precision,
                sentence_start, sentence_end, record)
            SELECT 'e' || i, 'a' || (i // 10), {types}[1 + CAST(hash(i, 1) % 16 AS INTEGER)],
                   'actor' || (hash(i, 2) % 500), {countries}[1 + CAST(hash(i, 3) % 16 AS INTEGER)],
                   'actor' || (hash(i, 4) % 500), {countries}[1 + CAST(hash(i, 5) % 16 AS INTEGER)],
                   1 + CAST(hash(i, 6) % 4 AS INTEGER), (hash(i, 7) % 200) / 10.0 - 10.0, false, 'reported',
                   DATE '2014-01-01' + CAST(hash(i, 8) % 3650 AS INTEGER), 'day', 0, 10, '{{}}'
            FROM range({events}) t(i)""")
        con.execute("CHECKPOINT")


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # first run warms DuckDB's buffer cache; reported separately by the caller if wanted
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--row-group-rows", type=int, help="build with this row-group size instead of the ledger's")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.row_group_rows:
        ledger_module.ROW_GROUP_ROWS = args.row_group_rows
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(path, args.events)
        result: dict[str, Any] = {"events": args.events, "row_group_rows": ledger_module.ROW_GROUP_ROWS,
                                  "file_mb": round(path.stat().st_size / 1e6, 1), "build_s": round(time.perf_counter() - start, 1)}
        with Ledger(path, read_only=True) as ledger:
            year = Filter(since=date(2020, 1, 1), until=date(2020, 12, 31))
            queries: dict[str, Callable[[], Any]] = {
                "timeline month by type (all)": lambda: ledger.timeline(),
                "timeline week, country=RUS": lambda: ledger.timeline(Filter(country="RUS"), period="week"),
                "timeline day, one year, RUS->UKR": lambda: ledger.timeline(year.replace(source_country="RUS", target_country="UKR"), period="day"),
                "dyads by country (all)": lambda: ledger.dyads(),
                "dyads by country per month": lambda: ledger.dyads(Filter(limit=1000), period="month"),
                "dyads by actor, one year": lambda: ledger.dyads(year, by="actor"),
            }
            result["queries"] = {name: timed(fn, args.repeat) for name, fn in queries.items()}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
