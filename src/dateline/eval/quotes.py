"""Evaluation of quote extraction: PolNeAR (brat standoff) and the project's own gold set.

Three views, as in the literature:

* **quote level** (Gender Gap Tracker style): a predicted quote matches a gold quote when their
  content overlap ``|pred ∩ gold| / max(|pred|, |gold|)`` reaches 0.3 (or 0.8); one-to-one,
  greedy by overlap. On matched quotes, *speaker accuracy* (predicted speaker span overlaps the
  gold source span; gold quotes without a source are left out) and *cue accuracy* (cue spans
  overlap).
* **exact spans** (CofeNet / Citron style): P/R/F1 of exact source, cue and content spans.
* the same split into **direct** and **indirect** quotes: a quote is direct when its content,
  with one character either side, contains a double quotation mark or starts/ends with a
  quotation mark (the same rule for gold and predictions, so conventions cannot differ).

Content spans are compared after trimming whitespace, quotation marks and edge punctuation on
both sides (PolNeAR keeps the marks in the content; dateline leaves them out).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import Article, Span
from . import EvalOptions, Report, prf

POLNEAR_DEV = "polnear/data/dev"
"""Default gold for :func:`evaluate_polnear`, relative to the shared data folder."""
GOLD_JSONL = "tests/gold/quotes.jsonl"
"""Default gold for :func:`evaluate_gold`, relative to the project root."""
THRESHOLDS = (0.3, 0.8)
_TRIM = " \t\n\r,.;:!?\"'“”‘’«»"
_DOUBLE_MARKS = frozenset('"“”«»')
_ANY_MARKS = frozenset("\"'“”‘’«»")


@dataclass(frozen=True)
class Attribution:
    """A gold or predicted attribution, reduced to spans (content may be discontinuous)."""

    content: tuple[Span, ...]
    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()
    according_to: tuple[Span, ...] = ()


# ---------------------------------------------------------------- readers


def _brat_spans(field: str) -> tuple[Span, ...]:
    out: list[Span] = []
    for piece in field.split(";"):
        a, b = piece.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_brat(path: Path) -> list[Attribution]:
    """The attributions of one PolNeAR ``.ann`` file (relations with a content span)."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, rest = cols[1].partition(" ")
            spans[cols[0]] = (kind, _brat_spans(rest))
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(dict(part.split(":", 1) for part in cols[1].split() if ":" in part))
    out: list[Attribution] = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        roles = {role: spans[t][1] for role, t in rel.items() if t in spans}
        out.append(
            Attribution(content=roles["Content"], source=roles.get("Source", ()), cue=roles.get("Cue", ()))
        )
    return out


def _annotator_choice(folder: Path) -> dict[str, str]:
    """Text name → the annotator to score: the first listed in ``metadata.tsv``."""
    meta = folder.parent / "metadata.tsv"
    choice: dict[str, str] = {}
    if meta.exists():
        lines = meta.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        i_name, i_ann = head.index("filename"), head.index("annotators")
        for line in lines[1:]:
            cols = line.split("\t")
            if len(cols) > i_ann:
                choice[cols[i_name]] = cols[i_ann].split("|")[0]
    return choice


def load_polnear(folder: Path, limit: int | None = None) -> list[tuple[Article, list[Attribution]]]:
    """PolNeAR texts of one split as articles (date from the file name) with one annotator's gold.

    Where a text has several annotators' files, the first annotator listed in ``metadata.tsv`` is
    used (else the alphabetically first file), so runs are deterministic.
    """
    choice = _annotator_choice(folder)
    docs: list[tuple[Article, list[Attribution]]] = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        anns = [a for a in anns if len(a.stem) == len(txt.stem) + 5]
        if not anns:
            continue
        preferred = [a for a in anns if a.stem.endswith("_" + choice.get(txt.stem, "-"))]
        ann = (preferred or anns)[0]
        parts = txt.stem.split("_")
        try:
            day = date.fromisoformat(parts[1])
        except (IndexError, ValueError):
            day = None
        article = Article(text=txt.read_text(encoding="utf-8"), date=day, id=txt.stem, origin=str(txt))
        docs.append((article, read_brat(ann)))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def _span(value: object) -> tuple[Span, ...]:
    """``[s, e]`` → one span; ``[[s, e], …]`` → the parts of a split quotation; null → none."""
    if not value:
        return ()
    assert isinstance(value, list)
    if isinstance(value[0], list):
        return tuple((int(a), int(b)) for a, b in value)
    return ((int(value[0]), int(value[1])),)


def load_gold_jsonl(path: Path, limit: int | None = None) -> list[tuple[Article, list[Attribution]]]:
    """The native gold format: ``{"id", "date", "text", "quotes": [{"speaker", "cue", "content",
    "direct", "according_to"}]}`` with ``[start, end]`` spans (``content`` may be a list of spans: the
    parts of a quotation split by its attribution)."""
    docs: list[tuple[Article, list[Attribution]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        article = Article(
            text=obj["text"], date=date.fromisoformat(obj["date"]), id=obj["id"], origin=str(path)
        )
        gold = [
            Attribution(
                content=_span(q["content"]),
                source=_span(q.get("speaker")),
                cue=_span(q.get("cue")),
                according_to=tuple((int(a), int(b)) for a, b in q.get("according_to", [])),
            )
            for q in obj["quotes"]
        ]
        docs.append((article, gold))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def predictions(article: Article) -> list[Attribution]:
    """An annotated article's quotes as attributions."""
    out: list[Attribution] = []
    for q in article.quotes:
        out.append(
            Attribution(
                content=q.parts or (q.content,),
                source=(q.speaker.span,) if q.speaker else (),
                cue=(q.cue,) if q.cue else (),
                according_to=q.according_to,
            )
        )
    return out


# ---------------------------------------------------------------- scoring


def _trim(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    out: list[Span] = []
    for a, b in spans:
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        if b > a:
            out.append((a, b))
    return tuple(out)


def is_direct(text: str, spans: tuple[Span, ...]) -> bool:
    """Direct when the content (one character wider each side) has a double mark or starts/ends with a mark."""
    if not spans:
        return False
    a, b = max(0, spans[0][0] - 1), min(len(text), spans[-1][1] + 1)
    piece = text[a:b].strip()
    return any(ch in _DOUBLE_MARKS for ch in piece) or (
        bool(piece) and (piece[0] in _ANY_MARKS or piece[-1] in _ANY_MARKS)
    )


def _overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> float:
    inter = sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)
    size = max(sum(e - s for s, e in a), sum(e - s for s, e in b))
    return inter / size if size else 0.0


def _touches(a: tuple[Span, ...], b: tuple[Span, ...]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


@dataclass
class _Tally:
    """Counts for one slice (all, direct, indirect)."""

    n_pred: int = 0
    n_gold: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _match(
    text: str, gold: list[Attribution], pred: list[Attribution], threshold: float
) -> list[tuple[int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        gc = _trim(text, g.content)
        for pi, p in enumerate(pred):
            r = _overlap(gc, _trim(text, p.content))
            if r >= threshold:
                pairs.append((r, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _score_doc(
    text: str, gold: list[Attribution], pred: list[Attribution], tallies: dict[str, _Tally]
) -> None:
    slices = {"all": (gold, pred)}
    slices["direct"] = (
        [g for g in gold if is_direct(text, g.content)],
        [p for p in pred if is_direct(text, p.content)],
    )
    slices["indirect"] = (
        [g for g in gold if not is_direct(text, g.content)],
        [p for p in pred if not is_direct(text, p.content)],
    )
    for name, (g_list, p_list) in slices.items():
        t = tallies[name]
        t.n_gold += len(g_list)
        t.n_pred += len(p_list)
        for th in THRESHOLDS:
            matched = _match(text, g_list, p_list, th)
            t.add(f"tp@{th}", len(matched))
            if th == THRESHOLDS[0]:
                for gi, pi in matched:
                    g, p = g_list[gi], p_list[pi]
                    if g.source:
                        t.add("speaker_n")
                        t.add("speaker_ok", int(_touches(g.source, p.source)))
                    if g.cue:
                        t.add("cue_n")
                        t.add("cue_ok", int(_touches(g.cue, p.cue)))
        for role in ("source", "cue", "content"):
            gs = {_trim(text, getattr(g, role)) for g in g_list if getattr(g, role)}
            ps = {_trim(text, getattr(p, role)) for p in p_list if getattr(p, role)}
            gs.discard(())
            ps.discard(())
            t.add(f"exact_{role}_tp", len(gs & ps))
            t.add(f"exact_{role}_gold", len(gs))
            t.add(f"exact_{role}_pred", len(ps))
        if name == "all":
            ga = {s for g in g_list for s in g.according_to}
            pa = {s for p in p_list for s in p.according_to}
            t.add("according_tp", len(ga & pa))
            t.add("according_gold", len(ga))
            t.add("according_pred", len(pa))


def _metrics(t: _Tally, prefix: str = "") -> dict[str, float]:
    c = t.counts.get
    out: dict[str, float] = {}
    for th in THRESHOLDS:
        p, r, f = prf(c(f"tp@{th}", 0), t.n_pred, t.n_gold)
        out.update(
            {f"{prefix}content_p@{th}": p, f"{prefix}content_r@{th}": r, f"{prefix}content_f1@{th}": f}
        )
    out[f"{prefix}speaker_acc"] = c("speaker_ok", 0) / c("speaker_n", 1) if c("speaker_n") else 0.0
    out[f"{prefix}cue_acc"] = c("cue_ok", 0) / c("cue_n", 1) if c("cue_n") else 0.0
    for role in ("source", "cue", "content"):
        p, r, f = prf(c(f"exact_{role}_tp", 0), c(f"exact_{role}_pred", 0), c(f"exact_{role}_gold", 0))
        out.update(
            {f"{prefix}exact_{role}_p": p, f"{prefix}exact_{role}_r": r, f"{prefix}exact_{role}_f1": f}
        )
    return out


def _run(
    task: str, gold_path: Path, docs: list[tuple[Article, list[Attribution]]], notes: list[str]
) -> Report:
    from tqdm import tqdm

    from ..pipeline import annotate

    gold_of = {a.id: g for a, g in docs}
    tallies = {k: _Tally() for k in ("all", "direct", "indirect")}
    articles: Iterable[Article] = (a for a, _ in docs)
    stream: Iterator[Article] = annotate(articles)
    for article in tqdm(stream, total=len(docs), file=sys.stderr, desc=task, unit="doc"):
        _score_doc(article.text, gold_of[article.id], predictions(article), tallies)
    report = Report(task=task, gold=str(gold_path), notes=notes)
    report.metrics.update(_metrics(tallies["all"]))
    allc = tallies["all"].counts
    if allc.get("according_gold"):
        p, r, f = prf(
            allc.get("according_tp", 0), allc.get("according_pred", 0), allc.get("according_gold", 0)
        )
        report.metrics.update({"according_to_p": p, "according_to_r": r, "according_to_f1": f})
    report.counts = {
        "documents": len(docs),
        "gold": tallies["all"].n_gold,
        "predicted": tallies["all"].n_pred,
    }
    report.tables["by_kind"] = [
        {
            "kind": k,
            "gold": t.n_gold,
            "predicted": t.n_pred,
            **{m: round(v, 4) for m, v in _metrics(t).items()},
        }
        for k, t in tallies.items()
    ]
    return report


def evaluate_polnear(gold: Path, options: EvalOptions) -> Report:
    """Score quotes on a PolNeAR split folder (``…/polnear/data/dev`` by default)."""
    docs = load_polnear(Path(gold), options.limit)
    notes = [
        "content match: |pred∩gold|/max(|pred|,|gold|) after trimming marks/punctuation; one-to-one greedy",
        "speaker/cue accuracy: span overlap on quotes matched at 0.3, gold quotes with that role only",
        "one annotator per text: the first listed in metadata.tsv",
        "PolNeAR annotates attribution broadly (beliefs, reports, endorsements): not only quotes",
    ]
    return _run("quotes-polnear", Path(gold), docs, notes)


def evaluate_gold(gold: Path, options: EvalOptions) -> Report:
    """Score quotes on the project's hand-made gold (``tests/gold/quotes.jsonl``)."""
    docs = load_gold_jsonl(Path(gold), options.limit)
    return _run("quotes-gold", Path(gold), docs, ["the project's own hand-annotated documents"])
