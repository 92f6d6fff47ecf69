"""Records to the JSON of the output contract (``CONTRACT.md``); the only place text is sliced."""

from __future__ import annotations

from typing import Any

from .model import Actor, ActorRef, Article, Event, Place, Quote, Span, TimeExpr
from .settings import MODEL_LABEL, VERSION


def _span(article: Article, span: Span) -> dict[str, Any]:
    return {"text": article.slice(span), "span": list(span)}


def actor_ref(article: Article, ref: ActorRef | None) -> dict[str, Any] | None:
    """ACTOR reference: the mention used in a record and the resolved actor."""
    if ref is None:
        return None
    return {
        "id": ref.actor_id,
        **_span(article, ref.span),
        "name": ref.name,
        "type": ref.type,
        "country": ref.country,
        "sector": ref.sector,
    }


def actor(article: Article, a: Actor) -> dict[str, Any]:
    """ACTOR with all its mentions."""
    out = actor_ref(article, a.ref())
    assert out is not None
    out["mentions"] = [list(m) for m in a.mentions]
    out["extractor"] = a.extractor
    return out


def place(article: Article, p: Place | None) -> dict[str, Any] | None:
    """PLACE."""
    if p is None:
        return None
    return {
        **_span(article, p.span),
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonames_id": p.geonames_id,
        "feature": p.feature,
        "admin1": p.admin1,
        "direction": p.direction,
        "extractor": p.extractor,
    }


def time(article: Article, t: TimeExpr) -> dict[str, Any]:
    """TIME. ``text``/``span`` include a leading preposition ("on Tuesday") as in the contract;
    ``expression`` is the bare TIMEX3 extent ("Tuesday") when they differ."""
    whole = (min(t.signal[0], t.span[0]), max(t.signal[1], t.span[1])) if t.signal else t.span
    return {
        **_span(article, whole),
        "expression": _span(article, t.span),
        "value": t.value,
        "type": t.type,
        "anchor": t.anchor.isoformat() if t.anchor else None,
        "extractor": t.extractor,
    }


def event(article: Article, e: Event) -> dict[str, Any]:
    """EVENT."""
    return {
        "id": e.id,
        "type": e.type,
        "mode": e.mode,
        "context": list(e.context),
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "source": actor_ref(article, e.source),
        "target": actor_ref(article, e.target),
        "negated": e.negated,
        "status": e.status,
        "date": e.date.iso() if e.date else None,
        "date_precision": e.date.precision.value if e.date else None,
        "date_text": article.slice(e.date_span) if e.date_span else None,
        "location": place(article, e.location),
        "trigger": _span(article, e.trigger),
        "sentence_span": list(e.sentence_span),
        "mentions": [list(m) for m in e.mentions],
        "confidence": round(e.confidence, 3),
        "extractor": e.extractor,
        "why": e.why,
    }


def quote(article: Article, q: Quote) -> dict[str, Any]:
    """QUOTE, linked to the events coded from the same sentence."""
    sentence = q.sentence_span or q.content
    return {
        "id": q.id,
        "speaker": actor_ref(article, q.speaker),
        "cue": _span(article, q.cue) if q.cue else None,
        "content": _span(article, q.content),
        "parts": [_span(article, p) for p in q.parts],
        "direct": q.direct,
        "kind": q.kind or None,
        "according_to": [_span(article, s) for s in q.according_to],
        "date": q.date.iso() if q.date else None,
        "sentence_span": list(q.sentence_span) if q.sentence_span else None,
        "confidence": round(q.confidence, 3),
        "extractor": q.extractor,
        "why": q.why,
        "events": [e.id for e in article.events if e.sentence_span[0] < sentence[1] and sentence[0] < e.sentence_span[1]],
    }


def provenance(extractors: dict[str, str]) -> dict[str, Any]:
    """Which code and model made a ledger line."""
    return {"dateline": VERSION, "model": MODEL_LABEL, "extractors": extractors}


def article_line(article: Article, extractors: dict[str, str], with_text: bool = False) -> dict[str, Any]:
    """One line of ``dateline extract`` output for an annotated article."""
    meta: dict[str, Any] = {
        "id": article.id,
        "date": article.date.isoformat() if article.date else None,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "text_sha256": article.text_sha256,
        "language": article.language,
    }
    if with_text:
        meta["text"] = article.text
    return {
        "article": meta,
        "actors": [actor(article, a) for a in article.actors],
        "events": [event(article, e) for e in article.events],
        "quotes": [quote(article, q) for q in article.quotes],
        "times": [time(article, t) for t in article.times],
        "places": [place(article, p) for p in article.places],
        "warnings": [{"code": w.code, "message": w.message} for w in article.warnings],
        "provenance": provenance(extractors),
    }
