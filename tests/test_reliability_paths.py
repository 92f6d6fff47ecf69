"""Paths: the explorer's file server refuses traversal; ids, urls and titles from input never become paths."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from dateline.export import FORMATS, export
from dateline.store.ledger import Ledger
from dateline.web import server as web

HOSTILE = [
    {"id": "../../escaped", "url": "file:///etc/passwd", "title": "../../../tmp/owned", "source": "/etc/cron.d/x",
     "date": "2021-06-01", "text": "The envoy met rebels in Goma on Monday and said talks would resume."},
    {"id": "/abs/path", "url": "../../../x", "title": "..\\..\\windows", "source": "~/.ssh/id_rsa",
     "date": "2021-06-02", "text": "Police in Nairobi arrested 40 protesters on Tuesday."},
]  # fmt: skip


@pytest.fixture
def static_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A static folder with a page, a script, and a link pointing outside it."""
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>x</title>")
    (folder / "app.js").write_text("console.log(1);")
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    (folder / "leak.txt").symlink_to(tmp_path / "secret.txt")
    monkeypatch.setattr(web, "STATIC", folder)
    return folder


@pytest.fixture
def address(tmp_path: Path, static_dir: Path) -> Iterator[tuple[str, int]]:
    db = tmp_path / "ledger.duckdb"
    Ledger(db).close()
    server = web.make_server(db, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield "127.0.0.1", int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        cast(Any, server.RequestHandlerClass).service.close()


def _raw_get(address: tuple[str, int], path: bytes) -> tuple[int, bytes]:
    """The request line exactly as given (no client-side normalisation of ``..`` or escapes)."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: localhost\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize(
    "path",
    [
        b"/static/../../secret.txt", b"/static/%2e%2e/%2e%2e/secret.txt", b"/static/..%2f..%2fsecret.txt",
        b"/static/leak.txt", b"/static//etc/passwd", b"/static/../../../../../../etc/passwd", b"/../secret.txt",
        b"/static/" + b"a" * 5000, b"/static/" + b"b" * 300, b"/static/a%00b", b"/static/a\x00b", b"/static/..\\..\\secret.txt",
        b"/etc/passwd", b"/static/", b"/static/.",
    ],
)  # fmt: skip
def test_reliability_paths_static_traversal_refused(address: tuple[str, int], path: bytes) -> None:
    status, body = _raw_get(address, path)
    assert status in (400, 404, 414)
    assert b"TOP-SECRET" not in body and b"root:" not in body


def test_reliability_paths_static_files_still_served(address: tuple[str, int]) -> None:
    assert _raw_get(address, b"/")[0] == 200
    status, body = _raw_get(address, b"/static/app.js")
    assert status == 200 and body == b"console.log(1);"


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.slow
def test_reliability_paths_input_fields_never_become_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE))
    db, out = tmp_path / "l.duckdb", tmp_path / "out"
    before = _tree(tmp_path)
    with Ledger(db) as ledger:
        summary = ledger.ingest([corpus], progress=False)
    assert summary.added == 2
    written = set()
    for fmt in FORMATS:
        table = "events" if fmt in ("gdelt", "plover") else "articles"
        target = out / f"articles.{fmt}"
        export(db, table, fmt, target)
        written.add(str(target.relative_to(tmp_path)))
    after = _tree(tmp_path)
    assert after - before == {"l.duckdb", "out", *written} | ({"l.duckdb.wal"} & after)
    assert not os.listdir(work), "something was written to the working directory"
    with Ledger(db, read_only=True) as ledger:  # the ids are kept as given, as data
        assert sorted(a["article"]["id"] for a in ledger.articles()) == ["../../escaped", "/abs/path"]
