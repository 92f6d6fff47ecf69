"""The ``dateline`` command line. Each command parses its arguments and calls one library function."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from . import output
from .errors import DatelineError, UsageError
from .query import DEFAULT_LIMIT, Filter, parse_confidence
from .settings import DEFAULT_DB, VERSION

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _confidence(value: str) -> float:
    try:
        return parse_confidence(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a confidence; use a number from 0 to 1, e.g. 0.7") from None


def _report_quarantine(items: Sequence[Any], stream: TextIO) -> None:
    for q in items:
        print(f"dateline: skipped {q.message} [{q.reason}]", file=stream)


# -- commands --------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    """Write the contract JSON, one line per article."""
    from .extract import versions
    from .model import Quarantined
    from .pipeline import extract
    from .serialize import article_line

    _load_actors(args)
    out = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    bad: list[Quarantined] = []
    labels = versions()
    try:
        for item in extract(args.inputs, jobs=args.jobs):
            if isinstance(item, Quarantined):
                bad.append(item)
                _report_quarantine([item], sys.stderr)
                continue
            out.write(json.dumps(article_line(item, labels, with_text=args.with_text), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_PARTIAL if bad else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    """Code articles into the ledger (locally, on Spark, or from Spark's Parquet output)."""
    from .store.ledger import Ledger

    if bool(args.inputs) == bool(args.from_parquet):
        raise UsageError("give INPUT files or folders, or --from-parquet DIR (not both)")
    _load_actors(args)
    command = " ".join(sys.argv[1:])
    with Ledger(args.db) as ledger:
        if args.from_parquet or args.engine == "spark":
            from .scale.parquet import ingest_parquet

            parquet = args.from_parquet
            if args.engine == "spark":
                from .scale.spark import run_spark

                parquet = args.parquet_out or Path(f"{args.db}.parquet")
                run_spark(args.inputs, parquet, master=args.master, partitions=args.partitions, command=command)
                print(f"ledger tables written as Parquet to {parquet}", file=sys.stderr)
            summary = ingest_parquet(ledger, parquet)
        else:
            summary = ledger.ingest(args.inputs, progress=not args.quiet, command=command, jobs=args.jobs)
    _report_quarantine(summary.quarantined, sys.stderr)
    print(
        f"{summary.added} articles added, {summary.skipped} already in {args.db}, "
        f"{len(summary.quarantined)} quarantined",
        file=sys.stderr,
    )
    return EXIT_PARTIAL if summary.quarantined else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Summarise a ledger."""
    with _open(args) as ledger:
        stats = ledger.stats()
        if args.dedup:
            stats["reports"] = ledger.report_counts()
    if args.format == "json":
        print(json.dumps(stats, indent=2))
    else:
        print(output.stats_text(stats))
        if "reports" in stats:
            print("reports     " + ", ".join(f"{k} {v}" for k, v in stats["reports"].items()))
    return EXIT_OK


def cmd_dedup(args: argparse.Namespace) -> int:
    """Cluster near-duplicate articles (MinHash-LSH) and merge events reported several times."""
    from .store.ledger import Ledger

    with Ledger(args.db) as ledger:
        found = ledger.dedup()
        counts = ledger.report_counts()
    print(json.dumps({**found, **counts}, indent=2, default=str))
    return EXIT_OK


def _open(args: argparse.Namespace) -> Any:
    """The ledger a query reads: the DuckDB file, or Spark's Parquet folders with ``--parquet``."""
    if getattr(args, "parquet", None):
        from .scale.parquet import ParquetLedger

        return ParquetLedger(args.parquet)
    from .store.ledger import Ledger

    return Ledger(args.db, read_only=True)


def _query(table: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        flt = Filter(
            since=args.since,
            until=args.until,
            actor=getattr(args, "actor", None) or getattr(args, "speaker", None),
            country=args.country,
            source_country=getattr(args, "source_country", None),
            target_country=getattr(args, "target_country", None),
            type=getattr(args, "type", None),
            quad_class=getattr(args, "quad_class", None),
            min_confidence=getattr(args, "min_confidence", None),
            text=getattr(args, "text", None) or getattr(args, "about", None),
            limit=args.limit,
            offset=args.offset,
        )
        with _open(args) as ledger:
            records = getattr(ledger, table)(flt)
        output.write(table, records, args.format, sys.stdout)
        return EXIT_OK

    run.__doc__ = f"List {table} from the ledger."
    return run


def _aggregate(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        flt = Filter(
            since=args.since, until=args.until, actor=args.actor, country=args.country,
            source_country=args.source_country, target_country=args.target_country,
            type=args.type, quad_class=args.quad_class, min_confidence=args.min_confidence, text=args.text,
            limit=args.limit, offset=args.offset,
        )  # fmt: skip
        with _open(args) as ledger:
            if kind == "timeline":
                rows = ledger.timeline(flt, period=args.period, split=None if args.split == "none" else args.split)
            elif kind == "happenings":
                rows = ledger.happenings(flt)
            else:
                rows = ledger.dyads(flt, by=args.by, period=args.period)
        output.write_rows(rows, args.format, sys.stdout, empty="no events to aggregate; widen the filters")
        return EXIT_OK

    run.__doc__ = {
        "timeline": "Event counts per period, split by type, quad class or status.",
        "dyads": "Event counts and mean Goldstein between sources and targets, optionally per period.",
        "happenings": "Events merged across reports (same dyad and type, close dates) with mention, article and source counts; run `dateline dedup` first.",
    }[kind]
    return run


def cmd_eval(args: argparse.Namespace) -> int:
    """Score an extractor against gold data."""
    from .eval import EvalOptions
    from .eval.tasks import TASKS, run_task

    if args.task == "list":
        print(output.table([[t.name, t.default_gold, t.description] for t in TASKS], ["task", "default gold", "what"]))
        return EXIT_OK
    options = EvalOptions(limit=args.limit, actors=tuple(args.actors or ()))
    report = run_task(args.task, args.gold, options)
    print(output.report_text(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"report written to {args.json}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled sample corpus, summarise it, and open the explorer on it."""
    from .demo import run_demo

    stats = run_demo(args.db, progress=not args.quiet)
    print(output.stats_text(stats))
    serve_now = sys.stdin.isatty() and sys.stdout.isatty() if args.serve is None else args.serve
    if not serve_now:
        print(f"\nexplore it with: dateline serve --db {args.db}")
        return EXIT_OK
    from .web.server import serve

    serve(args.db, port=args.port, open_browser=True)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the JSON API and the web explorer over a ledger (read-only)."""
    from .web.server import serve

    serve(args.db, args.host, args.port, args.open, args.allow_remote)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export a ledger table as CSV, JSONL or Parquet, events as GDELT 2.0 TSV or PLOVER JSON."""
    from .export import export

    rows = export(args.db, args.table, args.format, args.out)
    print(f"{rows} rows written to {args.out}", file=sys.stderr)
    return EXIT_OK


def _load_actors(args: argparse.Namespace) -> None:
    if getattr(args, "actors", None):
        from .extract import actors

        loader = getattr(actors, "load_dictionaries", None)
        if loader is None:
            raise UsageError("--actors is not supported by this version of the actor extractor")
        loader([Path(p) for p in args.actors])


# -- parser ----------------------------------------------------------------------------


def _add_filters(p: argparse.ArgumentParser, table: str) -> None:
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.add_argument("--parquet", type=Path, metavar="DIR", help="read Spark's Parquet ledger tables instead of --db")
    p.add_argument("--since", type=_day, help="on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", type=_day, help="on or before this date (YYYY-MM-DD)")
    if table == "quotes":
        p.add_argument("--speaker", help="part of the speaker's name or mention")
        p.add_argument("--about", help="words in the quote content")
    elif table == "places":
        p.add_argument("--actor", metavar="NAME", help="part of the place name")
        p.add_argument("--text", help="words in the article text")
    else:
        p.add_argument("--actor", help="part of an actor name" + (" (source or target)" if table == "events" else ""))
        p.add_argument("--text", help="words in the " + ("evidence sentence" if table == "events" else "article text"))
    p.add_argument("--country", help="ISO3 or bloc code (events: either side)")
    if table in ("events", "actors", "places"):
        p.add_argument("--type", help={"events": "event type (PLOVER, e.g. ASSAULT)", "actors": "entity type (PERSON, ORG, GPE…)", "places": "feature (country, admin1, city, region, landmark…)"}[table])
    if table == "events":
        p.add_argument("--source-country", help="ISO3 of the source actor")
        p.add_argument("--target-country", help="ISO3 of the target actor")
        p.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4), help="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict")
        p.add_argument("--min-confidence", type=_confidence, metavar="C", help="only events at or above this confidence, 0-1 (higher: fewer, more precise)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="rows to show (default: %(default)s)")
    p.add_argument("--offset", type=int, default=0, help="rows to skip (paging)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to render the README's usage section)."""
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Dated news articles to an evidence-linked ledger of events, quotes, times, places and actors.",
    )
    parser.add_argument("--version", action="version", version=f"dateline {VERSION}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("extract", help="write the contract JSON (one line per article)", description=cmd_extract.__doc__)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file (.txt .jsonl .json .csv .html), folder, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--with-text", action="store_true", help="include the article text in each line")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for coding (default: %(default)s)")
    p.add_argument("--actors", action="append", metavar="FILE", help="extra actor dictionary (TABARI format); repeatable")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="code articles into the ledger", description=cmd_ingest.__doc__)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder, or - for stdin")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for coding (default: %(default)s)")
    p.add_argument("--engine", choices=("local", "spark"), default="local", help="where to code (spark needs dateline[spark]; JSONL/Parquet inputs)")
    p.add_argument("--master", default="local[*]", help="Spark master URL, e.g. spark://HOST:7077 or yarn (default: %(default)s)")
    p.add_argument("--partitions", type=int, help="Spark partitions (default: one per few thousand articles)")
    p.add_argument("--parquet-out", type=Path, help="where Spark writes the ledger tables (default: DB.parquet)")
    p.add_argument("--from-parquet", type=Path, metavar="DIR", help="load ledger tables written by --engine spark")
    p.add_argument("--actors", action="append", metavar="FILE", help="extra actor dictionary (TABARI format); repeatable")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("stats", help="summarise a ledger", description=cmd_stats.__doc__)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.add_argument("--parquet", type=Path, metavar="DIR", help="read Spark's Parquet ledger tables instead of --db")
    p.add_argument("--dedup", action="store_true", help="also count reports vs events (after `dateline dedup`)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("dedup", help="cluster near-duplicate articles and merge repeated events", description=cmd_dedup.__doc__)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.set_defaults(func=cmd_dedup)

    for table in ("articles", "actors", "events", "quotes", "places"):
        run = _query(table)
        p = sub.add_parser(table, help=f"list {table} from the ledger", description=run.__doc__)
        _add_filters(p, table)
        p.set_defaults(func=run)

    for kind in ("dyads", "timeline", "happenings"):
        run = _aggregate(kind)
        p = sub.add_parser(kind, help=(run.__doc__ or "").rstrip(".").lower(), description=run.__doc__)
        _add_filters(p, "events")
        if kind == "timeline":
            p.add_argument("--period", choices=("day", "week", "month", "year"), default="month", help="bucket size (default: %(default)s)")
            p.add_argument("--split", choices=("type", "quad_class", "status", "none"), default="type", help="series to split into (default: %(default)s)")
        else:
            p.add_argument("--by", choices=("country", "actor"), default="country", help="dyad level (default: %(default)s)")
            p.add_argument("--period", choices=("day", "week", "month", "year"), help="also split by period")
        p.set_defaults(func=run)

    p = sub.add_parser("eval", help="score an extractor against gold data", description=cmd_eval.__doc__)
    p.add_argument("task", help="task name (see `dateline eval list`)")
    p.add_argument("--gold", help="gold file or folder (default: the task's set under ../shared/data)")
    p.add_argument("--limit", type=int, help="score only the first N gold documents")
    p.add_argument("--actors", action="append", metavar="FILE", help="extra actor dictionary for coding")
    p.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("demo", help="code the bundled sample corpus and open the explorer on it", description=cmd_demo.__doc__)
    p.add_argument("--db", type=Path, default=Path("demo.duckdb"), help="ledger file (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--serve", action=argparse.BooleanOptionalAction, default=None, help="serve the explorer afterwards (default: only in an interactive terminal)")
    p.add_argument("--port", type=int, default=8000, help="explorer port (default: %(default)s)")
    p.set_defaults(func=cmd_demo)

    from .export import FORMATS, TABLES

    p = sub.add_parser("serve", help="serve the JSON API and the web explorer", description=cmd_serve.__doc__)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--open", action="store_true", help="open the explorer in a browser")
    p.add_argument("--allow-remote", action="store_true", help="allow a --host other than localhost (no authentication!)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="export a table (csv, jsonl, parquet) or events (gdelt, plover)", description=cmd_export.__doc__)
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="ledger file (default: %(default)s)")
    p.add_argument("--table", choices=TABLES, default="events", help="table to export (default: %(default)s)")
    p.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: %(default)s)")
    p.add_argument("-o", "--out", type=Path, required=True, help="output file")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dateline`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="dateline: %(message)s")
    try:
        return int(args.func(args))
    except DatelineError as exc:
        if args.debug:
            raise
        print(f"dateline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"dateline: internal error: {type(exc).__name__}: {exc}\n"
            "dateline: run again with --debug for the traceback, and report it",
            file=sys.stderr,
        )
        return EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
