"""Places: find toponyms, tell places from governments, and resolve each place to a gazetteer entry.

1. **Find.** spaCy GPE/LOC/FAC entities, plus PERSON/ORG/NORP entities whose whole text is a
   prominent gazetteer name (the small model tags "Kyiv" PERSON and "Nagorno-Karabakh" ORG), plus a
   dictionary pass over capitalised tokens outside any entity. Demonyms ("Russian", "Kazakhstani
   authorities") are never places: they name people or governments, which the actors extractor codes.
2. **Places vs metonyms.** "Moscow said", "Kyiv's ruling government", "accused Washington of" name
   a government, not a location: decided on the dependency parse (subject of an action verb,
   possessor or compound of a government noun, agent of a passive, object of a political verb).
   Metonyms are resolved too and kept in ``article.extra["places.metonyms"]`` (a list of
   :class:`Place`) for the actors extractor; only locations become ``article.places``.
3. **Resolve.** All mentions of one name are resolved together (one sense per name per article;
   a qualifier on one mention, "Paris, Texas", holds for the bare "Paris" later). Each name's
   candidates are scored by their context-free prior (population, feature class) plus what the
   article's *other* names say: an explicit qualifier ("Alexandria, La."), the countries and
   first-level regions of the confidently read names (the dateline town counts double), the
   states that still-ambiguous town names share ("Gainesville" + "Flowery Branch" → Georgia),
   and nearness to confidently read towns. Two context rounds; a name keeps voting with its last
   confident reading. Upper-case datelines ("HURRICANE, W.Va. -") are found by pattern.

:func:`location_for` tells the events extractor where the happening of a clause took place.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import Article, Place, Span
from . import gazetteer
from .gazetteer import GazEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Span_

NAME = "places"
VERSION = 2
LABEL = f"{NAME}/{VERSION}"

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELABELLED = frozenset({"PERSON", "ORG", "NORP"})
"""Labels the small model wrongly gives to place names; accepted only for prominent names."""

UNTAGGED_CITY_POPULATION = 1_000_000
"""Cities matched with no entity tag at all must be big: many mid-size town names are also words
or names of bodies ("the Russian Duma" vs Douma, Syria)."""
NOT_PLACES = frozenset({"west", "east", "north", "south", "the west", "the east"})
"""Compass words tagged LOC mostly mean political blocs ("the West"), which are actors."""

MAX_NGRAM = 5
"""Longest gazetteer name matched by the dictionary pass ("Democratic Republic of the Congo")."""
DATELINE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})"
    r"(?:,\s+[A-Z][A-Za-z.]+(?: [A-Z][a-z.]+)?)?\s*(?:\([A-Za-z ]+\)\s*)?[-—–]{1,2}\s"
)
"""A dateline: an upper-case town at a sentence start, an optional ", State", an optional "(AP)",
then a dash. The small model tags such towns ORG or nothing."""
DATELINE_WINDOW = 600
"""Datelines open the body, after at most a headline."""

DIRECTIONS: dict[str, str] = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west", "central": "centre",
    "northeastern": "northeast", "north-eastern": "northeast", "northwestern": "northwest",
    "north-western": "northwest", "southeastern": "southeast", "south-eastern": "southeast",
    "southwestern": "southwest", "south-western": "southwest", "north": "north", "south": "south",
    "east": "east", "west": "west", "northeast": "northeast", "northwest": "northwest",
    "southeast": "southeast", "southwest": "southwest",
}  # fmt: skip
PART_NOUNS = frozenset({
    "flank", "part", "parts", "region", "regions", "side", "edge", "outskirts", "border", "coast",
    "half", "corner", "province", "provinces", "areas", "area", "reaches", "tip", "frontier",
})  # fmt: skip
"""Nouns of "the eastern flank of Ukraine": the direction stays with the place."""

ACTOR_NOUNS = frozenset({
    "government", "governments", "official", "officials", "leader", "leaders", "leadership",
    "president", "minister", "ministers", "ministry", "authorities", "authority", "regime",
    "parliament", "army", "military", "forces", "troops", "navy", "embassy", "ambassador", "envoy",
    "diplomat", "diplomats", "delegation", "spokesman", "spokeswoman", "spokesperson", "administration",
    "cabinet", "premier", "chancellor", "representative", "representatives", "negotiators", "junta",
    "interests", "demands", "position", "decision", "policy", "stance", "foreign", "intelligence",
    "prosecutor", "prosecutors", "court", "mayor", "governor", "police", "legislature", "congress",
})  # fmt: skip
"""Heads whose possessor or compound is a government ("Kyiv's ruling government", "Moscow officials")."""

STATIVE_VERBS = frozenset({"be", "lie", "border", "sit", "remain", "stretch", "cover", "lose", "become"})
"""Verbs whose subject is a place, not an actor ("Crimea lies on the Black Sea")."""

POLITICAL_VERBS = frozenset({
    "accuse", "urge", "warn", "blame", "criticize", "criticise", "condemn", "sanction", "support",
    "recognize", "recognise", "help", "pressure", "tell", "ask", "invite", "thank", "praise", "back",
    "threaten", "persuade", "convince", "reassure", "call", "contact", "assure", "fine", "punish",
    "oppose", "join", "lobby", "court", "rebuke", "snub", "expel", "trust", "defy",
})  # fmt: skip
"""Verbs whose direct object is an actor ("accused Kyiv of …"); other verbs take places
("invaded Ukraine", "visited Moscow")."""

LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "across", "inside", "outside", "throughout", "around", "along", "within",
    "on", "off", "over", "from", "between", "beyond", "via",
})  # fmt: skip
MOVEMENT_PREPS = frozenset({"to", "into", "toward", "towards", "onto"})
MOVEMENT_VERBS = frozenset({
    "send", "deploy", "move", "travel", "go", "come", "arrive", "fly", "march", "return", "flee",
    "order", "dispatch", "transfer", "deliver", "ship", "evacuate", "bring", "head", "advance",
    "push", "airlift", "drive", "sail", "withdraw", "relocate", "visit", "extend", "expand",
})  # fmt: skip

AP_STATES: dict[str, str] = {
    "ala.": "AL", "ariz.": "AZ", "ark.": "AR", "calif.": "CA", "cal.": "CA", "colo.": "CO", "conn.": "CT",
    "del.": "DE", "fla.": "FL", "ga.": "GA", "ill.": "IL", "ind.": "IN", "kan.": "KS", "kans.": "KS",
    "ky.": "KY", "la.": "LA", "md.": "MD", "mass.": "MA", "mich.": "MI", "minn.": "MN", "miss.": "MS",
    "mo.": "MO", "mont.": "MT", "neb.": "NE", "nebr.": "NE", "nev.": "NV", "n.h.": "NH", "n.j.": "NJ",
    "n.m.": "NM", "n.y.": "NY", "n.c.": "NC", "n.d.": "ND", "okla.": "OK", "ore.": "OR", "pa.": "PA",
    "r.i.": "RI", "s.c.": "SC", "s.d.": "SD", "tenn.": "TN", "tex.": "TX", "vt.": "VT", "va.": "VA",
    "wash.": "WA", "w.va.": "WV", "wis.": "WI", "wyo.": "WY",
}  # fmt: skip
"""AP style state abbreviations, read only right after "Town," ("Alexandria, La.")."""

QUALIFIER_BONUS = 6.0
"""An explicit "Town, State" outweighs any population gap between namesakes."""
COUNTRY_CONTEXT = 2.0
"""Per other mention of the candidate's country (capped below): one mention of Texas is enough to
overcome the ~3 orders of magnitude between Paris, France and Paris, Texas only with its state."""
COUNTRY_CONTEXT_CAP = 3  # LGL acc161 0.777 → 0.781 against cap 2; GeoVirus 0.873 → 0.870
ADMIN1_CONTEXT = 2.5
"""Per other mention of the candidate's US state / first-level region (capped like the above)."""
NEAR_KM = 150.0
NEAR_BONUS = 2.0
"""Local news names neighbouring towns: a candidate within NEAR_KM of a confidently resolved town
of the article gains NEAR_BONUS."""
CONFIDENT_MARGIN = 1.0
"""A mention whose best candidate leads the next by this much (log10 units) sets context."""
MAX_CANDIDATES = 25
MAX_HEAD_STEPS = 12
"""Longest walk up ``tok.head``: deeper chains are no longer the same clause."""
LOCAL = frozenset({"city", "admin2"})
ROUNDS = 2
DATELINE_WEIGHT = 1
"""Extra votes of the dateline town: it is where the article is set (LGL first half: +1 toponym at 1
and 2 alike; repeated names weighted by their count lost 7–13)."""
SOFT_ADMIN1 = 2.0
"""Unresolved names still share states: "Gainesville" and "Whitesboro" both have a Texas reading.
Each other name lends a state 1/(number of its candidate states) of this bonus."""
"""Context passes: the second re-reads each name against the first pass's confident readings."""


@dataclass
class _Mention:
    start: int  # token indices [start, end)
    end: int
    text: str
    qualifier: GazEntry | None = None
    forced: GazEntry | None = None  # a qualifier's own reading, fixed by the place it qualifies
    direction: tuple[int, str] | None = None  # (first token of the direction words, direction)
    dateline: bool = False
    entry: GazEntry | None = None


def annotate(article: Article) -> None:
    """Append the article's places (locations only; metonyms go to ``extra["places.metonyms"]``)."""
    assert article.doc is not None, "places need the NLP stage"
    doc = article.doc
    mentions = _find(doc)
    _resolve(mentions)
    places: list[Place] = []
    metonyms: list[Place] = []
    for m in mentions:
        if m.entry is None:
            continue
        is_metonym = _is_metonym(doc, m)
        start_tok = m.direction[0] if m.direction and not is_metonym else m.start
        span = (doc[start_tok].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
        place = _place(m.entry, span, m.direction[1] if m.direction and not is_metonym else None)
        (metonyms if is_metonym else places).append(place)
    article.places.extend(sorted(places, key=lambda p: p.span))
    article.extra["places.metonyms"] = metonyms


def _place(e: GazEntry, span: Span, direction: str | None) -> Place:
    return Place(span, e.name, e.country, e.lat, e.lon, e.geonames_id, e.feature, LABEL, direction, e.admin1)


# -- finding -------------------------------------------------------------------------------------
def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive or punctuation from a token range."""
    while start < end and doc[start].lower_ in ("the", "'s", "’s"):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _find(doc: Doc) -> list[_Mention]:
    taken = [False] * len(doc)
    mentions: list[_Mention] = []

    def add(start: int, end: int) -> None:
        text = doc[start:end].text
        if text.lower() in NOT_PLACES or not _candidates(text):
            return
        mentions.append(_Mention(start, end, text))
        for i in range(start, end):
            taken[i] = True

    for start, end in _datelines(doc):
        add(start, end)
        if mentions and mentions[-1].start == start:
            mentions[-1].dateline = True
    in_entity = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            in_entity[i] = True
        # "Alexandria, La." / "Paris, Texas" come as one entity: split at commas (the qualifier
        # is read back by _qualifiers).
        cuts = [ent.start] + [t.i + 1 for t in ent if t.text == ","] + [ent.end]
        for lo, hi in itertools.pairwise(cuts):
            start, end = _strip(doc, lo, hi)
            if start >= end or any(taken[start:end]):
                continue
            if ent.label_ in ENTITY_LABELS:
                add(start, end)
            elif ent.label_ in RELABELLED and (
                gazetteer.salient(doc[start:end].text) or (ent.label_ != "NORP" and _locative(doc[start:end]))
            ):
                # A demonym is tagged NORP and is not in the gazetteer; a salient NORP is a mis-tag,
                # and so is a known place name governed by "in", "at", "toward"… ("reached Mekelle").
                add(start, end)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if taken[i] or in_entity[i] or not tok.text[:1].isupper() or (tok.is_sent_start and tok.is_stop):
            i += 1
            continue
        for n in range(min(MAX_NGRAM, len(doc) - i), 0, -1):
            if any(taken[j] or in_entity[j] for j in range(i, i + n)) or doc[i + n - 1].is_punct:
                continue
            span = doc[i : i + n]
            if gazetteer.salient(span.text, UNTAGGED_CITY_POPULATION) or (
                all(t.pos_ == "PROPN" for t in span) and _locative(span)
                and (i == 0 or doc[i - 1].ent_type_ != "NORP")  # "in the Russian Duma" is a body
            ):
                add(i, i + n)
                i += n - 1
                break
        i += 1
    mentions.sort(key=lambda m: m.start)
    _qualifiers(doc, mentions, taken)
    for m in mentions:
        m.direction = _direction(doc, m)
    return mentions


def _datelines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the towns of datelines ("HURRICANE, W.Va. (AP) -- ", "MANSFIELD — ")."""
    out = []
    for match in DATELINE.finditer(doc.text, 0, DATELINE_WINDOW):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
        if span is not None and len(span):
            out.append((span.start, span.end))
    return out


def _locative(span: Span_) -> bool:
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS | MOVEMENT_PREPS


def _qualifiers(doc: Doc, mentions: list[_Mention], taken: list[bool]) -> None:
    """"Paris, Texas" / "Alexandria, La.": the second names the first's state or country."""
    by_start = {m.start: m for m in mentions}
    added: list[_Mention] = []
    for m in mentions:
        if m.end + 1 >= len(doc) or doc[m.end].text != ",":
            continue
        nxt = by_start.get(m.end + 1)
        if nxt is not None:
            # The region that holds one of the town's namesakes: "Gainesville, Georgia" is the
            # US state, though "Georgia" alone is the country.
            own = [e for e, _ in gazetteer.candidates(m.text)]
            for region, _ in gazetteer.candidates(nxt.text):
                if region.feature in ("admin1", "country") and any(_within(e, region) for e in own):
                    m.qualifier = nxt.forced = region
                    break
            continue
        # The tokenizer splits the final period off some abbreviations ("W.Va" ".").
        j = m.end + 1
        abbr = doc[j].lower_
        end = j + 1
        if abbr not in AP_STATES and j + 1 < len(doc) and doc[j + 1].text == ".":
            abbr, end = abbr + ".", j + 2
        state = gazetteer.admin1("USA", AP_STATES[abbr]) if abbr in AP_STATES else None
        if state is not None:
            m.qualifier = state
            if not any(taken[j:end]):
                added.append(_Mention(j, end, doc[j:end].text, forced=state))
    mentions.extend(added)
    mentions.sort(key=lambda m: m.start)


def _direction(doc: Doc, m: _Mention) -> tuple[int, str] | None:
    """"northern Mali" → (token of "northern", "north"); "the eastern flank of Ukraine" likewise."""
    if m.start > 0 and doc[m.start - 1].lower_ in DIRECTIONS:
        return m.start - 1, DIRECTIONS[doc[m.start - 1].lower_]
    if m.start >= 3 and doc[m.start - 1].lower_ == "of":
        part = doc[m.start - 2]
        adj = doc[m.start - 3]
        if part.lower_ in PART_NOUNS and adj.lower_ in DIRECTIONS:
            return m.start - 3, DIRECTIONS[adj.lower_]
        if part.lower_ in DIRECTIONS and adj.lower_ == "the":  # "the east of Ukraine"
            return m.start - 2, DIRECTIONS[part.lower_]
    return None


# -- resolving -----------------------------------------------------------------------------------
def _candidates(text: str) -> list[tuple[GazEntry, float]]:
    """Gazetteer candidates, reading AP state abbreviations ("W.Va.", "Ga.") as their state."""
    code = AP_STATES.get(text.lower().replace(" ", ""))
    if code is not None:
        state = gazetteer.admin1("USA", code)
        return [(state, state.prior)] if state else []
    return gazetteer.candidates(text)[:MAX_CANDIDATES]


def _resolve(mentions: list[_Mention]) -> None:
    """Resolve every mention: one sense per name per article, scored against the other names' votes."""
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(gazetteer.normalise(m.text), []).append(m)
    names = [_Name(ms, _candidates(ms[0].text)) for ms in groups.values()]
    for name in names:
        name.qualifier = next((m.qualifier for m in name.mentions if m.qualifier is not None), None)
        name.forced = next((m.forced for m in name.mentions if m.forced is not None), None)
        name.dateline = any(m.dateline for m in name.mentions)
        name.entry, margin = _prior_choice(name)
        name.vote = name.entry if margin >= CONFIDENT_MARGIN else None
    for _ in range(ROUNDS):
        # A name votes with its last confident reading: an unsure flip keeps its earlier vote.
        ctx = _Context([n for n in names if n.vote is not None], names)
        for name in names:
            if name.forced is None and name.cands:
                name.entry, margin = _context_choice(name, ctx)
                if margin >= CONFIDENT_MARGIN:
                    name.vote = name.entry
    for name in names:
        for m in name.mentions:
            m.entry = m.forced or name.entry
            if m.qualifier is not None and m.forced is None and name.entry is not None \
                    and not _within(name.entry, m.qualifier):
                m.entry = _best(name.cands, m.qualifier)
    _anchor_counties(mentions)


@dataclass
class _Name:
    """All mentions of one name in an article, resolved together."""

    mentions: list[_Mention]
    cands: list[tuple[GazEntry, float]]
    qualifier: GazEntry | None = None
    forced: GazEntry | None = None
    entry: GazEntry | None = None
    dateline: bool = False
    vote: GazEntry | None = None  # the reading it lends the article's context


class _Context:
    """What the article's confidently resolved names say: countries, first-level regions, points."""

    def __init__(self, names: list[_Name], everyone: list[_Name]) -> None:
        self.soft: Counter[tuple[str, str]] = Counter()
        self.soft_own: dict[int, dict[tuple[str, str], float]] = {}
        for name in everyone:
            if name.vote is not None or not name.cands or name.cands[0][0].feature not in LOCAL:
                continue  # only ambiguous town names: countries and states vote through their reading
            states = {(e.country, e.admin1) for e, _ in name.cands if e.country and e.admin1}
            share = {key: 1 / len(states) for key in states}
            self.soft_own[id(name)] = share
            self.soft.update(share)
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: list[tuple[int, GazEntry]] = []
        self.votes: dict[int, tuple[str | None, list[tuple[str, str]], int]] = {}
        for name in names:
            e = name.vote
            if e is None or not e.country:
                continue
            regions = []
            if e.admin1 and e.feature in ("admin1", "city", "admin2"):
                regions.append((e.country, e.admin1))
            q = name.qualifier
            if q is not None and q.admin1 and q.country and (q.country, q.admin1) not in regions:
                regions.append((q.country, q.admin1))
            # A name repeated, or the dateline's, says more about where the article is set.
            w = 1 + DATELINE_WEIGHT * name.dateline
            self.votes[id(name)] = (e.country, regions, w)
            self.countries[e.country] += w
            for key in regions:
                self.admin1[key] += w
            if e.feature == "city":
                self.points.append((id(name), e))

    def score(self, name: _Name, entry: GazEntry, prior: float) -> float:
        """``prior`` plus the context of the article's other names."""
        own_country, own_regions, w = self.votes.get(id(name), (None, [], 0))
        score = prior
        if name.qualifier is not None and _within(entry, name.qualifier):
            score += QUALIFIER_BONUS
        if entry.country:
            n = self.countries[entry.country] - w * (own_country == entry.country)
            score += COUNTRY_CONTEXT * min(n, COUNTRY_CONTEXT_CAP)
            if entry.admin1:
                key = (entry.country, entry.admin1)
                k = self.admin1[key] - w * (key in own_regions)
                score += ADMIN1_CONTEXT * min(k, COUNTRY_CONTEXT_CAP)
                if entry.feature in LOCAL:
                    soft = self.soft[key] - self.soft_own.get(id(name), {}).get(key, 0.0)
                    score += SOFT_ADMIN1 * min(soft, 1.0)
        if entry.feature in ("city", "admin2") and any(
            j != id(name) and gazetteer.distance_km(entry.lat, entry.lon, p.lat, p.lon) <= NEAR_KM
            for j, p in self.points
        ):
            score += NEAR_BONUS
        return score


def _prior_choice(name: _Name) -> tuple[GazEntry | None, float]:
    """The name's reading without context, and how far it leads the next (inf when it is sure)."""
    if name.forced is not None:
        return name.forced, math.inf
    top = _best(name.cands, name.qualifier)
    if top is None:
        return None, 0.0
    if name.qualifier is not None or len(name.cands) == 1:
        return top, math.inf
    return top, name.cands[0][1] - name.cands[1][1]


def _context_choice(name: _Name, ctx: _Context) -> tuple[GazEntry, float]:
    scored = sorted(((ctx.score(name, e, p), e) for e, p in name.cands), key=lambda se: -se[0])
    if name.qualifier is not None or len(scored) == 1:
        return scored[0][1], math.inf
    return scored[0][1], scored[0][0] - scored[1][0]


def _best(cs: list[tuple[GazEntry, float]], qualifier: GazEntry | None) -> GazEntry | None:
    if not cs:
        return None
    if qualifier is not None:
        for entry, _ in cs:
            if _within(entry, qualifier):
                return entry
    return cs[0][0]


def _within(entry: GazEntry, region: GazEntry) -> bool:
    if region.feature == "country":
        return entry.country == region.country and entry is not region
    return entry.country == region.country and entry.admin1 == region.admin1 and entry is not region


def _anchor_counties(mentions: list[_Mention]) -> None:
    """Counties have no coordinates in the sources: anchor each on a town of the same state named in
    the article (local news names the county of its towns), else a same-name town, else the state."""
    towns = [m.entry for m in mentions if m.entry is not None and m.entry.feature == "city"]
    for m in mentions:
        e = m.entry
        if e is None or e.feature != "admin2":
            continue
        anchor = next((t for t in towns if t.country == e.country and t.admin1 == e.admin1), None)
        if anchor is None:
            base = e.name.rsplit(" ", 1)[0]
            anchor = next((c for c in gazetteer.lookup(base) if c.feature == "city" and c.admin1 == e.admin1
                           and c.country == e.country), None)
        if anchor is not None:
            m.entry = replace(e, lat=anchor.lat, lon=anchor.lon)


# -- places vs governments -----------------------------------------------------------------------
def _is_metonym(doc: Doc, m: _Mention) -> bool:
    """Whether the mention names a government or country-as-actor rather than a location."""
    assert m.entry is not None
    if m.entry.feature not in ("country", "city", "landmark", "disputed", "admin1"):
        return False
    root = doc[m.start:m.end].root
    tok = root
    for _ in range(MAX_HEAD_STEPS):  # "Russia and China said"; capped like every walk up the parse
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            break
        tok = tok.head
    dep, head = tok.dep_, tok.head
    if dep == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_ not in STATIVE_VERBS:
        return True
    if dep in ("poss", "compound") and head.lower_ in ACTOR_NOUNS:
        return True
    if dep == "pobj" and head.dep_ == "agent":
        return True
    if dep == "dobj" and head.lemma_ in POLITICAL_VERBS:
        return True
    return False


# -- event locations -----------------------------------------------------------------------------
def location_for(article: Article, span: Span) -> Place | None:
    """Where the happening of the clause containing ``span`` (usually an event trigger) took place.

    First a place attached to the trigger's clause by a locative preposition (in, at, near,
    across, …; to/into/towards only after a verb of movement: "sent troops to Donbas"); else the
    place of the same sentence nearest to the trigger that is neither the subject or object of the
    trigger (those are the source and target actors) nor a possessor ("Ukraine's sovereignty");
    else ``None``.
    """
    doc = article.doc
    if doc is None or not article.places:
        return None
    trig_span = doc.char_span(span[0], span[1], alignment_mode="expand")
    if trig_span is None or len(trig_span) == 0:
        return None
    trigger = trig_span.root
    sent = trigger.sent
    clause = _clause_head(trigger)
    in_sentence: list[tuple[Place, Token]] = []
    for place in article.places:
        if place.span[0] < sent.start_char or place.span[1] > sent.end_char:
            continue
        pspan = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
        if pspan is not None and len(pspan):
            in_sentence.append((place, pspan.root))
    for place, root in sorted(in_sentence, key=lambda pr: abs(pr[1].i - trigger.i)):
        prep = _locative_prep(root, trigger, clause)
        if prep is not None:
            return place
    for place, root in sorted(in_sentence, key=lambda pr: abs(pr[1].i - trigger.i)):
        if root.head == trigger and root.dep_ in ("nsubj", "nsubjpass", "dobj"):
            continue
        if root.dep_ == "poss":  # "questioned Ukraine's sovereignty": an owner, not a setting
            continue
        return place
    return None


def _clause_head(tok: Token) -> Token:
    for _ in range(MAX_HEAD_STEPS):  # capped: a malformed parse must never loop
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _locative_prep(root: Token, trigger: Token, clause: Token) -> Token | None:
    """The preposition linking a place to the trigger or its clause, when it is locative."""
    tok = root
    prep: Token | None = None
    for _ in range(MAX_HEAD_STEPS):  # "in the city of Kyiv": pobj → prep → noun → pobj → prep → verb
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE_PREPS | MOVEMENT_PREPS:
            prep = tok
        if head == trigger or head == clause:
            if prep is None:
                return None
            if prep.lower_ in MOVEMENT_PREPS and trigger.lemma_ not in MOVEMENT_VERBS \
                    and clause.lemma_ not in MOVEMENT_VERBS:
                return None
            return prep
        if head.pos_ in ("VERB", "AUX"):  # another clause's verb: its places are its own
            return None
        tok = head
    return None
