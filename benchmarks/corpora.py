"""Benchmark corpora: Reuters-21578 (SGML, Latin-1) and Wikinews (JSONL) from ../shared/data.

Nothing here is committed data: the sets are read in place, and a benchmark that cannot find
them says so and exits.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from itertools import cycle, islice
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REUTERS = DATA / "reuters21578"
WIKINEWS = DATA / "wikinews" / "wikinews_articles.jsonl"

_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}


def reuters() -> Iterator[dict[str, Any]]:
    """Reuters stories that have a body, as contract JSON objects."""
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        for newid, doc in _DOC.findall(path.read_bytes().decode("latin-1")):
            body = _FIELD["BODY"].search(doc)
            if not body:
                continue
            stamp = _FIELD["DATE"].search(doc)
            day = None
            if stamp:
                try:
                    day = datetime.strptime(stamp.group(1).strip()[:11], "%d-%b-%Y").date().isoformat()
                except ValueError:
                    day = None
            title = _FIELD["TITLE"].search(doc)
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            yield {"id": f"reuters-{newid}", "date": day, "title": html.unescape(title.group(1)) if title else None,
                   "source": "Reuters", "text": text}  # fmt: skip


def wikinews() -> Iterator[dict[str, Any]]:
    """Wikinews articles as given."""
    with WIKINEWS.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` articles of ``reuters`` or ``wikinews``; exits when the data is absent."""
    where = {"reuters": REUTERS, "wikinews": WIKINEWS}[name]
    if not where.exists():
        sys.exit(f"{where} is absent: this benchmark needs ../shared/data/{where.relative_to(DATA)}")
    source = reuters() if name == "reuters" else wikinews()
    return list(islice(source, limit))


def repeated(articles: list[dict[str, Any]], n: int) -> Iterator[dict[str, Any]]:
    """``n`` articles cycling through ``articles``, each copy with its own id."""
    for i, article in enumerate(islice(cycle(articles), n)):
        yield {**article, "id": f"{article['id']}#{i}"}


def write_jsonl(articles: Iterator[dict[str, Any]] | list[dict[str, Any]], path: Path) -> Path:
    """Write articles as JSON Lines (the ingest input format)."""
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article) + "\n")
    return path
