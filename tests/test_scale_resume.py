"""Resumable ingest: a run killed with SIGKILL at random moments, restarted, finishes the corpus
with nothing lost and nothing duplicated (serial CLI and ``jobs=2`` workers)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from dateline.extract import versions
from dateline.ingest.readers import read
from dateline.model import Article
from dateline.pipeline import annotate
from dateline.scale.synthetic import synthetic_articles
from dateline.store.ledger import rows_for

N_ARTICLES = 240
KILLS = 3

CLI = [sys.executable, "-m", "dateline.cli", "ingest", "{corpus}", "--db", "{db}", "-q"]
API_JOBS2 = [
    sys.executable, "-c",
    "import sys; from dateline.store.ledger import Ledger; "
    "Ledger(sys.argv[2]).ingest([sys.argv[1]], progress=False, jobs=2)",
    "{corpus}", "{db}",
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resume") / "corpus.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in synthetic_articles(N_ARTICLES, seed=11)))
    return path


@pytest.fixture(scope="module")
def expected(corpus: Path) -> dict[str, Counter[str]]:
    """Rows per table per article from an uninterrupted in-process coding of the same corpus."""
    counts: dict[str, Counter[str]] = {}
    articles = [item for item in read([corpus]) if isinstance(item, Article)]
    for article in annotate(articles):
        for table, rows in rows_for(article, "ref", versions()).items():
            for row in rows:
                counts.setdefault(table, Counter())[str(row.get("article_id", row.get("id")))] += 1
    return counts


def _run(command: list[str], corpus: Path, db: Path, kill_after: float | None) -> int:
    args = [part.format(corpus=corpus, db=db) for part in command]
    # A session of its own so that, whatever happens, the test can clean up every process it started.
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        if kill_after is None:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            return proc.returncode
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)  # the main process only, as a crash or the OOM killer would
            proc.wait()
        return proc.returncode
    finally:
        if proc.stderr:
            proc.stderr.close()
        _reap_group(proc.pid)


def _reap_group(pgid: int) -> None:
    """Wait for workers orphaned by a kill to notice and exit; kill them if they do not."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(pgid, signal.SIGKILL)
    pytest.fail("worker processes outlived their killed parent")


@pytest.mark.slow
@pytest.mark.parametrize("command", [CLI, API_JOBS2], ids=["cli-serial", "api-jobs2"])
def test_scale_resume_after_sigkill(command: list[str], corpus: Path, expected: dict[str, Counter[str]], tmp_path: Path) -> None:
    db = tmp_path / "ledger.duckdb"
    rng = random.Random()
    killed, latest = 0, 6.0
    for _ in range(4 * KILLS):
        if killed == KILLS:
            break
        # Model loading takes ~3 s: kills land during loading, coding and batch writes alike.
        if _run(command, corpus, db, kill_after=rng.uniform(1.5, latest)) == -signal.SIGKILL:
            killed += 1
            continue
        # The run finished before its kill (a fast machine, or little left to do): start again on an
        # empty ledger with earlier kills, so that the kills counted all hit the ledger checked below.
        for path in (db, db.with_name(db.name + ".wal")):
            path.unlink(missing_ok=True)
        killed, latest = 0, max(2.0, latest * 0.7)
    _run(command, corpus, db, kill_after=None)
    assert killed >= 1, "every run finished before its kill: the corpus is too small to test resuming"

    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [row[0] for row in con.execute("SELECT id FROM articles").fetchall()]
        assert sorted(ids) == sorted(f"s{i:06d}" for i in range(N_ARTICLES))
        for table in ("actors", "events", "quotes", "times", "places", "warnings"):
            got = Counter(dict(con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY 1").fetchall()))
            assert got == expected.get(table, Counter()), f"{table}: rows lost or duplicated"
            dupes = con.execute(f"SELECT count(*) FROM (SELECT * FROM {table} GROUP BY ALL HAVING count(*) > 1)").fetchone()
            assert dupes == (0,), f"{table}: duplicate rows"
    finally:
        con.close()
