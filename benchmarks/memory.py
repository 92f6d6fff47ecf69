"""Peak memory of a streaming ingest at growing corpus sizes (the corpus repeated to get there).

    .venv/bin/python benchmarks/memory.py --corpus reuters --sizes 1000 10000 --jobs 1

Each size runs in a fresh child process that ingests ``N`` articles (the corpus cycled, each
copy with its own id) into a new ledger through ``Ledger.ingest`` (read, code, write in
batches) and reports its own peak resident memory (``ru_maxrss``); with ``--jobs > 1`` the
largest worker's peak is reported too. Flat memory means the 10k and 100k peaks agree.

``--writer-only`` measures the process that writes the ledger on its own: the first
``TEMPLATES`` articles are coded once, then every article read is stored as a copy of one of them
under its own id (no parsing, so it runs several times faster than a full ingest).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from corpora import load, repeated, write_jsonl

TEMPLATES = 512
"""Articles coded once for ``--writer-only``: enough variety in records per article."""


def _store_precoded(corpus: Path) -> None:
    """Make ``Ledger.ingest`` store copies of pre-coded articles instead of coding what it reads."""
    from copy import copy
    from itertools import islice

    from dateline.ingest.readers import read
    from dateline.model import Article
    from dateline.scale.parallel import annotate_parallel
    from dateline.store import ledger as ledger_module

    # Coded in a worker process, so this process holds no model, as the writer of `--jobs 2` does not.
    coded = list(annotate_parallel(islice((a for a in read([corpus]) if isinstance(a, Article)), TEMPLATES), 2))

    def precoded(articles: Any) -> Any:
        for n, article in enumerate(articles):
            twin = copy(coded[n % len(coded)])
            twin.id = article.id
            yield twin

    ledger_module.annotate = precoded  # type: ignore[assignment]


def child(corpus: Path, db: Path, jobs: int, writer_only: bool) -> None:
    from dateline.store.ledger import Ledger

    if writer_only:
        _store_precoded(corpus)

    start = time.perf_counter()
    with Ledger(db) as ledger:
        summary = ledger.ingest([corpus], progress=False, jobs=jobs)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "articles": summary.added, "seconds": round(seconds, 1), "articles_per_s": round(summary.added / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=("reuters", "wikinews"), default="reuters")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--writer-only", action="store_true", help="store pre-coded copies: the ledger writer alone")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), 1 if args.writer_only else args.jobs, args.writer_only)
        return
    base = load(args.corpus)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = write_jsonl(repeated(base, size), Path(tmp) / f"corpus{size}.jsonl")
            out = subprocess.run(
                [sys.executable, __file__, "--jobs", str(args.jobs), *(["--writer-only"] if args.writer_only else []), "--child", str(corpus), str(Path(tmp) / f"l{size}.duckdb")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results.append({"size": size, "jobs": args.jobs, "writer_only": args.writer_only, **json.loads(out.stdout.strip().splitlines()[-1])})
            print(json.dumps(results[-1]), flush=True)
            corpus.unlink()
    if args.json:
        args.json.write_text(json.dumps({"corpus": args.corpus, "runs": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
