"""``dateline serve``: the read-only JSON API and the offline web explorer, from one standard-library server.

The ledger is attached read-only to an in-memory DuckDB database; each request gets its own cursor
(DuckDB connections are not shared between threads) and a watchdog that interrupts it past
:data:`QUERY_TIMEOUT_S`. A full-text index over the articles is built in memory in the background at
start; until it is ready, search falls back to a case-insensitive substring match.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
import time
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import LedgerError
from ..store.ledger import attach_sql
from ..store.schema import check_readable
from . import api
from .openapi import ENDPOINT_PARAMS, spec

STATIC = Path(__file__).parent / "static"

QUERY_TIMEOUT_S = 10.0
"""A query running longer is interrupted (503): the explorer's calls take well under 1 s on 1M events,
so only a pathological filter (e.g. a text search over a huge ledger) gets here."""

MAX_URL = 4096
"""Longest request line path+query: filters are short; anything longer is refused (414)."""

MAX_FTS_ARTICLES = 2_000_000
"""Above this many articles the in-memory search index would take minutes and gigabytes; use ILIKE."""

BUSY_WAIT_S = 5.0
"""How long a request waits while an ingest writes a batch before answering 503 "ledger busy, retry":
a batch (``WRITE_BATCH`` articles) is written in well under a second, so 503 means a stuck writer."""

ATTACH_RETRY_S = (0.005, 0.05)
"""First and longest pause between two attempts to attach a file a writer holds."""

LINGER_S = 0.2
"""The file stays attached this long after the last request: the explorer's calls come in bursts
that then share one attachment (and DuckDB's cache); a waiting writer waits this much longer."""

READ_SLICE_S = 2.0
"""Longest time the file stays attached under a continuous stream of overlapping requests."""

WRITER_GAP_S = 0.1
"""After a slice, no attach for this long: over twice the writer's longest pause between attempts
(``LOCK_RETRY_S`` in :mod:`dateline.store.ledger`), so a waiting ingest is sure to get in."""

FTS_REFRESH_S = 30.0
"""Shortest time between two rebuilds of the search index while the ledger grows: a rebuild copies
every article, and an ingest adds a batch every second or so; meanwhile search uses substring matching."""

BM25_K, BM25_B = 1.2, 0.75
"""The usual BM25 constants (the FTS extension's defaults too)."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Only our own files run; no inline script or style, so article text can never become code."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_CACHE_STATIC = "no-cache"
"""Revalidate assets every load: the explorer is tiny and a stale app.js after an upgrade is worse."""


class LedgerBusy(Exception):
    """The ledger could not be attached within :data:`BUSY_WAIT_S`: an ingest is writing a batch."""


class LedgerService:
    """The ledger, shared by the request threads, attached only while requests read it.

    DuckDB lets one process write a file or several read it, never both. So that ``dateline ingest``
    can write the same ledger while this serves it, the file is attached read-only when a request
    needs it and detached once no request has used it for :data:`LINGER_S`; requests arriving
    while an ingest writes a batch wait (up to :data:`BUSY_WAIT_S`, then 503) and see that batch.
    Under a continuous stream of requests the attachment is given up every :data:`READ_SLICE_S`
    for :data:`WRITER_GAP_S`, so a waiting writer always gets in.
    """

    def __init__(self, db: Path) -> None:
        import duckdb

        if not db.exists():
            raise LedgerError(f"{db}: no such ledger; create one with `dateline ingest INPUT --db {db}` or `dateline demo`")
        self.db = db
        self.con = duckdb.connect(":memory:")
        self._cv = threading.Condition()
        self._users = 0
        self._attached_at: float | None = None
        self._idle_since = 0.0
        self._draining = False
        self._resume_at = 0.0
        self._closed = False
        self._signature: tuple[int, ...] | None = None
        self.article_count = 0
        """Articles in the ledger, as of the last attach that saw the file change."""
        self.fts_ready = threading.Event()
        """Set while the search index holds every article (else search uses substring matching)."""
        self.fts_error: str | None = None
        self._fts_table: str | None = None
        self._fts_users = {"docs0": 0, "docs1": 0}
        self._fts_count = -1
        self._fts_built_at = -FTS_REFRESH_S
        self._fts_thread: threading.Thread | None = None
        self._started = False
        try:
            with self.reading(ledger_wait_s()) as cur:
                check_readable(cur, str(db))
        except LedgerBusy as exc:
            self.con.close()
            raise LedgerError(f"{db}: cannot open the ledger ({exc})") from exc
        except Exception:
            self.con.close()
            raise
        threading.Thread(target=self._detach_idle, name="dateline-ledger-idle", daemon=True).start()
        with self._cv:
            self._started = True
            self._refresh_fts()

    # -- attaching and detaching --------------------------------------------------------------

    @contextmanager
    def reading(self, wait_s: float | None = None) -> Iterator[Any]:
        """A cursor reading the attached ledger by its tables' plain names, for one request."""
        self._acquire(BUSY_WAIT_S if wait_s is None else wait_s)
        cur = None
        try:
            cur = self.con.cursor()
            cur.execute("USE ledger")
            yield cur
        finally:
            if cur is not None:
                cur.close()
            self._release()

    def _acquire(self, wait_s: float) -> None:
        deadline = time.monotonic() + wait_s
        delay = ATTACH_RETRY_S[0]
        with self._cv:
            while True:
                now = time.monotonic()
                if self._closed:
                    raise LedgerBusy("the server is shutting down")
                if self._attached_at is not None and not self._draining:
                    if now - self._attached_at <= READ_SLICE_S:
                        self._users += 1
                        return
                    # This slice is over: admit nobody new; the last request out detaches.
                    if self._users:
                        self._draining = True
                    else:
                        self._detach(gap=True)
                    continue
                if now >= deadline:
                    raise LedgerBusy(
                        f"ledger busy: another process (an ingest) has been writing it for over {wait_s:g} s; retry"
                    )
                if self._attached_at is None and now >= self._resume_at:
                    if self._attach():
                        continue
                    pause = delay
                    delay = min(delay * 2, ATTACH_RETRY_S[1])
                elif self._attached_at is None:
                    pause = self._resume_at - now
                else:
                    pause = deadline - now  # draining: woken when the last request leaves
                self._cv.wait(max(0.0, min(pause, deadline - now)))

    def _release(self) -> None:
        with self._cv:
            self._users -= 1
            if self._users == 0:
                self._idle_since = time.monotonic()
                if self._draining:
                    self._detach(gap=True)
                self._cv.notify_all()

    def _attach(self) -> bool:
        """Attach the ledger (lock held); False while a writer holds the file."""
        import duckdb

        try:
            self.con.execute(attach_sql(self.db, "READ_ONLY"))
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                return False
            raise LedgerError(f"{self.db}: cannot open the ledger ({exc})") from exc
        except duckdb.Error as exc:
            raise LedgerError(f"{self.db}: cannot open the ledger ({exc})") from exc
        self._attached_at = time.monotonic()
        self._idle_since = self._attached_at
        self._draining = False
        self._notice_changes()
        return True

    def _detach(self, gap: bool = False) -> None:
        """Detach the ledger (lock held, no request reading); ``gap`` keeps it detached a moment."""
        if self._attached_at is None:
            return
        self.con.execute("DETACH ledger")
        self._attached_at = None
        self._draining = False
        if gap:
            self._resume_at = time.monotonic() + WRITER_GAP_S
        self._cv.notify_all()

    def _detach_idle(self) -> None:
        with self._cv:
            while not self._closed:
                if self._attached_at is not None and self._users == 0:
                    idle = time.monotonic() - self._idle_since
                    if idle >= LINGER_S:
                        self._detach()
                        continue
                    self._cv.wait(LINGER_S - idle)
                else:
                    self._cv.wait()

    def _notice_changes(self) -> None:
        """After an attach: if the file changed, count the articles and refresh the search index."""
        signature = tuple(
            int(v) for p in (self.db, self.db.with_name(self.db.name + ".wal")) if p.exists()
            for v in (p.stat().st_mtime_ns, p.stat().st_size)
        )  # fmt: skip
        if signature == self._signature:
            return
        try:
            row = self.con.execute("SELECT count(*) FROM ledger.articles").fetchone()
        except Exception:  # not a ledger: check_readable says so at start-up
            return
        self._signature = signature
        self.article_count = int(row[0]) if row else 0
        self._refresh_fts()

    # -- the search index ---------------------------------------------------------------------

    def _refresh_fts(self) -> None:
        """(Lock held.) Mark the index stale if the ledger grew, and start a rebuild when one is due."""
        if not self._started or self.article_count == self._fts_count or self.fts_error is not None:
            return
        self.fts_ready.clear()
        if self._fts_thread is not None and self._fts_thread.is_alive():
            return
        delay = max(0.0, self._fts_built_at + FTS_REFRESH_S - time.monotonic())
        self._fts_thread = threading.Thread(target=self._build_fts, args=(delay,), name="dateline-fts", daemon=True)
        self._fts_thread.start()

    def _build_fts(self, delay: float = 0.0) -> None:
        if delay:
            time.sleep(delay)
        slot = "docs1" if self._fts_table == "docs0" else "docs0"
        try:
            import duckdb_extension_fts

            with self._cv:
                self._fts_built_at = time.monotonic()
                while self._fts_users[slot] and not self._closed:  # searches still on an old index
                    self._cv.wait(1.0)
            cur = self.con.cursor()
            ext = next(Path(duckdb_extension_fts.__file__).parent.glob("extensions/*/fts.duckdb_extension"))
            cur.execute(f"LOAD '{ext.as_posix()}'")
            # Only the copy needs the file; the index is built on the in-memory copy, file released.
            with self.reading(ledger_wait_s()) as lcur:
                row = lcur.execute("SELECT count(*) FROM articles").fetchone()
                n = int(row[0]) if row else 0
                if n > MAX_FTS_ARTICLES:
                    self.fts_error = f"{n} articles: too many for the in-memory index; search uses substring matching"
                    return
                lcur.execute(
                    f"CREATE OR REPLACE TABLE memory.main.{slot} AS "
                    "SELECT id, coalesce(title, '') AS title, text FROM ledger.articles"
                )
            cur.execute(f"PRAGMA create_fts_index('memory.main.{slot}', 'id', 'title', 'text', overwrite=1)")
            cur.close()
            with self._cv:
                old, self._fts_table, self._fts_count = self._fts_table, slot, n
                if n == self.article_count:
                    self.fts_ready.set()
                while old is not None and self._fts_users[old] and not self._closed:
                    self._cv.wait(1.0)
            if old is not None:  # one copy of the texts in memory, not two
                cur = self.con.cursor()
                cur.execute(f"PRAGMA drop_fts_index('main.{old}')")  # (no catalog name here; the cursor's is memory)
                cur.execute(f"DROP TABLE IF EXISTS memory.main.{old}")
                cur.close()
            with self._cv:
                self._fts_thread = None
                self._refresh_fts()  # the ledger grew while building: go again when due
        except Exception as exc:  # the explorer still works: search falls back to substring matching
            self.fts_error = f"full-text index unavailable ({exc}); search uses substring matching"
            self.fts_ready.clear()

    def _fts_enter(self) -> str | None:
        """The current index table for one search (counted, so a rebuild never drops it under it)."""
        with self._cv:
            if not self.fts_ready.is_set() or self._fts_table is None:
                return None
            self._fts_users[self._fts_table] += 1
            return self._fts_table

    def _fts_leave(self, slot: str) -> None:
        with self._cv:
            self._fts_users[slot] -= 1
            self._cv.notify_all()

    def cursor(self) -> Any:
        """A cursor reading the ledger's tables by their plain names (only valid inside :meth:`reading`)."""
        cur = self.con.cursor()
        cur.execute("USE ledger")
        return cur

    def search(self, cur: Any, q: str, params: dict[str, list[str]]) -> dict[str, Any]:
        """Ranked full-text search (BM25) when the index is current, else substring matching by date."""
        flt = api.parse_filter(params, default_limit=20)
        words = q.split()
        if not words:  # only blanks: nothing to look for
            return {"total": 0, "limit": flt.limit, "offset": flt.offset, "method": "none", "items": []}
        dates, dparams = "", list[Any]()
        if flt.since:
            dates, dparams = dates + " AND a.date >= ?", [*dparams, flt.since]
        if flt.until:
            dates, dparams = dates + " AND a.date <= ?", [*dparams, flt.until]
        slot = self._fts_enter()
        try:
            if slot is not None:
                # The postings of the query's terms only, scored once (BM25, every word required): the
                # extension's match_bm25() macro scores every document and takes ~0.5 s on 100k articles.
                fts = f"fts_main_{slot}"
                cur.execute("USE memory")
                base = f"""FROM (WITH q AS (SELECT DISTINCT stem(unnest({fts}.tokenize(?)), 'porter') AS term),
                    qt AS (SELECT d.termid, d.df FROM {fts}.dict d JOIN q ON d.term = q.term),
                    tf AS (SELECT t.docid, t.termid, count(*) AS tf FROM {fts}.terms t JOIN qt USING (termid) GROUP BY 1, 2),
                    st AS (SELECT num_docs, avgdl FROM {fts}.stats)
                    SELECT docs.name AS id, sum(log((st.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
                        * tf.tf * {BM25_K + 1} / (tf.tf + {BM25_K} * (1 - {BM25_B} + {BM25_B} * docs.len / st.avgdl))) AS score
                    FROM tf JOIN qt USING (termid) JOIN {fts}.docs docs ON docs.docid = tf.docid, st
                    GROUP BY docs.name HAVING count(*) = (SELECT count(*) FROM q)) d
                    JOIN ledger.articles a ON a.id = d.id WHERE true{dates}"""
                args: list[Any] = [q, *dparams]
                order, method = "d.score DESC, a.id", "bm25"
                score = "d.score"
            else:
                likes = " AND ".join("(a.text ILIKE ? OR a.title ILIKE ?)" for _ in words)
                base = f"FROM articles a WHERE {likes}{dates}"
                args = [v for w in words for v in (f"%{w}%", f"%{w}%")] + dparams
                order, method, score = "a.date DESC NULLS LAST, a.id", "substring", "NULL"
            rows = cur.execute(
                f"SELECT a.id, a.date, a.title, a.source, a.text, {score} {base} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, flt.limit, flt.offset],
            ).fetchall()
            total = cur.execute(f"SELECT count(*) {base}", args).fetchone()
        finally:
            if slot is not None:
                self._fts_leave(slot)
        items = [
            {"id": i, "date": d.isoformat() if d else None, "title": t, "source": s, "snippet": api.snippet(text, words),
             "score": round(sc, 4) if sc is not None else None}
            for i, d, t, s, text, sc in rows
        ]  # fmt: skip
        return {"total": int(total[0]) if total else 0, "limit": flt.limit, "offset": flt.offset, "method": method, "items": items}

    def close(self) -> None:
        """Detach and close the database."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        self.con.close()


def ledger_wait_s() -> float:
    """How long start-up and the index rebuild wait for a writer (as long as a CLI open waits)."""
    from ..store.ledger import LOCK_WAIT_S

    return LOCK_WAIT_S


def _route(service: LedgerService, path: str, params: dict[str, list[str]]) -> tuple[int, Any]:
    """Dispatch one API path to its query; returns (status, JSON body)."""
    if path.startswith("/api/articles/") and len(path) > len("/api/articles/"):
        api.check_names(params, ())
        article_id = unquote(path[len("/api/articles/") :])
        with service.reading() as cur:
            found = _timed(cur, lambda: api.article(cur, article_id))
        return (200, found) if found else (404, {"error": f"no article with id {article_id!r}"})
    if path not in ENDPOINT_PARAMS:
        return 404, {"error": f"no such endpoint {path!r}; see /openapi.json"}
    api.check_names(params, ENDPOINT_PARAMS[path])
    with service.reading() as cur:
        if path == "/api/stats":
            return 200, _timed(cur, lambda: {**api.stats(cur), "search": "bm25" if service.fts_ready.is_set() else "substring"})
        if path == "/api/search":
            if not params.get("q"):
                raise api.BadRequest("q (the words to find) is required")
            q = api._one(params, "q") or ""
            return 200, _timed(cur, lambda: service.search(cur, q, params))
        if path == "/api/timeline":
            flt = api.parse_filter({k: v for k, v in params.items() if k not in ("period", "split")})
            period = api._choice(params, "period", api.PERIODS, "month")
            split = api._choice(params, "split", api.SPLITS, "quad_class")
            return 200, _timed(cur, lambda: api.timeline(cur, flt, period, split))
        if path == "/api/dyads":
            by = api._choice(params, "by", ("country", "actor"), "country")
            flt = api.parse_filter({k: v for k, v in params.items() if k != "by"})
            return 200, _timed(cur, lambda: api.dyads(cur, flt, by))
        flt = api.parse_filter(params)
        handler = {
            "/api/articles": api.articles, "/api/events": api.events, "/api/quotes": api.quotes,
            "/api/speakers": api.speakers, "/api/actors": api.actors, "/api/places": api.places,
            "/api/map": api.event_map,
        }[path]  # fmt: skip
        return 200, _timed(cur, lambda: handler(cur, flt))


class QueryTimeout(Exception):
    """A query ran past :data:`QUERY_TIMEOUT_S`."""


def _timed(cur: Any, work: Any) -> Any:
    """Run ``work`` with a watchdog that interrupts the cursor's query past the time limit."""
    import duckdb

    fired = threading.Event()

    def stop() -> None:
        fired.set()
        cur.interrupt()

    timer = threading.Timer(QUERY_TIMEOUT_S, stop)
    timer.daemon = True
    timer.start()
    try:
        return work()
    except duckdb.InterruptException as exc:
        raise QueryTimeout(f"the query ran past {QUERY_TIMEOUT_S:g} s and was stopped; narrow the filters") from exc
    except duckdb.Error:
        if fired.is_set():
            raise QueryTimeout(f"the query ran past {QUERY_TIMEOUT_S:g} s and was stopped; narrow the filters") from None
        raise
    finally:
        timer.cancel()


class Handler(BaseHTTPRequestHandler):
    """GET-only: the API under /api, the OpenAPI description and the explorer's static files."""

    server_version = "dateline"
    sys_version = ""
    service: LedgerService
    quiet = False

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, content_type: str, cache: str = "no-store", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj, ensure_ascii=False, default=str).encode()
        self._send(status, body, "application/json; charset=utf-8", headers=headers)

    def do_GET(self) -> None:
        if len(self.path) > MAX_URL:
            self._json(414, {"error": f"request longer than {MAX_URL} characters"})
            return
        if int(self.headers.get("Content-Length") or 0) > 0:
            self._json(413, {"error": "GET requests take no body; put parameters in the query string"})
            return
        url = urlsplit(self.path)
        path = url.path
        try:
            params = parse_qs(url.query, keep_blank_values=False, strict_parsing=False, max_num_fields=40)
        except ValueError:
            self._json(400, {"error": "too many query parameters"})
            return
        if path == "/openapi.json":
            self._json(200, spec())
            return
        if path.startswith("/api/"):
            try:
                status, body = _route(self.service, path, params)
            except api.BadRequest as exc:
                status, body = 400, {"error": str(exc)}
            except QueryTimeout as exc:
                status, body = 503, {"error": str(exc)}
            except LedgerBusy as exc:
                self._json(503, {"error": str(exc)}, {"Retry-After": "1"})
                return
            except Exception as exc:  # a server error must still answer JSON, never a traceback page
                self.log_error("internal error on %s: %r", path, exc)
                status, body = 500, {"error": "internal error; see the server's log"}
            self._json(status, body)
            return
        self._static(path)

    do_HEAD = do_GET

    def _static(self, path: str) -> None:
        name = "index.html" if path in ("/", "/index.html") else path.removeprefix("/static/")
        try:
            # Resolved, then required to lie inside STATIC: "..", absolute names and links out are refused.
            target = (STATIC / name).resolve()
            found = STATIC.resolve() in target.parents and target.is_file()
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            found = False
        if (path != "/" and not path.startswith("/static/")) or not found:
            self._json(404, {"error": f"not found: {path}"})
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype, _CACHE_STATIC)

    def _refuse(self) -> None:
        self._json(405, {"error": "read-only: only GET and HEAD are served"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse


def make_server(db: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A ready (not yet serving) server on ``host:port`` (port 0 picks a free one); used by tests too."""
    service = LedgerService(Path(db))
    handler = type("BoundHandler", (Handler,), {"service": service, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, allow_remote: bool = False) -> None:
    """Serve the API and the explorer until interrupted. Binding beyond localhost needs ``allow_remote``."""
    from ..errors import UsageError

    local = host in ("127.0.0.1", "localhost", "::1")
    if not local and not allow_remote:
        raise UsageError(f"refusing to listen on {host}: the explorer has no authentication; add --allow-remote to do it anyway")
    server = make_server(db, host, port)
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    url = f"http://{'localhost' if local else bound_host}:{bound_port}/"
    if not local:
        print(
            f"WARNING: serving {db} on {bound_host}:{bound_port}, reachable from other machines; "
            "anyone who can reach it can read the whole ledger (there is no authentication).",
            file=sys.stderr,
        )
    print(f"dateline explorer on {url}  (API: {url}openapi.json; Ctrl-C stops)", file=sys.stderr)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.RequestHandlerClass.service.close()  # type: ignore[attr-defined]
