"""Quotes: who said what (content), how (cue) and according to whom.

Three passes over the parsed article, each leaving what it took for the next:

1. **Quotations** (``cues.regions``): each quotation looks for its reporting cue through the
   dependency tree (a cue verb above it, or a cue verb hanging off it as in ``"…," Putin said``),
   then in a small window after and before it, then for colon/dash attributions (``Lavrov: "…"``,
   ``"…" — the minister``, the headline ``Russia 'acted carefully': Putin``). A quotation that sits
   inside a larger reported clause (``Moscow "recognised …", Putin asserted``) becomes one *mixed*
   quote whose content is that clause. A quotation split by its attribution
   (``"…," she said, "…"``) is **one** quote: ``content`` runs from the first fragment to the last
   and ``parts`` lists the fragments. A long quotation with no cue in its sentence takes the
   speaker of the quote just before it ("floating" quote); a short one is a scare quote and is
   dropped.
2. **Reported clauses**: a cue verb with a clausal complement (``Putin said (that) …``) gives an
   indirect quote whose content is that complement's subtree.
3. **Sources**: ``according to X`` and ``citing X`` are added to the quote of their sentence as
   ``according_to``; ``according to X`` with no quote in its sentence is itself the attribution.

The speaker is the cue's subject (inherited through ``conj``/``xcomp``/``advcl``), resolved to an
actor by :func:`dateline.extract.actors.resolve`; an unresolved mention becomes its own reference.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..model import ActorRef, Article, PartialDate, Quote, Span, content_id
from . import actors, cues, reported

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "quotes"
VERSION = 3
LABEL = f"{NAME}/{VERSION}"

SCARE_MAX_WORDS = 4
"""A quotation of at most this many words with no cue is a scare quote ('independent'), not a quote."""
FLOAT_MIN_WORDS = 5
"""A cue-less quotation needs this many words to inherit the previous speaker (shorter: a title, a term)."""
FLOAT_MIN_SHARE = 0.6
"""…and must fill this share of its sentence's characters: a quote standing alone, not a phrase."""
FLOAT_LOOKBACK_SENTENCES = 3
"""How far back (sentences) a floating quote looks for the speaker of the previous quote."""
ACCORDING_MIN_LEFT = 20
"""Characters before ``according to X`` that make it a claim of its own ("Prices rose, according to
X"); shorter, the attribution opens the sentence and the content follows it."""
SPLIT_MAX_GAP_WORDS = 12
"""``"A," said the Russian Foreign Minister on Tuesday, "B."``: a longer gap is a new statement."""
COLON_MAX_SPEAKER_WORDS = 6
"""``Lavrov: "…"`` / ``"…" — the Foreign Minister``: a longer stretch is a sentence, not a speaker."""
CONFIDENCE = {
    "direct": 0.88,
    "direct-split": 0.95,
    "mixed": 0.9,
    "indirect-speech": 0.89,
    "indirect-report": 0.83,
    "indirect-belief": 0.66,
    "indirect-stance": 0.5,
    "intent": 0.7,
    "object": 0.72,
    "prep-object": 0.72,
    "passive": 0.6,
    "nominal": 0.7,
    "parenthetical": 0.85,
    "according-to": 0.88,
    "colon": 0.75,
    "headline": 0.7,
    "dash": 0.7,
    "floating": 0.7,
}
"""Base confidence by rule (``why``): the share of that rule's quotes that match a gold attribution
(content overlap >= 0.3) on PolNeAR *train* (v2 measurement), so scores read as rough precisions;
lowered below for a missing or unresolved-pronoun speaker."""
NO_SPEAKER_PENALTY = 0.2
PRONOUN_PENALTY = 0.05
"""A speaker left as a bare unresolved pronoun is less useful and more often wrong."""

_CONTENT_DEPS = frozenset({"ccomp"})
_HEADLINE_RE = re.compile(
    r"^[ \t]*(?P<who>[^:\n]{1,60}?)[ \t]*(?P<cue>:)[ \t]+(?P<what>[^\n]+?)[ \t]*$", re.M
)
_NOT_SPEAKERS = frozenset(
    "image photo picture video update updated related read watch note source credit caption listen follow "
    "contact email tags tag posted via share advertisement breaking exclusive opinion analysis review "
    "editor correction graphic map chart file subscribe more see also warning trigger".split()
)
"""Heads of ``Label: text`` lines that are page furniture, not speakers (``Image: AP``)."""
_DASH_AFTER_RE = re.compile(
    r"[ \t]*[,.]?[ \t]*(?P<cue>[—–]|--?|:)[ \t]*(?P<who>[^\n]{1,80}?)[ \t]*[.]?[ \t]*(?:\n|$)"
)
_COLON_BEFORE_RE = re.compile(r"(?:^|\n)(?P<who>[^\n:]{1,60}?)[ \t]*(?P<cue>:)[ \t]*$")


_Cand = cues.Cand


def annotate(article: Article) -> None:
    """Append the article's quotes (direct, mixed, indirect, according-to) to ``article.quotes``."""
    assert article.doc is not None, "quotes need the NLP stage"
    ctx = cues.Context(article, article.doc)
    cands: list[_Cand] = _colon_blocks(ctx)
    for ri in range(len(ctx.regions)):
        if ri not in ctx.used_regions:
            cand = _direct(ctx, ri, cands)
            if cand is not None:
                cands.append(cand)
    cands = _merge_split(ctx, cands)
    cands.extend(_headlines(ctx, cands))
    cands.extend(reported.clauses(ctx, cands))
    cands.sort(key=lambda c: c.content)
    _sources(ctx, cands)
    seen: set[Span] = set()
    for cand in cands:
        if cand.content in seen or cand.content[1] <= cand.content[0]:
            continue
        seen.add(cand.content)
        article.quotes.append(_record(ctx, cand))


# ---------------------------------------------------------------- spans and speakers


def _speaker(ctx: cues.Context, head: Token, span: Span | None = None) -> ActorRef:
    """Resolve the speaker whose head token is ``head``; the record keeps the whole phrase as span."""
    span = span or cues.np_span(head, ctx.text)
    ref = actors.resolve(ctx.article, cues.mention(head))
    if ref is not None:
        return dataclasses.replace(ref, span=span)
    return ActorRef(span=span, name=ctx.text[span[0] : span[1]], type=cues.guess_type(head))


# ---------------------------------------------------------------- pass 1: quotations


def _direct(ctx: cues.Context, ri: int, cands: list[_Cand]) -> _Cand | None:
    region = ctx.regions[ri]
    inner = cues.trim(ctx.text, *region.inner, chars=" \t\n,")
    piece = ctx.text[inner[0] : inner[1]]
    words = len(piece.split())
    short = words <= SCARE_MAX_WORDS
    if (
        short
        and ri > 0
        and cands
        and cands[-1].direct
        and _continuation(ctx, ri, inner, cands[-1:]) is not None
    ):
        return _continuation(ctx, ri, inner, cands)
    if short and all(w[:1].isupper() or not w[:1].isalpha() for w in piece.split()):
        return None  # a title ("Sunday Morning Futures"), not a quote
    cue = cues.dependency_cue(ctx, ri) or cues.window_cue(ctx, ri)
    if cue is not None:
        tok, via = cue
        subj = cues.subject(tok)
        if subj is None and short:
            return None
        if via is None:
            via = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ in _CONTENT_DEPS
                    and c.left_edge.idx <= region.outer[0]
                    and region.inner[1] <= cues.subtree_span(c, ctx.text)[1]
                ),
                None,
            )
        ctx.used_cues.add(tok.i)
        ctx.used_regions.add(ri)
        content, direct, why = inner, True, "direct"
        if via is not None:
            extent = cues.subtree_span(via, ctx.text)
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i < via.i), None)
            if via.dep_ == "oprd" and obj is not None:  # called half of his supporters "deplorables"
                extent = (obj.left_edge.idx, extent[1])
            extent = _clip(ctx, extent, region.outer, cues.cue_span(tok))
            if _outside_text(ctx, extent, region.outer):
                content, direct, why = extent, False, "mixed"
                end = extent[1]
                for rj in range(ri + 1, len(ctx.regions)):
                    other = ctx.regions[rj].outer
                    if other[0] < end and ctx.same_paragraph(other[0], end):
                        ctx.used_regions.add(rj)
                        end = max(end, other[1])
                content = (content[0], end)
        return _Cand(
            content,
            why,
            cue=cues.cue_span(tok),
            cue_tok=tok.i,
            speaker_tok=subj.i if subj is not None else None,
            direct=direct,
            kind=ctx.cue_kind(tok) or "speech",
        )
    cand = _continuation(ctx, ri, inner, cands) or _punctuation_attribution(ctx, ri, inner)
    if cand is not None:
        ctx.used_regions.add(ri)
        return cand
    if short or words < FLOAT_MIN_WORDS:
        return None
    s0, s1 = ctx.sent_of(region.outer[0]), ctx.sent_of(region.outer[1] - 1)
    sent_chars = ctx.sents[s1][3] - ctx.sents[s0][2]
    if (region.outer[1] - region.outer[0]) < FLOAT_MIN_SHARE * sent_chars:
        return None
    return _floating(ctx, ri, inner, s0, cands)


def _continuation(ctx: cues.Context, ri: int, inner: Span, cands: list[_Cand]) -> _Cand | None:
    """The second fragment of ``"A," she said, "B."``: same cue and speaker as the first."""
    if not cands or ri == 0:
        return None
    prev, before = cands[-1], ctx.regions[ri - 1]
    if not prev.direct or prev.cue is None or prev.cue_tok is None or prev.content[1] > before.outer[1]:
        return None
    gap = ctx.text[before.outer[1] : ctx.regions[ri].outer[0]]
    if not before.outer[1] <= prev.cue[0] < ctx.regions[ri].outer[0] or "\n" in gap:
        return None
    if len(gap.split()) > SPLIT_MAX_GAP_WORDS:
        return None
    ctx.used_regions.add(ri)
    return _Cand(
        inner,
        "direct",
        cue=prev.cue,
        cue_tok=prev.cue_tok,
        speaker_tok=prev.speaker_tok,
        speaker_span=prev.speaker_span,
    )


def _clip(ctx: cues.Context, extent: Span, outer: Span, cue: Span) -> Span:
    """A reported clause cut to the quotation's side of its cue and to the quotation's paragraph."""
    start, end = extent
    if start <= cue[0] < end:
        if cue[0] >= outer[1]:
            end = cue[0]
        else:
            start = cue[1]
    para_start = ctx.text.rfind("\n", 0, outer[0]) + 1
    para_end = ctx.text.find("\n", outer[1])
    start, end = max(start, para_start), min(end, para_end if para_end != -1 else end)
    start, end = cues.trim(ctx.text, min(start, outer[0]), max(end, outer[1]))
    return (start, end)


def _outside_text(ctx: cues.Context, extent: Span, outer: Span) -> bool:
    """Whether a clause says more than its quotation (a mixed quote) beyond ``that`` and punctuation."""
    before = ctx.text[extent[0] : outer[0]].strip(" \t\n,;:\"'“”‘’").lower()
    after = ctx.text[outer[1] : extent[1]].strip(" \t\n,.;:\"'“”‘’")
    return before not in ("", "that") or after != ""


def _punctuation_attribution(ctx: cues.Context, ri: int, inner: Span) -> _Cand | None:
    """``"…" — the minister``, ``'…': Putin`` (headline) and ``Lavrov: "…"``."""
    region = ctx.regions[ri]
    text = ctx.text
    m = _DASH_AFTER_RE.match(text, region.outer[1])
    if m and 0 < len(m.group("who").split()) <= COLON_MAX_SPEAKER_WORDS:
        who = cues.trim(text, m.start("who"), m.end("who"), " \t.,")
        head = cues.head_in(ctx.doc, who)
        if head is not None and head.pos_ in ("PROPN", "NOUN", "PRON"):
            line_start = text.rfind("\n", 0, region.outer[0]) + 1
            content, direct = inner, True
            if text[line_start : region.outer[0]].strip():
                content, direct = (line_start, region.outer[1]), False
            why = "colon" if m.group("cue") == ":" else "dash"
            return _Cand(
                content,
                why,
                cue=(m.start("cue"), m.end("cue")),
                speaker_tok=head.i,
                speaker_span=who,
                direct=direct,
            )
    line_start = text.rfind("\n", 0, region.outer[0]) + 1
    m2 = _COLON_BEFORE_RE.search(text, max(0, line_start - 1), region.outer[0])
    if m2 and 0 < len(m2.group("who").split()) <= COLON_MAX_SPEAKER_WORDS:
        who = cues.trim(text, m2.start("who"), m2.end("who"), " \t")
        head = cues.head_in(ctx.doc, who)
        if (
            head is not None
            and head.lower_ not in _NOT_SPEAKERS
            and (
                head.pos_ in ("PROPN", "PRON")
                or head.ent_type_
                or (head.pos_ == "NOUN" and head.text[:1].isupper())
            )
        ):
            return _Cand(
                inner, "colon", cue=(m2.start("cue"), m2.end("cue")), speaker_tok=head.i, speaker_span=who
            )
    return None


def _floating(ctx: cues.Context, ri: int, inner: Span, sent: int, cands: list[_Cand]) -> _Cand | None:
    """A cue-less quotation that continues the previous quote's speaker."""
    for prev in reversed(cands):
        prev_sent = ctx.sent_of(prev.content[1] - 1)
        if prev.content[1] <= inner[0] and sent - prev_sent <= FLOAT_LOOKBACK_SENTENCES:
            if prev.speaker_tok is None and prev.speaker_ref is None:
                return None
            ctx.used_regions.add(ri)
            return _Cand(
                inner,
                "floating",
                speaker_tok=prev.speaker_tok,
                speaker_span=prev.speaker_span,
                speaker_ref=prev.speaker_ref,
            )
        if prev.content[1] <= inner[0]:
            break
    if sent == 0:
        return None
    start, end, _, _ = ctx.sents[sent - 1]
    root = ctx.doc[start:end].root
    subj = cues.subject(root)
    if subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")):
        ctx.used_regions.add(ri)
        return _Cand(inner, "floating", speaker_tok=subj.i)
    return None


def _merge_split(ctx: cues.Context, cands: list[_Cand]) -> list[_Cand]:
    """``"A," she said, "B."``: the second fragment joins the first as one quote with two parts."""
    out: list[_Cand] = []
    for cand in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.direct
            and cand.direct
            and prev.cue_tok is not None
            and prev.why in ("direct", "direct-split")
            and cand.why == "direct"
            and prev.cue is not None
            and prev.content[1] < prev.cue[0]
            and cand.content[0] > prev.cue[1]
            and ctx.sent_of(cand.content[0]) - ctx.sent_of(prev.cue[1]) <= 1
            and "\n" not in ctx.text[prev.content[1] : cand.content[0]]
            and (cand.cue_tok is None or cand.cue_tok == prev.cue_tok)
        ):
            prev.parts = (*(prev.parts or (prev.content,)), cand.content)
            prev.content = (prev.content[0], cand.content[1])
            prev.why = "direct-split"
            continue
        out.append(cand)
    return out


def _colon_blocks(ctx: cues.Context) -> list[_Cand]:
    """``Trump said:`` ending a paragraph: the next paragraph is what was said."""
    out: list[_Cand] = []
    doc, text = ctx.doc, ctx.text
    for tok in doc:
        if tok.text != ":" or tok.i == 0 or ctx.cue_kind(doc[tok.i - 1]) != "speech":
            continue
        end = tok.idx + 1
        nl = text.find("\n", end)
        if nl == -1 or text[end:nl].strip():
            continue
        start = len(text) - len(text[nl:].lstrip())
        stop = text.find("\n", start)
        content = cues.trim(text, start, stop if stop != -1 else len(text), " \t\n")
        if content[1] - content[0] < 3:
            continue
        cue_tok = doc[tok.i - 1]
        subj = cues.subject(cue_tok)
        direct = False
        ri = ctx.region_at(content[0])
        if ri != -1:
            ctx.used_regions.add(ri)
            content, direct = cues.trim(text, *ctx.regions[ri].inner, chars=" \t\n,"), True
        ctx.used_cues.add(cue_tok.i)
        out.append(
            _Cand(
                content,
                "colon",
                cue=cues.cue_span(cue_tok),
                cue_tok=cue_tok.i,
                speaker_tok=subj.i if subj is not None else None,
                direct=direct,
            )
        )
    return out


def _headlines(ctx: cues.Context, taken: list[_Cand]) -> list[_Cand]:
    """``Graham: Trump's Rhetoric Destroying GOP's Chance``: a short named speaker, a colon, a claim."""
    out: list[_Cand] = []
    text = ctx.text
    for m in _HEADLINE_RE.finditer(text):
        who = cues.trim(text, m.start("who"), m.end("who"), " \t")
        what = cues.trim(text, m.start("what"), m.end("what"), " \t")
        if not 0 < len(text[who[0] : who[1]].split()) <= COLON_MAX_SPEAKER_WORDS - 1:
            continue
        if len(text[what[0] : what[1]].split()) < 3 or any(
            c.content[0] < what[1] and what[0] < c.content[1] for c in taken
        ):
            continue
        who_span = ctx.doc.char_span(who[0], who[1], alignment_mode="expand")
        toks = list(who_span) if who_span is not None else []
        if not toks or any(t.pos_ in ("VERB", "AUX") for t in toks) or toks[-1].lower_ in _NOT_SPEAKERS:
            continue
        if not any(t.pos_ == "PROPN" or t.ent_type_ in cues.SPEAKER_ENTS for t in toks):
            continue
        head = cues.head_in(ctx.doc, who)
        if head is None:
            continue
        out.append(
            _Cand(
                what,
                "headline",
                cue=(m.start("cue"), m.end("cue")),
                speaker_tok=head.i,
                speaker_span=who,
                direct=False,
            )
        )
    return out


# ---------------------------------------------------------------- pass 3: sources


def _sources(ctx: cues.Context, cands: list[_Cand]) -> None:
    """``according to X`` / ``citing X``: add to the sentence's quote, or make the attribution."""
    doc = ctx.doc
    by_cue = {c.cue_tok: c for c in cands if c.cue_tok is not None}
    for tok in doc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            src = cues.subtree_span(obj, ctx.text)
            phrase = (tok.idx, src[1])
            sent = ctx.sent_of(tok.idx)
            owner = _owner(ctx, cands, sent, phrase)
            if owner is not None:
                owner.according_to.append(src)
                if owner.content[0] < phrase[0] < owner.content[1] <= phrase[1] + 1:
                    owner.content = cues.trim(ctx.text, owner.content[0], phrase[0])
                continue
            cand = _according_quote(ctx, tok, obj, src, phrase, sent)
            if cand is not None:
                cands.append(cand)
        elif tok.lemma_ == "cite" and tok.head.i in by_cue and tok.dep_ in ("advcl", "xcomp", "conj"):
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None:
                by_cue[tok.head.i].according_to.append(cues.subtree_span(obj, ctx.text))
    cands.sort(key=lambda c: c.content)


def _owner(ctx: cues.Context, cands: list[_Cand], sent: int, phrase: Span) -> _Cand | None:
    """The quote an ``according to`` phrase in sentence ``sent`` belongs to (nearest cue or content)."""
    best: _Cand | None = None
    best_d = 10**9
    for c in cands:
        anchor = c.cue or c.content
        if ctx.sent_of(anchor[0]) != sent and ctx.sent_of(c.content[1] - 1) != sent:
            continue
        d = min(abs(anchor[0] - phrase[0]), abs(c.content[1] - phrase[0]))
        if d < best_d:
            best, best_d = c, d
    return best


def _according_quote(
    ctx: cues.Context, tok: Token, obj: Token, src: Span, phrase: Span, sent: int
) -> _Cand | None:
    """``According to X, …`` / ``…, according to X``: X is the source of the rest of the sentence."""
    _, _, s_start, s_end = ctx.sents[sent]
    left = cues.trim(ctx.text, s_start, phrase[0], cues.EDGE_TRIM + ".")
    right = cues.trim(ctx.text, phrase[1], s_end, cues.EDGE_TRIM + ".")
    # "…, according to X, more than …": what comes after is an aside; the clause before is the claim
    content = left if left[1] - left[0] >= ACCORDING_MIN_LEFT else right
    if content[1] - content[0] < 10:
        return None
    return _Cand(
        content,
        "according-to",
        cue=(tok.idx, ctx.doc[tok.i + 1].idx + 2),
        speaker_tok=obj.i,
        speaker_span=src,
        direct=False,
        kind="report",
    )


# ---------------------------------------------------------------- records


def _date(article: Article, span: Span) -> PartialDate | None:
    from . import times

    date_for = getattr(times, "date_for", None)
    if date_for is not None:
        value = date_for(article, span)[0]
        if value is not None:
            return value
    return PartialDate.of(article.date) if article.date else None


def _record(ctx: cues.Context, cand: _Cand) -> Quote:
    confidence = CONFIDENCE[cand.why]
    speaker = cand.speaker_ref
    if speaker is None and cand.speaker_tok is not None:
        head = ctx.doc[cand.speaker_tok]
        speaker = _speaker(ctx, head, cand.speaker_span)
        if speaker.actor_id is None and head.lower_ in cues.PERSON_PRONOUNS | cues.GROUP_PRONOUNS:
            confidence -= PRONOUN_PENALTY
    if speaker is None:
        confidence -= NO_SPEAKER_PENALTY
    anchor = cand.cue or cand.content
    edges = [cand.content[0], cand.content[1] - 1, anchor[0]]
    if speaker is not None:
        edges.append(speaker.span[0])
    first, last = ctx.sents[ctx.sent_of(min(edges))], ctx.sents[ctx.sent_of(max(edges))]
    sentence = cues.trim(ctx.text, first[2], last[3], " \t\n")
    return Quote(
        id=content_id("q", ctx.article.id, cand.content, cand.cue),
        content=cand.content,
        speaker=speaker,
        cue=cand.cue,
        direct=cand.direct,
        according_to=tuple(cand.according_to),
        date=_date(ctx.article, anchor),
        sentence_span=sentence,
        confidence=round(max(0.05, min(0.99, confidence)), 3),
        extractor=LABEL,
        parts=cand.parts,
        why=cand.why,
        kind=cand.kind,
    )
