"""Ledger tables as Parquet: their columns (the DuckDB schema, defined once), loading a Parquet
ledger into the embedded one, and querying Parquet files directly.

A Parquet ledger is a folder with one sub-folder of ``*.parquet`` files per table
(``articles/``, ``events/``, …), as :mod:`dateline.scale.spark` writes it; the columns are
exactly those of the DuckDB tables of :mod:`dateline.store.schema`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import LedgerError
from ..store.ledger import KEYED_TABLES, TABLES, IngestSummary, Ledger
from ..store.schema import MIGRATIONS

DATA_TABLES = (*TABLES, "warnings", "quarantine", "runs")
"""Tables an engine writes (the derived dedup/happening tables are rebuilt from these)."""


@lru_cache(maxsize=1)
def ledger_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """``{table: ((column, duckdb_type), …)}`` of every ledger table, read from the migrations."""
    import duckdb

    con = duckdb.connect()
    try:
        for _, _, statements in MIGRATIONS:
            for statement in statements:
                con.execute(statement)
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {
            t: tuple((name, str(kind)) for name, kind, *_ in con.execute(f"DESCRIBE {t}").fetchall()) for t in tables
        }
    finally:
        con.close()


def _files(directory: Path, table: str) -> str | None:
    folder = directory / table
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return None
    return "'" + str(folder / "*.parquet").replace("'", "''") + "'"


def ingest_parquet(ledger: Ledger, directory: str | Path) -> IngestSummary:
    """Load a Parquet ledger into ``ledger`` in one transaction; articles already stored are skipped.

    Safe to repeat: a second load of the same folder adds nothing.
    """
    directory = Path(directory)
    articles = _files(directory, "articles")
    if articles is None:
        raise LedgerError(f"{directory}: no articles/*.parquet here; write one with `dateline ingest --engine spark`")
    con = ledger.con
    columns = ledger_columns()
    summary = IngestSummary()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT DISTINCT id FROM read_parquet({articles}) "
            "WHERE id NOT IN (SELECT id FROM articles)"
        )
        row = con.execute(f"SELECT count(*) FROM read_parquet({articles})").fetchone()
        total = row[0] if row else 0
        for table in DATA_TABLES:
            files = _files(directory, table)
            if files is None:
                continue
            cols = ", ".join(name for name, _ in columns[table])
            if table == "runs":
                sql = f"INSERT INTO runs ({cols}) SELECT {cols} FROM read_parquet({files}) ON CONFLICT DO NOTHING"
            elif table == "quarantine":
                # Quarantine rows belong to a run; a run already loaded keeps its rows once.
                sql = (
                    f"INSERT INTO quarantine ({cols}) SELECT {cols} FROM read_parquet({files}) "
                    "WHERE run_id NOT IN (SELECT DISTINCT run_id FROM quarantine WHERE run_id IS NOT NULL)"
                )
            else:
                key = "id" if table == "articles" else "article_id"
                distinct = "DISTINCT ON (id) " if table in KEYED_TABLES else ""  # an article coded twice
                sql = (
                    f"INSERT INTO {table} ({cols}) SELECT {distinct}{cols} FROM read_parquet({files}) "
                    f"WHERE {key} IN (SELECT id FROM _incoming)"
                )
            con.execute(sql)
        row = con.execute("SELECT count(*), coalesce(sum(n_words), 0) FROM articles WHERE id IN (SELECT id FROM _incoming)").fetchone()
        summary.added, summary.words = (int(row[0]), int(row[1])) if row else (0, 0)
        summary.skipped = total - summary.added
        con.execute("DROP TABLE _incoming")
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise LedgerError(f"{directory}: loading the Parquet ledger failed ({exc}); nothing of it was stored") from exc
    return summary


class ParquetLedger(Ledger):
    """A read-only :class:`Ledger` over a Parquet ledger folder: every query method works as is.

    Tables are DuckDB views over ``read_parquet``, so nothing is copied; tables the folder lacks
    are empty. Derived views (:meth:`Ledger.dedup`, :meth:`Ledger.build_happenings`) are computed
    in memory.
    """

    def __init__(self, directory: str | Path) -> None:
        import duckdb

        self.path = Path(directory)
        if _files(self.path, "articles") is None:
            raise LedgerError(f"{self.path}: no articles/*.parquet here; not a Parquet ledger")
        self.con = duckdb.connect()
        for table, cols in ledger_columns().items():
            files = _files(self.path, table) if table in DATA_TABLES else None
            if files is None:
                self.con.execute(f"CREATE TABLE {table} ({', '.join(f'{n} {k}' for n, k in cols)})")
            else:
                self.con.execute(f"CREATE VIEW {table} AS SELECT {', '.join(n for n, _ in cols)} FROM read_parquet({files})")

    def ingest(self, *args: object, **kwargs: object) -> IngestSummary:
        """Refused: a Parquet ledger is written by the Spark engine, not by ingest."""
        raise LedgerError(f"{self.path}: a Parquet ledger is read-only; ingest into a DuckDB ledger instead")
