"""Events: who did what to whom, when and where, coded in PLOVER with the CAMEO crosswalk.

Every sentence is scanned for triggers from ``data/events_triggers.tsv`` (verbs, verb+particle
phrases and nominals). For a trigger the dependency parse gives the source (``nsubj``, the
``by``-agent of a passive, a possessor or the subject of a light verb for nominals, a subject
inherited through ``xcomp``/``conj``) and the target (``dobj``, ``dative``, a passive subject,
objects of ``to/with/against/on/into/of``; a place's country for material events). Actors come
from :mod:`.actors` (so "he" and "the Russian leader" count), dates from :mod:`.times`.

Precision before recall: an event needs a source; a target is optional only for types that are
often one-sided (protests, retreats, mobilisation, agreements, consultations). Negated and
denied happenings ("does not plan to restore the empire", "denied sending troops") produce
**no event**: they are counted in ``article.extra["events.suppressed"]`` with the reason, so
queries never have to filter them out. Statements of intent follow PLOVER: a future or
conditional cooperative act is an AGREE, a conditional or future conflictual act a THREATEN.
Triggers inside the complement of another event verb ("agreed to cooperate", "urged X to
support") are not coded twice: the outer verb is the event. An act with an unless-clause is a
THREATEN, its condition is kept as hypothetical and never leads; preparing violence is MOBILIZE;
a protest or concession with no named target is aimed at the source's own authorities, as PLOVER
codes them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from ..model import ActorRef, Article, Event, PartialDate, Place, Span, content_id
from . import actors, cameo, event_model, places, times
from .events_rules import Rule, lemma_of, refine_mode, rule_for

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

NAME = "events"
VERSION = 4
LABEL = f"{NAME}/{VERSION}"

HISTORICAL_AFTER = timedelta(days=45)
"""An event dated this long before the article is reported as history ("Crimea was annexed in
2014"), not news; a month and a half keeps "last month" news while catching past years."""

TARGETLESS = frozenset({"PROTEST", "RETREAT", "MOBILIZE", "AGREE", "CONSULT", "CONCEDE", "COOPERATE"})
"""Types coded without a target (a sit-in, a resignation, "the US and Jordan agreed")."""

COOPERATIVE = frozenset({"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
FRAMING = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})
"""Types whose complement clause is their content, not a second event."""

MATERIAL = frozenset({"MOBILIZE", "ASSAULT", "COERCE", "AID", "SANCTION", "RETREAT", "CONCEDE", "PROTEST"})
"""Types whose target may be a place ("troops to eastern Ukraine" → UKR)."""

NOMINAL_CLIMB = 3
"""Steps from a nominal trigger up to the verb whose subject performs it ("launched a mediation
effort" is two: compound, dobj); longer climbs reach unrelated main verbs."""

DEEP_TARGET_WINDOW = 12
"""Tokens after the trigger searched for a target the parse does not attach to it directly
("threatened to break relations with Russia"); beyond a dozen words it is usually another clause's."""

DOMESTIC = frozenset({"PROTEST", "CONCEDE"})
"""Types whose unnamed target is the source's own authorities (PLOVER codes a street protest or an
eased curfew in Sudan SDN→SDN): an actor or place of the source's country in the sentence."""

VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
"""Types whose unnamed human object ("killing one person", "arrested 12 demonstrators") is a target."""

_PEOPLE = frozenset({"person", "people", "man", "woman", "child", "youth", "boy", "girl", "passenger", "bystander",
                     "pilgrim", "worshipper", "journalist", "activist", "farmer", "migrant", "prisoner", "detainee"})
"""Human nouns beyond the actor role table that name victims."""

CONTEXT_TYPES = frozenset({"PERSON", "ROLE", "ORG", "NORP"})
"""Actor types that take the sentence's country when their own is unknown (states never do)."""

GENERIC_PHRASE_WINDOW = 8
"""Words of a subject phrase searched for its country ("tens of thousands of university students
throughout Indonesia" reaches eight); longer spans pick up another actor's country."""

MODEL_MIN_PROBABILITY = 0.5
"""The classifier types a sentence no rule codes only when it gives one type at least even odds
(fixed a priori, not tuned on the evaluation sets: held-out synthetic accuracy is ~0.5 overall)."""

MODEL_MIN_TOKENS = 6
"""Headlines and fragments shorter than this carry too little for the bag-of-words model."""

MODEL_CONFIDENCE = 0.8
"""Model-typed events rank below rule-typed ones of the same actors (at most 0.8 × their score)."""

BASE_CONFIDENCE = 0.45
"""Confidence of a trigger with a source but no countries; each resolved country adds 0.2."""

ONE_SIDED_CREDIT = 0.1
"""A one-sided type with no target ("Shevardnadze resigned") lacks nothing: it gains half of what a
resolved target country adds, so a dyadic event elsewhere in the sentence does not always outrank it."""

CONTEXT_TARGET_PENALTY = 0.15
"""A target taken from another country named in the sentence (the parse gave none) is a guess:
it ranks below parse-linked dyads of the same trigger type but above model-typed events."""

MODEL_AGREEMENT_BONUS = 0.1
"""Among rule events of different types in one sentence, the one whose type the sentence classifier
ranks highest gains this much, so it becomes the sentence's primary event; it never adds a type."""

_COMMIT_LEMMAS = frozenset({"vow", "pledge", "promise", "commit", "offer", "agree", "undertake", "guarantee",
                            "swear"})
"""AGREE verbs that take the committed act as complement: a conflictual act makes them THREATEN."""
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_COND_AUX = frozenset({"would", "could", "might", "may"})
_INTENT = frozenset({"plan", "intend", "prepare", "aim", "expect", "hope", "want", "vow", "pledge"})
_PREPARE = frozenset({"prepare", "gear", "ready"})
_READY = frozenset({"willing", "ready", "prepared", "determined", "eager", "set", "poised", "committed", "keen"})
_DENY = frozenset({"deny", "refute", "dismiss", "rule", "fail"})
_TARGET_PREPS = frozenset({"to", "with", "against", "on", "into", "from", "at", "upon", "for", "between"})
_PLACE_PREPS = frozenset({"to", "into", "in", "on", "against", "toward", "towards"})
_LIGHT = frozenset({"hold", "order", "announce", "make", "launch", "stage", "begin", "start", "conduct",
                    "carry", "provide", "give", "sign", "impose", "level", "issue", "continue", "mount"})

_LIGHT_MORE = frozenset({"lodge", "join", "resume", "end", "file", "stop", "call", "step", "reiterate", "renew",
                         "repeat", "voice", "press"})
"""Further verbs whose subject performs their nominal object ("joined the strike", "reiterated its demand")."""

HYPOTHETICAL_PENALTY = 0.2
"""A happening inside a condition ("unless Baghdad accepted") is kept with status hypothetical but
ranks below the sentence's asserted events: it is the condition of the news, not the news."""


def _subject(tok: Token) -> tuple[Token | None, str]:
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
            subj, dep = _subject(head)
            return (subj, dep) if subj is not None or poss is None else (poss, "poss")
        node = tok  # "launched a mediation effort", "continued their strike": the light verb's subject acts
        for _ in range(NOMINAL_CLIMB):
            if node.dep_ not in ("compound", "dobj", "pobj", "prep", "conj") or node.head is node:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX") and lemma_of(node, _LIGHT | _LIGHT_MORE) in _LIGHT | _LIGHT_MORE:
                subj, dep = _subject(node)
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
        subj, dep = _subject(tok.head)
        return subj, f"{dep}<{tok.dep_}" if subj is not None else ""
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.head.pos_ in ("VERB", "AUX"):
        subj, dep = _subject(tok.head.head)  # "Syria is willing to withdraw": the copula's subject
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
        subj, dep = _subject(verb) if verb.pos_ in ("VERB", "AUX") else (None, "")
        return subj, f"{dep}<acl" if subj is not None else ""
    return None, ""


def _target(tok: Token, rule: Rule) -> list[tuple[Token, str]]:
    """Candidate target heads in order of trust."""
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
    if rule.type in MATERIAL:  # "ordered troops, who will ..., to the eastern flank of Ukraine"
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            found.extend((g, "obj-prep") for p in obj.subtree if p.dep_ == "prep" and p.lower_ in _PLACE_PREPS
                         and p.i > obj.i for g in p.children if g.dep_ == "pobj")
    if rule.type in FRAMING or rule.type == "SUPPORT":
        for x in tok.children:  # "urged the EC to support": the EC is the target
            if x.dep_ in ("xcomp", "ccomp"):
                found.extend((c, f"{x.dep_}-subj") for c in x.children if c.dep_ == "nsubj")
    return found


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _refs(article: Article, tok: Token, material: bool) -> list[ActorRef]:
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
                            found = found or actors.refs_for_token(article, g) or _place_ref(article, g, material)
                if found:
                    break
        if not found:
            found = _place_ref(article, t, material)
        if not found:  # "an Indian proposal", "Palestinian homes": the demonym names the target's country
            found = [ref for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i
                     and (ref := _modifier_ref(c)) is not None][:1]
        if not found and t.dep_ in ("amod", "compound"):  # the modifier itself ("Palestinian riots")
            found = [ref] if (ref := _modifier_ref(t)) is not None else []
        refs.extend(found)
    return refs


def _modifier_ref(tok: Token) -> ActorRef | None:
    """A demonym or a country or organisation name used as a modifier ("Indian", "US Predator")."""
    tab = actors.tables()
    span = (tok.idx, tok.idx + len(tok.text))
    if code := tab.demonyms.get(tok.lower_):
        return ActorRef(span, tok.text, "NORP", code, None, None)
    entry = next((e for e in tab.names.get(tok.text, []) if e.code and e.kind in ("country", "org")), None)
    return ActorRef(span, tok.text, entry.type, entry.code, entry.sector, None) if entry else None


def _generic_source(article: Article, subj: Token, sdep: str) -> tuple[list[ActorRef], Token, str, bool]:
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
                refs = _refs(article, outer, False)
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
    code = _subtree_country(article, subj)
    span = (subj.left_edge.idx, subj.idx + len(subj.text))
    name = article.text[span[0]:span[1]]
    return [ActorRef(span, name, "NORP" if code else "ROLE", code, None, None)], subj, f"{sdep}+generic", True


def _subtree_country(article: Article, tok: Token) -> str | None:
    """The first demonym, country or placed toponym inside a noun phrase."""
    demonyms = actors.tables().demonyms
    for t in tok.subtree:
        if abs(t.i - tok.i) > GENERIC_PHRASE_WINDOW:
            continue
        word = t.lower_
        code = demonyms.get(word) or demonyms.get(word.split("-")[0])
        if not code and t.dep_ == "compound" and (ref := _modifier_ref(t)) is not None:
            code = ref.country  # "US Predator attacks"
        if code:
            return code
        for p in article.places:
            if p.country and p.span[0] <= t.idx < p.span[1]:
                return p.country
    return None


def _deep_target(article: Article, tok: Token, subj: Token | None, sources: list[ActorRef],
                 material: bool) -> tuple[list[ActorRef], str]:
    """The first actor after the trigger inside its clause, other than the source (and its pronouns)."""
    skip = {t.i for t in subj.subtree} if subj is not None else set()
    own = {s.actor_id for s in sources if s.actor_id} | {s.span for s in sources}
    for t in tok.subtree:
        if t.i <= tok.i or t.i in skip or t.i - tok.i > DEEP_TARGET_WINDOW:
            continue
        refs = [r for r in actors.refs_for_token(article, t) if r.actor_id not in own and r.span not in own]
        refs = refs or _place_ref(article, t, material)
        if not refs and t.dep_ == "amod" and t.head.lemma_.lower() in _PEOPLE:  # "to the Zambian people"
            refs = [r] if (r := _modifier_ref(t)) is not None and r.country else []
        if refs:
            return refs, "subtree"
    return [], ""


def _victims(article: Article, candidates: list[tuple[Token, str]]) -> tuple[list[ActorRef], str]:
    """An unnamed human object of violence or coercion, as an actor whose country the context gives."""
    roles = actors.tables().roles
    for cand, dep in candidates:
        lemma = cand.lemma_.lower()
        if dep in ("dobj", "nsubjpass") and (lemma in _PEOPLE or lemma in roles):
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


def _with_context_country(article: Article, sent: Span, sources: list[ActorRef],
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


def _context_target(article: Article, tok: Token, subj: Token | None,
                    sources: list[ActorRef]) -> tuple[list[ActorRef], str]:
    """Another country's actor or place named in the sentence, nearest after the trigger first
    ("condemned the treatment of migrants on the island of Saint Lucia" → LCA)."""
    sent = tok.sent
    skip = {t.i for t in subj.subtree} if subj is not None else set()
    own = {r.country for r in sources if r.country}
    order = [t for t in sent if t.i > tok.i] + [t for t in reversed(sent) if t.i < tok.i]
    for t in order:
        if t.i in skip or t.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        refs = _with_place_country(article, actors.refs_for_token(article, t)) or _place_ref(article, t, True)
        refs = [r for r in refs if r.country and r.country not in own]
        if refs:
            return refs[:1], "context"
    return [], ""


def _domestic_target(article: Article, tok: Token, subj: Token | None,
                     sources: list[ActorRef]) -> tuple[list[ActorRef], str]:
    """Another actor, or a place, of the source's own country named in the sentence."""
    own = {r.country for r in sources if r.country}
    ids = {r.actor_id for r in sources if r.actor_id}
    skip = {t.i for t in subj.subtree} if subj is not None else set()
    sent = tok.sent
    for t in [t for t in sent if t.i > tok.i] + [t for t in reversed(sent) if t.i < tok.i]:
        if t.i in skip or t.pos_ not in ("PROPN", "NOUN"):
            continue
        refs = _with_place_country(article, actors.refs_for_token(article, t)) or _place_ref(article, t, True)
        refs = [r for r in refs if (not r.actor_id or r.actor_id not in ids)
                and (r.country in own or (r.country is None and r.type in CONTEXT_TYPES))]
        if refs:
            return refs[:1], "domestic"
    return [], ""


def _with_place_country(article: Article, refs: list[ActorRef]) -> list[ActorRef]:
    """A named place the actor tables do not know ("Malta") takes its country from the geocoder."""
    out = []
    for r in refs:
        if r.country is None and r.type == "GPE":
            place = next((p for p in article.places if p.country and p.span[0] <= r.span[0] < p.span[1]), None)
            r = replace(r, country=place.country) if place else r
        out.append(r)
    return out


def _arbitrate(text: str, events: list[Event]) -> list[Event]:
    """Rule events of several types in one sentence: the classifier's favourite type leads."""
    clf = event_model.model()
    if clf is None:
        return events
    scores = clf.scores(text)
    best = max({e.type for e in events}, key=lambda t: scores.get(t, 0.0))
    return [replace(e, confidence=round(min(e.confidence + MODEL_AGREEMENT_BONUS, 1.0), 2),
                    why=f"{e.why}; classifier prefers {best} (p={scores.get(best, 0.0):.2f})")
            if e.type == best else e for e in events]


def _place_ref(article: Article, tok: Token, material: bool) -> list[ActorRef]:
    if not material:
        return []
    for p in article.places:
        if p.country and p.span[0] <= tok.idx < p.span[1]:
            return [ActorRef(p.span, p.name, "GPE", p.country, None, None)]
    return []


def _negated(tok: Token) -> str:
    """Why the happening at ``tok`` is denied or negated ('' when it is not)."""
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("neg", "advmod", "det"))
               for c in node.children):
            return f"negation on '{node.text}'"
        if node.lemma_.lower() in _DENY and node is not tok:
            return f"{'failed' if node.lemma_.lower() == 'fail' else 'denied'} by '{node.text}'"
        if node.dep_ not in ("xcomp", "ccomp", "conj", "dobj", "pcomp", "pobj", "prep", "acomp") or node.head is node:
            break
        node = node.head
    return ""


def _status(tok: Token) -> str:
    node = tok
    for _ in range(3):
        kids = {c.lower_ for c in node.children if c.dep_ in ("aux", "mark", "advmod")}
        if kids & {"if", "unless"} or kids & _COND_AUX:
            return "hypothetical"
        if kids & _FUTURE_AUX or (node is not tok and node.lemma_.lower() in _INTENT):
            return "future"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _READY:
            return "future"
        if node.dep_ not in ("xcomp", "conj") or node.head is node:
            break
        node = node.head
    if any(c.lower_ in ("going",) for c in tok.head.children) and tok.dep_ == "xcomp":
        return "future"
    return "reported"


def _in_condition(tok: Token) -> bool:
    """True when ``tok`` sits in an if/unless clause ("unless Baghdad accepted its conditions")."""
    node = tok
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head is node:
            return False
        node = node.head
    return False


def _prepared(tok: Token) -> bool:
    """True when ``tok`` is the act an actor gets ready for ("prepared to resume shelling")."""
    node = tok
    for _ in range(3):
        if node.dep_ != "xcomp" or node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() in _PREPARE:
            return True
    return False


def _ultimatum(tok: Token) -> bool:
    """True when an unless-clause hangs on ``tok`` (or on the verb reporting it): a threat (CAMEO 13)."""
    heads = [tok, tok.head] if tok.dep_ in ("ccomp", "xcomp") else [tok]
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for h in heads for c in h.children if c.i > tok.i)


def _framed(tok: Token, rules: dict[int, Rule]) -> bool:
    """True when a framing event verb governs this trigger ("agreed to cooperate")."""
    node = tok
    for _ in range(3):
        noun_clause = node.dep_ == "acl" and node.head.pos_ == "NOUN"  # "an admission that X murdered Y"
        if (node.dep_ not in ("xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj") and not noun_clause) \
                or node.head is node:
            return False
        node = node.head
        rule = rules.get(node.i)
        if rule is not None and rule.type in FRAMING:
            return True
    return False


def _location(article: Article, tok: Token) -> Place | None:
    location_for = getattr(places, "location_for", None)
    if location_for is not None:
        found: Place | None = location_for(article, (tok.idx, tok.idx + len(tok.text)))
        return found
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near"):
            for g in c.children:
                for p in article.places:
                    if p.span[0] <= g.idx < p.span[1]:
                        return p
    return None


def _date(article: Article, span: Span) -> tuple[PartialDate | None, Span | None, str]:
    date_for = getattr(times, "date_for", None)
    if date_for is not None:
        value: tuple[PartialDate | None, Span | None, str] = date_for(article, span)
        return value
    if article.date is None:
        return None, None, "no dating available"
    return PartialDate.of(article.date), None, "article date (no time extractor)"


def _code(article: Article, tok: Token, rule: Rule, sent: Span, suppressed: list[str],
          target_token: Token | None = None, complement: Rule | None = None) -> list[Event]:
    if why_not := _negated(tok):
        suppressed.append(f"{tok.text}@{tok.idx}: {why_not}")
        return []
    typ, mode, code = rule.type, rule.mode, rule.cameo
    if typ == "AGREE" and complement is not None and complement.type in CONFLICTUAL | {"THREATEN"} \
            and rule.lemma in _COMMIT_LEMMAS:  # "vowed to retaliate against X": PLOVER THREATEN
        typ, mode = "THREATEN", None
        code = cameo.cameo_for(typ, mode)
    status = _status(tok)
    condition = _in_condition(tok)
    if typ == "ASSAULT" and _prepared(tok):  # "the army prepared to resume shelling": PLOVER MOBILIZE
        typ, mode, status = "MOBILIZE", None, "reported"
        code = cameo.cameo_for(typ, mode)
    elif _ultimatum(tok) and typ != "THREATEN":  # "will withdraw its force unless X holds elections"
        typ, mode, status = "THREATEN", None, "reported"
        code = cameo.cameo_for(typ, mode)
    elif condition:
        status = "hypothetical"
    elif status in ("future", "hypothetical") and typ in COOPERATIVE:
        typ, mode, status = "AGREE", None, "reported"  # PLOVER: intent to cooperate is AGREE
        code = cameo.cameo_for(typ, mode)
    elif status in ("future", "hypothetical") and typ in CONFLICTUAL:
        typ, mode, status = "THREATEN", None, "reported"
        code = cameo.cameo_for(typ, mode)
    if mode is None or mode == rule.mode:
        mode = refine_mode(tok, typ, mode)
        code = cameo.cameo_for(typ, mode) if mode != rule.mode else code
    subj, sdep = _subject(tok)
    passive_subject = subj is not None and subj.dep_ == "nsubjpass"
    material = typ in MATERIAL or mode == "visit"  # "arrived in Beijing": the host is the visited place
    sources = _refs(article, subj, False) if subj is not None and not passive_subject else []
    if not sources and subj is not None and sdep in ("acl", "relcl") and subj.head.pos_ in ("VERB", "AUX"):
        subj, sdep = _subject(subj.head)  # "issued a declaration demanding …": the issuer
        sources = _refs(article, subj, False) if subj is not None else []
    generic = False
    if not sources and subj is not None and not passive_subject:
        sources, subj, sdep, generic = _generic_source(article, subj, sdep)
    if not sources:
        return []
    targets: list[ActorRef] = []
    tdep = ""
    candidates = [(target_token, "ccomp-subj")] if target_token is not None else _target(tok, rule)
    for cand, dep in candidates:
        if subj is not None and cand.i == subj.i:
            continue
        own = {r.actor_id for r in sources if r.actor_id}  # "withdraw its troops": not a target
        targets = [r for r in _refs(article, cand, material) if not r.actor_id or r.actor_id not in own]
        if targets:
            tdep = dep
            break
    if not targets:  # "threatened to break relations with Russia": an actor deeper in the clause
        targets, tdep = _deep_target(article, tok, subj, sources, material)
    if not targets and typ in VICTIM_TYPES:  # "killing one person": unnamed people, the sentence's country
        targets, tdep = _victims(article, candidates)
    if not targets and typ not in TARGETLESS and tok.pos_ in ("VERB", "AUX"):  # the parse lost the target:
        # another country in the sentence (not for nominals: "providing assistance to X" is the verb's)
        targets, tdep = _context_target(article, tok, subj, sources)
    if typ in TARGETLESS and tdep == "subtree" and {t.country for t in targets} <= {s.country for s in sources}:
        targets, tdep = [], ""  # "Georgian President Shevardnadze resigned …": no target, not Georgia
    if not targets and typ in DOMESTIC:
        targets, tdep = _domestic_target(article, tok, subj, sources)
    targets = _with_place_country(article, targets)
    sources, targets, context_note = _with_context_country(article, sent, sources, targets)
    if generic and sdep not in ("nsubj+generic", "nsubj<reported+generic"):  # "used by third countries": only a direct subject takes context
        sources = [r for r in sources if r.type != "ROLE" or r.country is None]
        sources = [r for r in sources if _subtree_country(article, subj) is not None] if subj is not None else []
    sources = [r for r in sources if r.country or not generic]  # an unnamed "group" needs a country
    if not sources:
        return []
    if not targets and typ not in TARGETLESS and len(sources) < 2:
        return []  # a one-sided event needs its target; "Czechia and China signed" is symmetric
    trigger = (tok.idx, tok.idx + len(tok.text))
    day, day_span, reason = _date(article, trigger)
    if status == "reported" and day is not None and article.date is not None:
        if (day.first_day() + HISTORICAL_AFTER < article.date and day.precision.value != "day") or \
                day.first_day() + HISTORICAL_AFTER * 8 < article.date:
            status = "historical"
    location = _location(article, tok)
    events = []
    for s in sources:
        pool: list[ActorRef | None] = list(targets) or [None]
        for t in pool:
            if t is not None and ((t.actor_id and t.actor_id == s.actor_id) or t.span == s.span):
                continue
            confidence = BASE_CONFIDENCE + (0.2 if s.country else 0) + (0.2 if t and t.country else 0)
            confidence += ONE_SIDED_CREDIT if t is None and typ in TARGETLESS else 0.0
            confidence += 0.1 if rule.objects else 0.0
            confidence -= 0.1 if sdep.startswith(("nsubj<", "relcl", "acl")) else 0.0
            confidence -= 0.1 if tdep == "subtree" else 0.0
            confidence -= CONTEXT_TARGET_PENALTY if tdep == "context" else 0.0
            confidence -= 0.1 if generic else 0.0
            confidence -= HYPOTHETICAL_PENALTY if condition else 0.0
            events.append(Event(
                id=content_id("e", article.id, typ, trigger, s.actor_id or s.span, t.actor_id or t.span if t else ""),
                type=typ, trigger=trigger, sentence_span=sent, source=s, target=t, mode=mode,
                cameo=code, quad_class=cameo.quad_class(code), goldstein=cameo.goldstein(code),
                status=status,  # type: ignore[arg-type]
                date=day, date_span=day_span, location=location, confidence=round(min(confidence, 0.95), 2),
                why=f"trigger '{tok.text}' rule {rule.n} ({rule.lemma}/{rule.pos}); source by {sdep}; "
                    f"target by {tdep or 'none'}{context_note}; {reason}",
                extractor=LABEL,
            ))
    return events


def _merge(events: list[Event]) -> list[Event]:
    """The same happening reported twice → one event with the later triggers as ``mentions``."""
    merged: dict[tuple[object, ...], Event] = {}
    for e in events:
        key = (e.type, e.source and (e.source.actor_id or e.source.country),
               e.target and (e.target.actor_id or e.target.country), e.date, e.status)
        first = merged.get(key)
        if first is None:
            merged[key] = e
        elif e.trigger != first.trigger and e.trigger not in first.mentions:
            merged[key] = _with_mention(first, e.trigger)
    return list(merged.values())


def _with_mention(e: Event, span: Span) -> Event:
    return replace(e, mentions=(*e.mentions, span))


_SAY = frozenset({"say", "announce", "insist", "declare", "conclude", "state", "tell"})
_SPEECH = _SAY | {"note", "stress", "assert", "add", "claim", "explain", "report", "write", "argue"}
_MUST = frozenset({"must", "should"})


def _must_request(article: Article, tok: Token, sent: Span) -> list[Event]:
    """"Russia said Sudan must return the helicopter" is a REQUEST from Russia to Sudan (PLOVER)."""
    for comp in tok.children:
        if comp.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in _MUST for c in comp.children):
            subj = next((c for c in comp.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return []
            fake = Rule(-1, "say … must", "V", "REQUEST", None, "020", None)
            return [replace(e, why=e.why.replace("rule -1", "rule say+must"))
                    for e in _code(article, tok, fake, sent, [], target_token=subj)]
    return []


def _model_event(article: Article, sent: SpacySpan, span: Span, suppressed: list[str]) -> list[Event]:
    """Where no rule fires, the classifier types the sentence and its main verb is the trigger."""
    clf = event_model.model()
    if clf is None or len(sent) < MODEL_MIN_TOKENS:
        return []
    typ, prob = clf.best(sent.text)
    if prob < MODEL_MIN_PROBABILITY:
        return []
    root = sent.root
    comp = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    if root.lemma_.lower() in _SPEECH and comp is not None:
        root = comp  # "X said Y attacked Z": the reported verb
    if root.pos_ not in ("VERB", "AUX") or rule_for(root) is not None or root.lemma_.lower() in _DENY:
        return []  # a rule trigger whose actors failed: the model cannot mend actors, only types
    rule = Rule(-2, root.lemma_.lower(), "V", typ, None, cameo.cameo_for(typ, None), None)
    # a guess codes one full dyad, never a one-sided event nor every pairing
    events = [e for e in _code(article, root, rule, span, suppressed) if e.target is not None][:1]
    return [replace(e, confidence=round(min(e.confidence, prob) * MODEL_CONFIDENCE, 2),
                    why=e.why.replace("rule -2", f"model p={prob:.2f}")) for e in events]


def annotate(article: Article) -> None:
    """Code the events of every sentence of ``article``."""
    assert article.doc is not None, "events need the NLP stage"
    found: list[Event] = []
    suppressed: list[str] = []
    for sent in article.doc.sents:
        rules = {t.i: r for t in sent if (r := rule_for(t)) is not None}
        span = (sent.start_char, sent.end_char)
        before, denied = len(found), len(suppressed)
        for i, rule in rules.items():
            tok = article.doc[i]
            if _framed(tok, rules):
                continue
            complement = next((rules[c.i] for c in tok.children if c.i in rules and (c.dep_ == "xcomp" or (
                c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)))), None)
            found.extend(_code(article, tok, rule, span, suppressed, complement=complement))
        if len({e.type for e in found[before:]}) > 1:
            found[before:] = _arbitrate(sent.text, found[before:])
        for tok in sent:
            if tok.lemma_.lower() in _SAY and tok.i not in rules:
                found.extend(_must_request(article, tok, span))
        if len(found) == before and len(suppressed) == denied:  # a denial's sentence is never guessed at
            found.extend(_model_event(article, sent, span, suppressed))
    article.events.extend(_merge(found))
    article.extra["events.suppressed"] = suppressed
