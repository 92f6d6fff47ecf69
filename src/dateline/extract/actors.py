"""Actors: every mention of a person, body, group or state, resolved to one canonical actor.

A mention is found from (in order of trust): user dictionaries, the bundled actor tables
(people with dated roles, organisations, countries, demonyms, capitals), role nouns with their
modifiers ("Russia's Foreign Minister", "Kazakhstani authorities", "pro-Russian rebel provinces"),
spaCy's named entities, and finally pronouns and definite descriptions ("he", "the Russian
leader", "the ministry") resolved to an earlier mention by recency, gender, number, role and
country. Mentions are grouped into canonical actors (Putin = Vladimir Putin = the Russian leader).

Events find actors through :func:`refs_for_token`; quotes through :func:`resolve`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Actor, ActorRef, Article, Span, content_id
from . import tabari
from .actor_tables import PersonRole, Tables, tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "actors"
VERSION = 4
LABEL = f"{NAME}/{VERSION}"

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
"""spaCy entity labels that can name an actor on their own."""

COREF_WINDOW_SENTENCES = 3
"""Pronouns look back this many sentences: news re-names an actor at least every few sentences,
and a longer window picks up stale antecedents."""

SUBJECT_BONUS = 12
"""Token-distance bonus for antecedents in subject position (news pronouns mostly continue the
subject); chosen so a subject two clauses back beats an object just before the pronoun."""

_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "det", "npadvmod", "nummod", "case"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_THING = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "themselves"})
_PRO = ("pro-", "pro ")
_TERRITORY = frozenset({"province", "region", "republic", "enclave", "territory", "area", "state"})


@dataclass(frozen=True)
class Mention:
    """One mention before grouping: where it is, what it resolves to, and how it was found."""

    span: Span
    head: int
    """Token index of the phrase head (what the dependency parse points at)."""
    key: str
    """Grouping key: mentions with the same key are one canonical actor."""
    name: str
    type: str
    country: str | None
    sector: str | None
    role: str = ""
    gender: str = "-"
    plural: bool = False
    via: str = "table"
    definite: bool = False
    """An unnamed role ("the Russian leader", "his counterpart") that may refer back."""


def load_dictionaries(paths: Iterable[Path]) -> int:
    """Load TABARI/PETRARCH ``.actors`` files (``--actors FILE``); returns the entries added.

    User entries take precedence over the bundled tables for the rest of the process.
    """
    added = 0
    for path in paths:
        added += tables().add_user(tabari.read_actors(Path(path)))
    return added


def clear_dictionaries() -> None:
    """Drop the entries of every loaded user dictionary (back to the bundled tables)."""
    tables().clear_user()


def _sentence_of(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def _pro_foreign(tok: Token) -> bool:
    """``pro-Russian``: the demonym names the patron, not the actor's own country."""
    doc = tok.doc
    left = doc[tok.i - 1].text.lower() if tok.i else ""
    left2 = doc[tok.i - 2].text.lower() if tok.i > 1 else ""
    return tok.text.lower().startswith(_PRO) or (left == "-" and left2 == "pro") or left == "pro"


class _Builder:
    """Finds the mentions of one article; kept as a class so the lookups share per-article state."""

    def __init__(self, article: Article, tab: Tables) -> None:
        assert article.doc is not None
        self.article = article
        self.doc = article.doc
        self.tab = tab
        self.day = article.date
        self.places = [p.span for p in article.places]
        self.matches = tab.match(self.doc)  # token index → (start, end, entry) of the longest match
        self.mentions: list[Mention] = []
        self.heads: dict[int, list[Mention]] = {}

    # --- lookups -------------------------------------------------------------------------------
    def country_of(self, tok: Token) -> str | None:
        """The country a modifier token names (demonym, country name, capital), if any."""
        entry = self.matches.get(tok.i)
        if entry is not None and entry[2].kind in ("country", "demonym", "capital"):
            return entry[2].code
        return self.tab.demonyms.get(tok.text.lower().removeprefix("pro-")) if tok.pos_ == "ADJ" else None

    def modifier_countries(self, head: Token) -> list[tuple[Token, str]]:
        """Countries named by the modifiers of ``head`` (with their conjuncts) or by ``of X``."""
        found: list[tuple[Token, str]] = []
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < head.i:
                for tok in (child, *child.conjuncts):
                    if _pro_foreign(tok):
                        continue
                    code = self.country_of(tok)
                    if code is None and tok.dep_ == "poss":
                        code = self._possessor_country(tok)
                    if code:
                        found.append((tok, code))
                for grand in child.children:  # "Russia's Foreign Minister": poss hangs on the compound
                    if grand.dep_ == "poss" and (code := self.country_of(grand) or self._possessor_country(grand)):
                        found.append((grand, code))
            elif child.dep_ == "prep" and child.lower_ in ("of", "in") and child.i > head.i:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (code := self.country_of(pobj)):
                        found.append((pobj, code))
        return found

    def _possessor_country(self, tok: Token) -> str | None:
        """``his Azerbaijani counterpart`` → none here; ``Iraq's Al-Qaeda`` → IRQ via the table."""
        if tok.pos_ == "PRON":
            return None
        for m in self.heads.get(tok.i, []):
            return m.country
        return None

    def role_of(self, head: Token) -> tuple[str, str, str, str] | None:
        """(role, sector, kind, gender) of a role noun, using compounds ("foreign minister")."""
        lemma = head.lemma_.lower()
        compounds = [c.lower_ for c in head.children if c.dep_ == "compound" and c.i < head.i]
        for n in range(len(compounds), 0, -1):
            phrase = " ".join([*compounds[-n:], lemma])
            if phrase in self.tab.roles:
                return (phrase, *self.tab.roles[phrase])
        amods = [c.lower_ for c in head.children if c.dep_ == "amod" and c.i < head.i]
        for a in amods:
            if f"{a} {lemma}" in self.tab.roles:
                return (f"{a} {lemma}", *self.tab.roles[f"{a} {lemma}"])
        if lemma in self.tab.roles:
            return (lemma, *self.tab.roles[lemma])
        return None

    def modifier_sector(self, head: Token) -> str | None:
        """A rebel/opposition/militant modifier overrides the head's sector ("rebel leaders")."""
        for child in head.children:
            if child.dep_ in ("amod", "compound") and child.i < head.i:
                role = self.tab.roles.get(child.lemma_.lower())
                if role and role[0] in ("REB", "OPP", "UAF", "MIL", "COP", "LEG", "JUD"):
                    return role[0]
        return None

    def phrase_span(self, head: Token) -> Span:
        """From the leftmost pre-modifier (determiner included) to the head."""
        start = head
        for child in head.lefts:
            if child.dep_ in _MODIFIER_DEPS or child.dep_ in ("amod", "advmod", "punct"):
                start = min(start, child.left_edge, key=lambda t: t.i)
                break
        while start.i < head.i and start.is_punct:
            start = self.doc[start.i + 1]
        return (start.idx, head.idx + len(head.text))

    def is_place(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.places)

    # --- mention finding -----------------------------------------------------------------------
    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.heads.setdefault(m.head, []).append(m)

    def person_role(self, roles: tuple[PersonRole, ...]) -> PersonRole | None:
        return _role_at(roles, self.day)

    def table_mentions(self) -> set[int]:
        """Mentions from dictionary matches; returns the token indices they cover."""
        covered: set[int] = set()
        seen: set[int] = set()
        for start, end, entry in self.matches.values():
            if start in seen:
                continue
            seen.add(start)
            head = self.doc[end - 1]
            if entry.kind == "demonym":
                continue  # demonyms are modifiers; group nouns ("Palestinians") come from role_mentions
            if entry.kind == "bloc" and (head.dep_ == "compound" or head.dep_ == "amod"):
                continue  # "West Bank", "Western troops" are not the West itself
            covered.update(range(start, end))
            span = (self.doc[start].idx, head.idx + len(head.text))  # the name itself, titles left out
            if entry.kind == "person":
                role = self.person_role(entry.roles)
                country, sector = (role.country, role.sector) if role else (None, None)
                if role and role.end and self.day and role.end < self.day:
                    sector = "ELI"  # a former office holder: CAMEO's "elite" agent
                self.add(Mention(span, head.i, f"P:{entry.name}", entry.name, "PERSON", country, sector,
                                 role.role if role else "", entry.gender))
            elif entry.kind == "capital":
                if head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "near", "from", "to", "into"):
                    continue  # "in Moscow" is a place, not the government
                self.add(Mention(span, head.i, f"G:{entry.code}:GOV", f"{self.tab.adjective(entry.code or '')} government",
                                 "GPE", entry.code, "GOV", "government", via="metonym"))
            elif entry.kind == "user":  # dated codes honoured against the article date
                role = self.person_role(entry.roles)
                self.add(Mention(span, head.i, f"U:{entry.name}", entry.name, entry.type,
                                 role.country if role else None, role.sector if role else None, via="dictionary"))
            else:
                self.add(Mention(span, head.i, f"{entry.kind[0].upper()}:{entry.name}", entry.name, entry.type,
                                 entry.code, entry.sector, via=entry.kind))
        return covered

    def role_mentions(self, covered: set[int], other_country: dict[str, str]) -> None:
        """Role nouns and group nouns with their country ("Kazakhstani authorities")."""
        for tok in self.doc:
            if tok.i in covered or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            role = self.role_of(tok)
            lemma = tok.lemma_.lower()
            demonym = self.tab.demonyms.get(tok.text.lower())
            if role is None and demonym is None and lemma not in _TERRITORY:
                continue
            countries = self.modifier_countries(tok)
            sector = self.modifier_sector(tok) or (role[1] if role else None)
            if role is None and demonym:  # "Palestinians", "Iraqi Kurds"
                countries, sector = [(tok, demonym)], "CVL"
                role = (lemma, "CVL", "group", "-")
            if role is None:  # territory: only an actor when a rebel modifier says so
                if sector != "REB":
                    continue
                role = (lemma, "REB", "group", "-")
            if not countries and sector in ("REB", "UAF"):
                patron = next((code for c in tok.subtree if c.i < tok.i and _pro_foreign(c)
                               and (code := self.country_of(c))), None)
                if patron and patron in other_country:
                    countries = [(tok, other_country[patron])]
            span = self.phrase_span(tok)
            kind = role[2]
            definite = kind == "person" or lemma == "ministry"
            definite = definite and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "his", "her", "its", "their")
                                        for c in tok.children)
            plural = tok.tag_ in ("NNS", "NNPS") or (kind == "body" and lemma in ("authority",))
            if not countries:
                self.add(Mention(span, tok.i, "", self.doc.text[span[0]:span[1]], "ROLE", None, sector,
                                 role[0], role[3], plural, via="role"))
                continue
            for mod, code in countries:
                mspan = span if len(countries) == 1 else (mod.idx, mod.idx + len(mod.text))
                gov_body = kind == "body" and sector == "GOV"
                key = f"G:{code}:GOV" if gov_body else f"R:{code}:{sector}:{role[0] if kind == 'person' else lemma}"
                name = f"{self.tab.adjective(code)} government" if gov_body else self._group_name(code, tok, role[0])
                self.add(Mention(mspan, tok.i, key, name, "ORG" if kind == "body" else "NORP" if kind == "group"
                                 else "PERSON", code, sector, role[0], role[3], plural, via="role",
                                 definite=definite and len(countries) == 1))

    def _group_name(self, code: str, head: Token, role: str) -> str:
        adjective = self.tab.adjective(code)
        noun = head.text if head.tag_ in ("NNS", "NNPS") else role
        return f"{adjective} {noun}"

    def entity_mentions(self, covered: set[int]) -> None:
        """spaCy entities the tables do not know (fixing the labels the tables contradict)."""
        for ent in self.doc.ents:
            if ent.label_ not in ACTOR_LABELS or any(i in covered for i in range(ent.start, ent.end)):
                continue
            if ent.label_ in ("PERSON", "ORG") and self.is_place(ent.start_char, ent.end_char):
                continue  # a toponym the NER mislabelled ("Nagorno-Karabakh" as ORG)
            head = ent.root
            if ent.label_ == "NORP" or (ent.label_ == "GPE" and head.dep_ in ("amod", "compound")):
                continue  # modifiers, handled with their head
            if ent.label_ in ("GPE", "FAC") and head.i in self.heads:
                continue
            countries = self.modifier_countries(head) if ent.label_ in ("PERSON", "ORG") else []
            if not countries and ent.label_ == "PERSON":  # "British Defence Secretary Tom King"
                countries = [(t, c) for t in self.doc[head.left_edge.i:ent.start] if (c := self.country_of(t))]
            code = countries[0][1] if countries else None
            role = None
            for t in self.doc[max(0, ent.start - 4):ent.start]:
                if t.head.i == head.i or t.head.i in range(ent.start, ent.end) or t.dep_ == "compound":
                    role = self.role_of(t) or role
            sector = role[1] if role else None
            name = ent.text.removesuffix("'s").removesuffix("’s").removeprefix("the ").strip()
            span = (ent.start_char, ent.start_char + len(name)) if ent.text.startswith(name) else (
                ent.end_char - len(name), ent.end_char)
            key = f"N:{ent.label_}:{name.split()[-1].lower() if ent.label_ == 'PERSON' else name.lower()}"
            for tok in range(ent.start, ent.end):
                covered.add(tok)
            self.add(Mention(span, head.i, key, name, ent.label_, code, sector, role[0] if role else "",
                             "-", via="ner"))

    def build(self) -> list[Mention]:
        covered = self.table_mentions()
        counts = Counter(m.country for m in self.mentions if m.country)
        # "pro-Russian rebels" are rebels in the country the article is about, other than the patron
        other = {c: next((o for o, _ in counts.most_common() if o != c and len(o) == 3 and o.isalpha()), c)
                 for c in counts}
        self.role_mentions(covered, other)
        self.entity_mentions(covered)
        self.mentions.sort(key=lambda m: (m.span[0], -m.span[1]))
        return _Coref(self).run()


def _role_at(roles: tuple[PersonRole, ...], day: date | None) -> PersonRole | None:
    """The role held on ``day`` (else the latest one before it, else the first)."""
    if not roles:
        return None
    if day is None:
        return roles[-1]
    held = [r for r in roles if r.start <= day and (r.end is None or day < r.end)]
    # A dated role beats an undated default (TABARI lists "[RUSGOV >080508]" then "[RUSELI]").
    dated = [r for r in held if r.start > date.min or r.end is not None]
    if dated or held:
        return (dated or held)[-1]
    before = [r for r in roles if r.start <= day]
    return before[-1] if before else roles[0]


class _Coref:
    """Pronouns, unnamed role mentions and definite descriptions → an earlier mention."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.sent = _sentence_of(builder.doc)

    def run(self) -> list[Mention]:
        resolved: list[Mention] = []
        pending = {m.head for m in self.b.mentions}
        for tok in self.b.doc:
            for m in self.b.heads.get(tok.i, []):
                target = self.antecedent(tok, resolved, m) if m.definite or not m.key else None
                if target is not None:
                    resolved.append(self._as(target, m.span, tok.i, "coref"))
                elif m.key:
                    resolved.append(m)
            if tok.pos_ == "PRON" and tok.i not in pending:
                target = self.antecedent(tok, resolved, None)
                if target is not None:
                    resolved.append(self._as(target, (tok.idx, tok.idx + len(tok.text)), tok.i, "pronoun"))
            # "his Azerbaijani counterpart President Ilham Aliyev": the appositive names the role
            if tok.dep_ == "appos" and tok.head.i in self.b.heads:
                named = [m for m in resolved if m.head == tok.i and m.key.startswith(("P:", "N:PERSON"))]
                if named:
                    resolved = [self._as(named[0], m.span, m.head, "appos") if m.head == tok.head.i
                                and not m.key.startswith("P:") else m for m in resolved]
        self.b.heads = {}
        for m in resolved:
            self.b.heads.setdefault(m.head, []).append(m)
        return resolved

    @staticmethod
    def _as(target: Mention, span: Span, head: int, via: str) -> Mention:
        return replace(target, span=span, head=head, via=via)

    def antecedent(self, tok: Token, before: list[Mention], unnamed: Mention | None) -> Mention | None:
        word = tok.lower_
        if unnamed is None and word not in _MALE | _FEMALE | _THING | _PLURAL:
            return None
        limit = self.sent[tok.i] - COREF_WINDOW_SENTENCES
        best: tuple[int, Mention] | None = None
        for m in reversed(before):
            if m.head >= tok.i or (unnamed is None and self.sent[m.head] < limit):
                continue
            if not self._compatible(word, m, unnamed):
                continue
            htok = self.b.doc[m.head]
            score = (tok.i - m.head) - (SUBJECT_BONUS if htok.dep_ in _SUBJECT_DEPS else 0)
            if best is None or score < best[0]:
                best = (score, m)
        return best[1] if best else None

    def _compatible(self, word: str, m: Mention, unnamed: Mention | None) -> bool:
        is_person = m.type == "PERSON"
        if unnamed is not None:  # "the Russian leader", "the minister", "the ministry"
            if not unnamed.role or (not m.role and not is_person):
                return False
            role = unnamed.role
            if role == "ministry":
                return "minist" in m.role or "secretary" in m.role
            if not is_person or self.b.doc[unnamed.head].tag_ in ("NNS", "NNPS"):
                return False
            if unnamed.country and m.country != unnamed.country:
                return False
            if role in ("leader", "head of state"):
                return m.sector in ("GOV", None) and not m.role.endswith(("minister", "secretary", "spokesman"))
            return role in m.role or role == "counterpart"
        if word in _MALE:
            return is_person and m.gender != "f" and not m.plural
        if word in _FEMALE:
            return is_person and m.gender != "m" and not m.plural
        if self.b.doc[m.head].dep_ not in _SUBJECT_DEPS | {"poss"}:
            return False  # "it"/"they" continue a subject; objects as antecedents are mostly wrong
        if word in _THING:
            return not is_person and not m.plural and m.type in ("GPE", "ORG")
        return m.plural


def _group(article: Article, mentions: list[Mention]) -> list[Actor]:
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    actors = []
    for key, ms in by_key.items():
        first = next((m for m in ms if m.via not in ("pronoun", "coref")), ms[0])
        spans = tuple(sorted({m.span for m in ms}))
        actors.append(Actor(
            id=content_id("r", article.id, key), name=first.name, type=first.type, span=first.span,
            mentions=spans, country=first.country, sector=first.sector, extractor=LABEL,
        ))
    actors.sort(key=lambda a: a.span)
    return actors


def annotate(article: Article) -> None:
    """Find, resolve and group the actor mentions of ``article.doc`` into ``article.actors``."""
    assert article.doc is not None, "actors need the NLP stage"
    builder = _Builder(article, tables())
    mentions = [m for m in builder.build() if m.key]
    article.actors.extend(_group(article, mentions))
    ids = {m.key: content_id("r", article.id, m.key) for m in mentions}
    by_head: dict[int, list[tuple[Mention, str]]] = {}
    for m in mentions:
        by_head.setdefault(m.head, []).append((m, ids[m.key]))
    article.extra["actors.by_head"] = by_head


def refs_for_token(article: Article, token: Token) -> list[ActorRef]:
    """The actors a phrase headed by ``token`` refers to (several for "Hungarian and Romanian officials")."""
    found: dict[int, list[tuple[Mention, str]]] = article.extra.get("actors.by_head", {})
    refs = []
    for m, actor_id in found.get(token.i, []):
        refs.append(ActorRef(m.span, m.name, m.type, m.country, m.sector, actor_id))
    return refs


def resolve(article: Article, span: Span) -> ActorRef | None:
    """The actor that the mention at ``span`` refers to, referenced through that mention."""
    start, end = span
    best: tuple[int, ActorRef] | None = None
    found: dict[int, list[tuple[Mention, str]]] = article.extra.get("actors.by_head", {})
    for items in found.values():
        for m, actor_id in items:
            if m.span[0] < end and start < m.span[1]:
                size = m.span[1] - m.span[0]
                if best is None or size < best[0]:
                    best = (size, ActorRef(m.span, m.name, m.type, m.country, m.sector, actor_id))
    if best is not None:
        return best[1]
    for actor in article.actors:  # a caller running on records restored without the scratch index
        for ms in actor.mentions:
            if ms[0] < end and start < ms[1]:
                return actor.ref(ms)
    return None
