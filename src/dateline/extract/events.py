"""Events: who did what to whom, when and where, coded in PLOVER with the CAMEO crosswalk.

Every sentence is scanned for triggers from ``data/events_triggers.tsv`` (verbs, verb+particle
phrases and nominals). For a trigger the dependency parse gives the source (``nsubj``, the
``by``-agent of a passive, a possessor or the subject of a light verb for nominals, a subject
inherited through ``xcomp``/``conj``) and the target (``dobj``, ``dative``, a passive subject,
objects of ``to/with/against/on/into/of``; a place's country for material events): see
:mod:`.participants`. Actors come from :mod:`.actors` (so "he" and "the Russian leader" count),
dates from :mod:`.times`.

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
from . import cameo, event_model, participants, places, times
from .events_rules import Rule, refine_mode, rule_for

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

DOMESTIC = frozenset({"PROTEST", "CONCEDE"})
"""Types whose unnamed target is the source's own authorities (PLOVER codes a street protest or an
eased curfew in Sudan SDN→SDN): an actor or place of the source's country in the sentence."""

VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
"""Types whose unnamed human object ("killing one person", "arrested 12 demonstrators") is a target."""

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
HYPOTHETICAL_PENALTY = 0.2
"""A happening inside a condition ("unless Baghdad accepted") is kept with status hypothetical but
ranks below the sentence's asserted events: it is the condition of the news, not the news."""


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
    subj, sdep = participants.subject_of(tok)
    passive_subject = subj is not None and subj.dep_ == "nsubjpass"
    material = typ in MATERIAL or mode == "visit"  # "arrived in Beijing": the host is the visited place
    sources = participants.actor_refs(article, subj, False) if subj is not None and not passive_subject else []
    if not sources and subj is not None and sdep in ("acl", "relcl") and subj.head.pos_ in ("VERB", "AUX"):
        subj, sdep = participants.subject_of(subj.head)  # "issued a declaration demanding …": the issuer
        sources = participants.actor_refs(article, subj, False) if subj is not None else []
    generic = False
    if not sources and subj is not None and not passive_subject:
        sources, subj, sdep, generic = participants.generic_source(article, subj, sdep)
    if not sources:
        return []
    targets: list[ActorRef] = []
    tdep = ""
    candidates = [(target_token, "ccomp-subj")] if target_token is not None else participants.target_candidates(tok, rule.type in MATERIAL, rule.type in FRAMING or rule.type == "SUPPORT")
    for cand, dep in candidates:
        if subj is not None and cand.i == subj.i:
            continue
        own = {r.actor_id for r in sources if r.actor_id}  # "withdraw its troops": not a target
        targets = [r for r in participants.actor_refs(article, cand, material) if not r.actor_id or r.actor_id not in own]
        if targets:
            tdep = dep
            break
    if not targets:  # "threatened to break relations with Russia": an actor deeper in the clause
        targets, tdep = participants.deep_target(article, tok, subj, sources, material)
    if not targets and typ in VICTIM_TYPES:  # "killing one person": unnamed people, the sentence's country
        targets, tdep = participants.victims(article, candidates)
    if not targets and typ not in TARGETLESS and tok.pos_ in ("VERB", "AUX"):  # the parse lost the target:
        # another country in the sentence (not for nominals: "providing assistance to X" is the verb's)
        targets, tdep = participants.context_target(article, tok, subj, sources)
    if typ in TARGETLESS and tdep == "subtree" and {t.country for t in targets} <= {s.country for s in sources}:
        targets, tdep = [], ""  # "Georgian President Shevardnadze resigned …": no target, not Georgia
    if not targets and typ in DOMESTIC:
        targets, tdep = participants.domestic_target(article, tok, subj, sources)
    targets = participants.with_place_country(article, targets)
    sources, targets, context_note = participants.with_context_country(article, sent, sources, targets)
    if generic and sdep not in ("nsubj+generic", "nsubj<reported+generic"):  # "used by third countries": only a direct subject takes context
        sources = [r for r in sources if r.type != "ROLE" or r.country is None]
        sources = [r for r in sources if participants.subtree_country(article, subj) is not None] if subj is not None else []
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
