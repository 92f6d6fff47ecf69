"""Readers for every input format of the contract: .txt, .jsonl, .json, .csv, .html, folders, stdin.

Readers never raise for bad content: an input that cannot become an article is yielded as a
:class:`~dateline.model.Quarantined` with its ``file:line`` and reason, and reading goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Article, Quarantined
from .html import read_html

SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}
"""File extensions read when a folder is walked; other files there are skipped."""

RAW_EXCERPT = 200
"""Characters of a bad input kept in quarantine: enough to recognise it, small for the ledger."""

_HEADER = re.compile(r"\s*date[ \t]+(\S+)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters other than tab/newline/CR confuse tokenisers and terminals alike.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Item = Article | Quarantined


def parse_date(value: Any) -> date:
    """``YYYY-MM-DD`` or an ISO datetime (any zone, reduced to the date as written)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if _ISO_DAY.fullmatch(text):
        return date.fromisoformat(text)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text).date()


def decode(data: bytes, origin: str, warnings: list[tuple[str, str]]) -> str:
    """UTF-8 (with or without BOM); otherwise Windows-1252/Latin-1 with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.append(("W104", f"{origin}: not valid UTF-8 (byte {exc.start}); decoded as Windows-1252"))
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def make_article(
    text: Any,
    when: Any,
    origin: str,
    *,
    id: Any = None,
    title: Any = None,
    url: Any = None,
    source: Any = None,
    warnings: Iterable[tuple[str, str]] = (),
) -> Item:
    """Validate one record's fields into an :class:`Article`, or quarantine it with the reason."""
    if not isinstance(text, str):
        return Quarantined(origin, "no-text", f"{origin}: no 'text' field (or it is not a string)", repr(text)[:RAW_EXCERPT])
    if "\x00" in text[:4096]:
        return Quarantined(origin, "binary", f"{origin}: looks like binary data, not text", repr(text[:RAW_EXCERPT]))
    notes = list(warnings)
    if _CONTROL.search(text):
        notes.append(("W105", f"{origin}: control characters in the text were replaced by spaces"))
        text = _CONTROL.sub(" ", text)
    if not text.strip():
        return Quarantined(origin, "empty-text", f"{origin}: the article text is empty", text[:RAW_EXCERPT])
    day: date | None = None
    if when is None or when == "":
        notes.append(("W101", f"{origin}: no article date; relative times cannot be resolved"))
    else:
        try:
            day = parse_date(when)
        except ValueError:
            notes.append(("W102", f"{origin}: unreadable date {str(when)[:40]!r}; expected YYYY-MM-DD"))
    if day is not None and day > date.today():
        notes.append(("W103", f"{origin}: the article date {day} is in the future"))
    article = Article(
        text=text,
        date=day,
        id=str(id) if id not in (None, "") else "",
        title=_opt(title),
        url=_opt(url),
        source=_opt(source),
        origin=origin,
    )
    for code, message in notes:
        article.warn(code, message)
    return article


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def read_txt(data: bytes, origin: str) -> Iterator[Item]:
    """The sample format: optional whitespace, ``date YYYY-MM-DD``, then the body."""
    notes: list[tuple[str, str]] = []
    text = decode(data, origin, notes).replace("\r\n", "\n").replace("\r", "\n")
    match = _HEADER.match(text)
    when = None
    if match:
        when = match.group(1)
        text = text[match.end() :]
    yield make_article(text.lstrip(), when, origin, warnings=notes)


def _from_object(obj: Any, origin: str, notes: list[tuple[str, str]]) -> Item:
    if not isinstance(obj, dict):
        return Quarantined(origin, "not-an-object", f"{origin}: expected a JSON object with a 'text' field", str(obj)[:RAW_EXCERPT])
    return make_article(
        obj.get("text"),
        obj.get("date"),
        origin,
        id=obj.get("id"),
        title=obj.get("title"),
        url=obj.get("url"),
        source=obj.get("source"),
        warnings=notes,
    )


def read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    """One JSON object per line; a bad line is quarantined and the rest are read."""
    yield from read_jsonl_lines(data.split(b"\n"), origin)


def read_jsonl_lines(lines: Iterable[bytes], origin: str) -> Iterator[Item]:
    """JSON Lines from an iterable of byte lines (a file object streams: memory stays flat)."""
    notes: list[tuple[str, str]] = []
    seen = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen = True
        where = f"{origin}:{number}"
        # Each line is decoded on its own; one W104 per file is enough to tell the user.
        line = decode(raw.rstrip(b"\r\n"), where, notes if not notes else [])
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Quarantined(where, "invalid-json", f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", line[:RAW_EXCERPT])
            continue
        yield _from_object(obj, where, notes)
    if not seen:
        yield Quarantined(origin, "empty-file", f"{origin}: the file is empty")


def read_json(data: bytes, origin: str) -> Iterator[Item]:
    """One object or an array of objects."""
    notes: list[tuple[str, str]] = []
    text = decode(data, origin, notes)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file holding JSON Lines is common enough to accept.
        if exc.msg == "Extra data":
            yield from read_jsonl(data, origin)
            return
        where = f"{origin}:{exc.lineno}"
        yield Quarantined(where, "invalid-json", f"{where}: invalid JSON ({exc.msg} at column {exc.colno})", text[:RAW_EXCERPT])
        return
    items = obj if isinstance(obj, list) else [obj]
    for index, item in enumerate(items):
        where = f"{origin}[{index}]" if isinstance(obj, list) else origin
        yield _from_object(item, where, notes)


def read_csv(data: bytes, origin: str) -> Iterator[Item]:
    """A header row with ``text`` (required), ``date``, ``id``, ``title``, ``url``, ``source``."""
    notes: list[tuple[str, str]] = []
    text = decode(data, origin, notes)
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "text" not in fields:
        yield Quarantined(f"{origin}:1", "missing-column", f"{origin}:1: the CSV header has no 'text' column (found: {', '.join(fields) or 'nothing'})", text[:RAW_EXCERPT])
        return
    reader.fieldnames = fields
    line = reader.line_num + 1
    try:
        for row in reader:
            where = f"{origin}:{line}"
            line = reader.line_num + 1
            if None in row:
                notes_row = [*notes, ("W106", f"{where}: more values than header columns; the extra ones were ignored")]
            else:
                notes_row = notes
            yield make_article(row.get("text"), row.get("date"), where, id=row.get("id"), title=row.get("title"), url=row.get("url"), source=row.get("source"), warnings=notes_row)
    except csv.Error as exc:
        where = f"{origin}:{reader.line_num}"
        yield Quarantined(where, "invalid-csv", f"{where}: {exc}; the rest of the file was not read")


READERS = {"txt": read_txt, "jsonl": read_jsonl, "json": read_json, "csv": read_csv, "html": read_html}


def sniff(data: bytes) -> str:
    """Guess the format of standard input from its first characters."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith((b"<!doctype", b"<html", b"<")):
        return "html"
    return "txt"


def read_bytes(data: bytes, origin: str, kind: str) -> Iterator[Item]:
    """Read one input's bytes as the given format (``txt``, ``jsonl``, ``json``, ``csv``, ``html``)."""
    if not data.strip():
        yield Quarantined(origin, "empty-file", f"{origin}: the file is empty")
        return
    yield from READERS[kind](data, origin)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                yield child
    else:
        yield path


def check_inputs(inputs: Iterable[str | Path]) -> list[str | Path]:
    """Fail early (usage error) on inputs that do not exist or have an unknown format."""
    checked = list(inputs)
    if not checked:
        raise UsageError("no input given: name files, folders or '-' for standard input")
    for item in checked:
        if str(item) == "-":
            continue
        path = Path(item)
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_file() and path.suffix.lower() not in SUFFIXES:
            raise UsageError(f"{path}: unknown format {path.suffix or '(no extension)'}; use one of {', '.join(SUFFIXES)}")
    return checked


def read(inputs: Iterable[str | Path], stdin: io.BufferedIOBase | None = None) -> Iterator[Item]:
    """Articles (or quarantined inputs) from files, folders (recursive) and ``-`` (standard input)."""
    for item in check_inputs(inputs):
        if str(item) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            yield from read_bytes(data, "<stdin>", sniff(data))
            continue
        for path in _files(Path(item)):
            kind = SUFFIXES[path.suffix.lower()]
            try:
                if kind == "jsonl":  # corpora of millions of lines are streamed, never read whole
                    with path.open("rb") as stream:
                        yield from read_jsonl_lines(stream, str(path))
                    continue
                data = path.read_bytes()
            except OSError as exc:
                yield Quarantined(str(path), "unreadable", f"{path}: cannot be read ({exc.strerror})")
                continue
            yield from read_bytes(data, str(path), kind)
