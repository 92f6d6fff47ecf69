"""Reports vs events: events from different articles that describe the same happening, merged.

Events with the same source and target country, the same type and date precision, whose dates
fall within :data:`WINDOW_DAYS` of the happening's first date, are one happening. A happening
counts its mentions (event records), articles, reports (articles less near-duplicate copies,
see :mod:`dateline.scale.dedup`) and distinct sources, like GDELT's NumMentions, NumArticles
and NumSources. ``happening_events`` links every merged event to its happening.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from statistics import mean
from typing import TYPE_CHECKING, Any

from ..model import content_id
from ..query import Filter, page
from ..store.ledger import cursor_on

if TYPE_CHECKING:
    import duckdb

WINDOW_DAYS = 2
"""Days after a happening's first date that still belong to it: news reports an event the same
day or the next, and a story dated at midnight or in another time zone adds one more day; a
longer window starts merging a week of daily shelling into one happening."""

FETCH_ROWS = 10_000
"""Events streamed per fetch while grouping: memory stays flat on a 100M-event ledger."""

WRITE_ROWS = 50_000
"""Happening rows buffered per insert."""

_EVENTS = """
SELECT e.type, e.source_country, e.target_country, e.date_precision, e.date, e.id, e.article_id,
       coalesce(a.source, a.id) AS outlet, coalesce(c.cluster_id, a.id) AS report,
       e.goldstein, e.quad_class
FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN article_clusters c ON c.article_id = a.id
WHERE e.source_country IS NOT NULL AND e.target_country IS NOT NULL AND e.date IS NOT NULL
  AND e.status <> 'denied' AND NOT e.negated
ORDER BY 1, 2, 3, 4, 5, 6
"""


def _groups(con: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[Any, ...]]]:
    reader = cursor_on(con)
    reader.execute(_EVENTS)
    group: list[tuple[Any, ...]] = []
    while rows := reader.fetchmany(FETCH_ROWS):
        for row in rows:
            if group and (row[:4] != group[0][:4] or (row[4] - group[0][4]).days > WINDOW_DAYS):
                yield group
                group = []
            group.append(row)
    if group:
        yield group
    reader.close()


def _happening(group: list[tuple[Any, ...]]) -> dict[str, Any]:
    kind, source, target, precision, first = group[0][:5]
    goldstein = [r[9] for r in group if r[9] is not None]
    quads = [r[10] for r in group if r[10] is not None]
    return {
        "id": content_id("h", kind, source, target, precision, first, group[0][5]),
        "type": kind, "source_country": source, "target_country": target, "date_precision": precision,
        "first_date": first, "last_date": group[-1][4], "n_mentions": len(group),
        "n_articles": len({r[6] for r in group}), "n_reports": len({r[8] for r in group}),
        "n_sources": len({r[7] for r in group}),
        "quad_class": max(set(quads), key=quads.count) if quads else None,
        "mean_goldstein": round(mean(goldstein), 3) if goldstein else None,
    }  # fmt: skip


def build_happenings(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild ``happenings`` and ``happening_events`` from the events (uses article clusters when
    :func:`dateline.scale.dedup.cluster_articles` has run); returns the number of happenings."""
    import pyarrow as pa

    rows: list[dict[str, Any]] = []
    links: list[dict[str, str]] = []
    total = 0

    def flush() -> None:
        if rows:
            con.register("incoming_h", pa.Table.from_pylist(rows))
            con.execute(f"INSERT INTO happenings ({', '.join(rows[0])}) SELECT * FROM incoming_h")
            con.unregister("incoming_h")
            con.register("incoming_he", pa.Table.from_pylist(links))
            con.execute("INSERT INTO happening_events SELECT event_id, happening_id FROM incoming_he")
            con.unregister("incoming_he")
        rows.clear()
        links.clear()

    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM happenings")
        con.execute("DELETE FROM happening_events")
        for group in _groups(con):
            happening = _happening(group)
            rows.append(happening)
            links.extend({"event_id": r[5], "happening_id": happening["id"]} for r in group)
            total += 1
            if len(links) >= WRITE_ROWS:
                flush()
        flush()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return total


def _where(flt: Filter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for sql, value in (
        ("h.first_date >= ?", flt.since), ("h.last_date <= ?", flt.until),
        ("(h.source_country = ? OR h.target_country = ?)", flt.country.upper() if flt.country else None),
        ("h.source_country = ?", flt.source_country.upper() if flt.source_country else None),
        ("h.target_country = ?", flt.target_country.upper() if flt.target_country else None),
        ("h.type = ?", flt.type.upper() if flt.type else None), ("h.quad_class = ?", flt.quad_class),
    ):  # fmt: skip
        if value is not None:
            clauses.append(sql)
            params.extend([value] * sql.count("?"))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def select_happenings(con: duckdb.DuckDBPyConnection, flt: Filter) -> list[dict[str, Any]]:
    """Happenings matching ``flt`` (dates, countries, type, quad class), most reported first,
    each with the ids of its event mentions."""
    clause, params = _where(flt)
    limit, limit_params = page(flt)
    sql = (
        "SELECT h.*, (SELECT list(he.event_id ORDER BY he.event_id) FROM happening_events he "
        f"WHERE he.happening_id = h.id) AS events FROM happenings h{clause} "
        f"ORDER BY h.n_reports DESC, h.first_date DESC, h.id{limit}"
    )
    cur = con.execute(sql, params + limit_params)
    names = [d[0] for d in cur.description or []]
    out = []
    for row in cur.fetchall():
        rec = dict(zip(names, row))
        for key in ("first_date", "last_date"):
            rec[key] = rec[key].isoformat() if isinstance(rec[key], date) else rec[key]
        out.append(rec)
    return out


def report_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Articles and events counted with and without merging: copies, reports and happenings."""

    def one(sql: str) -> int:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    articles = one("SELECT count(*) FROM articles")
    clusters = one("SELECT count(DISTINCT cluster_id) FROM article_clusters")
    return {
        "articles": articles,
        "reports": clusters if clusters else articles,
        "duplicate_articles": articles - clusters if clusters else 0,
        "events": one("SELECT count(*) FROM events"),
        "merged_events": one("SELECT count(*) FROM happening_events"),
        "happenings": one("SELECT count(*) FROM happenings"),
    }
