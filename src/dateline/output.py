"""Rendering query results and reports for people (tables) and programs (JSON, CSV).

Article text is untrusted: terminal output strips control characters (no escape sequences
reach the terminal) and CSV cells that would start a spreadsheet formula are prefixed.
"""

from __future__ import annotations

import csv
import json
import re
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .eval import Report

CELL_WIDTH = 60
"""Longest cell in a table; longer text is cut with an ellipsis (JSON/CSV keep it whole)."""

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _ref(ref: dict[str, Any] | None) -> str:
    if not ref:
        return ""
    code = "/".join(x for x in (ref.get("country"), ref.get("sector")) if x)
    return f"{ref.get('name')} ({code})" if code else str(ref.get("name"))


def _text(value: dict[str, Any] | None) -> str:
    return (value or {}).get("text") or ""


COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "articles": [
        ("id", lambda r: r["article"]["id"]),
        ("date", lambda r: r["article"]["date"]),
        ("title", lambda r: r["article"]["title"]),
        ("source", lambda r: r["article"]["source"]),
        ("language", lambda r: r["article"]["language"]),
    ],
    "actors": [
        ("name", lambda r: r["name"]),
        ("type", lambda r: r["type"]),
        ("country", lambda r: r["country"]),
        ("sector", lambda r: r["sector"]),
        ("mentions", lambda r: len(r["mentions"])),
        ("article", lambda r: r["article_id"]),
    ],
    "places": [
        ("text", lambda r: r["text"]),
        ("name", lambda r: r["name"]),
        ("country", lambda r: r["country"]),
        ("lat", lambda r: r["lat"]),
        ("lon", lambda r: r["lon"]),
        ("feature", lambda r: r["feature"]),
        ("article", lambda r: r["article_id"]),
    ],
    "events": [
        ("date", lambda r: r["date"]),
        ("type", lambda r: r["type"]),
        ("source", lambda r: _ref(r["source"])),
        ("target", lambda r: _ref(r["target"])),
        ("trigger", lambda r: _text(r["trigger"])),
        ("cameo", lambda r: r["cameo"]),
        ("goldstein", lambda r: r["goldstein"]),
        ("status", lambda r: r["status"]),
        ("article", lambda r: r["article_id"]),
    ],
    "quotes": [
        ("date", lambda r: r["date"]),
        ("speaker", lambda r: _ref(r["speaker"])),
        ("cue", lambda r: _text(r["cue"])),
        ("content", lambda r: _text(r["content"])),
        ("according to", lambda r: "; ".join(a["text"] for a in r["according_to"])),
        ("article", lambda r: r["article_id"]),
    ],
}


def clean(value: Any, width: int | None = CELL_WIDTH) -> str:
    """One line of safe text for a terminal."""
    text = "" if value is None else _UNSAFE.sub(" ", str(value))
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain aligned text table."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write(kind: str, records: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Write query results as ``table``, ``json`` (one array) or ``csv``."""
    columns = COLUMNS[kind]
    if fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow([name for name, _ in columns])
        for r in records:
            writer.writerow([_csv_cell(get(r)) for _, get in columns])
    else:
        if not records:
            out.write(f"no {kind} match; widen the filters or ingest articles with `dateline ingest`\n")
            return
        out.write(table([[clean(get(r)) for _, get in columns] for r in records], [n for n, _ in columns]) + "\n")


def write_rows(rows: list[dict[str, Any]], fmt: str, out: TextIO, empty: str = "nothing to show") -> None:
    """Write flat rows (aggregates) as ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    header = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([[_csv_cell(r[h]) for h in header] for r in rows])
    elif not rows:
        out.write(empty + "\n")
    else:
        out.write(table([[clean(r[h]) for h in header] for r in rows], header) + "\n")


def stats_text(stats: dict[str, Any]) -> str:
    """The ``dateline stats`` / ``demo`` summary."""
    c = stats["counts"]
    lines = [
        f"ledger      {stats['path']}",
        f"articles    {c['articles']}  ({stats['first_date'] or '?'} to {stats['last_date'] or '?'})",
        f"actors      {c['actors']}",
        f"events      {c['events']}",
        f"quotes      {c['quotes']}",
        f"times       {c['times']}",
        f"places      {c['places']}",
        f"warnings    {c['warnings']}",
        f"quarantine  {c['quarantine']}",
    ]
    if stats["top_dyads"]:
        lines.append("top dyads   " + ", ".join(f"{d['source']}→{d['target']} ({d['events']})" for d in stats["top_dyads"]))
    for w in stats["written_by"]:
        extractors = " ".join(w["extractors"].values())
        lines.append(f"written by  dateline {w['dateline']}, {w['model']}, {extractors}")
    return "\n".join(lines)


def report_text(report: Report) -> str:
    """An evaluation report as readable tables."""
    parts = [f"task {report.task} on {report.gold}"]
    if report.counts:
        parts.append("  ".join(f"{k}={v}" for k, v in report.counts.items()))
    parts.append(table([[k, f"{v:.3f}"] for k, v in report.metrics.items()], ["metric", "value"]))
    for name, rows in report.tables.items():
        if rows:
            header = list(rows[0])
            body = [[clean(f"{r.get(h):.3f}" if isinstance(r.get(h), float) else r.get(h), 24) for h in header] for r in rows]
            parts.append(f"\n{name}\n" + table(body, header))
    parts += [f"note: {n}" for n in report.notes]
    return "\n".join(parts)
