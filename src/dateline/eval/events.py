"""Event-coding evaluation: PLOVER gold records, CAMEO validation suites, QuadClass labels, our gold.

Every task builds :class:`~dateline.model.Article` objects from the gold, runs the whole pipeline
and scores only the events. Per sentence the *primary* prediction is the most confident event
(ties: the earliest trigger); type, root and country accuracies use it, while the
(type, source country, target country) P/R/F1 uses every predicted event against every gold
dyad (compound actors expanded).

Tasks (``dateline eval TASK --gold PATH``): ``plover`` (``plover/PLOVER_GSR_CAMEO.dev.json``),
``cameo`` (``udpetrarch-validation/PETR2_GSR_validation.xml`` or the ``validate/`` records with
their dictionaries given through ``--actors``), ``quad`` (``conflibert-cameo/cameo_class/train.tsv``),
``events-gold`` (``tests/gold/events.jsonl``).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

from ..extract import actors, cameo
from ..model import Article, Event
from . import EvalOptions, Report, prf

PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
"""PLOVER v0.5 names in the dev set → current PLOVER types."""

CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "NATO": "IGO", "EU": "IGO",
                "CSTO": "IGO", "ROM": "ROU", "PAL": "PSE", "PSX": "PSE"}
"""CAMEO-era and bloc codes → the codes compared (blocs count as IGO, as the gold codes them)."""

CONFIDENCE_STEPS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
"""Thresholds of the precision/recall table: what a user keeps with ``dateline events --min-confidence``."""

QUAD_SAMPLE = 400
"""Sentences scored by ``quad`` when no ``--limit`` is given: enough for ±5 points at 95% on a
five-way label, in about a minute."""


@dataclass
class Case:
    """One gold sentence: its text, date and gold (type, source, target) triples."""

    id: str
    text: str
    day: date | None
    gold: list[tuple[str, str | None, str | None]]
    extra: dict[str, object] = field(default_factory=dict)


def norm(code: str | None) -> str | None:
    """A comparable 3-letter country/bloc code."""
    if not code:
        return None
    code = code.strip().upper()
    return CODE_ALIASES.get(code, CODE_ALIASES.get(code[:3], code[:3]))


def primary(events: list[Event]) -> Event | None:
    """The event a one-event-per-sentence gold most likely codes."""
    if not events:
        return None
    return max(events, key=lambda e: (e.confidence, -e.trigger[0]))


def _run(cases: list[Case], options: EvalOptions, task: str) -> list[tuple[Case, list[Event]]]:
    from ..pipeline import annotate

    if options.actors:
        actors.load_dictionaries(options.actors)
    articles = (Article(text=c.text, date=c.day, id=c.id) for c in cases)
    out = []
    bar = tqdm(zip(cases, annotate(articles)), total=len(cases), desc=task, file=sys.stderr, leave=False)
    for case, article in bar:
        out.append((case, list(article.events)))
    return out


def _triple(e: Event, typed: str) -> tuple[str, str | None, str | None]:
    return (typed, norm(e.source.country if e.source else None), norm(e.target.country if e.target else None))


def _score(task: str, gold: Path, results: list[tuple[Case, list[Event]]], key: str) -> Report:
    """Shared scoring; ``key`` is ``type`` (PLOVER) or ``root`` (CAMEO root of the code)."""

    def typed(e: Event) -> str:
        return e.type if key == "type" else (e.cameo or "")[:2]

    report = Report(task=task, gold=str(gold))
    n = len(results)
    type_ok = any_ok = src_ok = tgt_ok = prim_ok = covered = 0
    tp = n_pred = n_gold = 0
    confusion: Counter[tuple[str, str]] = Counter()
    scored: list[tuple[float, bool]] = []  # (confidence, correct) of every predicted dyad
    sentences_with_gold = 0
    for case, events in results:
        gold_types = {g[0] for g in case.gold}
        p = primary(events)
        gold_label = case.gold[0][0] if case.gold else "NONE"
        confusion[(gold_label, typed(p) if p else "NONE")] += 1
        preds = {_triple(e, typed(e)) for e in events}
        golds = set(case.gold)
        best: dict[tuple[str, str | None, str | None], float] = {}
        for e in events:
            t = _triple(e, typed(e))
            best[t] = max(best.get(t, 0.0), e.confidence)
        scored.extend((c, t in golds) for t, c in best.items())
        n_pred += len(preds)
        n_gold += len(golds)
        tp += len(preds & golds)
        if not case.gold:
            type_ok += p is None
            continue
        sentences_with_gold += 1
        any_ok += bool(gold_types & {typed(e) for e in events})
        if p is None:
            continue
        covered += 1
        type_ok += typed(p) in gold_types
        triple = _triple(p, typed(p))
        src_ok += triple[1] in {g[1] for g in case.gold}
        tgt_ok += triple[2] in {g[2] for g in case.gold}
        prim_ok += triple in golds
    precision, recall, f1 = prf(tp, n_pred, n_gold)
    name = "event_type" if key == "type" else "cameo_root"
    report.metrics = {
        f"{name}_accuracy": type_ok / n if n else 0.0,
        f"{name}_any_accuracy": any_ok / sentences_with_gold if sentences_with_gold else 0.0,
        "source_country_accuracy": src_ok / covered if covered else 0.0,
        "target_country_accuracy": tgt_ok / covered if covered else 0.0,
        "dyad_precision": precision, "dyad_recall": recall, "dyad_f1": f1,
        "primary_dyad_precision": prim_ok / covered if covered else 0.0,
        "primary_dyad_recall": prim_ok / sentences_with_gold if sentences_with_gold else 0.0,
        "coverage": covered / sentences_with_gold if sentences_with_gold else 0.0,
        "events_per_sentence": sum(len(ev) for _, ev in results) / n if n else 0.0,
    }
    pp, pr = report.metrics["primary_dyad_precision"], report.metrics["primary_dyad_recall"]
    report.metrics["primary_dyad_f1"] = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
    report.counts = {"sentences": n, "with_gold": sentences_with_gold, "predicted_dyads": n_pred,
                     "gold_dyads": n_gold, "true_positive_dyads": tp, "covered": covered}
    labels = sorted({g for g, _ in confusion} | {p for _, p in confusion})
    report.tables["confusion"] = [
        {"gold": g, **{p: confusion[(g, p)] for p in labels if any(confusion[(x, p)] for x in labels)}}
        for g in labels if any(confusion[(g, p)] for p in labels)
    ]
    report.tables["by_confidence"] = [_at_threshold(scored, n_gold, th) for th in CONFIDENCE_STEPS]
    report.notes.append("accuracy of source/target country is over sentences with a prediction (coverage); "
                        "dyad P/R/F1 compare every predicted (label, source, target) with every gold one, so "
                        "correct events the gold leaves uncoded count against precision; primary_dyad_* score "
                        "only the most confident event per sentence (the gold codes one event per sentence), "
                        "an additional view, not a replacement of dyad_*")
    return report


def _at_threshold(scored: list[tuple[float, bool]], n_gold: int, threshold: float) -> dict[str, object]:
    """Dyad precision and recall when only events at or above ``threshold`` confidence are kept."""
    kept = [ok for c, ok in scored if c >= threshold]
    precision, recall, f1 = prf(sum(kept), len(kept), n_gold)
    return {"min_confidence": threshold, "dyads": len(kept), "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def _actor_codes(value: object) -> list[str | None]:
    if isinstance(value, list):
        codes = [norm(a.get("code")) for a in value if isinstance(a, dict)]
        return codes or [None]
    return [None]


def load_plover(path: Path, limit: int | None = None) -> list[Case]:
    """PLOVER dev records (the DOCUMENT header skipped, old type names renamed)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    cases = []
    for r in records:
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        typ = PLOVER_RENAMES.get(r["event"], r["event"])
        gold = [(typ, s, t) for s in _actor_codes(r.get("source")) for t in _actor_codes(r.get("target"))]
        cases.append(Case(r["id"], r["text"], None, gold))
    return cases[:limit] if limit else cases


def evaluate_plover(gold: Path, options: EvalOptions) -> Report:
    """Event type, countries and (type, source, target) P/R/F1 on PLOVER gold records."""
    cases = load_plover(gold, options.limit)
    report = _score("plover", gold, _run(cases, options, "plover"), "type")
    report.notes.append("the gold dates are placeholders (2000-01-01): articles are coded undated, so dated "
                        "roles resolve to their latest holder")
    return report


_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)(?=<Sentence\b|</Sentences>)", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def load_cameo(path: Path, limit: int | None = None) -> list[Case]:
    """PETRARCH validation records with ``evaluate="true"`` (``noevents`` records keep an empty gold)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    cases: list[Case] = []
    for attrs_text, body in _SENTENCE.findall(raw):
        attrs = dict(_ATTR.findall(attrs_text))
        if attrs.get("evaluate", "true").lower() != "true":
            continue
        text = _TEXT.search(body)
        if not text:
            continue
        gold = []
        for coding in _CODING.findall(body):
            c = dict(_ATTR.findall(coding))
            if "eventcode" in c:
                gold.append((c["eventcode"][:2], norm(c.get("sourcecode")), norm(c.get("targetcode"))))
        day = None
        if re.fullmatch(r"\d{8}", attrs.get("date", "")):
            d = attrs["date"]
            day = date(int(d[:4]), int(d[4:6]), int(d[6:]))
        cases.append(Case(attrs.get("id", str(len(cases))), " ".join(text.group(1).split()), day, gold))
    return cases[:limit] if limit else cases


def evaluate_cameo(gold: Path, options: EvalOptions) -> Report:
    """CAMEO root accuracy and (root, source, target) P/R/F1 on PETRARCH validation sentences."""
    cases = load_cameo(gold, options.limit)
    report = _score("cameo", gold, _run(cases, options, "cameo"), "root")
    report.notes.append("sentences coded `noevents` count as correct when nothing is predicted")
    return report


def load_quad(path: Path, limit: int | None) -> list[tuple[str, int]]:
    """``sentence<TAB>label`` rows, sampled evenly over the file (every k-th row) to ``limit``."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            rows.append((text, int(label)))
    want = limit or QUAD_SAMPLE
    step = max(1, len(rows) // want)
    return rows[::step][:want]


def evaluate_quad(gold: Path, options: EvalOptions) -> Report:
    """PentaClass (0 statement, 1–4 QuadClass) of the primary event against ConfliBERT labels."""
    rows = load_quad(gold, options.limit)
    cases = [Case(f"q{n}", text, None, []) for n, (text, _) in enumerate(rows)]
    results = _run(cases, options, "quad")
    report = Report(task="quad", gold=str(gold))
    ok = covered = quad_ok = 0
    confusion: Counter[tuple[int, str]] = Counter()
    for (_, label), (_, events) in zip(rows, results):
        p = primary(events)
        guess = cameo.penta_class(p.cameo) if p and p.cameo else None
        confusion[(label, str(guess) if guess is not None else "none")] += 1
        if guess is None:
            continue
        covered += 1
        ok += guess == label
        quad_ok += max(guess, 1) == max(label, 1)  # statements folded into verbal cooperation
    n = len(rows)
    report.metrics = {"penta_accuracy_covered": ok / covered if covered else 0.0,
                      "quad_accuracy_covered": quad_ok / covered if covered else 0.0,
                      "coverage": covered / n if n else 0.0, "penta_accuracy": ok / n if n else 0.0}
    report.counts = {"sentences": n, "covered": covered}
    cols = sorted({g for _, g in confusion})
    report.tables["confusion"] = [{"gold": g, **{c: confusion[(g, c)] for c in cols}} for g in range(5)]
    report.notes.append(f"sampled every k-th sentence to {n}; 'covered' = sentences where an event was coded")
    return report


def load_gold(path: Path, limit: int | None = None) -> list[Case]:
    """Our native ``tests/gold/events.jsonl``: ``{"id","date","text","events":[{type,source,target}]}``."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        day = date.fromisoformat(doc["date"]) if doc.get("date") else None
        gold = [(e["type"], norm(e.get("source")), norm(e.get("target"))) for e in doc.get("events", [])]
        cases.append(Case(doc["id"], doc["text"], day, gold, {"events": doc.get("events", [])}))
    return cases[:limit] if limit else cases


def evaluate_gold(gold: Path, options: EvalOptions) -> Report:
    """Our gold: the dyad scores plus date accuracy of matched events and suppressed denials."""
    cases = load_gold(gold, options.limit)
    results = _run(cases, options, "events-gold")
    report = _score("events-gold", gold, results, "type")
    dated = date_ok = status_ok = 0
    for case, events in results:
        gold_events: list[dict[str, str]] = case.extra.get("events", [])  # type: ignore[assignment]
        for g in gold_events:
            match = next((e for e in events if _triple(e, e.type) == (g["type"], norm(g.get("source")),
                                                                      norm(g.get("target")))), None)
            if match is None or "date" not in g:
                continue
            dated += 1
            date_ok += (match.date.iso() if match.date else None) == g["date"]
            status_ok += match.status == g.get("status", "reported")
    report.metrics["date_accuracy"] = date_ok / dated if dated else 0.0
    report.metrics["status_accuracy"] = status_ok / dated if dated else 0.0
    report.counts["dated_matches"] = dated
    return report
