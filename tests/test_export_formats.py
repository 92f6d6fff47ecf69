"""Exports of the hand-made sample ledger: flat tables, contract JSON lines, GDELT 2.0 TSV and PLOVER JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dateline.errors import UsageError
from dateline.export import GDELT_COLUMNS, export
from test_web_api import ARTICLES, build_sample


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("export") / "sample.duckdb")


@pytest.mark.parametrize(("table", "rows"), [("articles", 3), ("events", 4), ("quotes", 2), ("times", 2), ("places", 3), ("actors", 4)])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_tables_round_trip(ledger: Path, tmp_path: Path, table: str, rows: int, fmt: str) -> None:
    out = tmp_path / f"{table}.{fmt}"
    assert export(ledger, table, fmt, out) == rows
    if fmt == "csv":
        with out.open() as fh:
            read = list(csv.DictReader(fh))
        assert len(read) == rows and "record" not in read[0]
    elif fmt == "jsonl":
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(lines) == rows
        if table == "events":
            assert {e["article_id"] for e in lines} <= set(ARTICLES) and all("trigger" in e for e in lines)
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == rows


def test_export_gdelt_has_61_columns(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(ledger, "events", "gdelt", out) == 4
    assert len(GDELT_COLUMNS) == 61
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in out.read_text().splitlines()]
    assert all(len(line.split("\t")) == 61 for line in out.read_text().splitlines())
    mass = next(r for r in rows if r["GoldsteinScale"] == "-7.2")
    assert (mass["SQLDATE"], mass["MonthYear"], mass["Year"]) == ("20220207", "202202", "2022")
    assert (mass["Actor1Code"], mass["Actor1CountryCode"], mass["Actor2CountryCode"]) == ("RUSGOV", "RUS", "UKR")
    assert (mass["QuadClass"], mass["ActionGeo_FullName"], mass["ActionGeo_Lat"]) == ("4", "Kharkiv", "49.99")
    assert mass["IsRootEvent"] == "1" and mass["SOURCEURL"] == "dateline:art-troops"
    assert len({r["GLOBALEVENTID"] for r in rows}) == 4


def test_export_plover_records(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    assert export(ledger, "events", "plover", out) == 4
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    aid = records["ev-aid"]
    assert (aid["event_type"], aid["actor"]["country"], aid["recipient"]["country"]) == ("AID", "FRA", "UKR")
    assert aid["text"] == "France sent medical aid to Ukraine on Friday."


@pytest.mark.parametrize(("table", "fmt", "message"), [("events", "xml", "format"), ("nope", "csv", "table"), ("quotes", "gdelt", "events")])
def test_export_refuses_bad_arguments(ledger: Path, tmp_path: Path, table: str, fmt: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        export(ledger, table, fmt, tmp_path / "x")
