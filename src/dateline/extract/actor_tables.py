"""The actor tables (people with dated roles, organisations, countries, roles) and their matcher.

Tables are read once from ``dateline/data/actors_*.tsv``; names are matched with spaCy
``PhraseMatcher`` objects built once per vocabulary (case-sensitive for the bundled tables, whose
names are written as news prints them; lower-case for user dictionaries, which TABARI writes in
capitals). User dictionary entries win over the bundled ones on the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from .tabari import DictEntry

_KIND_RANK = {"user": 0, "person": 1, "org": 2, "country": 3, "bloc": 3, "capital": 4, "demonym": 5}
"""Which table wins when two match the same words (user dictionaries first)."""

_USER_MIN_CHARS = 3
"""User phrases shorter than this are skipped: TABARI files hold two-letter codes ("US", "UN") that,
matched case-insensitively, hit the pronoun "us" and the like."""


@dataclass(frozen=True)
class PersonRole:
    """One dated role of a person (or one dated code of a user dictionary entry)."""

    country: str | None
    sector: str | None
    role: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Entry:
    """Something a name can resolve to."""

    kind: str
    name: str
    code: str | None = None
    sector: str | None = None
    type: str = "ORG"
    gender: str = "-"
    roles: tuple[PersonRole, ...] = ()


def _lines(name: str) -> list[list[str]]:
    text = resources.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _day(value: str) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


@dataclass
class Tables:
    """Every name the actor stage knows, and the role nouns that make a phrase an actor."""

    names: dict[str, list[Entry]] = field(default_factory=dict)
    user_names: dict[str, list[Entry]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    roles: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """role phrase → (sector, kind person/group/body, gender)"""
    country_names: dict[str, str] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)
    _matchers: dict[int, tuple[PhraseMatcher, PhraseMatcher]] = field(default_factory=dict)

    def country_name(self, code: str) -> str:
        """The short English name of a country or bloc code."""
        return self.country_names.get(code, code)

    def adjective(self, code: str) -> str:
        """The adjective of a country ("Russian"), falling back to its name."""
        return self.adjectives.get(code, self.country_name(code))

    def add_user(self, entries: list[DictEntry]) -> int:
        """Add user dictionary entries; returns how many phrases were added."""
        added = 0
        for e in entries:
            roles = tuple(PersonRole(r.country, r.sector, r.code, r.start, r.end) for r in e.codes)
            first = e.codes[0] if e.codes else None
            entry = Entry("user", e.name, first.country if first else None, first.sector if first else None,
                          "ORG", "-", roles)
            for phrase in e.phrases:
                if len(phrase) >= _USER_MIN_CHARS:
                    self.user_names.setdefault(phrase, []).insert(0, entry)
                    added += 1
        self._matchers.clear()
        return added

    def clear_user(self) -> None:
        """Forget every user dictionary entry."""
        self.user_names.clear()
        self._matchers.clear()

    def _build(self, doc: Doc) -> tuple[PhraseMatcher, PhraseMatcher]:
        from spacy.matcher import PhraseMatcher

        from ..nlp import load_model

        key = id(doc.vocab)
        if key not in self._matchers:
            tokenizer = load_model().make_doc if load_model().vocab is doc.vocab else _plain(doc)
            exact = PhraseMatcher(doc.vocab, attr="ORTH")
            lower = PhraseMatcher(doc.vocab, attr="LOWER")
            # The match keys must outlive a spaCy memory zone (the pipeline codes each batch in one, and
            # the first batch builds these matchers): transient keys are freed with the zone and every
            # later match then fails with E018. The patterns themselves are stored as hashes.
            strings = doc.vocab.strings
            for n, phrase in enumerate(self.names):
                strings.add(f"b{n}", allow_transient=False)  # type: ignore[call-arg]  # stub lags spaCy 3.8
                exact.add(f"b{n}", [tokenizer(phrase)])
            for n, phrase in enumerate(self.user_names):
                strings.add(f"u{n}", allow_transient=False)  # type: ignore[call-arg]
                lower.add(f"u{n}", [tokenizer(phrase)])
            self._matchers[key] = (exact, lower)
        return self._matchers[key]

    def match(self, doc: Doc) -> dict[int, tuple[int, int, Entry]]:
        """Longest non-overlapping table matches: token index → (start, end, entry)."""
        exact, lower = self._build(doc)
        names = list(self.names)
        user = list(self.user_names)
        found: list[tuple[int, int, int, Entry]] = []
        strings = doc.vocab.strings
        for matcher, table, pool in ((exact, self.names, names), (lower, self.user_names, user)):
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                entries = table[pool[int(label[1:])]]
                entry = min(entries, key=lambda e: _KIND_RANK[e.kind])
                found.append((start, end, _KIND_RANK[entry.kind], entry))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
        taken: dict[int, tuple[int, int, Entry]] = {}
        for start, end, _, entry in found:
            if any(i in taken for i in range(start, end)):
                continue
            for i in range(start, end):
                taken[i] = (start, end, entry)
        return taken


def _plain(doc: Doc) -> Callable[[str], Doc]:
    """A whitespace tokenizer on the document's vocabulary (documents from another pipeline)."""
    from spacy.tokens import Doc

    return lambda phrase: Doc(doc.vocab, words=phrase.split())


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The bundled tables, read once per process."""
    tab = Tables()

    def put(phrase: str, entry: Entry) -> None:
        if phrase:
            tab.names.setdefault(phrase, []).append(entry)

    for row in _lines("actors_countries.tsv"):
        code, names, demonyms, capitals = ([*row, "", "", ""])[:4]
        kind = "bloc" if code == "WST" else "country"
        first = names.split(";")[0]
        tab.country_names[code] = first
        adjs = [d for d in demonyms.split(";") if d]
        if adjs:
            tab.adjectives[code] = adjs[0]
        for n in names.split(";"):
            put(n, Entry(kind, first, code, None, "GPE"))
        for d in adjs:
            put(d, Entry("demonym", first, code, None, "NORP"))
            tab.demonyms[d.lower()] = code
        for c in capitals.split(";"):
            put(c, Entry("capital", first, code, "GOV", "GPE"))
    for row in _lines("actors_orgs.tsv"):
        name, aliases, code, sector, typ = row[:5]
        entry = Entry("org", name, code, sector, typ)
        for n in [name, *aliases.split(";")]:
            put(n.removeprefix("the "), entry)
    for row in _lines("actors_people.tsv"):
        name, aliases, gender, roles_text = row[:4]
        roles = []
        for r in roles_text.split(";"):
            country, sector, role, start, end = r.split("|")
            start_day = _day(start)
            assert start_day is not None, f"role without a start date: {name}"
            roles.append(PersonRole(country, sector, role, start_day, _day(end)))
        entry = Entry("person", name, None, None, "PERSON", gender, tuple(sorted(roles, key=lambda r: r.start)))
        for n in [name, *aliases.split(";")]:
            put(n, entry)
    for row in _lines("actors_roles.tsv"):
        phrase, sector, kind, gender = row[:4]
        tab.roles[phrase] = (sector, kind, gender)
    return tab
