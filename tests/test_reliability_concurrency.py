"""Single writer, many readers: ``serve`` keeps answering while another process writes the same ledger."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from dateline.scale.synthetic import synthetic_articles
from dateline.store.ledger import Ledger
from dateline.web import server as web

N_ARTICLES = 100
INGEST_BATCH = 16
"""Smaller batches than the default, so the readers can see several intermediate states."""

MAX_REQUESTS = 5000
MAX_SECONDS = 240
MAX_BUSY_SHARE = 0.1

HOLD = [sys.executable, "-c",
        "import sys, time; from pathlib import Path; from dateline.store.ledger import connect; "
        "con = connect(Path(sys.argv[1]), read_only=False); print('held', flush=True); "
        "time.sleep(float(sys.argv[2])); con.close()"]  # fmt: skip
INGEST = [sys.executable, "-c",
          "import sys; import dateline.store.ledger as L; L.WRITE_BATCH = int(sys.argv[1]); "
          "from dateline.cli import main; sys.exit(main(sys.argv[2:]))"]  # fmt: skip


@pytest.fixture
def empty_ledger(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.duckdb"
    Ledger(db).close()  # the schema, no articles
    return db


@pytest.fixture
def served(empty_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Any]]:
    monkeypatch.setattr(web, "FTS_REFRESH_S", 0.5)
    server = web.make_server(empty_ledger, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", cast(Any, server.RequestHandlerClass).service
    finally:
        server.shutdown()
        server.server_close()
        cast(Any, server.RequestHandlerClass).service.close()


def _get(url: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            status, raw, headers = resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        status, raw, headers = err.code, err.read(), dict(err.headers)
        err.close()
    return status, json.loads(raw) if headers["Content-Type"].startswith("application/json") else {}, headers


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the ledger for writing, returned once it holds it."""
    proc = subprocess.Popen([*HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _done(proc: subprocess.Popen[str]) -> int:
    code = proc.wait(timeout=30)
    if proc.stdout:
        proc.stdout.close()
    return code


def test_reliability_concurrency_request_waits_for_a_short_write(served: tuple[str, Any], empty_ledger: Path) -> None:
    base, _ = served
    assert _get(f"{base}/api/stats")[0] == 200
    time.sleep(web.LINGER_S * 3)  # idle: the server has let go of the file
    writer = _hold(empty_ledger, 1.0)
    started = time.monotonic()
    status, body, _ = _get(f"{base}/api/stats")
    assert status == 200 and body["counts"]["articles"] == 0
    assert time.monotonic() - started > 0.3, "the request did not wait for the writer"
    assert _done(writer) == 0


def test_reliability_concurrency_long_write_answers_503_busy(
    served: tuple[str, Any], empty_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = served
    monkeypatch.setattr(web, "BUSY_WAIT_S", 0.5)
    time.sleep(web.LINGER_S * 3)
    writer = _hold(empty_ledger, 3.0)
    status, body, headers = _get(f"{base}/api/events")
    assert status == 503 and "ledger busy" in body["error"] and headers.get("Retry-After") == "1"
    assert _get(f"{base}/")[0] == 200  # the explorer's files do not need the ledger
    assert _done(writer) == 0
    assert _get(f"{base}/api/events")[0] == 200


def test_reliability_concurrency_writer_gets_in_between_continuous_reads(served: tuple[str, Any], empty_ledger: Path) -> None:
    """Overlapping requests without a pause: the read slices still leave the writer a gap."""
    base, _ = served
    stop = threading.Event()
    statuses: list[int] = []

    def hammer() -> None:
        while not stop.is_set():
            statuses.append(_get(f"{base}/api/stats")[0])

    readers = [threading.Thread(target=hammer) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        time.sleep(0.5)
        started = time.monotonic()
        _done(_hold(empty_ledger, 0.1))
        waited = time.monotonic() - started
        time.sleep(0.5)  # the readers go on after the write
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert waited < web.READ_SLICE_S * 3, f"the writer waited {waited:.1f} s for the readers"
    assert set(statuses) <= {200, 503} and statuses.count(503) <= len(statuses) * MAX_BUSY_SHARE
    assert len(statuses) > 20, "the readers hardly ran"


@pytest.mark.slow
def test_reliability_concurrency_serve_answers_during_ingest(served: tuple[str, Any], empty_ledger: Path, tmp_path: Path) -> None:
    base, service = served
    corpus = tmp_path / "more.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in synthetic_articles(N_ARTICLES, seed=5)))
    ingest = subprocess.Popen(
        [*INGEST, str(INGEST_BATCH), "ingest", str(corpus), "--db", str(empty_ledger), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    paths = ["/api/stats", "/api/articles?limit=5", "/api/search?q=talks", "/api/events?limit=5", "/api/timeline"]
    statuses: list[int] = []
    counts: list[int] = []
    deadline = time.monotonic() + MAX_SECONDS
    try:
        while ingest.poll() is None and len(statuses) < MAX_REQUESTS and time.monotonic() < deadline:
            path = paths[len(statuses) % len(paths)]
            status, body, _ = _get(base + path)
            statuses.append(status)
            assert status in (200, 503), (path, status, body)
            if status == 503:
                assert "busy" in body["error"]
            elif path == "/api/stats":
                counts.append(body["counts"]["articles"])
            time.sleep(0.01)
        _, err = ingest.communicate(timeout=MAX_SECONDS)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    assert ingest.returncode == 0, err
    final = _get(f"{base}/api/stats")[1]["counts"]["articles"]
    assert final == N_ARTICLES
    assert counts == sorted(counts), "the article count went down"
    assert len(set(counts)) >= 3, f"no intermediate state seen: {sorted(set(counts))}"
    assert statuses.count(503) <= len(statuses) * MAX_BUSY_SHARE, f"{statuses.count(503)} busy of {len(statuses)}"
    # The search sees the new articles at once (substring) and, once the index is rebuilt, ranks them.
    status, found, _ = _get(f"{base}/api/search?q=report&limit=1")
    assert status == 200 and found["total"] == N_ARTICLES, (found, service.article_count, service._fts_count, service.fts_error)
    assert service.fts_ready.wait(timeout=60)
    status, found, _ = _get(f"{base}/api/search?q=report&limit=1")
    assert status == 200 and found["method"] == "bm25" and found["total"] == N_ARTICLES
