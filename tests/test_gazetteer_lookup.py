"""Gazetteer: lookup order, variants, metonyms, supplement and load cost."""

from __future__ import annotations

import time

import pytest

from dateline.extract import gazetteer


@pytest.mark.parametrize(
    ("name", "feature", "country"),
    [
        ("Kiev", "city", "UKR"),
        ("the U.S.", "country", "USA"),
        ("Britain", "country", "GBR"),
        ("Ivory Coast", "country", "CIV"),
        ("the Russian Federation", "country", "RUS"),
        ("Crimea", "disputed", "UKR"),
        ("Donbas", "region", "UKR"),
        ("the Kremlin", "landmark", "RUS"),
        ("Georgia", "country", "GEO"),
        ("Paris", "city", "FRA"),
        ("Washington", "city", "USA"),
        ("Tigray", "admin1", "ETH"),
        ("Black Sea", "water", None),
    ],
)
def test_gazetteer_lookup_best_first(name, feature, country):
    best = gazetteer.lookup(name)[0]
    assert (best.feature, best.country) == (feature, country)


def test_gazetteer_lookup_unknown_is_empty():
    assert gazetteer.lookup("Qwertyville Xyz") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Kremlin", ("RUS", "GOV")),
        ("White House", ("USA", "GOV")),
        ("Downing Street", ("GBR", "GOV")),
        ("the Pentagon", ("USA", "MIL")),
        ("Moscow", ("RUS", "GOV")),
        ("Kiev", ("UKR", "GOV")),
        ("Washington", ("USA", "GOV")),
        ("Crimea", None),
        ("Victoria", None),
    ],
)
def test_gazetteer_metonym(name, expected):
    assert gazetteer.metonym(name) == expected


def test_gazetteer_paris_texas_is_a_candidate():
    assert any(e.country == "USA" and e.admin1 == "TX" for e in gazetteer.lookup("Paris"))


def test_gazetteer_distance_km():
    # Kyiv to Moscow is about 755 km.
    assert 700 < gazetteer.distance_km(50.45, 30.52, 55.75, 37.62) < 800


def test_gazetteer_reload_is_fast():
    gazetteer._gazetteer.cache_clear()
    gazetteer._lookup_scored.cache_clear()
    t0 = time.perf_counter()
    gazetteer.lookup("Kyiv")
    assert time.perf_counter() - t0 < 2.0  # ~0.3 s on a laptop; generous for loaded CI machines
