"""Evaluation of the places extractor.

- ``places-geo`` (:func:`evaluate_geo`): toponym recognition and resolution on the geoparsing
  corpora LGL (``geoparsing/lgl.xml``, local US news) and GeoVirus (``geoparsing/GeoVirus.xml``,
  Wikinews); pass one file or the folder (each file is reported separately).
- ``places-gold`` (:func:`evaluate_gold`): the project's hand-made ``tests/gold/places.jsonl``.

Geoparsing metrics, per gold toponym (Gritta et al. 2018, "What's missing in geographical
parsing?"):

- ``recall``: share of gold toponyms overlapped by a toponym we found and resolved (places and
  metonyms: the corpora annotate "Moscow said" as a toponym too; ``recall_places`` counts places
  only). Gold adjectives/demonyms ("Russian") count as misses: dateline does not geocode them.
- on matched toponyms: ``acc161`` (error ≤ 161 km), ``mean_km``, ``median_km`` and ``auc``: the
  area under the curve of ``log(1 + error_km)`` over the matched toponyms sorted by error, with
  the x axis scaled to [0, 1] (trapezoid rule) and the y axis divided by ``log(20039)`` (half the
  Earth's circumference, the largest possible error). 0 is perfect, 1 is worst.
- ``baseline_*``: the population baseline on the same matched toponyms: each gold string resolved to
  its most populous gazetteer candidate, without context.
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ..extract import gazetteer, places
from ..extract.gazetteer import DEFAULT_POPULATION, GazEntry
from ..model import Article, Place
from . import EvalOptions, Report, prf

ACC_KM = 161.0
"""100 miles, the customary tolerance of geoparsing evaluations."""
MAX_ERROR_KM = 20039.0
"""Half the Earth's circumference: the largest possible great-circle error."""
FILES = {"lgl.xml": "lgl", "GeoVirus.xml": "geovirus"}


@dataclass(frozen=True)
class _Gold:
    start: int
    end: int
    lat: float
    lon: float


def _read_lgl(path: Path) -> list[tuple[Article, list[_Gold]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        dl = (art.findtext("dltime") or "")[:10]
        golds = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.findtext("lat") is None:
                continue
            golds.append(_Gold(int(top.findtext("start") or 0), int(top.findtext("end") or 0),
                               float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)))
        day = date.fromisoformat(dl) if len(dl) == 10 else None
        out.append((Article(text=text, date=day, id=f"lgl-{art.get('docid')}"), golds))
    return out


def _read_geovirus(path: Path) -> list[tuple[Article, list[_Gold]]]:
    out = []
    for i, art in enumerate(ET.parse(path).getroot().iter("article")):
        text = art.findtext("text") or ""
        golds = []
        for loc in art.iter("location"):
            start = _align(text, loc.findtext("name") or "", int(loc.findtext("start") or 0))
            end = start + len(loc.findtext("name") or "") if start >= 0 else int(loc.findtext("end") or 0)
            if start < 0:
                start = int(loc.findtext("start") or 0)
            golds.append(_Gold(start, end,
                               float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0)))
        out.append((Article(text=text, date=None, id=f"geovirus-{i}"), golds))
    return out


ALIGN_WINDOW = 3
"""GeoVirus offsets are often one character off the text: the gold name is looked up this close."""


def _align(text: str, name: str, start: int) -> int:
    """The offset of ``name`` nearest to ``start`` (within ALIGN_WINDOW), else -1."""
    for delta in sorted(range(-ALIGN_WINDOW, ALIGN_WINDOW + 1), key=abs):
        if name and text[start + delta : start + delta + len(name)] == name:
            return start + delta
    return -1


def auc(errors_km: list[float]) -> float:
    """Normalised area under the log error curve (0 best, 1 worst); see the module docstring."""
    if not errors_km:
        return 0.0
    ys = sorted(math.log(1 + e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    dx = 1 / (len(ys) - 1)
    return sum((a + b) / 2 * dx for a, b in itertools.pairwise(ys))


def _error_metrics(prefix: str, errors: list[float]) -> dict[str, float]:
    if not errors:
        return {}
    return {
        f"{prefix}acc161": sum(e <= ACC_KM for e in errors) / len(errors),
        f"{prefix}mean_km": statistics.fmean(errors),
        f"{prefix}median_km": statistics.median(errors),
        f"{prefix}auc": auc(errors),
    }


def _most_populous(text: str) -> GazEntry | None:
    found = gazetteer.lookup(text)
    if not found:
        return None
    return max(found, key=lambda e: e.population or DEFAULT_POPULATION.get(e.feature, 0))


def _overlap(p: Place, g: _Gold) -> bool:
    return p.span[0] < g.end and g.start < p.span[1]


def _run(docs: list[tuple[Article, list[_Gold]]], label: str) -> tuple[list[Article], float, float]:
    """Annotate with the whole pipeline; returns the articles, pipeline and places seconds/doc."""
    from ..pipeline import annotate

    t0 = time.perf_counter()
    arts = list(tqdm(annotate((a for a, _ in docs), keep_doc=True), total=len(docs), desc=label,
                     file=sys.stderr))
    total = time.perf_counter() - t0
    t1 = time.perf_counter()
    for art in arts:  # re-run the places stage alone on the kept parses to time it
        probe = Article(text=art.text, date=art.date, id=art.id)
        probe.doc = art.doc
        places.annotate(probe)
    own = time.perf_counter() - t1
    for art in arts:
        art.doc = None
    n = max(len(arts), 1)
    return arts, total / n, own / n


def _score_file(path: Path, options: EvalOptions, report: Report) -> None:
    prefix = FILES.get(path.name, path.stem.lower())
    docs = _read_lgl(path) if prefix == "lgl" else _read_geovirus(path)
    if options.limit:
        docs = docs[: options.limit]
    arts, per_doc, places_per_doc = _run(docs, prefix)
    ours: list[float] = []
    base: list[float] = []
    base_all: list[float] = []
    n_gold = found = found_places = 0
    for art, (_, golds) in zip(arts, docs):
        metonyms: list[Place] = art.extra.get("places.metonyms", [])
        for g in golds:
            n_gold += 1
            b = _most_populous(art.text[g.start : g.end])
            b_err = gazetteer.distance_km(b.lat, b.lon, g.lat, g.lon) if b else MAX_ERROR_KM
            base_all.append(b_err)
            hit = next((p for p in art.places if _overlap(p, g)), None)
            found_places += hit is not None
            hit = hit or next((p for p in metonyms if _overlap(p, g)), None)
            if hit is None or hit.lat is None or hit.lon is None:
                continue
            found += 1
            ours.append(gazetteer.distance_km(hit.lat, hit.lon, g.lat, g.lon))
            base.append(b_err)
    report.metrics[f"{prefix}.recall"] = found / n_gold if n_gold else 0.0
    report.metrics[f"{prefix}.recall_places"] = found_places / n_gold if n_gold else 0.0
    report.metrics.update(_error_metrics(f"{prefix}.", ours))
    report.metrics.update(_error_metrics(f"{prefix}.baseline_", base))
    report.metrics.update(_error_metrics(f"{prefix}.baseline_all_gold_", base_all))
    report.metrics[f"{prefix}.pipeline_ms_per_doc"] = per_doc * 1000
    report.metrics[f"{prefix}.places_ms_per_doc"] = places_per_doc * 1000
    report.counts.update({f"{prefix}.documents": len(docs), f"{prefix}.gold_toponyms": n_gold,
                          f"{prefix}.matched": found})


def evaluate_geo(gold: Path, options: EvalOptions) -> Report:
    """Score toponym recognition and resolution on LGL and/or GeoVirus (a file or their folder)."""
    gold = Path(gold)
    files = [gold / name for name in FILES if (gold / name).exists()] if gold.is_dir() else [gold]
    report = Report(task="places-geo", gold=str(gold))
    for path in files:
        _score_file(path, options, report)
    report.notes.append(
        "recall counts toponyms found as places or as metonyms (the corpora tag both); gold "
        "demonyms are not geocoded by design. acc161/mean/median/auc are over matched toponyms; "
        "baseline_* = most populous candidate of the gold string on the same toponyms, "
        "baseline_all_gold_* on every gold toponym (unknown strings count as the maximal error)."
    )
    return report


def _read_native(path: Path) -> list[tuple[Article, list[dict[str, Any]]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        day = date.fromisoformat(obj["date"]) if obj.get("date") else None
        out.append((Article(text=obj["text"], date=day, id=obj["id"]), obj.get("places", [])))
    return out


def evaluate_gold(gold: Path, options: EvalOptions) -> Report:
    """Score places against the native gold (``tests/gold/places.jsonl``).

    A predicted place matches a gold place when their spans overlap; gold lists every place and
    no metonym, so a metonym emitted as a place is a false positive. On matches: ``country_acc``
    and ``acc161``."""
    from ..pipeline import annotate

    docs = _read_native(Path(gold))
    if options.limit:
        docs = docs[: options.limit]
    arts = list(tqdm(annotate(a for a, _ in docs), total=len(docs), desc="places-gold", file=sys.stderr))
    tp = n_pred = n_gold = country_ok = near_ok = 0
    for art, (_, golds) in zip(arts, docs):
        n_pred += len(art.places)
        n_gold += len(golds)
        for g in golds:
            s, e = g["span"]
            hit = next((p for p in art.places if p.span[0] < e and s < p.span[1]), None)
            if hit is None:
                continue
            tp += 1
            country_ok += hit.country == g.get("country")
            if hit.lat is not None and hit.lon is not None and g.get("lat") is not None:
                near_ok += gazetteer.distance_km(hit.lat, hit.lon, g["lat"], g["lon"]) <= ACC_KM
    p, r, f = prf(tp, n_pred, n_gold)
    report = Report(task="places-gold", gold=str(gold))
    report.metrics.update({"precision": p, "recall": r, "f1": f,
                           "country_acc": country_ok / tp if tp else 0.0,
                           "acc161": near_ok / tp if tp else 0.0})
    report.counts.update({"documents": len(docs), "gold": n_gold, "predicted": n_pred, "matched": tp})
    return report
