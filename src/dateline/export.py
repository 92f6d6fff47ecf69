"""``dateline export``: a ledger table to CSV, JSON Lines or Parquet; events as GDELT 2.0 TSV or PLOVER JSON.

``csv`` and ``parquet`` hold the flat columns of a table; ``jsonl`` holds the contract JSON of each record
(as ``dateline extract`` writes it) with its ``article_id``. ``gdelt`` writes the 61 columns of the GDELT 2.0
event table (tab-separated, no header, as GDELT publishes it), filled where the ledger has the data.
``plover`` writes one PLOVER-style JSON object per line.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .errors import LedgerError, UsageError

TABLES = ("articles", "actors", "events", "quotes", "times", "places", "warnings", "quarantine")
FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover")

GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
"""The GDELT 2.0 event table, in order (61 columns)."""

ROOT_EVENT_CHARS = 400
"""GDELT marks events from an article's lead paragraph as root events; our articles carry no paragraph
marks, so an event whose sentence starts in the first ~400 characters (a headline and a lead) counts."""

_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4, "region": 5, "landmark": 4}
"""Our place features to GDELT's ActionGeo_Type (1 country, 2 US state, 3 US city, 4 world city, 5 world state)."""

_BLOCS = {"IGO", "NATO", "EU", "CSTO", "WST"}


def _gdelt_int_id(event_id: str) -> int:
    # GDELT ids are integers; a 52-bit slice of a hash of ours is stable across exports and fits a double.
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:13], 16)


def _actor_code(country: str | None, sector: str | None) -> str:
    """A CAMEO actor code: country (or bloc) followed by the sector, e.g. ``RUSGOV``."""
    return f"{country or ''}{sector or ''}"


def gdelt_row(e: dict[str, Any], article_date: date | None, url: str | None, added: str) -> list[Any]:
    """One event (contract JSON plus ``article_id``) as the 61 GDELT 2.0 fields."""
    day = PartialDay.of(e.get("date")) or article_date
    src, tgt, loc = e.get("source") or {}, e.get("target") or {}, e.get("location") or {}
    cameo = e.get("cameo") or ""
    geo_type = _GEO_TYPE.get(loc.get("feature") or "", 4 if loc.get("lat") is not None else "")
    if geo_type == 4 and loc.get("country") == "USA":
        geo_type = 3

    def actor(ref: dict[str, Any]) -> list[Any]:
        country = ref.get("country")
        is_bloc = country in _BLOCS
        code = _actor_code(country, ref.get("sector")) if ref else ""
        return [code, (ref.get("name") or "").upper(), "" if is_bloc else country or "",
                country if is_bloc else "", "", "", "", ref.get("sector") or "", "", ""]  # fmt: skip

    geo = [geo_type, loc.get("name") or "", loc.get("country") or "", "", "", loc.get("lat") or "", loc.get("lon") or "",
           loc.get("geonames_id") or ""]  # fmt: skip
    span = e.get("sentence_span") or [ROOT_EVENT_CHARS, 0]
    row = [
        _gdelt_int_id(e["id"]),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", day.year if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *actor(src), *actor(tgt),
        1 if span[0] < ROOT_EVENT_CHARS else 0, cameo, cameo[:3], cameo[:2], e.get("quad_class") or "",
        e.get("goldstein") if e.get("goldstein") is not None else "", 1, 1, 1, "",
        # Actor geographies are not coded separately: the event location is the best we know for both.
        *(geo if src else [""] * 8), *(geo if tgt else [""] * 8), *geo,
        added, url or f"dateline:{e.get('article_id')}",
    ]  # fmt: skip
    assert len(row) == len(GDELT_COLUMNS)
    return row


class PartialDay:
    """The first day of a ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` string, or None."""

    @staticmethod
    def of(value: str | None) -> date | None:
        """Parse leniently: a malformed date exports as the article's date rather than failing the export."""
        if not value:
            return None
        parts = value.split("-")
        try:
            return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            return None


def plover_record(e: dict[str, Any], sentence: str | None, url: str | None) -> dict[str, Any]:
    """One event as a PLOVER-style record (event type, mode and context; actor and recipient; text)."""

    def party(ref: dict[str, Any] | None) -> dict[str, Any] | None:
        if not ref:
            return None
        return {"name": ref.get("name"), "text": ref.get("text"), "country": ref.get("country"), "sector": ref.get("sector")}

    return {
        "id": e["id"], "date": e.get("date"), "date_precision": e.get("date_precision"),
        "event_type": e.get("type"), "mode": e.get("mode"), "context": e.get("context") or [],
        "actor": party(e.get("source")), "recipient": party(e.get("target")),
        "location": e.get("location"), "negated": e.get("negated"), "status": e.get("status"),
        "cameo": e.get("cameo"), "quad_class": e.get("quad_class"), "goldstein": e.get("goldstein"),
        "text": sentence, "trigger": e.get("trigger"), "sentence_span": e.get("sentence_span"),
        "article_id": e.get("article_id"), "url": url, "confidence": e.get("confidence"), "extractor": e.get("extractor"),
    }  # fmt: skip


def export(db: Path, table: str, fmt: str, out: Path) -> int:
    """Write ``table`` of the ledger ``db`` to ``out`` in ``fmt``; returns the number of rows written.

    ``gdelt`` and ``plover`` apply to ``events`` only. Negated and denied events are left out of the GDELT
    file (GDELT has no way to say an event did not happen); PLOVER records keep them, flagged.
    """
    import duckdb

    from .store.schema import check_readable

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise UsageError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    if fmt in ("gdelt", "plover") and table != "events":
        raise UsageError(f"--format {fmt} exports events; use --table events (or csv/jsonl/parquet for {table})")
    if not Path(db).exists():
        raise LedgerError(f"{db}: no such ledger; create one with `dateline ingest INPUT --db {db}`")
    con = duckdb.connect(str(db), read_only=True)
    try:
        check_readable(con, str(db))
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt in ("csv", "parquet"):
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "record"]
            target = str(out).replace("'", "''")
            options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
            con.execute(f"COPY (SELECT {', '.join(columns)} FROM {table}) TO '{target}' ({options})")
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            return int(row[0]) if row else 0
        if fmt == "jsonl":
            return _jsonl(con, table, out)
        return _events(con, fmt, out)
    finally:
        con.close()


def _jsonl(con: Any, table: str, out: Path) -> int:
    n = 0
    if table in ("warnings", "quarantine"):
        cur = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        rows: Any = (dict(zip(names, r)) for r in cur.fetchall())
    elif table == "articles":
        rows = ({**json.loads(rec), "text": text} for rec, text in con.execute("SELECT record, text FROM articles ORDER BY date, id").fetchall())
    else:
        rows = ({**json.loads(rec), "article_id": aid} for rec, aid in con.execute(f"SELECT record, article_id FROM {table} ORDER BY article_id").fetchall())
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def _events(con: Any, fmt: str, out: Path) -> int:
    sql = """SELECT t.record, t.article_id, a.date, a.url, t.negated, t.status,
        substr(a.text, t.sentence_start + 1, t.sentence_end - t.sentence_start)
        FROM events t JOIN articles a ON a.id = t.article_id ORDER BY t.date NULLS LAST, t.article_id, t.sentence_start"""
    added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        for record, article_id, adate, url, negated, status, sentence in con.execute(sql).fetchall():
            e = {**json.loads(record), "article_id": article_id}
            if fmt == "gdelt":
                if negated or status == "denied":
                    continue
                writer.writerow(gdelt_row(e, adate, url, added))
            else:
                fh.write(json.dumps(plover_record(e, sentence, url), ensure_ascii=False) + "\n")
            n += 1
    return n
