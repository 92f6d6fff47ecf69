"""The ledger: an embedded DuckDB file holding articles (full text), records and provenance.

One writer at a time (DuckDB's own lock); each batch of articles with all its records is one
transaction, so a killed ingest leaves whole articles or none, and a re-run skips what is
already stored (articles are keyed by their content-hash id).

Single writer, many readers: DuckDB lets one process write a file or several read it, never both.
An ingest therefore holds the file only while it writes a batch (open, one transaction, close)
and codes the next batch with the file released; which articles are already stored is checked
per batch through a short read-only open. Any open retries for up to :data:`LOCK_WAIT_S` while
another process holds the file, so ``dateline serve`` (which attaches the file per request, see
:mod:`dateline.web.server`) keeps answering during an ingest and sees each batch once written.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import serialize
from ..errors import LedgerError
from ..extract import versions as extractor_versions
from ..ingest.readers import read
from ..model import Article, PartialDate, Quarantined
from ..pipeline import annotate
from ..query import Filter, page, where
from ..settings import DEFAULT_DB, MODEL_LABEL, VERSION
from .schema import check_readable, migrate

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

KEYED_TABLES = ("articles", "actors", "events", "quotes")
"""Tables whose ``id`` is unique: the writer keeps one row per id (no index enforces it)."""

WRITE_BATCH = 64
"""Articles per write transaction: big enough to amortise DuckDB's commit, small enough that a
crash loses little work and a batch holds little memory."""

ROW_GROUP_ROWS = 4096
"""Rows per DuckDB row group in the ledger file (DuckDB's default is 122,880). Each batch is
stored as a small row group that the checkpoint on close merges with its neighbours, up to this
size, holding what it merges in memory; so the writer's peak grows with the row-group size until
the largest table has filled a few. ``benchmarks/row_groups.py`` (article-sized rows, 64 a batch),
largest rise of one close: 61 MB from 16k rows on at 4096; 39-40 MB at 2048; ~100 MB from 24k rows
at 8192; at the default it keeps growing (75 MB at 20k rows, 238 MB at 82k). With
:data:`STORAGE_VERSION`, 2048 reached the same writer peak at 100k articles (276.0 vs 274.2 MB)
for a 29% bigger file and slower selective queries. DuckDB does not store the size in the file:
every write attach sets it."""

STORAGE_VERSION = "v1.5.0"
"""DuckDB storage format the writer attaches the file with (DuckDB 1.5 writes v1.0.0 unless told).
The newer format re-uses unchanged row groups' metadata at a checkpoint instead of reading and
rewriting it, which was what still grew with the ledger: a writer-only ingest of Reuters
(``benchmarks/memory.py --writer-only``, 4,096-row groups) peaked at 264.6 MB for 10k articles and
307.1 MB for 100k (+16.1%) in v1.0.0, 247.9 and 274.2 MB (+10.6%) in v1.5.0; v1.2.0 did not help
(262.1, 306.7 MB). The cost: a ledger opens only in DuckDB 1.5 or later, and a ledger written by an
earlier dateline is converted by its next write."""

WRITE_THREADS = 1
"""DuckDB threads while a batch is stored and checkpointed: a batch is small, and one thread merges
the tables' row groups one after another instead of two at once (a lower, steadier peak: 288 vs
302 MB for a writer-only ingest of 10k-30k Reuters articles)."""

LOCK_WAIT_S = 60.0
"""How long an open waits while another process holds the file: a batch write or an API request
holds it for well under a second, so only a stuck or very long holder makes an open give up."""

LOCK_RETRY_S = (0.01, 0.05)
"""First and longest pause between two attempts to open a locked file: short, so that the writer
falls into the gaps the server leaves between its reads (``WRITER_GAP_S`` in the server is longer)."""

PERIODS = ("day", "week", "month", "year")

TABLES = ("articles", "actors", "events", "quotes", "times", "places")


@dataclass
class IngestSummary:
    """What one ingest did."""

    added: int = 0
    skipped: int = 0
    """Articles already in the ledger (same id and text)."""
    quarantined: list[Quarantined] = field(default_factory=list)
    words: int = 0

    def to_json(self) -> dict[str, Any]:
        """For ``--format json`` and logs."""
        return {
            "added": self.added,
            "skipped": self.skipped,
            "quarantined": [{"origin": q.origin, "reason": q.reason, "message": q.message} for q in self.quarantined],
        }


def connect(path: Path, read_only: bool, wait_s: float = LOCK_WAIT_S) -> duckdb.DuckDBPyConnection:
    """Open the ledger file, retrying while another process holds its lock (one writer or many readers).

    A write connection attaches the file with :data:`ROW_GROUP_ROWS` and :data:`STORAGE_VERSION`
    (see :func:`cursor_on` for a second cursor on it); a read-only one opens it plainly, since reading never rewrites storage.
    """
    import duckdb

    deadline = time.monotonic() + wait_s
    delay = LOCK_RETRY_S[0]
    while True:
        try:
            if read_only:
                return duckdb.connect(str(path), read_only=True)
            return _attach_for_writing(path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise LedgerError(f"{path}: cannot open the ledger ({exc})") from exc
            if time.monotonic() + delay > deadline:
                raise LedgerError(
                    f"{path}: cannot open the ledger: another process has held it for {wait_s:g} s "
                    f"(an ingest or a query; try again when it is done) ({exc})"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, LOCK_RETRY_S[1])
        except duckdb.Error as exc:
            raise LedgerError(f"{path}: cannot open the ledger ({exc})") from exc


def attach_sql(path: Path, options: str) -> str:
    """The statement that attaches the ledger file as database ``ledger`` with DuckDB ``options``."""
    quoted = str(path).replace("'", "''")  # ATTACH takes no bound parameters
    return f"ATTACH '{quoted}' AS ledger ({options})"


def _attach_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the ledger file, with :data:`ROW_GROUP_ROWS` and :data:`STORAGE_VERSION`."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(attach_sql(path, f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}, STORAGE_VERSION '{STORAGE_VERSION}'"))
        con.execute("USE ledger")
    except BaseException:
        con.close()
        raise
    return con


def cursor_on(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A second cursor on ``con`` for streaming reads while ``con`` writes, on the same database.

    A DuckDB cursor starts on its instance's default database, not on the one ``USE`` chose, so
    the choice is repeated (a write connection uses the attached ledger, see :func:`connect`).
    """
    row = con.execute("SELECT current_database()").fetchone()
    cur = con.cursor()
    if row:
        quoted = str(row[0]).replace('"', '""')
        cur.execute(f'USE "{quoted}"')
    return cur


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _day(value: str | None) -> date | None:
    return PartialDate.parse(value).first_day() if value else None


def _ref(prefix: str, ref: dict[str, Any] | None) -> dict[str, Any]:
    ref = ref or {}
    return {f"{prefix}_{k}": ref.get(k) for k in ("id", "name", "country", "sector")}


def rows_for(article: Article, run_id: str, extractor_versions: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Flatten one annotated article into rows per table (``record`` keeps the contract JSON)."""
    line = serialize.article_line(article, extractor_versions)
    dumps = json.dumps
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in (*TABLES, "warnings")}
    out["articles"].append({
        "id": article.id, "date": article.date, "title": article.title, "url": article.url,
        "source": article.source, "origin": article.origin, "language": article.language,
        "text": article.text, "text_sha256": article.text_sha256, "n_words": len(article.text.split()),
        "run_id": run_id, "record": dumps({k: v for k, v in line.items() if k in ("article", "provenance")}),
    })  # fmt: skip
    for w in line["warnings"]:
        out["warnings"].append({"article_id": article.id, "code": w["code"], "message": w["message"]})
    for a in line["actors"]:
        out["actors"].append({
            "id": a["id"], "article_id": article.id, "name": a["name"], "type": a["type"],
            "country": a["country"], "sector": a["sector"], "n_mentions": len(a["mentions"]),
            "extractor": a["extractor"], "record": dumps(a),
        })  # fmt: skip
    for e in line["events"]:
        loc = e["location"] or {}
        out["events"].append({
            "id": e["id"], "article_id": article.id, "type": e["type"], "mode": e["mode"],
            "cameo": e["cameo"], "quad_class": e["quad_class"], "goldstein": e["goldstein"],
            **_ref("source", e["source"]), **_ref("target", e["target"]),
            "negated": e["negated"], "status": e["status"], "date": _day(e["date"]),
            "date_value": e["date"], "date_precision": e["date_precision"],
            "location_name": loc.get("name"), "location_country": loc.get("country"),
            "lat": loc.get("lat"), "lon": loc.get("lon"),
            "sentence_start": e["sentence_span"][0], "sentence_end": e["sentence_span"][1],
            "confidence": e["confidence"], "extractor": e["extractor"], "record": dumps(e),
        })  # fmt: skip
    for q in line["quotes"]:
        sentence = q.get("sentence_span") or [None, None]
        out["quotes"].append({
            "id": q["id"], "article_id": article.id, **_ref("speaker", q["speaker"]),
            "speaker_text": (q["speaker"] or {}).get("text"),
            "cue": (q["cue"] or {}).get("text"), "content": q["content"]["text"], "direct": q["direct"],
            "date": _day(q["date"]), "date_value": q["date"],
            "sentence_start": sentence[0], "sentence_end": sentence[1],
            "confidence": q["confidence"], "extractor": q["extractor"], "record": dumps(q),
        })  # fmt: skip
    for t, rec in zip(article.times, line["times"]):
        out["times"].append({
            "article_id": article.id, "start_char": t.span[0], "end_char": t.span[1], "text": rec["text"],
            "value": t.value, "type": t.type, "date": t.date.first_day() if t.date else None,
            "extractor": t.extractor, "record": dumps(rec),
        })  # fmt: skip
    for p in line["places"]:
        out["places"].append({
            "article_id": article.id, "start_char": p["span"][0], "end_char": p["span"][1],
            "text": p["text"], "name": p["name"], "country": p["country"], "lat": p["lat"],
            "lon": p["lon"], "geonames_id": p["geonames_id"], "feature": p["feature"],
            "extractor": p["extractor"], "record": dumps(p),
        })  # fmt: skip
    return out


class Ledger:
    """An embedded ledger file. ``Ledger(path).events(Filter(country="RUS"))`` and so on."""

    _con: duckdb.DuckDBPyConnection | None = None
    _read_only: bool = False

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = Path(path)
        self._read_only = read_only
        if read_only and not self.path.exists():
            raise LedgerError(f"{self.path}: no such ledger; create one with `dateline ingest INPUT --db {self.path}`")
        con = self.con
        try:
            if read_only:
                check_readable(con, str(self.path))
            else:
                migrate(con, str(self.path))
        except Exception:
            self.close()
            raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection; opened again (waiting for the lock) after :meth:`release`."""
        if self._con is None:
            self._con = connect(self.path, self._read_only)
        return self._con

    @con.setter
    def con(self, value: duckdb.DuckDBPyConnection) -> None:
        self._con = value

    def release(self) -> None:
        """Close the file for now so other processes can open it; the next use opens it again."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def close(self) -> None:
        """Close the file (a ledger is also a context manager)."""
        self.release()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def ingest(
        self, inputs: Iterable[str | Path], progress: bool = True, command: str = "", jobs: int = 1
    ) -> IngestSummary:
        """Read, code and store articles; articles already stored are skipped without parsing.

        ``jobs > 1`` codes in that many worker processes (see :mod:`dateline.scale.parallel`);
        the ledger is still written by this process alone, batch by batch, in input order.
        The file is held only while a batch is written (see the module's notes on readers).
        """
        from tqdm import tqdm

        from ..scale.parallel import annotate_parallel
        from ..scale.progress import count_inputs

        summary = IngestSummary()
        run_id = uuid.uuid4().hex[:16]
        versions = extractor_versions()
        self.con.execute(
            "INSERT INTO runs VALUES (?, current_timestamp, ?, ?, ?, ?)",
            [run_id, VERSION, MODEL_LABEL, json.dumps(versions), command],
        )
        self.release()
        seen: dict[str, str] = {}  # id -> text hash of articles read but not yet stored
        held: list[Quarantined] = []  # quarantined inputs go in with the next batch's transaction

        def new_articles() -> Iterator[Article]:
            for chunk in _batches(read(inputs), WRITE_BATCH):
                stored = self._stored_shas([i.id for i in chunk if isinstance(i, Article) and i.id not in seen])
                for item in chunk:
                    if isinstance(item, Quarantined):
                        summary.quarantined.append(item)
                        held.append(item)
                        continue
                    known = seen.get(item.id) or stored.get(item.id)
                    if known == item.text_sha256:
                        summary.skipped += 1
                        bar.update(1)
                        continue
                    if known is not None:
                        q = Quarantined(item.origin, "duplicate-id", f"{item.origin}: id {item.id!r} is already used by another text; give each article its own id", item.text[:200])
                        summary.quarantined.append(q)
                        held.append(q)
                        continue
                    seen[item.id] = item.text_sha256
                    yield item

        total = count_inputs(inputs) if progress else None
        bar = tqdm(desc="coding", unit=" articles", total=total, disable=not progress, file=sys.stderr, dynamic_ncols=True)
        batch: list[Article] = []
        coded = annotate(new_articles()) if jobs <= 1 else annotate_parallel(new_articles(), jobs)
        try:
            for article in coded:
                batch.append(article)
                bar.update(1)
                if len(batch) >= WRITE_BATCH:
                    written = [a.id for a in batch]
                    self._write(batch, run_id, versions, summary, held)
                    self.release()
                    for article_id in written:  # stored now: the ledger answers for them, so `seen`
                        seen.pop(article_id, None)  # holds only articles in flight
            self._write(batch, run_id, versions, summary, held)
        finally:
            self.release()
            bar.close()
        return summary

    def _stored_shas(self, article_ids: list[str]) -> dict[str, str]:
        """``id -> text_sha256`` of those ids already stored (a short read-only open when released)."""
        if not article_ids:
            return {}
        sql = f"SELECT id, text_sha256 FROM articles WHERE id IN ({', '.join('?' * len(article_ids))})"
        if self._con is not None:
            return dict(self._con.execute(sql, article_ids).fetchall())
        try:
            con = connect(self.path, read_only=True)
        except LedgerError:
            # This process has the file open for writing elsewhere (DuckDB refuses a second,
            # read-only configuration): use the write connection.
            return dict(self.con.execute(sql, article_ids).fetchall())
        try:
            return dict(con.execute(sql, article_ids).fetchall())
        finally:
            con.close()

    def _stored_sha(self, article_id: str) -> str | None:
        return self._stored_shas([article_id]).get(article_id)

    def _quarantine(self, items: list[Quarantined], run_id: str) -> None:
        self.con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, current_timestamp)",
            [[q.origin, q.reason, q.message, q.raw, run_id] for q in items],
        )

    def _write(
        self, batch: list[Article], run_id: str, versions: dict[str, str], summary: IngestSummary,
        quarantine: list[Quarantined] | None = None,
    ) -> None:
        """Store a batch (and held quarantine rows) in one transaction; clears both lists."""
        import pyarrow as pa

        if not batch and not quarantine:
            return
        con = self.con
        con.execute(f"SET threads = {WRITE_THREADS}")
        con.execute("BEGIN TRANSACTION")
        try:
            # Another writer may have stored some of these since they were checked: skip them, so
            # tables without a key (times, places, warnings) never get a second copy.
            ids = [a.id for a in batch]
            present = {r[0] for r in con.execute(f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()} if ids else set()
            fresh = [a for a in batch if a.id not in present]
            tables: dict[str, list[dict[str, Any]]] = {}
            for article in fresh:
                for name, rows in rows_for(article, run_id, versions).items():
                    tables.setdefault(name, []).extend(rows)
            for name, rows in tables.items():
                if not rows:
                    continue
                arrow = pa.Table.from_pylist(rows)
                con.register("incoming", arrow)
                columns = ", ".join(rows[0])
                # Records with the same content id keep one row (the tables have no key: see schema 3).
                distinct = "DISTINCT ON (id) " if name in KEYED_TABLES else ""
                con.execute(f"INSERT INTO {name} ({columns}) SELECT {distinct}{columns} FROM incoming")
                con.unregister("incoming")
            if quarantine:
                self._quarantine(quarantine, run_id)
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise LedgerError(f"{self.path}: writing a batch failed ({exc}); nothing of it was stored") from exc
        summary.added += len(fresh)
        summary.skipped += len(batch) - len(fresh)
        summary.words += sum(len(a.text.split()) for a in fresh)
        batch.clear()
        if quarantine:
            quarantine.clear()

    # -- reading -------------------------------------------------------------------------

    def _select(self, table: str, flt: Filter, as_frame: bool, order: str) -> list[dict[str, Any]] | pd.DataFrame:
        clause, params = where(table, flt)
        limit, limit_params = page(flt)
        if table == "articles":
            sql = f"SELECT a.record, a.id FROM articles a{clause} ORDER BY {order}{limit}"
        else:
            sql = (
                f"SELECT t.record, t.article_id, a.date FROM {table} t JOIN articles a ON a.id = t.article_id"
                f"{clause} ORDER BY {order}{limit}"
            )
        rows = self.con.execute(sql, params + limit_params).fetchall()
        records = []
        for row in rows:
            rec = json.loads(row[0])
            if table != "articles":
                rec["article_id"] = row[1]
                rec["article_date"] = row[2].isoformat() if row[2] else None
            records.append(rec)
        if as_frame:
            import pandas as pd

            return pd.json_normalize(records)
        return records

    def articles(self, flt: Filter = Filter(), as_frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
        """Article metadata and provenance (the text is in ``article(id)``)."""
        return self._select("articles", flt, as_frame, "a.date DESC NULLS LAST, a.id")

    def actors(self, flt: Filter = Filter(), as_frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
        """Actors with their mentions, per article."""
        return self._select("actors", flt, as_frame, "a.date DESC NULLS LAST, t.name")

    def events(self, flt: Filter = Filter(), as_frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
        """Coded events with their evidence."""
        return self._select("events", flt, as_frame, "t.date DESC NULLS LAST, t.article_id, t.sentence_start")

    def quotes(self, flt: Filter = Filter(), as_frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
        """Attributed quotes."""
        return self._select("quotes", flt, as_frame, "t.date DESC NULLS LAST, t.article_id, t.sentence_start")

    def timeline(self, flt: Filter = Filter(), period: str = "month", split: str | None = "type") -> list[dict[str, Any]]:
        """Event counts per ``day``/``week``/``month``/``year``, split by ``type``, ``quad_class`` or nothing."""
        if period not in PERIODS:
            raise LedgerError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
        if split not in (None, "type", "quad_class", "status"):
            raise LedgerError(f"unknown split {split!r}; use type, quad_class or status")
        clause, params = where("events", flt)
        key = f"t.{split}" if split else "NULL"
        sql = (
            f"SELECT date_trunc('{period}', t.date) AS p, {key} AS k, count(*) AS n, avg(t.goldstein) AS g "
            f"FROM events t JOIN articles a ON a.id = t.article_id{clause}"
            f"{' AND' if clause else ' WHERE'} t.date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
        )
        return [
            {"period": p.isoformat() if p else None, "key": k, "events": n, "mean_goldstein": round(g, 3) if g is not None else None}
            for p, k, n, g in self.con.execute(sql, params).fetchall()
        ]

    def dyads(self, flt: Filter = Filter(), by: str = "country", period: str | None = None) -> list[dict[str, Any]]:
        """Event counts and mean Goldstein between sources and targets (``by`` country or actor name)."""
        if by not in ("country", "actor"):
            raise LedgerError(f"unknown dyad level {by!r}; use country or actor")
        if period is not None and period not in PERIODS:
            raise LedgerError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
        col = "country" if by == "country" else "name"
        clause, params = where("events", flt)
        when = f"date_trunc('{period}', t.date)" if period else "NULL"
        sql = (
            f"SELECT {when} AS p, t.source_{col} AS s, t.target_{col} AS tg, count(*) AS n, avg(t.goldstein) AS g "
            f"FROM events t JOIN articles a ON a.id = t.article_id{clause}"
            f"{' AND' if clause else ' WHERE'} t.source_{col} IS NOT NULL AND t.target_{col} IS NOT NULL "
            "AND t.status <> 'denied' AND NOT t.negated GROUP BY 1, 2, 3 ORDER BY n DESC, 1, 2, 3"
        )
        limit, limit_params = page(flt)
        return [
            {"period": p.isoformat() if p else None, "source": s, "target": tg, "events": n, "mean_goldstein": round(g, 3) if g is not None else None}
            for p, s, tg, n, g in self.con.execute(sql + limit, params + limit_params).fetchall()
        ]

    def places(self, flt: Filter = Filter(), as_frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
        """Geocoded place mentions (``actor`` filters on the place name)."""
        return self._select("places", flt, as_frame, "a.date DESC NULLS LAST, t.article_id, t.start_char")

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its full text."""
        row = self.con.execute("SELECT record, text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return None
        rec: dict[str, Any] = json.loads(row[0])
        rec["article"]["text"] = row[1]
        return rec

    def stats(self) -> dict[str, Any]:
        """Row counts, date range and the dateline versions that wrote the ledger."""
        counts = {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*TABLES, "quarantine", "warnings")}  # type: ignore[index]
        first, last = self.con.execute("SELECT min(date), max(date) FROM articles").fetchone() or (None, None)
        runs = self.con.execute("SELECT DISTINCT dateline, model, extractors FROM runs ORDER BY 1").fetchall()
        top = self.con.execute(
            """SELECT source_country, target_country, count(*) AS n FROM events
               WHERE source_country IS NOT NULL AND target_country IS NOT NULL
                 AND source_country <> target_country AND status <> 'denied' AND NOT negated
               GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 5"""
        ).fetchall()
        return {
            "path": str(self.path),
            "counts": counts,
            "first_date": first.isoformat() if first else None,
            "last_date": last.isoformat() if last else None,
            "top_dyads": [{"source": s, "target": t, "events": n} for s, t, n in top],
            "written_by": [{"dateline": d, "model": m, "extractors": json.loads(e)} for d, m, e in runs],
        }

    # -- reports vs events (dateline.scale) ---------------------------------------------------

    def dedup(self) -> dict[str, Any]:
        """Find near-duplicate articles (MinHash-LSH) and rebuild their clusters, then the happenings."""
        from ..scale.dedup import cluster_articles
        from ..scale.happenings import build_happenings

        found = cluster_articles(self.con)
        found["happenings"] = build_happenings(self.con)
        return found

    def happenings(self, flt: Filter = Filter()) -> list[dict[str, Any]]:
        """Events merged across reports (same dyad, type, dates within a window), most reported first."""
        from ..scale.happenings import select_happenings

        return select_happenings(self.con, flt)

    def report_counts(self) -> dict[str, int]:
        """Articles and events counted with and without deduplication (see :meth:`dedup`)."""
        from ..scale.happenings import report_counts

        return report_counts(self.con)
