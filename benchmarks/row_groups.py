"""What one batch's checkpoint costs the ledger writer, by DuckDB row-group size.

    .venv/bin/python benchmarks/row_groups.py --rows 40000 --sizes 2048 8192 122880

An ingest stores each batch in its own transaction and closes the file, and DuckDB checkpoints on
close: the batch becomes a small row group that the checkpoint merges with its neighbours, up to
the attach's ``ROW_GROUP_SIZE``. This appends ``--batch`` article-sized rows per open/close to a
fresh ledger (``articles`` only, ~``--chars`` characters of text each, no parsing) in a child
process per size, samples the resident memory during every close, and prints the largest rise
seen so far every ``--every`` rows. A rise that keeps growing with the rows is memory that grows
with the ledger; one that levels off is bounded.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SAMPLE_S = 0.002


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(db: Path, size: int, rows: int, batch: int, chars: int, every: int) -> None:
    from dateline.store import ledger as ledger_module
    from dateline.store.ledger import Ledger

    ledger_module.ROW_GROUP_ROWS = size
    peak = [0.0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], _rss_mb())
            time.sleep(SAMPLE_S)

    threading.Thread(target=sample, daemon=True).start()
    Ledger(db).close()
    worst, marks, start = 0.0, [], time.perf_counter()
    for first in range(0, rows, batch):
        ledger = Ledger(db)
        ledger.con.execute(f"SET threads = {ledger_module.WRITE_THREADS}")  # as an ingest's batch write
        ledger.con.execute(
            "INSERT INTO articles (id, text, record) SELECT 'a' || (? + i), "
            "repeat(md5((? + i)::VARCHAR), ? // 32), repeat(md5(i::VARCHAR), 20) FROM range(?) t(i)",
            [first, first, chars, batch],
        )
        before = _rss_mb()
        peak[0] = before
        ledger.close()  # commit is done; the checkpoint runs here
        time.sleep(5 * SAMPLE_S)
        worst = max(worst, peak[0] - before)
        done = first + batch
        if done % every < batch:
            marks.append({"rows": done, "largest_close_rise_mb": round(worst, 1)})
    print(json.dumps({"row_group_size": size, "seconds": round(time.perf_counter() - start, 1), "marks": marks}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=40000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2048, 4096, 8192, 122880])
    parser.add_argument("--batch", type=int, default=64, help="rows per open/close (the ingest's WRITE_BATCH)")
    parser.add_argument("--chars", type=int, default=800, help="text characters per row (Reuters averages ~800)")
    parser.add_argument("--every", type=int, default=8192)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.rows, args.batch, args.chars, args.every)
        return
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            common = ["--rows", str(args.rows), "--batch", str(args.batch), "--chars", str(args.chars), "--every", str(args.every)]
            out = subprocess.run(
                [sys.executable, __file__, *common, "--child", str(Path(tmp) / f"rg{size}.duckdb"), str(size)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"runs": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
