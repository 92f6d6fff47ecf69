"""The JSON API's queries: one function per endpoint, each taking a DuckDB cursor and parsed parameters.

Every value reaches DuckDB as a bound parameter (through :func:`dateline.query.where`); every record is
returned with its evidence: the article id, the span and the sentence (or mention) text.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..query import Filter, parse_confidence, where

if TYPE_CHECKING:
    import duckdb

MAX_PAGE = 500
"""Largest page a client may ask for: a screenful is 50; 500 keeps a response under ~1 MB."""

MAX_OFFSET = 1_000_000
"""Deep pages are slow (DuckDB sorts past them) and no reader pages that far; filters narrow instead."""

MAX_VALUE = 200
"""Longest filter value: names and search words are short; longer ones are mistakes or abuse."""

SNIPPET = 160
"""Characters of article text shown around a search hit."""

PERIODS = ("day", "week", "month", "year")
SPLITS = ("type", "quad_class", "none")
FILTER_PARAMS = ("since", "until", "actor", "country", "type", "quad_class", "min_confidence", "place", "speaker", "text",
                 "article")
PAGE_PARAMS = ("limit", "offset")


_USES_ARTICLE = re.compile(r"\ba\.")


class BadRequest(ValueError):
    """A parameter the API cannot accept; the message says which and why."""


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"{name} given {len(values)} times; give it once")
    value = values[0].strip()
    if len(value) > MAX_VALUE:
        raise BadRequest(f"{name} is longer than {MAX_VALUE} characters")
    return value or None


def _int(params: dict[str, list[str]], name: str, default: int, lo: int, hi: int) -> int:
    raw = _one(params, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {raw!r}") from None
    if not lo <= value <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}")
    return value


def _date(params: dict[str, list[str]], name: str) -> date | None:
    raw = _one(params, name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date YYYY-MM-DD, not {raw!r}") from None


def _choice(params: dict[str, list[str]], name: str, choices: tuple[str, ...], default: str) -> str:
    raw = _one(params, name) or default
    if raw not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}")
    return raw


def check_names(params: dict[str, list[str]], allowed: tuple[str, ...]) -> None:
    """Refuse unknown parameters so that a typo never silently returns everything."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0]!r}; this endpoint takes {', '.join(allowed) or 'none'}")


def parse_filter(params: dict[str, list[str]], default_limit: int = 50) -> Filter:
    """The shared filters and pagination of a request."""
    quad = _one(params, "quad_class")
    if quad is not None and quad not in ("1", "2", "3", "4"):
        raise BadRequest("quad_class must be 1 (verbal cooperation), 2 (material cooperation), 3 (verbal conflict) or 4 (material conflict)")
    confidence = _one(params, "min_confidence")
    try:
        min_confidence = parse_confidence(confidence) if confidence is not None else None
    except ValueError:
        raise BadRequest("min_confidence must be a number from 0 to 1, e.g. 0.7") from None
    # since > until is a valid, empty range (the OpenAPI description cannot forbid it), not an error.
    since, until = _date(params, "since"), _date(params, "until")
    return Filter(
        since=since, until=until, actor=_one(params, "actor"), country=_one(params, "country"),
        type=_one(params, "type"), quad_class=int(quad) if quad else None,
        min_confidence=min_confidence, place=_one(params, "place"),
        speaker=_one(params, "speaker"), text=_one(params, "text"), article_id=_one(params, "article"),
        limit=_int(params, "limit", default_limit, 1, MAX_PAGE), offset=_int(params, "offset", 0, 0, MAX_OFFSET),
    )  # fmt: skip


def _from(table: str, clause: str) -> str:
    """``FROM table t`` joined to its articles only when a filter needs them: the join is most of the
    cost of a query on a million events."""
    join = " JOIN articles a ON a.id = t.article_id" if _USES_ARTICLE.search(clause) else ""
    return f"FROM {table} t{join}{clause}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _page(cur: duckdb.DuckDBPyConnection, count_sql: str, params: list[Any], flt: Filter, items: list[Any]) -> dict[str, Any]:
    row = cur.execute(count_sql, params).fetchone()
    return {"total": int(row[0]) if row else 0, "limit": flt.limit, "offset": flt.offset, "items": items}


# -- records ------------------------------------------------------------------------------


def events(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Coded events, newest first, each with its evidence sentence."""
    clause, params = where("events", flt)
    base = _from("events", clause)
    # The page is chosen first; only its rows pay for cutting the sentence out of the article text.
    sql = f"""SELECT t.record, t.article_id, a.date, t.sentence_start, t.sentence_end,
        substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start)
        FROM (SELECT t.id, t.date AS d, t.article_id AS aid, t.sentence_start AS ss {base}
              ORDER BY t.date DESC NULLS LAST, t.article_id, t.sentence_start, t.id LIMIT ? OFFSET ?) pg
        JOIN events t ON t.id = pg.id JOIN articles a ON a.id = t.article_id
        ORDER BY pg.d DESC NULLS LAST, pg.aid, pg.ss, t.id"""
    rows = cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall()
    items = []
    for record, article_id, adate, s, e, sentence in rows:
        rec = json.loads(record)
        rec.update(article_id=article_id, article_date=_iso(adate))
        rec["evidence"] = {"article_id": article_id, "span": [s, e], "text": sentence}
        items.append(rec)
    return _page(cur, f"SELECT count(*) {base}", params, flt, items)


def quotes(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Attributed quotes, newest first, each with its sentence (or, lacking one, its content span)."""
    clause, params = where("quotes", flt)
    base = _from("quotes", clause)
    sql = f"""SELECT t.record, t.article_id, a.date, t.sentence_start, t.sentence_end,
        CASE WHEN t.sentence_start IS NOT NULL
             THEN substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start) END
        FROM (SELECT t.id, t.date AS d, t.article_id AS aid, t.sentence_start AS ss {base}
              ORDER BY t.date DESC NULLS LAST, t.article_id, t.sentence_start, t.id LIMIT ? OFFSET ?) pg
        JOIN quotes t ON t.id = pg.id JOIN articles a ON a.id = t.article_id
        ORDER BY pg.d DESC NULLS LAST, pg.aid, pg.ss, t.id"""
    items = []
    for record, article_id, adate, s, e, sentence in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall():
        rec = json.loads(record)
        rec.update(article_id=article_id, article_date=_iso(adate))
        content = rec.get("content") or {}
        span = [s, e] if s is not None else content.get("span")
        rec["evidence"] = {"article_id": article_id, "span": span, "text": sentence if s is not None else content.get("text")}
        items.append(rec)
    return _page(cur, f"SELECT count(*) {base}", params, flt, items)


def speakers(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Speakers with their number of quotes, most quoted first (for the quotes browser)."""
    clause, params = where("quotes", flt.replace(speaker=None))
    name = "coalesce(t.speaker_name, t.speaker_text)"
    base = f"{_from('quotes', clause)}{' AND' if clause else ' WHERE'} {name} IS NOT NULL"
    sql = f"""SELECT {name} AS n, any_value(t.speaker_country), any_value(t.speaker_sector), count(*) AS q,
        count(DISTINCT t.article_id) {base} GROUP BY 1 ORDER BY q DESC, n LIMIT ? OFFSET ?"""
    items = [
        {"name": n, "country": c, "sector": s, "quotes": q, "articles": na}
        for n, c, s, q, na in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall()
    ]
    return _page(cur, f"SELECT count(DISTINCT {name}) {base}", params, flt, items)


def actors(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Actors merged across articles by name, country and sector, with one example mention."""
    clause, params = where("actors", flt)
    base = _from("actors", clause)
    sql = f"""SELECT t.name, t.country, t.sector, any_value(t.type), count(DISTINCT t.article_id) AS na,
        sum(t.n_mentions) AS nm, arg_max(struct_pack(aid := t.article_id, rec := t.record), t.n_mentions)
        {base} GROUP BY 1, 2, 3 ORDER BY na DESC, nm DESC, 1 LIMIT ? OFFSET ?"""
    items = []
    for name, country, sector, typ, na, nm, example in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall():
        rec = json.loads(example["rec"])
        items.append({
            "name": name, "country": country, "sector": sector, "type": typ, "articles": na, "mentions": int(nm or 0),
            "evidence": {"article_id": example["aid"], "span": rec.get("span"), "text": rec.get("text")},
        })  # fmt: skip
    return _page(cur, f"SELECT count(*) FROM (SELECT 1 {base} GROUP BY t.name, t.country, t.sector)", params, flt, items)


def places(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Places mentioned in the matching articles, merged by name and coordinates, most mentioned first."""
    clause, params = where("articles", flt.replace(place=None))
    place_sql, place_params = "", []
    if flt.place:
        place_sql, place_params = " AND (p.name ILIKE ? OR p.country = ?)", [f"%{flt.place}%", flt.place.upper()]
    base = f"FROM places p JOIN articles a ON a.id = p.article_id{clause}{' AND' if clause else ' WHERE'} true{place_sql}"
    sql = f"""SELECT p.name, p.country, p.lat, p.lon, any_value(p.feature), count(*) AS n,
        count(DISTINCT p.article_id), arg_min(struct_pack(aid := p.article_id, s := p.start_char, e := p.end_char,
        tx := p.text), p.start_char) {base} GROUP BY 1, 2, 3, 4 ORDER BY n DESC, 1 LIMIT ? OFFSET ?"""
    items = [
        {"name": name, "country": country, "lat": lat, "lon": lon, "feature": feature, "mentions": n, "articles": na,
         "evidence": {"article_id": ex["aid"], "span": [ex["s"], ex["e"]], "text": ex["tx"]}}
        for name, country, lat, lon, feature, n, na, ex in cur.execute(sql, [*params, *place_params, flt.limit, flt.offset]).fetchall()
    ]  # fmt: skip
    count = f"SELECT count(*) FROM (SELECT 1 {base} GROUP BY p.name, p.country, p.lat, p.lon)"
    return _page(cur, count, [*params, *place_params], flt, items)


def articles(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Article metadata (no full text), newest first, with a short lead."""
    clause, params = where("articles", flt)
    base = f"FROM articles a{clause}"
    sql = f"""SELECT a.id, a.date, a.title, a.source, a.url, a.n_words, left(a.text, {SNIPPET})
        {base} ORDER BY a.date DESC NULLS LAST, a.id LIMIT ? OFFSET ?"""
    items = [
        {"id": i, "date": _iso(d), "title": t, "source": s, "url": u, "n_words": n, "snippet": sn}
        for i, d, t, s, u, n, sn in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall()
    ]
    return _page(cur, f"SELECT count(*) {base}", params, flt, items)


def article(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One article with its full text and every record coded from it (spans index into ``text``)."""
    row = cur.execute("SELECT record, text, date FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    rec = json.loads(row[0])
    out: dict[str, Any] = {"article": {**rec.get("article", {}), "id": article_id, "text": row[1], "date": _iso(row[2])}}
    out["provenance"] = rec.get("provenance")
    one = Filter(article_id=article_id, limit=MAX_PAGE)
    out["events"] = events(cur, one)["items"]
    out["quotes"] = quotes(cur, one)["items"]
    for table, order in (("actors", "n_mentions DESC, name"), ("times", "start_char"), ("places", "start_char")):
        rows = cur.execute(f"SELECT record FROM {table} WHERE article_id = ? ORDER BY {order}", [article_id]).fetchall()
        out[table] = [json.loads(r[0]) for r in rows]
    out["warnings"] = [
        {"code": c, "message": m}
        for c, m in cur.execute("SELECT code, message FROM warnings WHERE article_id = ?", [article_id]).fetchall()
    ]
    return out


# -- aggregates ----------------------------------------------------------------------------


def _period_end(start: date, period: str) -> date:
    if period == "day":
        return start
    if period == "week":
        return start + timedelta(days=6)
    if period == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start.replace(month=12, day=31)


def timeline(cur: duckdb.DuckDBPyConnection, flt: Filter, period: str, split: str) -> dict[str, Any]:
    """Event counts and mean Goldstein per period, split by event type, quad class or nothing."""
    clause, params = where("events", flt)
    key = "NULL" if split == "none" else f"t.{split}"
    # period and split were checked against fixed lists, so they are safe to place in the SQL.
    sql = f"""SELECT CAST(date_trunc('{period}', t.date) AS DATE) AS p, {key} AS k, count(*) AS n, avg(t.goldstein)
        {_from('events', clause)}{' AND' if clause else ' WHERE'} t.date IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2"""
    buckets = []
    for p, k, n, g in cur.execute(sql, params).fetchall():
        start = p if isinstance(p, date) else None
        buckets.append({
            "period": _iso(start), "end": _iso(_period_end(start, period)) if start else None, "key": k,
            "events": n, "mean_goldstein": round(g, 3) if g is not None else None,
        })  # fmt: skip
    undated = cur.execute(
        f"SELECT count(*) {_from('events', clause)}{' AND' if clause else ' WHERE'} t.date IS NULL",
        params,
    ).fetchone()
    return {"period": period, "split": split, "buckets": buckets, "undated": int(undated[0]) if undated else 0}


def dyads(cur: duckdb.DuckDBPyConnection, flt: Filter, by: str) -> dict[str, Any]:
    """Source-target pairs (countries or actor names) with their event count and mean Goldstein."""
    col = "country" if by == "country" else "name"
    clause, params = where("events", flt)
    base = (
        f"{_from('events', clause)}{' AND' if clause else ' WHERE'} "
        f"t.source_{col} IS NOT NULL AND t.target_{col} IS NOT NULL AND t.status <> 'denied' AND NOT t.negated"
    )
    sql = f"""SELECT t.source_{col}, t.target_{col}, count(*) AS n, avg(t.goldstein),
        any_value(t.source_country), any_value(t.target_country) {base} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ? OFFSET ?"""
    items = [
        {"source": s, "target": tg, "events": n, "mean_goldstein": round(g, 3) if g is not None else None,
         "source_country": sc, "target_country": tc}
        for s, tg, n, g, sc, tc in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall()
    ]  # fmt: skip
    return {"by": by, **_page(cur, f"SELECT count(*) FROM (SELECT 1 {base} GROUP BY t.source_{col}, t.target_{col})", params, flt, items)}


def event_map(cur: duckdb.DuckDBPyConnection, flt: Filter) -> dict[str, Any]:
    """Event locations merged by place, with their event count and mean Goldstein (for the map)."""
    clause, params = where("events", flt)
    base = f"{_from('events', clause)}{' AND' if clause else ' WHERE'} t.lat IS NOT NULL AND t.lon IS NOT NULL"
    sql = f"""SELECT coalesce(t.location_name, '?'), any_value(t.location_country), t.lat, t.lon,
        count(*) AS n, avg(t.goldstein) {base} GROUP BY 1, 3, 4 ORDER BY n DESC, 1 LIMIT ? OFFSET ?"""
    items = [
        {"name": name, "country": c, "lat": lat, "lon": lon, "events": n, "mean_goldstein": round(g, 3) if g is not None else None}
        for name, c, lat, lon, n, g in cur.execute(sql, [*params, flt.limit, flt.offset]).fetchall()
    ]
    count = f"SELECT count(*) FROM (SELECT 1 {base} GROUP BY coalesce(t.location_name, '?'), t.lat, t.lon)"
    return _page(cur, count, params, flt, items)


def stats(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Row counts and the article date range: what the explorer's header shows."""
    counts = {}
    for table in ("articles", "actors", "events", "quotes", "times", "places"):
        row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    first, last = cur.execute("SELECT min(date), max(date) FROM articles").fetchone() or (None, None)
    return {"counts": counts, "first_date": _iso(first), "last_date": _iso(last)}


def snippet(text: str, words: list[str]) -> str:
    """A piece of ``text`` around the first of ``words`` found (case-insensitive)."""
    low = text.lower()
    hits = [i for i in (low.find(w.lower()) for w in words if w) if i >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - SNIPPET // 3)
    return ("…" if start else "") + text[start : start + SNIPPET] + ("…" if start + SNIPPET < len(text) else "")
