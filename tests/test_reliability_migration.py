"""A ledger written by an older schema is migrated when opened for writing, refused (clearly) read-only."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dateline.errors import LedgerError
from dateline.store.ledger import Ledger
from dateline.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version
from dateline.web.server import LedgerService


def _old_ledger(path: Path, upto: int) -> Path:
    """A ledger as a dateline that knew only the first ``upto`` migrations wrote it, with one article."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
    for version, description, statements in MIGRATIONS[:upto]:
        for statement in statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [version, description])
    record = {"article": {"id": "old-1", "date": "2020-05-04", "title": "Old"}, "provenance": {"dateline": "0.0.1"}}
    con.execute(
        "INSERT INTO articles VALUES ('old-1', DATE '2020-05-04', 'Old', NULL, 'wire', 'old.jsonl', 'en', "
        "'The council met in Lima on Monday.', 'sha', 7, 'r0', ?)",
        [json.dumps(record)],
    )
    con.close()
    return path


def test_reliability_migration_old_ledger_refused_read_only(tmp_path: Path) -> None:
    db = _old_ledger(tmp_path / "v1.duckdb", upto=1)
    with pytest.raises(LedgerError, match=r"schema 1, this dateline uses \d+; open it once for writing"):
        Ledger(db, read_only=True)
    with pytest.raises(LedgerError, match="open it once for writing"):
        LedgerService(db)
    con = duckdb.connect(str(db), read_only=True)
    assert current_version(con) == 1, "a read-only open changed the file"
    con.close()


def test_reliability_migration_old_ledger_migrated_for_writing(tmp_path: Path) -> None:
    db = _old_ledger(tmp_path / "v1.duckdb", upto=1)
    with Ledger(db) as ledger:
        assert current_version(ledger.con) == SCHEMA_VERSION
        versions = [v for (v,) in ledger.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
        assert versions == [v for v, _, _ in MIGRATIONS]
    with Ledger(db, read_only=True) as ledger:  # now readable, data intact, new tables present
        assert [a["article"]["id"] for a in ledger.articles()] == ["old-1"]
        assert ledger.report_counts()["articles"] == 1
    with Ledger(db) as ledger:  # a second open for writing migrates nothing
        assert ledger.con.execute("SELECT count(*) FROM schema_version").fetchone() == (len(MIGRATIONS),)


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "write"])
def test_reliability_migration_newer_ledger_refused(tmp_path: Path, read_only: bool) -> None:
    db = _old_ledger(tmp_path / "new.duckdb", upto=len(MIGRATIONS))
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', current_timestamp)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(LedgerError, match="upgrade dateline"):
        Ledger(db, read_only=read_only)
