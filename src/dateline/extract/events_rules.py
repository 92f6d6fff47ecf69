"""The event trigger lexicon and how a token picks its rule (split from :mod:`.events`).

Rows of ``data/events_triggers.tsv`` map a lemma (verb, verb + particle/preposition, or noun,
optionally with a compound modifier) to a PLOVER type, mode and CAMEO code; a row may require or
forbid certain object lemmas. Written for dateline from the PLOVER and CAMEO category definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


_PARTICLES = frozenset({"down", "up", "out", "off", "back", "in", "over"})
"""Adverbs the parser often attaches as ``advmod`` where they are verb particles ("stepped down")."""


@dataclass(frozen=True)
class Rule:
    """One row of the trigger lexicon."""

    n: int
    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str
    objects: frozenset[str] | None
    forbidden: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Rule]]:
    """(lemma or phrase, V/N) → rules, in file order."""
    text = resources.files("dateline.data").joinpath("events_triggers.tsv").read_text(encoding="utf-8")
    rules: dict[tuple[str, str], list[Rule]] = {}
    for n, line in enumerate(text.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, typ, mode, code, objs = ([*line.split("\t"), "-"])[:6]
        objects = forbidden = None
        if objs.startswith("!"):
            forbidden = frozenset(objs[1:].split(","))
        elif objs != "-":
            objects = frozenset(objs.split(","))
        rule = Rule(n, lemma, pos, typ, None if mode == "-" else mode, code, objects, forbidden or frozenset())
        rules.setdefault((lemma, pos), []).append(rule)
    return rules


def objects_of(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass")]
    for x in tok.children:  # "agreed to share information": the object of the complement
        if x.dep_ == "xcomp":
            objs.extend(c for c in x.children if c.dep_ == "dobj")
    for prep in tok.children:  # "fire on", "demanded from"
        if prep.dep_ == "prep":
            objs.extend(c for c in prep.children if c.dep_ == "pobj")
    if tok.pos_ == "NOUN":  # "recognition of X", "ban on X"
        objs.extend(g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
    return objs


def lemma_of(tok: Token, known: frozenset[str] | set[str]) -> str:
    """The lemma of ``tok``, mended where the small model drops a verb's silent e ("staged" → "stag")
    and the mended form is a word we know."""
    lemma = tok.lemma_.lower()
    if lemma not in known and lemma + "e" in known and tok.tag_.startswith("VB") and tok.lower_.startswith(lemma):
        return lemma + "e"
    return lemma


@lru_cache(maxsize=1)
def _lexicon_words() -> frozenset[str]:
    return frozenset(word.split()[0] for word, _ in lexicon())


def rule_for(tok: Token) -> Rule | None:
    lex = lexicon()
    lemma = lemma_of(tok, _lexicon_words())
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        pos = "V"
        extras = [c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "dobj")
                  or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)]
    elif tok.pos_ == "NOUN":
        pos = "N"
        extras = []
        compound = [c.lower_ for c in tok.children if c.dep_ == "compound"]
        if compound and (f"{compound[-1]} {lemma}", "N") in lex:
            lemma = f"{compound[-1]} {lemma}"
    else:
        return None
    candidates = [r for e in extras for r in lex.get((f"{lemma} {e}", pos), [])]
    candidates += lex.get((lemma, pos), [])
    if not candidates:
        return None
    objs = {o.lemma_.lower() for o in objects_of(tok)} | {o.lower_ for o in objects_of(tok)}
    objs |= {c.lemma_.lower() for c in tok.children if c.dep_ == "xcomp"}  # "declined to resign"
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt")}
    for rule in candidates:
        if rule.forbidden & (preps | objs):
            continue
        if rule.objects is None or rule.objects & objs:
            return rule
    return None


_MODE_WORDS = {
    "AID": {"military": "military", "humanitarian": "humanitarian", "economic": "economic", "financial": "economic",
            "food": "humanitarian", "medical": "humanitarian"},
    "COOPERATE": {"military": "military", "economic": "economic", "trade": "economic", "intelligence": "intelligence"},
}


def refine_mode(tok: Token, typ: str, mode: str | None) -> str | None:
    words = _MODE_WORDS.get(typ)
    if not words:
        return mode
    for o in [tok, *objects_of(tok)]:
        for c in o.children:
            if c.dep_ in ("amod", "compound") and c.lower_ in words:
                return words[c.lower_]
    return mode
