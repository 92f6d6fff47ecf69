"""Pass 2 of quote extraction: attributions without quotation marks.

* **reported clauses**: a cue verb with a clausal complement (``Putin said (that) …``) or a
  ``to``-infinitive of intent (``vowed to …``);
* **objects**: a cue verb whose object is what was said or meant (``announced his resignation``,
  ``endorsed Cruz``, ``called Trump a fascist``, ``accused Kyiv of provocations``) or a verb with the
  preposition the lexicon names (``called for a ceasefire``, ``referred to the treaty``);
* **passives**: ``the move was first reported by Politico`` (content: the subject; speaker: the agent);
* **nominal cues**: ``Trump's claim that …``, ``her proposal to …``, ``his criticism of …`` (speaker:
  the possessor, else the subject of the verb the noun is object of, as in ``he repeated the claim
  that …``).

Which verbs take an object, with which prepositions, and which nouns are cues, is written in
``dateline/data/cues.txt``. Every candidate needs a speaker; one overlapping a quote already found
is dropped, so quotations (pass 1) keep priority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Span
from . import cues

if TYPE_CHECKING:
    from spacy.tokens import Token

NOBODY = frozenset({"nobody", "none", "noone", "neither"})
"""Subjects that attribute nothing ("nobody believes …")."""
ADJUNCT_PREPS = frozenset("in at during after before since amid despite until from by via through".split())
"""Prepositions after an object that start a circumstance ("… *in* a speech", "… *at* the rally"), not
more of what was said; any other contiguous preposition continues the object."""
_TIME_ENTS = frozenset({"DATE", "TIME"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_NOMINAL_CLAUSE_DEPS = frozenset({"acl", "ccomp", "relcl"})
_NOT_INTENT = frozenset({"continue", "begin", "start", "suppose"})
"""Cue verbs whose ``to``-infinitive is an aspect, not an intention ("continued to rise")."""
ATTITUDES: dict[str, tuple[str, frozenset[str]]] = {
    **{a: ("belief", frozenset({"that"})) for a in (
        "sure", "certain", "confident", "convinced", "afraid", "worried", "concerned", "hopeful", "optimistic",
        "aware", "adamant", "fearful", "pessimistic")},
    **{a: ("stance", frozenset({"of", "about", "to"})) for a in (
        "critical", "supportive", "skeptical", "sceptical", "wary", "opposed", "dismissive", "proud")},
}
"""Predicate adjectives that attribute a view to the subject: ``was sure (that) X`` (belief, its
clause) and ``has been critical of X`` (stance, the object of one of the listed prepositions)."""
ASIDE_OPENERS = frozenset({"which", "where", "although", "though", "while", "whereas", "even", "when"})
"""Words that open a comma-set trailing clause the reporter adds to a reported clause."""
_VAGUE_OBJECTS = frozenset("it this that so what which something anything nothing everything one".split())
"""Objects that say nothing on their own ("said so", "denied it")."""


def clauses(ctx: cues.Context, taken: list[cues.Cand]) -> list[cues.Cand]:
    """The reported clauses, objects, passives and nominal cues not already inside ``taken``."""
    out: list[cues.Cand] = []
    spans = [c.content for c in taken]
    lex = cues.lexicon_full()
    for tok in ctx.doc:
        kind = ctx.cue_kind(tok)
        if kind is not None:
            if tok.i in ctx.used_cues or ctx.region_at(tok.idx) != -1:
                continue
            cand = _verbal(ctx, tok, kind, lex.objects.get(tok.lemma_.lower(), frozenset()))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            cand = _nominal(ctx, tok, lex.nouns[tok.lemma_.lower()])
        elif tok.pos_ in ("ADJ", "VERB") and tok.dep_ == "acomp" and tok.lower_ in ATTITUDES:
            cand = _adjectival(ctx, tok)
        else:
            continue
        if cand is None or cand.content[1] - cand.content[0] < 2:
            continue
        content = cand.content
        if any(s[0] < content[1] and content[0] < s[1] for s in spans):
            continue
        regions_inside = [
            i for i in range(len(ctx.regions)) if content[0] <= ctx.regions[i].outer[0] < content[1]
        ]
        ctx.used_regions.update(regions_inside)
        if cand.cue_tok is not None:
            ctx.used_cues.add(cand.cue_tok)
        if regions_inside and cand.why.startswith("indirect"):
            cand.why = "mixed"
        out.append(cand)
        spans.append(content)
    return out


def _in_paragraph(ctx: cues.Context, content: Span, at: int) -> Span:
    """``content`` cut to the paragraph of offset ``at``."""
    para_start = ctx.text.rfind("\n", 0, at) + 1
    para_end = ctx.text.find("\n", at)
    return cues.trim(
        ctx.text, max(content[0], para_start), min(content[1], para_end if para_end != -1 else content[1])
    )


def _without_aside(ctx: cues.Context, clause: Token) -> Span:
    """The clause's extent up to a trailing aside set off by a comma (", which …", ", although …",
    ", implicitly putting …"): the reporter's addition, not what was said."""
    start, end = cues.subtree_span(clause, ctx.text)
    doc = clause.doc
    for t in clause.subtree:
        if t.i <= clause.i or t.i == 0 or doc[t.i - 1].text != "," or t.idx >= end:
            continue
        head = t.head if t.dep_ in ("mark", "advmod", "nsubj", "nsubjpass") else t
        if head.dep_ in ("advcl", "relcl", "acl") and (t.lower_ in ASIDE_OPENERS or head.tag_ == "VBG") and \
                head.i > clause.i:
            return cues.trim(ctx.text, start, doc[t.i - 1].idx)
    return (start, end)


def _speaker_ok(subj: Token | None, content: Span) -> bool:
    return subj is not None and subj.lower_ not in NOBODY and not content[0] <= subj.idx < content[1]


def _verbal(ctx: cues.Context, tok: Token, kind: str, objects: frozenset[str]) -> cues.Cand | None:
    """A clause, intent, object or passive attribution of the cue verb ``tok``."""
    clause = next((c for c in tok.children if c.dep_ in _CLAUSE_DEPS), None)
    why = f"indirect-{kind}"
    if clause is None and tok.lemma_.lower() not in _NOT_INTENT:
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ == "xcomp"
                and c.pos_ in ("VERB", "AUX")
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            ),
            None,
        )
        why = "intent"
    cue = cues.cue_span(tok)
    if clause is not None:
        content = _in_paragraph(ctx, _without_aside(ctx, clause), tok.idx)
        if content[0] <= tok.idx < content[1]:
            content = cues.trim(ctx.text, cue[1], content[1]) if clause.i > tok.i else content
        subj = cues.subject(tok)
        if subj is None or subj.i == clause.i or not _speaker_ok(subj, content):
            return None
        return cues.Cand(content, why, cue=cue, cue_tok=tok.i, speaker_tok=subj.i, direct=False, kind=kind)
    if tok.dep_ == "parataxis" and kind != "stance":
        return _parenthetical(ctx, tok, cue, kind)
    if kind in ("speech", "report", "stance"):
        passive = _passive(ctx, tok, cue, kind)
        if passive is not None:
            return passive
    if not objects:
        return None
    found = _object(ctx, tok, objects)
    if found is None:
        return None
    content, cue_end, why = found
    subj = cues.subject(tok)
    if not _speaker_ok(subj, content):
        return None
    assert subj is not None
    return cues.Cand(
        content,
        why,
        cue=(cue[0], max(cue[1], cue_end)),
        cue_tok=tok.i,
        speaker_tok=subj.i,
        direct=False,
        kind=kind,
    )


def _adjectival(ctx: cues.Context, tok: Token) -> cues.Cand | None:
    """``She was sure Trump would win`` / ``Graham has been critical of Trump``: the copula's subject holds
    the view; the content is the adjective's clause or prepositional object."""
    kind, preps = ATTITUDES[tok.lower_]
    if kind == "belief":
        clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        content = cues.subtree_span(clause, ctx.text) if clause is not None else None
    else:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps), None)
        obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        content = cues.subtree_span(obj, ctx.text) if obj is not None else None
    subj = next((c for c in tok.head.children if c.dep_ in cues.SUBJECT_DEPS), None)
    if content is None or subj is None:
        return None
    content = _in_paragraph(ctx, content, tok.idx)
    if not _speaker_ok(subj, content):
        return None
    cue = (cues.cue_span(tok.head)[0], tok.idx + len(tok.text)) if tok.head.i < tok.i else cues.tok_span(tok)
    return cues.Cand(content, f"indirect-{kind}", cue=cue, cue_tok=tok.i, speaker_tok=subj.i, direct=False, kind=kind)


def _timeish(prep: Token) -> bool:
    return any(g.ent_type_ in _TIME_ENTS for g in prep.children)


def _object(ctx: cues.Context, tok: Token, objects: frozenset[str]) -> tuple[Span, int, str] | None:
    """``(content, cue end, why)`` for a cue verb whose object (or prepositional object) is the content."""
    rights = list(tok.rights)
    dobj = next((c for c in rights if c.dep_ == "dobj"), None)
    has_oprd = any(c.dep_ == "oprd" for c in rights)
    if dobj is not None and ("obj" in objects or ("oprd" in objects and has_oprd)):
        if dobj.lower_ in _VAGUE_OBJECTS and dobj.n_lefts + dobj.n_rights == 0:
            return None
        if dobj.pos_ == "NOUN" and dobj.lemma_.lower() in cues.lexicon_full().nouns:
            return None  # "repeated her claim that …": the nominal cue is the attribution
        last = dobj.right_edge
        for c in rights:
            if c.i <= last.i:
                continue
            contiguous = c.left_edge.i == last.i + 1
            if contiguous and (
                c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ not in ADJUNCT_PREPS and not _timeish(c))
            ):
                last = c.right_edge
                continue
            break
        oprd = next((c for c in rights if c.dep_ == "oprd" and c.i > last.i), None)
        if oprd is not None and "oprd" in objects:  # "called her vote in favor of the war a mistake"
            last = oprd.right_edge
        if last.dep_ == "case":
            return None  # "questioned Ukraine's | right to …": a broken parse cut the object short
        span = cues.trim(ctx.text, dobj.left_edge.idx, last.idx + len(last.text))
        return _in_paragraph(ctx, span, tok.idx), tok.idx + len(tok.text), "object"
    for c in rights:
        if c.dep_ == "prep" and c.lower_ in objects:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if (
                obj is None
                or _timeish(c)
                or (obj.lower_ in _VAGUE_OBJECTS and obj.n_lefts + obj.n_rights == 0)
            ):
                continue
            span = cues.subtree_span(obj, ctx.text)
            cue_end = c.idx + len(c.text) if c.i == tok.i + 1 else tok.idx + len(tok.text)
            return _in_paragraph(ctx, span, tok.idx), cue_end, "prep-object"
    return None


def _parenthetical(ctx: cues.Context, tok: Token, cue: Span, kind: str) -> cues.Cand | None:
    """``Greensboro, Sexton said, made him question …``: the sentence around the attribution, in two parts."""
    subj = next((c for c in tok.children if c.dep_ in cues.SUBJECT_DEPS), None)
    head = tok.head
    if subj is None or subj.lower_ in NOBODY or head.pos_ not in ("VERB", "AUX") or head.i == tok.i:
        return None
    outer = _in_paragraph(ctx, cues.subtree_span(head, ctx.text), tok.idx)
    inner = cues.subtree_span(tok, ctx.text)
    parts = [
        p
        for p in (cues.trim(ctx.text, outer[0], inner[0]), cues.trim(ctx.text, inner[1], outer[1]))
        if p[1] - p[0] > 1
    ]
    if not parts or sum(p[1] - p[0] for p in parts) < 10:
        return None
    return cues.Cand(
        (parts[0][0], parts[-1][1]),
        "parenthetical",
        cue=cue,
        cue_tok=tok.i,
        speaker_tok=subj.i,
        direct=False,
        parts=tuple(parts) if len(parts) > 1 else (),
        kind=kind,
    )


def _passive(ctx: cues.Context, tok: Token, cue: Span, kind: str) -> cues.Cand | None:
    """``X was reported by Y``: the subject is the content, the agent the speaker."""
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if subj is None or agent is None:
        return None
    who = next((g for g in agent.children if g.dep_ == "pobj"), None)
    if who is None or who.lower_ in NOBODY:
        return None
    content = _in_paragraph(ctx, cues.subtree_span(subj, ctx.text), tok.idx)
    if content[1] > tok.idx:
        return None
    end = agent.idx + len(agent.text) if agent.i == tok.i + 1 else cue[1]
    return cues.Cand(
        content, "passive", cue=(cue[0], end), cue_tok=tok.i, speaker_tok=who.i, direct=False, kind=kind
    )


def _nominal(ctx: cues.Context, tok: Token, kind: str) -> cues.Cand | None:
    """``X's claim that …`` / ``X's proposal to …`` / ``X's criticism of …``."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    speaker = poss
    if (speaker is None or speaker.pos_ == "PRON") and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        speaker = cues.subject(tok.head) or poss  # "Osei repeated her claim": Osei, not "her"
    if speaker is None:
        agent = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        speaker = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if speaker is None or speaker.lower_ in NOBODY:
        return None
    content: Span | None = None
    for c in tok.rights:
        if c.dep_ in _NOMINAL_CLAUSE_DEPS and c.pos_ in ("VERB", "AUX"):
            if any(
                (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to")
                for g in c.children
            ):
                content = cues.subtree_span(c, ctx.text)
                break
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "against", "on") and poss is not None:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                content = cues.subtree_span(obj, ctx.text)
                break
    if content is None:
        return None
    content = _in_paragraph(ctx, content, tok.idx)
    if not _speaker_ok(speaker, content):
        return None
    return cues.Cand(
        content, "nominal", cue=cues.tok_span(tok), speaker_tok=speaker.i, direct=False, kind=kind
    )
