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
3. **Resolve.** Each toponym's candidates are scored by their context-free prior (population,
   feature class) plus the article's context: an explicit qualifier ("Paris, Texas",
   "Alexandria, La."), the countries and US states the article names, and nearness to the
   article's other confidently resolved places.

:func:`location_for` tells the events extractor where the happening of a clause took place.
"""

from __future__ import annotations

import itertools
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
VERSION = 1
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


@dataclass
class _Mention:
    start: int  # token indices [start, end)
    end: int
    text: str
    qualifier: GazEntry | None = None
    forced: GazEntry | None = None  # a qualifier's own reading, fixed by the place it qualifies
    direction: tuple[int, str] | None = None  # (first token of the direction words, direction)
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

    in_entity = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            in_entity[i] = True
        # "Alexandria, La." / "Paris, Texas" come as one entity: split at commas (the qualifier
        # is read back by _qualifiers).
        cuts = [ent.start] + [t.i + 1 for t in ent if t.text == ","] + [ent.end]
        for lo, hi in itertools.pairwise(cuts):
            start, end = _strip(doc, lo, hi)
            if start >= end:
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
    _qualifiers(doc, mentions)
    for m in mentions:
        m.direction = _direction(doc, m)
    return mentions


def _locative(span: Span_) -> bool:
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS | MOVEMENT_PREPS


def _qualifiers(doc: Doc, mentions: list[_Mention]) -> None:
    """"Paris, Texas" / "Alexandria, La.": the second names the first's state or country."""
    by_start = {m.start: m for m in mentions}
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
        abbr = doc[m.end + 1].lower_
        if abbr in AP_STATES:
            m.qualifier = gazetteer.admin1("USA", AP_STATES[abbr])


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
    cands = [_candidates(m.text) for m in mentions]
    # Pass 1: what the article is confidently about (countries, states, towns).
    countries: list[Counter[str]] = []
    admin1s: list[Counter[tuple[str, str]]] = []
    points: list[tuple[int, GazEntry]] = []
    for i, (m, cs) in enumerate(zip(mentions, cands)):
        top = m.forced or _best(cs, m.qualifier)
        if top is None:
            countries.append(Counter())
            admin1s.append(Counter())
            continue
        confident = (len(cs) == 1 or cs[0][1] - cs[1][1] >= CONFIDENT_MARGIN or m.qualifier is not None
                     or m.forced is not None)
        c: Counter[str] = Counter()
        a: Counter[tuple[str, str]] = Counter()
        if confident and top.country:
            c[top.country] += 1
            if top.admin1 and top.feature in ("admin1", "city", "admin2"):
                a[(top.country, top.admin1)] += 1
            if m.qualifier is not None and m.qualifier.admin1 and m.qualifier.country:
                a[(m.qualifier.country, m.qualifier.admin1)] += 1
            if top.feature == "city":
                points.append((i, top))
        countries.append(c)
        admin1s.append(a)
    all_countries: Counter[str] = sum(countries, Counter())
    all_admin1: Counter[tuple[str, str]] = sum(admin1s, Counter())
    # Pass 2: every mention against the rest of the article (its own votes removed).
    for i, (m, cs) in enumerate(zip(mentions, cands)):
        if m.forced is not None:
            m.entry = m.forced
            continue
        if not cs:
            continue
        best: tuple[float, GazEntry] | None = None
        for entry, prior in cs:
            score = prior
            if m.qualifier is not None and _within(entry, m.qualifier):
                score += QUALIFIER_BONUS
            if entry.country:
                n = all_countries[entry.country] - countries[i][entry.country]
                score += COUNTRY_CONTEXT * min(n, COUNTRY_CONTEXT_CAP)
                if entry.admin1:
                    key = (entry.country, entry.admin1)
                    k = all_admin1[key] - admin1s[i][key]
                    score += ADMIN1_CONTEXT * min(k, COUNTRY_CONTEXT_CAP)
            if entry.feature in ("city", "admin2") and any(
                j != i and gazetteer.distance_km(entry.lat, entry.lon, p.lat, p.lon) <= NEAR_KM
                for j, p in points
            ):
                score += NEAR_BONUS
            if best is None or score > best[0]:
                best = (score, entry)
        assert best is not None
        m.entry = best[1]
    _anchor_counties(mentions)


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
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "Russia and China said"
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
    place of the same sentence nearest to the trigger that is not the subject or object of the
    trigger (those are the source and target actors); else ``None``.
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
        return place
    return None


def _clause_head(tok: Token) -> Token:
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _locative_prep(root: Token, trigger: Token, clause: Token) -> Token | None:
    """The preposition linking a place to the trigger or its clause, when it is locative."""
    tok = root
    prep: Token | None = None
    for _ in range(8):  # "in the city of Kyiv": pobj → prep → noun → pobj → prep → verb
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
