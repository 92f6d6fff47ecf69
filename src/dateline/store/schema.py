"""The ledger schema: explicit, numbered migrations applied in order inside one transaction.

Each table keeps the flat columns that queries filter on and, in ``record``, the contract JSON
of the record (so what a query returns is exactly what ``dateline extract`` wrote).
A ledger written by a newer dateline (a higher version than :data:`SCHEMA_VERSION`) is refused,
never misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import LedgerError

if TYPE_CHECKING:
    import duckdb

_ACTOR_REF = "{p}_id VARCHAR, {p}_name VARCHAR, {p}_country VARCHAR, {p}_sector VARCHAR"

_UNINDEXED = ("articles", "actors", "events", "quotes", "article_minhash", "article_clusters", "happenings",
              "happening_events")
"""Tables that grow with the corpus. DuckDB loads a table's whole ART index (primary key or
``CREATE INDEX``) to insert into it, so indexed tables made each write cost memory in proportion
to the ledger (~110 MB per 2M keys). Their ids are content hashes written by a single writer that
skips stored articles, so uniqueness needs no index; lookups by id scan one column (milliseconds
at a million rows)."""


def _rebuild(table: str) -> tuple[str, ...]:
    """Statements that recreate ``table`` with the same columns and rows but no constraints."""
    return (f"CREATE TABLE {table}__v3 AS SELECT * FROM {table}", f"DROP TABLE {table}",
            f"ALTER TABLE {table}__v3 RENAME TO {table}")


MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "articles, records, warnings, quarantine and runs",
        (
            """CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, dateline VARCHAR,
                model VARCHAR, extractors VARCHAR, command VARCHAR)""",
            """CREATE TABLE articles (
                id VARCHAR PRIMARY KEY, date DATE, title VARCHAR, url VARCHAR, source VARCHAR,
                origin VARCHAR, language VARCHAR, text VARCHAR, text_sha256 VARCHAR,
                n_words INTEGER, run_id VARCHAR, record VARCHAR)""",
            "CREATE TABLE warnings (article_id VARCHAR, code VARCHAR, message VARCHAR)",
            """CREATE TABLE quarantine (
                origin VARCHAR, reason VARCHAR, message VARCHAR, raw VARCHAR, run_id VARCHAR,
                quarantined_at TIMESTAMP)""",
            """CREATE TABLE actors (
                id VARCHAR PRIMARY KEY, article_id VARCHAR, name VARCHAR, type VARCHAR,
                country VARCHAR, sector VARCHAR, n_mentions INTEGER, extractor VARCHAR, record VARCHAR)""",
            f"""CREATE TABLE events (
                id VARCHAR PRIMARY KEY, article_id VARCHAR, type VARCHAR, mode VARCHAR, cameo VARCHAR,
                quad_class INTEGER, goldstein DOUBLE, {_ACTOR_REF.format(p="source")},
                {_ACTOR_REF.format(p="target")}, negated BOOLEAN, status VARCHAR, date DATE,
                date_value VARCHAR, date_precision VARCHAR, location_name VARCHAR,
                location_country VARCHAR, lat DOUBLE, lon DOUBLE, sentence_start INTEGER,
                sentence_end INTEGER, confidence DOUBLE, extractor VARCHAR, record VARCHAR)""",
            f"""CREATE TABLE quotes (
                id VARCHAR PRIMARY KEY, article_id VARCHAR, {_ACTOR_REF.format(p="speaker")},
                speaker_text VARCHAR, cue VARCHAR, content VARCHAR, direct BOOLEAN, date DATE,
                date_value VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
                confidence DOUBLE, extractor VARCHAR, record VARCHAR)""",
            """CREATE TABLE times (
                article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, value VARCHAR,
                type VARCHAR, date DATE, extractor VARCHAR, record VARCHAR)""",
            """CREATE TABLE places (
                article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, name VARCHAR,
                country VARCHAR, lat DOUBLE, lon DOUBLE, geonames_id BIGINT, feature VARCHAR,
                extractor VARCHAR, record VARCHAR)""",
            "CREATE INDEX events_article ON events(article_id)",
            "CREATE INDEX quotes_article ON quotes(article_id)",
            "CREATE INDEX actors_article ON actors(article_id)",
        ),
    ),
    (
        2,
        "reports vs events: near-duplicate article clusters and merged happenings",
        (
            "CREATE TABLE article_minhash (article_id VARCHAR PRIMARY KEY, signature BLOB)",
            "CREATE TABLE article_bands (band SMALLINT, key UBIGINT, article_id VARCHAR)",
            """CREATE TABLE article_clusters (
                article_id VARCHAR PRIMARY KEY, cluster_id VARCHAR, similarity DOUBLE)""",
            """CREATE TABLE happenings (
                id VARCHAR PRIMARY KEY, type VARCHAR, source_country VARCHAR, target_country VARCHAR,
                date_precision VARCHAR, first_date DATE, last_date DATE, n_mentions INTEGER,
                n_articles INTEGER, n_reports INTEGER, n_sources INTEGER, quad_class INTEGER,
                mean_goldstein DOUBLE)""",
            "CREATE TABLE happening_events (event_id VARCHAR PRIMARY KEY, happening_id VARCHAR)",
        ),
    ),
    (
        3,
        "record tables without ART indexes (DuckDB loads a whole index to insert into its table)",
        (
            "DROP INDEX IF EXISTS events_article",
            "DROP INDEX IF EXISTS quotes_article",
            "DROP INDEX IF EXISTS actors_article",
            *(statement for table in _UNINDEXED for statement in _rebuild(table)),
        ),
    ),
)
"""``(version, description, statements)``; never edit a released migration, add a new one."""

SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open ledger (0 for an empty file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check_readable(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Refuse to read a ledger this version cannot read correctly (read-only opens cannot migrate)."""
    version = current_version(con)
    if version == 0:
        raise LedgerError(f"{path} is not a dateline ledger (or is empty); create one with `dateline ingest`")
    if version != SCHEMA_VERSION:
        newer = version > SCHEMA_VERSION
        raise LedgerError(
            f"{path} has schema {version}, this dateline uses {SCHEMA_VERSION}; "
            + ("upgrade dateline to read it" if newer else "open it once for writing (e.g. `dateline ingest`) to migrate it")
        )


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the ledger to :data:`SCHEMA_VERSION`; returns the version it had before."""
    before = current_version(con)
    if before > SCHEMA_VERSION:
        raise LedgerError(
            f"{path} was written by a newer dateline (schema {before}, this one knows {SCHEMA_VERSION}); "
            "upgrade dateline to read it"
        )
    if before == SCHEMA_VERSION:
        return before
    con.execute("BEGIN TRANSACTION")
    try:
        if before == 0:
            con.execute(
                "CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)"
            )
        for version, description, statements in MIGRATIONS:
            if version <= before:
                continue
            for statement in statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [version, description]
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return before
