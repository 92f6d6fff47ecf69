"""Crash safety at scale: ``kill -9`` an ingest at random moments, many times, and count what was lost.

    .venv/bin/python benchmarks/kill_campaign.py --runs 100 --articles 60 --out kill_campaign.json

Each trial starts from an empty ledger, starts ``dateline ingest`` (the CLI's ``main`` in a fresh
interpreter, with ``--batch`` articles per write transaction so that a small corpus still has several
transactions to interrupt), sends SIGKILL at a moment drawn uniformly over ``--window`` of a clean run's duration,
then checks the half-written ledger: every article stored has exactly the rows a clean run gives it
(no half-written article, no duplicate row). Then a clean run resumes, and the ledger must hold every
article exactly once with exactly its rows. The reference is one uninterrupted run of the same corpus.
Prints one line per trial and writes every figure (kill moment, articles found after the kill,
resume time) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

TABLES = ("articles", "actors", "events", "quotes", "times", "places", "warnings")

INGEST = [sys.executable, "-c",
          "import sys; import dateline.store.ledger as L; L.WRITE_BATCH = int(sys.argv[1]); "
          "from dateline.cli import main; sys.exit(main(sys.argv[2:]))"]  # fmt: skip


def _ingest(corpus: Path, db: Path, batch: int, jobs: int) -> list[str]:
    return [*INGEST, str(batch), "ingest", str(corpus), "--db", str(db), "-q", "--jobs", str(jobs)]


def _empty() -> dict[str, Counter[str]]:
    empty: dict[str, Counter[str]] = {t: Counter() for t in TABLES}
    return empty | {f"{t}:duplicates": Counter() for t in TABLES}


def _rows(db: Path) -> dict[str, Counter[str]]:
    """Rows per table per article (``articles`` by id) and the count of exact duplicate rows."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()[0]:  # type: ignore[index]
            return _empty()  # killed before the schema was committed
        out: dict[str, Counter[str]] = {}
        for table in TABLES:
            key = "id" if table == "articles" else "article_id"
            out[table] = Counter(dict(con.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY 1").fetchall()))
            dupes = con.execute(f"SELECT count(*) FROM (SELECT * EXCLUDE (run_id) FROM {table} GROUP BY ALL HAVING count(*) > 1)"
                                if table == "articles" else
                                f"SELECT count(*) FROM (SELECT * FROM {table} GROUP BY ALL HAVING count(*) > 1)").fetchone()  # fmt: skip
            out[f"{table}:duplicates"] = Counter({"n": int(dupes[0]) if dupes else 0})
        return out
    finally:
        con.close()


def _check(got: dict[str, Counter[str]], expected: dict[str, Counter[str]], complete: bool) -> list[str]:
    """What is wrong with a ledger: rows of a stored article missing or extra, duplicates, lost articles."""
    problems = []
    stored = set(got["articles"])
    if complete and stored != set(expected["articles"]):
        problems.append(f"articles lost: {sorted(set(expected['articles']) - stored)[:5]}")
    if stored - set(expected["articles"]):
        problems.append(f"unknown articles: {sorted(stored - set(expected['articles']))[:5]}")
    for table in TABLES:
        want = Counter({k: v for k, v in expected[table].items() if k in stored})
        if got[table] != want:
            bad = sorted(k for k in set(want) | set(got[table]) if want[k] != got[table][k])
            problems.append(f"{table}: wrong row counts for {len(bad)} articles, e.g. {bad[:3]}")
        if got[f"{table}:duplicates"]["n"]:
            problems.append(f"{table}: {got[f'{table}:duplicates']['n']} duplicated rows")
    return problems


def _run(args: list[str], kill_after: float | None) -> tuple[int, float]:
    started = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.returncode, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=100, help="SIGKILLs wanted, each followed by a resume (default: %(default)s)")
    parser.add_argument("--window", type=float, nargs=2, default=(0.05, 1.0), metavar=("FROM", "TO"),
                        help="kill moments, as fractions of a clean run's time (default: %(default)s)")
    parser.add_argument("--articles", type=int, default=60, help="corpus size (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=8, help="articles per write transaction (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=1, help="ingest --jobs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="kill moments and corpus (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("kill_campaign.json"), help="figures (default: %(default)s)")
    args = parser.parse_args()

    from dateline.scale.synthetic import synthetic_articles

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="kill-campaign-"))
    corpus = work / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in synthetic_articles(args.articles, seed=args.seed)))
    reference = work / "reference.duckdb"
    code, clean_s = _run(_ingest(corpus, reference, args.batch, args.jobs), None)
    if code != 0:
        print(f"the reference run failed (exit {code})", file=sys.stderr)
        return 2
    expected = _rows(reference)
    assert len(expected["articles"]) == args.articles
    print(f"reference: {args.articles} articles in {clean_s:.1f} s; until {args.runs} kills", file=sys.stderr)

    trials: list[dict[str, Any]] = []
    # A run that ends before its kill moment is recorded but not counted: go on until enough kills.
    for i in range(args.runs * 3):
        if sum(t["killed"] for t in trials) >= args.runs:
            break
        db = work / f"trial{i}.duckdb"
        kill_at = rng.uniform(max(0.3, clean_s * args.window[0]), clean_s * args.window[1])
        code, _ = _run(_ingest(corpus, db, args.batch, args.jobs), kill_at)
        killed = code == -signal.SIGKILL
        after_kill = _rows(db) if db.exists() else _empty()
        problems = _check(after_kill, expected, complete=False)
        resume_code, resume_s = _run(_ingest(corpus, db, args.batch, args.jobs), None)
        final = _rows(db)
        problems += [f"after resume: {p}" for p in _check(final, expected, complete=True)]
        if resume_code != 0:
            problems.append(f"resume exited {resume_code}")
        trial = {"trial": i, "kill_at_s": round(kill_at, 2), "killed": killed, "articles_after_kill": len(after_kill["articles"]),
                 "resume_s": round(resume_s, 2), "articles_final": len(final["articles"]), "problems": problems}  # fmt: skip
        trials.append(trial)
        print(f"{i:3d} kill at {kill_at:5.1f} s  killed={killed!s:5}  stored {trial['articles_after_kill']:3d}"
              f"  resume {resume_s:5.1f} s  final {trial['articles_final']}  {'OK' if not problems else problems}", flush=True)  # fmt: skip
        db.unlink()
        db.with_name(db.name + ".wal").unlink(missing_ok=True)

    killed_trials = [t for t in trials if t["killed"]]
    mid = [t for t in killed_trials if 0 < t["articles_after_kill"] < args.articles]
    summary = {
        "articles": args.articles, "batch": args.batch, "jobs": args.jobs, "window": args.window, "runs": len(trials),
        "killed": len(killed_trials), "killed_mid_ingest": len(mid),
        "killed_before_first_write": sum(1 for t in killed_trials if t["articles_after_kill"] == 0),
        "trials_with_problems": sum(1 for t in trials if t["problems"]),
        "lost_articles": sum(args.articles - t["articles_final"] for t in trials),
        "clean_run_s": round(clean_s, 2),
        "resume_s_median": round(statistics.median(t["resume_s"] for t in trials), 2) if trials else None,
        "trials": trials,
    }  # fmt: skip
    args.out.write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "trials"}), file=sys.stderr)
    return 1 if summary["trials_with_problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
