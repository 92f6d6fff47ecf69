"""``--engine spark``: code a corpus on Apache Spark and write the ledger tables as Parquet.

Each partition is coded by one pipeline per Python worker (``mapPartitions``; the spaCy model
is loaded once per worker and kept while Spark reuses the worker), with the same reader rules,
pipeline and row layout (:func:`dateline.store.ledger.rows_for`) as a local ingest, so the
Parquet tables hold the same rows as the DuckDB tables of a local run. Load them with
:func:`dateline.scale.parquet.ingest_parquet` or query them in place with
:class:`dateline.scale.parquet.ParquetLedger`.

Needs the optional extra ``dateline[spark]`` (PySpark 4.x) and Java 17+.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..extract import versions as extractor_versions
from ..ingest.readers import RAW_EXCERPT, SUFFIXES, check_inputs, make_article
from ..model import Article, Quarantined
from ..settings import MODEL_LABEL, VERSION
from .parquet import DATA_TABLES, ledger_columns

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"

PARTITION_ARTICLES = 2_000
"""Target articles per partition: ~2 min of coding per task on one core, long enough to amortise
task start-up and model loading, short enough that a lost executor redoes little."""

SPARK_CONF = {
    # The driver does no coding; executors hold one spaCy model (~200 MB) per Python worker.
    "spark.python.worker.reuse": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    "spark.ui.showConsoleProgress": "false",
}

_SPARK_TYPES = {
    "VARCHAR": "string", "DATE": "date", "INTEGER": "int", "BIGINT": "bigint",
    "DOUBLE": "double", "BOOLEAN": "boolean", "TIMESTAMP": "timestamp",
}  # fmt: skip


@dataclass
class SparkSummary:
    """What one Spark run wrote."""

    run_id: str
    output: str
    rows: dict[str, int]


def spark_session(master: str = DEFAULT_MASTER, app: str = "dateline") -> SparkSession:
    """A Spark session with dateline's settings (workers use this interpreter in local mode)."""
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        # Local workers must import the same dateline and model as the driver.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app)
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _schema(table: str) -> str:
    return ", ".join(f"{name} {_SPARK_TYPES[kind]}" for name, kind in ledger_columns()[table])


def _cast(value: Any, kind: str) -> Any:
    # Spark verifies types strictly (an int is not a double); DuckDB converts silently.
    if value is None:
        return None
    if kind == "DOUBLE":
        return float(value)
    if kind in ("INTEGER", "BIGINT"):
        return int(value)
    return value


def _item(kind: str, value: Any, where: str) -> Article | Quarantined:
    """One input record to an article, with exactly the rules of the local readers."""
    if kind == "jsonl":
        if not value.strip():
            return Quarantined(where, "empty-line", "")
        try:
            obj = json.loads(value)
        except json.JSONDecodeError as exc:
            return Quarantined(where, "invalid-json", f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", value[:RAW_EXCERPT])
    else:
        obj = value
    if not isinstance(obj, dict):
        return Quarantined(where, "not-an-object", f"{where}: expected a JSON object with a 'text' field", str(obj)[:RAW_EXCERPT])
    when = obj.get("date")
    if isinstance(when, datetime):
        when = when.date()
    return make_article(obj.get("text"), when, where, id=obj.get("id"), title=obj.get("title"), url=obj.get("url"), source=obj.get("source"))


def code_partition(
    records: Iterable[tuple[str, str, Any, int]], run_id: str, versions: dict[str, str]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Code one partition of ``(kind, file, value, line)`` records into ``(table, row)`` pairs."""
    from ..pipeline import annotate
    from ..store.ledger import rows_for

    columns = ledger_columns()
    quarantined: list[Quarantined] = []

    def articles() -> Iterator[Article]:
        for kind, file, value, line in records:
            item = _item(kind, value, f"{file}:{line}")
            if isinstance(item, Quarantined):
                if item.reason != "empty-line":
                    quarantined.append(item)
            else:
                yield item

    def flush_quarantine() -> Iterator[tuple[str, tuple[Any, ...]]]:
        for q in quarantined:
            yield "quarantine", (q.origin, q.reason, q.message, q.raw, run_id, datetime.now(UTC).replace(tzinfo=None))
        quarantined.clear()

    for article in annotate(articles()):
        yield from flush_quarantine()
        for table, rows in rows_for(article, run_id, versions).items():
            cols = columns[table]
            for row in rows:
                yield table, tuple(_cast(row.get(name), kind) for name, kind in cols)
    yield from flush_quarantine()


def _tag(kind: str, name: str, pair: tuple[Any, int]) -> tuple[str, str, Any, int]:
    return kind, name, pair[0], pair[1] + 1  # 1-based lines, as the local reader counts them


def _as_dict(row: Any) -> dict[str, Any]:
    return dict(row.asDict())


def _is_table(table: str, pair: tuple[str, tuple[Any, ...]]) -> bool:
    return pair[0] == table


def _table(pair: tuple[str, tuple[Any, ...]]) -> str:
    return pair[0]


def _row(pair: tuple[str, tuple[Any, ...]]) -> tuple[Any, ...]:
    return pair[1]


def _input_files(spark: SparkSession, inputs: Iterable[str | Path]) -> list[tuple[str, str]]:
    """``(kind, path)`` of every JSONL or Parquet input, folders walked as the local reader does."""
    files: list[tuple[str, str]] = []
    for item in inputs:
        text = str(item)
        if "://" in text:  # hdfs://, s3a://, …: listed by Spark's own file system layer
            jvm = spark.sparkContext._jvm
            hpath = jvm.org.apache.hadoop.fs.Path(text)  # type: ignore[union-attr]
            fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
            found = sorted(str(s.getPath().toString()) for s in fs.globStatus(hpath) or [] if s.isFile())
            if not found:
                found = sorted(str(s.getPath().toString()) for s in fs.listStatus(hpath) if s.isFile())
            candidates = [Path(f) for f in found]
            names = found
        else:
            path = Path(text)
            if path.suffix.lower() != ".parquet":
                check_inputs([path])
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")) if path.is_dir() else [path]
            names = [str(p) for p in candidates]
        for candidate, name in zip(candidates, names):
            suffix = candidate.suffix.lower()
            if suffix == ".parquet":
                files.append(("parquet", name))
            elif SUFFIXES.get(suffix) == "jsonl":
                files.append(("jsonl", name))
            elif not Path(text).is_dir():
                raise UsageError(f"{name}: the Spark engine reads .jsonl and .parquet articles; convert other formats first")
    if not files:
        raise UsageError("no .jsonl or .parquet articles found in the inputs")
    return files


def run_spark(
    inputs: Iterable[str | Path],
    output: str | Path,
    master: str = DEFAULT_MASTER,
    partitions: int | None = None,
    command: str = "",
    spark: SparkSession | None = None,
) -> SparkSummary:
    """Code JSONL/Parquet articles on Spark and write the ledger tables under ``output`` as Parquet.

    ``partitions`` defaults to one per :data:`PARTITION_ARTICLES` articles (at least the
    cluster's default parallelism). An existing ``output`` is replaced. ``spark`` reuses a
    session (which is then left open); otherwise one is started on ``master`` and stopped.
    """
    own = spark is None
    session = spark or spark_session(master)
    try:
        with warnings.catch_warnings():
            # PySpark 4.3 warns about pandas 3 on every DataFrame creation; dateline does not use its pandas path.
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
            return _code_and_write(session, inputs, str(output), partitions, command)
    finally:
        if own:
            session.stop()


def _code_and_write(
    session: SparkSession, inputs: Iterable[str | Path], out: str, partitions: int | None, command: str
) -> SparkSummary:
    from pyspark import StorageLevel

    run_id = uuid.uuid4().hex[:16]
    versions = extractor_versions()
    sc = session.sparkContext
    parts = []
    for kind, name in _input_files(session, inputs):
        if kind == "jsonl":
            rdd = sc.textFile(name).zipWithIndex().map(partial(_tag, "jsonl", name))
        else:
            frame = session.read.parquet(name)
            rdd = frame.rdd.map(_as_dict).zipWithIndex().map(partial(_tag, "parquet", name))
        parts.append(rdd)
    records = sc.union(parts)
    count = records.count()
    wanted = partitions or max(sc.defaultParallelism, -(-count // PARTITION_ARTICLES))
    coded = records.repartition(wanted).mapPartitions(partial(code_partition, run_id=run_id, versions=versions))
    # Coded once, then split into tables: each table's write reads the persisted rows.
    coded = coded.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in DATA_TABLES:
            if table == "runs":
                started = datetime.now(UTC).replace(tzinfo=None)
                rows: Any = [(run_id, started, VERSION, MODEL_LABEL, json.dumps(versions), command)]
            else:
                rows = coded.filter(partial(_is_table, table)).map(_row)
            session.createDataFrame(rows, _schema(table)).write.mode("overwrite").parquet(f"{out.rstrip('/')}/{table}")
        counts = {table: 0 for table in DATA_TABLES} | dict(coded.map(_table).countByValue()) | {"runs": 1}
    finally:
        coded.unpersist()
    return SparkSummary(run_id, out, counts)
