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
import webbrowser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import LedgerError
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


class LedgerService:
    """The open ledger, shared by the request threads."""

    def __init__(self, db: Path) -> None:
        import duckdb

        if not db.exists():
            raise LedgerError(f"{db}: no such ledger; create one with `dateline ingest INPUT --db {db}` or `dateline demo`")
        self.db = db
        self.con = duckdb.connect(":memory:")
        try:
            quoted = str(db).replace("'", "''")  # ATTACH takes no bound parameters
            self.con.execute(f"ATTACH '{quoted}' AS ledger (READ_ONLY)")
        except duckdb.Error as exc:
            raise LedgerError(f"{db}: cannot open the ledger ({exc})") from exc
        cur = self.con.cursor()
        cur.execute("USE ledger")
        check_readable(cur, str(db))
        cur.close()
        self.fts_ready = threading.Event()
        self.fts_error: str | None = None
        self._fts_thread = threading.Thread(target=self._build_fts, name="dateline-fts", daemon=True)
        self._fts_thread.start()

    def _build_fts(self) -> None:
        try:
            import duckdb_extension_fts

            cur = self.con.cursor()
            n = cur.execute("SELECT count(*) FROM ledger.articles").fetchone()
            if n and n[0] > MAX_FTS_ARTICLES:
                self.fts_error = f"{n[0]} articles: too many for the in-memory index; search uses substring matching"
                return
            ext = next(Path(duckdb_extension_fts.__file__).parent.glob("extensions/*/fts.duckdb_extension"))
            cur.execute(f"LOAD '{ext.as_posix()}'")
            cur.execute("CREATE TABLE memory.main.docs AS SELECT id, coalesce(title, '') AS title, text FROM ledger.articles")
            cur.execute("PRAGMA create_fts_index('memory.main.docs', 'id', 'title', 'text')")
            cur.close()
            self.fts_ready.set()
        except Exception as exc:  # the explorer still works: search falls back to substring matching
            self.fts_error = f"full-text index unavailable ({exc}); search uses substring matching"

    def cursor(self) -> Any:
        """A cursor for one request, reading the ledger's tables by their plain names."""
        cur = self.con.cursor()
        cur.execute("USE ledger")
        return cur

    def search(self, cur: Any, q: str, params: dict[str, list[str]]) -> dict[str, Any]:
        """Ranked full-text search (BM25) when the index is ready, else substring matching by date."""
        flt = api.parse_filter(params, default_limit=20)
        words = q.split()
        if not words:  # only blanks: nothing to look for
            return {"total": 0, "limit": flt.limit, "offset": flt.offset, "method": "none", "items": []}
        dates, dparams = "", list[Any]()
        if flt.since:
            dates, dparams = dates + " AND a.date >= ?", [*dparams, flt.since]
        if flt.until:
            dates, dparams = dates + " AND a.date <= ?", [*dparams, flt.until]
        if self.fts_ready.is_set():
            # The postings of the query's terms only, scored once (BM25, every word required): the
            # extension's match_bm25() macro scores every document and takes ~0.5 s on 100k articles.
            cur.execute("USE memory")
            base = f"""FROM (WITH q AS (SELECT DISTINCT stem(unnest(fts_main_docs.tokenize(?)), 'porter') AS term),
                qt AS (SELECT d.termid, d.df FROM fts_main_docs.dict d JOIN q ON d.term = q.term),
                tf AS (SELECT t.docid, t.termid, count(*) AS tf FROM fts_main_docs.terms t JOIN qt USING (termid) GROUP BY 1, 2),
                st AS (SELECT num_docs, avgdl FROM fts_main_docs.stats)
                SELECT docs.name AS id, sum(log((st.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
                    * tf.tf * {BM25_K + 1} / (tf.tf + {BM25_K} * (1 - {BM25_B} + {BM25_B} * docs.len / st.avgdl))) AS score
                FROM tf JOIN qt USING (termid) JOIN fts_main_docs.docs docs ON docs.docid = tf.docid, st
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
        items = [
            {"id": i, "date": d.isoformat() if d else None, "title": t, "source": s, "snippet": api.snippet(text, words),
             "score": round(sc, 4) if sc is not None else None}
            for i, d, t, s, text, sc in rows
        ]  # fmt: skip
        return {"total": int(total[0]) if total else 0, "limit": flt.limit, "offset": flt.offset, "method": method, "items": items}

    def close(self) -> None:
        """Close the database."""
        self.con.close()


def _route(service: LedgerService, path: str, params: dict[str, list[str]]) -> tuple[int, Any]:
    """Dispatch one API path to its query; returns (status, JSON body)."""
    if path.startswith("/api/articles/") and len(path) > len("/api/articles/"):
        api.check_names(params, ())
        article_id = unquote(path[len("/api/articles/") :])
        cur = service.cursor()
        try:
            found = _timed(cur, lambda: api.article(cur, article_id))
        finally:
            cur.close()
        return (200, found) if found else (404, {"error": f"no article with id {article_id!r}"})
    if path not in ENDPOINT_PARAMS:
        return 404, {"error": f"no such endpoint {path!r}; see /openapi.json"}
    api.check_names(params, ENDPOINT_PARAMS[path])
    cur = service.cursor()
    try:
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
    finally:
        cur.close()


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

    def _send(self, status: int, body: bytes, content_type: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False, default=str).encode(), "application/json; charset=utf-8")

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
            except Exception as exc:  # a server error must still answer JSON, never a traceback page
                self.log_error("internal error on %s: %r", path, exc)
                status, body = 500, {"error": "internal error; see the server's log"}
            self._json(status, body)
            return
        self._static(path)

    do_HEAD = do_GET

    def _static(self, path: str) -> None:
        name = "index.html" if path in ("/", "/index.html") else path.removeprefix("/static/")
        target = (STATIC / name).resolve()
        if (path != "/" and not path.startswith("/static/")) or STATIC.resolve() not in target.parents or not target.is_file():
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
