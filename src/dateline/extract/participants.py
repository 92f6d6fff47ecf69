"""Event participants: who acts (source) and who is acted on (target) for an event trigger.

The dependency parse gives the candidates (:func:`subject_of`, :func:`target_candidates`);
:func:`actor_refs` turns a head token into actor references (the actors stage's mentions, a possessor,
an ``of``-phrase, a place, a demonym); the rest mend what the parse or the actor tables leave
open: unnamed groups with a country inside them, targets deeper in the clause or elsewhere in the
sentence, unnamed victims, and the sentence's country for unknown people. Split from
:mod:`.events`, which decides types, status and confidence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import ActorRef, Article, Span
from . import actors
from .events_rules import lemma_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Token

NOMINAL_CLIMB = 3
"""Steps from a nominal trigger up to the verb whose subject performs it ("launched a mediation
effort" is two: compound, dobj); longer climbs reach unrelated main verbs."""

DEEP_TARGET_WINDOW = 12
"""Tokens after the trigger searched for a target the parse does not attach to it directly
("threatened to break relations with Russia"); beyond a dozen words it is usually another clause's."""

PEOPLE = frozenset({"person", "people", "man", "woman", "child", "youth", "boy", "girl", "passenger", "bystander",
                    "pilgrim", "worshipper", "journalist", "activist", "farmer", "migrant", "prisoner", "detainee"})
"""Human nouns beyond the actor role table that name victims."""

CONTEXT_TYPES = frozenset({"PERSON", "ROLE", "ORG", "NORP"})
"""Actor types that take the sentence's country when their own is unknown (states never do)."""

GENERIC_PHRASE_WINDOW = 8
"""Words of a subject phrase searched for its country ("tens of thousands of university students
throughout Indonesia" reaches eight); longer spans pick up another actor's country."""

_TARGET_PREPS = frozenset({"to", "with", "against", "on", "into", "from", "at", "upon", "for", "between"})
_PLACE_PREPS = frozenset({"to", "into", "in", "on", "against", "toward", "towards"})
_LIGHT = frozenset({"hold", "order", "announce", "make", "launch", "stage", "begin", "start", "conduct",
                    "carry", "provide", "give", "sign", "impose", "level", "issue", "continue", "mount"})

_LIGHT_MORE = frozenset({"lodge", "join", "resume", "end", "file", "stop", "call", "step", "reiterate", "renew",
                         "repeat", "voice", "press"})
"""Further verbs whose subject performs their nominal object ("joined the strike", "reiterated its demand")."""


def subject_of(tok: Token) -> tuple[Token | None, str]:
    """The agent of a verb or nominal trigger and the dependency that gave it."""
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g, "agent"
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, c.dep_
    if tok.pos_ == "NOUN":
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ != "PRON":
            return poss, "poss"
        if tok.dep_ in ("dobj", "attr", "pobj") and lemma_of(tok.head, _LIGHT) in _LIGHT | {"with", "in"}:
            head = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj, dep = subject_of(head)
            return (subj, dep) if subj is not None or poss is None else (poss, "poss")
        node = tok  # "launched a mediation effort", "continued their strike": the light verb's subject acts
        for _ in range(NOMINAL_CLIMB):
            if node.dep_ not in ("compound", "dobj", "pobj", "prep", "conj") or node.head is node:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX") and lemma_of(node, _LIGHT | _LIGHT_MORE) in _LIGHT | _LIGHT_MORE:
                subj, dep = subject_of(node)
                if subj is not None:
                    return subj, f"{dep}<nominal"
                break
        if poss is not None:
            return poss, "poss"
        demonyms = actors.tables().demonyms  # "Palestinian riots", "US Predator attacks": the modifier acts
        for c in tok.children:
            if c.i < tok.i and c.dep_ in ("amod", "compound") and (c.lower_ in demonyms or c.pos_ == "PROPN"):
                return c, "modifier"
            if c.i < tok.i and c.dep_ == "compound":
                inner = next((g for g in c.children if g.dep_ == "compound" and g.pos_ == "PROPN"), None)
                if inner is not None:
                    return inner, "modifier"
        return None, ""
    if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.pos_ in ("VERB", "AUX"):
        subj, dep = subject_of(tok.head)
        return subj, f"{dep}<{tok.dep_}" if subj is not None else ""
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.head.pos_ in ("VERB", "AUX"):
        subj, dep = subject_of(tok.head.head)  # "Syria is willing to withdraw": the copula's subject
        return subj, f"{dep}<adj" if subj is not None else ""
    if tok.dep_ == "relcl":  # "the army, which shelled …"; not "Serbia, where 24 people were killed"
        passive = any(c.dep_ == "nsubjpass" or (c.dep_ == "advmod" and c.lower_ in ("where", "when"))
                      for c in tok.children)
        return (None, "") if passive else (tok.head, "relcl")
    if tok.dep_ == "acl" and tok.tag_ == "VBG":  # "CSTO providing assistance"
        return tok.head, "acl"
    if tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.dep_ == "ROOT":  # a misparse: "The leader of
        return tok.head, "acl-root"  # Kazakhstan called Friday for ..." hangs the verb under "leader"
    if tok.dep_ == "acl" and tok.head.dep_ in ("dobj", "pobj"):  # "signed decrees to send troops"
        verb = tok.head.head if tok.head.dep_ == "dobj" else tok.head.head.head
        subj, dep = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else (None, "")
        return subj, f"{dep}<acl" if subj is not None else ""
    return None, ""


def target_candidates(tok: Token, material: bool, complement_subject: bool) -> list[tuple[Token, str]]:
    """Candidate target heads in order of trust: ``material`` types also look for a place after the
    object; ``complement_subject`` types take the subject of their complement ("urged the EC to …")."""
    found: list[tuple[Token, str]] = []
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            found.append((c, "nsubjpass"))
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ != "ADP":
            found.append((c, c.dep_))
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and (c.lower_ in _TARGET_PREPS or (c.lower_ == "of" and tok.pos_ == "NOUN")):
            found.extend((g, f"prep:{c.lower_}") for g in c.children if g.dep_ == "pobj")
    if material:  # "ordered troops, who will ..., to the eastern flank of Ukraine"
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            found.extend((g, "obj-prep") for p in obj.subtree if p.dep_ == "prep" and p.lower_ in _PLACE_PREPS
                         and p.i > obj.i for g in p.children if g.dep_ == "pobj")
    if complement_subject:
        for x in tok.children:  # "urged the EC to support": the EC is the target
            if x.dep_ in ("xcomp", "ccomp"):
                found.extend((c, f"{x.dep_}-subj") for c in x.children if c.dep_ == "nsubj")
    return found


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def actor_refs(article: Article, tok: Token, material: bool) -> list[ActorRef]:
    """Actors named at ``tok`` (and its conjuncts), else through a possessor, ``of`` or a place."""
    refs: list[ActorRef] = []
    for t in _with_conjuncts(tok):
        found = actors.refs_for_token(article, t)
        if not found:
            for c in t.children:
                if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
                    found = actors.refs_for_token(article, c)
                elif c.dep_ == "prep" and c.lower_ in ("of", "by"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            found = found or actors.refs_for_token(article, g) or place_ref(article, g, material)
                if found:
                    break
        if not found:
            found = place_ref(article, t, material)
        if not found:  # "an Indian proposal", "Palestinian homes": the demonym names the target's country
            found = [ref for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i
                     and (ref := modifier_ref(c)) is not None][:1]
        if not found and t.dep_ in ("amod", "compound"):  # the modifier itself ("Palestinian riots")
            found = [ref] if (ref := modifier_ref(t)) is not None else []
        refs.extend(found)
    return refs


def modifier_ref(tok: Token) -> ActorRef | None:
    """A demonym or a country or organisation name used as a modifier ("Indian", "US Predator")."""
    tab = actors.tables()
    span = (tok.idx, tok.idx + len(tok.text))
    if code := tab.demonyms.get(tok.lower_):
        return ActorRef(span, tok.text, "NORP", code, None, None)
    entry = next((e for e in tab.names.get(tok.text, []) if e.code and e.kind in ("country", "org")), None)
    return ActorRef(span, tok.text, entry.type, entry.code, entry.sector, None) if entry else None


def generic_source(article: Article, subj: Token, sdep: str) -> tuple[list[ActorRef], Token, str, bool]:
    """A source the actor tables do not know: an unresolved pronoun takes the subject of the verb that
    reports it ("militants … said they attempted"); a noun phrase ("thousands of Iraqi Kurds",
    "Vietnamese-led forces") becomes an unnamed actor with the country named inside it, or none (the
    sentence's country may fill it in later)."""
    if subj.pos_ == "PRON":
        node = subj.head
        for _ in range(3):
            if node.head is node:
                break
            node = node.head
            outer = next((c for c in node.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if outer is not None:
                refs = actor_refs(article, outer, False)
                if refs:
                    return refs, outer, f"{sdep}<reported", False
                subj, sdep = outer, f"{sdep}<reported"
                break
        else:
            return [], subj, sdep, False
        if subj.pos_ == "PRON":
            return [], subj, sdep, False
    if subj.pos_ not in ("NOUN", "PROPN"):
        return [], subj, sdep, False
    code = subtree_country(article, subj)
    span = (subj.left_edge.idx, subj.idx + len(subj.text))
    name = article.text[span[0]:span[1]]
    return [ActorRef(span, name, "NORP" if code else "ROLE", code, None, None)], subj, f"{sdep}+generic", True


def subtree_country(article: Article, tok: Token) -> str | None:
    """The first demonym, country or placed toponym inside a noun phrase."""
    demonyms = actors.tables().demonyms
    for t in tok.subtree:
        if abs(t.i - tok.i) > GENERIC_PHRASE_WINDOW:
            continue
        word = t.lower_
        code = demonyms.get(word) or demonyms.get(word.split("-")[0])
        if not code and t.dep_ == "compound" and (ref := modifier_ref(t)) is not None:
            code = ref.country  # "US Predator attacks"
        if code:
            return code
        for p in article.places:
            if p.country and p.span[0] <= t.idx < p.span[1]:
                return p.country
    return None


def deep_target(article: Article, tok: Token, subj: Token | None, sources: list[ActorRef],
                 material: bool) -> tuple[list[ActorRef], str]:
    """The first actor after the trigger inside its clause, other than the source (and its pronouns)."""
    skip = {t.i for t in subj.subtree} if subj is not None else set()
    own = {s.actor_id for s in sources if s.actor_id} | {s.span for s in sources}
    for t in tok.subtree:
        if t.i <= tok.i or t.i in skip or t.i - tok.i > DEEP_TARGET_WINDOW:
            continue
        refs = [r for r in actors.refs_for_token(article, t) if r.actor_id not in own and r.span not in own]
        refs = refs or place_ref(article, t, material)
        if not refs and t.dep_ == "amod" and t.head.lemma_.lower() in PEOPLE:  # "to the Zambian people"
            refs = [r] if (r := modifier_ref(t)) is not None and r.country else []
        if refs:
            return refs, "subtree"
    return [], ""


def victims(article: Article, candidates: list[tuple[Token, str]]) -> tuple[list[ActorRef], str]:
    """An unnamed human object of violence or coercion, as an actor whose country the context gives."""
    roles = actors.tables().roles
    for cand, dep in candidates:
        lemma = cand.lemma_.lower()
        if dep in ("dobj", "nsubjpass") and (lemma in PEOPLE or lemma in roles):
            span = (cand.left_edge.idx, cand.idx + len(cand.text))
            sector = roles[lemma][0] if lemma in roles else "CVL"
            return [ActorRef(span, article.text[span[0]:span[1]], "ROLE", None, sector, None)], f"{dep}+generic"
    return [], ""


def _context_country(article: Article, sent: Span) -> list[str]:
    """Countries named in the sentence (actors and places), most frequent first, ties by position."""
    found: list[tuple[int, str]] = []
    by_head: dict[int, list[tuple[object, str]]] = article.extra.get("actors.by_head", {})
    for items in by_head.values():
        for m, _ in items:
            span, country = getattr(m, "span", None), getattr(m, "country", None)
            if span and country and sent[0] <= span[0] < sent[1] and getattr(m, "via", "") not in ("pronoun", "coref"):
                found.append((span[0], country))
    found += [(p.span[0], p.country) for p in article.places if p.country and sent[0] <= p.span[0] < sent[1]]
    counts: dict[str, tuple[int, int]] = {}
    for pos, code in sorted(found):
        n, first = counts.get(code, (0, pos))
        counts[code] = (n + 1, first)
    return sorted(counts, key=lambda c: (-counts[c][0], counts[c][1]))


def with_context_country(article: Article, sent: Span, sources: list[ActorRef],
                          targets: list[ActorRef]) -> tuple[list[ActorRef], list[ActorRef], str]:
    """Give unknown people and bodies ("President Abdelaziz Bouteflika") the sentence's country."""
    if all(r.country for r in (*sources, *targets)):
        return sources, targets, ""
    ranked = _context_country(article, sent)
    if not ranked:
        return sources, targets, ""
    known = {r.country for r in (*sources, *targets) if r.country}
    other = [c for c in ranked if c not in known]  # "X threatened Spanish diplomats in Lisbon": not ESP
    code = other[0] if other and known else ranked[0]

    def fill(refs: list[ActorRef]) -> list[ActorRef]:
        return [replace(r, country=code) if not r.country and r.type in CONTEXT_TYPES else r for r in refs]

    new_sources, new_targets = fill(sources), fill(targets)
    changed = new_sources != sources or new_targets != targets
    return new_sources, new_targets, f"; country {code} from sentence context" if changed else ""


def _nearest_in_sentence(article: Article, tok: Token, subj: Token | None, pos: frozenset[str],
                         keep: Callable[[ActorRef], bool]) -> list[ActorRef]:
    """The first actor or place that ``keep`` accepts, nearest after the trigger first, then before it
    (the subject's phrase skipped)."""
    sent = tok.sent
    skip = {t.i for t in subj.subtree} if subj is not None else set()
    for t in [t for t in sent if t.i > tok.i] + [t for t in reversed(sent) if t.i < tok.i]:
        if t.i in skip or t.pos_ not in pos:
            continue
        refs = with_place_country(article, actors.refs_for_token(article, t)) or place_ref(article, t, True)
        refs = [r for r in refs if keep(r)]
        if refs:
            return refs[:1]
    return []


def context_target(article: Article, tok: Token, subj: Token | None,
                   sources: list[ActorRef]) -> tuple[list[ActorRef], str]:
    """Another country's actor or place named in the sentence, nearest after the trigger first
    ("condemned the treatment of migrants on the island of Saint Lucia" → LCA)."""
    own = {r.country for r in sources if r.country}
    found = _nearest_in_sentence(article, tok, subj, frozenset({"PROPN", "NOUN", "ADJ"}),
                                 lambda r: bool(r.country) and r.country not in own)
    return found, "context" if found else ""


def domestic_target(article: Article, tok: Token, subj: Token | None,
                    sources: list[ActorRef]) -> tuple[list[ActorRef], str]:
    """Another actor, or a place, of the source's own country named in the sentence."""
    own = {r.country for r in sources if r.country}
    ids = {r.actor_id for r in sources if r.actor_id}
    found = _nearest_in_sentence(article, tok, subj, frozenset({"PROPN", "NOUN"}),
                                 lambda r: (not r.actor_id or r.actor_id not in ids)
                                 and (r.country in own or (r.country is None and r.type in CONTEXT_TYPES)))
    return found, "domestic" if found else ""


def with_place_country(article: Article, refs: list[ActorRef]) -> list[ActorRef]:
    """A named place the actor tables do not know ("Malta") takes its country from the geocoder."""
    out = []
    for r in refs:
        if r.country is None and r.type == "GPE":
            place = next((p for p in article.places if p.country and p.span[0] <= r.span[0] < p.span[1]), None)
            r = replace(r, country=place.country) if place else r
        out.append(r)
    return out


def place_ref(article: Article, tok: Token, material: bool) -> list[ActorRef]:
    if not material:
        return []
    for p in article.places:
        if p.country and p.span[0] <= tok.idx < p.span[1]:
            return [ActorRef(p.span, p.name, "GPE", p.country, None, None)]
    return []


