"""Evaluation of the times extractor: TempEval-3 TimeML corpora and the native gold set.

Scoring follows TempEval-3: a *relaxed* match is any character overlap between a predicted and
a gold expression (one-to-one, greedy in text order), a *strict* match needs identical spans.
``value_accuracy`` is the share of relaxed matches with the gold value; ``value_f1`` counts a
prediction as correct only when it overlaps a gold expression *and* has its value (the
TempEval-3 "value F1"). Every figure is also broken down by gold/predicted TIMEX3 type.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Article, Span, TimeExpr
from . import EvalOptions, Report, prf

TYPES = ("DATE", "TIME", "DURATION", "SET")

_TAG = re.compile(r"<[^>]+>")
_TIMEX_OPEN = re.compile(r"<TIMEX3\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d\d-\d\d)')
_DCT_ALT = re.compile(r'<TIMEX3[^>]*value="(\d{4}-\d\d-\d\d)[^>]*functionInDocument="CREATION_TIME"')


@dataclass(frozen=True)
class GoldTime:
    """One gold time expression."""

    span: Span
    value: str
    type: str


@dataclass
class GoldDoc:
    """One gold document: its text, date and expressions."""

    id: str
    text: str
    date: date | None
    times: list[GoldTime]


def read_timeml(path: Path) -> GoldDoc:
    """A TimeML file as text without tags (entities unescaped) and gold TIMEX3 spans in that text.

    The creation time (in ``<DCT>``, outside ``<TEXT>``) becomes the article date, not a gold item.
    """
    raw = path.read_text(encoding="utf-8")
    dct = _DCT.search(raw) or _DCT_ALT.search(raw)
    body = _TEXT.search(raw)
    source = body.group(1) if body else ""
    out: list[str] = []
    length = 0
    times: list[GoldTime] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for tag in _TAG.finditer(source):
        piece = html.unescape(source[pos : tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        name = tag.group(0)
        opened = _TIMEX_OPEN.match(name)
        if opened:
            open_timex = (length, dict(_ATTR.findall(opened.group(1))))
        elif name.startswith("</TIMEX3") and open_timex is not None:
            start, attrs = open_timex
            times.append(GoldTime((start, length), attrs.get("value", ""), attrs.get("type", "DATE")))
            open_timex = None
    out.append(html.unescape(source[pos:]))
    text = "".join(out)
    return GoldDoc(path.stem, text, date.fromisoformat(dct.group(1)) if dct else None, times)


def _tml_files(gold: Path) -> list[Path]:
    return sorted(gold.rglob("*.tml")) if gold.is_dir() else [gold]


def read_native(path: Path) -> list[GoldDoc]:
    """Documents of ``tests/gold/times.jsonl``: ``{"id","date","text","times":[{span,value,type}]}``."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        times = [GoldTime((t["span"][0], t["span"][1]), t["value"], t["type"]) for t in obj["times"]]
        docs.append(GoldDoc(obj["id"], obj["text"], date.fromisoformat(obj["date"]) if obj.get("date") else None, times))
    return docs


def _annotated(docs: list[GoldDoc]) -> Iterator[tuple[GoldDoc, Article]]:
    from tqdm import tqdm

    from ..pipeline import annotate

    articles = (Article(text=d.text, date=d.date, id=d.id, origin=d.id) for d in docs)
    bar = tqdm(zip(docs, annotate(articles)), total=len(docs), file=sys.stderr, desc="times", unit="doc")
    yield from bar


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(gold: list[GoldTime], pred: list[TimeExpr]) -> list[tuple[GoldTime, TimeExpr]]:
    """One-to-one relaxed matches: each gold expression takes the first free overlapping prediction,
    preferring an exact span."""
    pairs: list[tuple[GoldTime, TimeExpr]] = []
    used: set[int] = set()
    for g in sorted(gold, key=lambda t: t.span):
        best = None
        for i, p in enumerate(pred):
            if i in used or not _overlap(g.span, p.span):
                continue
            if p.span == g.span:
                best = i
                break
            if best is None:
                best = i
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


class _Tally:
    def __init__(self) -> None:
        self.gold = 0
        self.pred = 0
        self.relaxed = 0
        self.strict = 0
        self.value = 0
        self.type_ok = 0

    def add(self, gold: int, pred: int, pairs: Iterable[tuple[GoldTime, TimeExpr]]) -> None:
        self.gold += gold
        self.pred += pred
        for g, p in pairs:
            self.relaxed += 1
            self.strict += g.span == p.span
            self.value += g.value == p.value
            self.type_ok += g.type == p.type

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, tp in (("relaxed", self.relaxed), ("strict", self.strict), ("value", self.value)):
            p, r, f = prf(tp, self.pred, self.gold)
            out[f"{name}_precision"], out[f"{name}_recall"], out[f"{name}_f1"] = p, r, f
        out["value_accuracy"] = self.value / self.relaxed if self.relaxed else 0.0
        out["type_accuracy"] = self.type_ok / self.relaxed if self.relaxed else 0.0
        return out


def score(task: str, gold_path: Path, docs: list[GoldDoc], options: EvalOptions) -> Report:
    """Run the pipeline over gold documents and score the time expressions."""
    if options.limit is not None:
        docs = docs[: options.limit]
    total = _Tally()
    by_type = {t: _Tally() for t in TYPES}
    errors: list[dict[str, object]] = []
    for doc, article in _annotated(docs):
        pred = list(article.times)
        pairs = match(doc.times, pred)
        total.add(len(doc.times), len(pred), pairs)
        for t in TYPES:
            # Recall side by gold type, precision side by predicted type; a pair counts for the gold type.
            by_type[t].add(
                sum(g.type == t for g in doc.times),
                sum(p.type == t for p in pred),
                [(g, p) for g, p in pairs if g.type == t],
            )
        for g, p in pairs:
            if g.value != p.value and len(errors) < 200:
                errors.append({"doc": doc.id, "text": doc.text[g.span[0] : g.span[1]], "gold": g.value,
                               "pred": p.value, "pred_text": article.slice(p.span)})
    report = Report(task=task, gold=str(gold_path))
    report.metrics = total.metrics()
    report.counts = {"documents": len(docs), "gold": total.gold, "predicted": total.pred,
                     "relaxed_matches": total.relaxed, "strict_matches": total.strict,
                     "value_correct": total.value}
    report.tables["by_type"] = [
        {"type": t, "gold": by_type[t].gold, "predicted": by_type[t].pred,
         **{k: round(v, 4) for k, v in by_type[t].metrics().items()}}
        for t in TYPES
    ]
    report.tables["value_errors"] = errors
    report.notes.append("relaxed = any character overlap, one-to-one; value_f1 = overlap and equal value "
                        "(TempEval-3); by_type: recall by gold type, precision by predicted type")
    return report


def evaluate_tempeval(gold: Path, options: EvalOptions) -> Report:
    """TempEval-3 TimeML (``tempeval3/tbaq-cleaned`` or any folder of ``.tml`` files)."""
    docs = [read_timeml(p) for p in _tml_files(gold)]
    return score("times-tempeval", gold, docs, options)


def evaluate_gold(gold: Path, options: EvalOptions) -> Report:
    """The project's hand-made gold set (``tests/gold/times.jsonl``)."""
    return score("times-gold", gold, read_native(gold), options)
