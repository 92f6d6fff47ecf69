"""Near-duplicate articles (MinHash-LSH) and happenings merged across reports."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.query import Filter
from dateline.scale.dedup import jaccard, shingles, signature
from dateline.store.ledger import Ledger

WIRE = (
    "Farmers blocked the main highway into the capital with hundreds of tractors on Monday, demanding lower "
    "fuel prices and an end to cheap grain imports. The agriculture minister said he would meet their leaders "
    "on Wednesday, but the farmers' union said the blockade would stay until the government changed its import "
    "rules. Police diverted traffic through the northern suburbs and no arrests were reported. The union's "
    "chairman told a rally that small farms were losing money on every tonne they sold this season."
)
ARTICLES = {
    "wire": ("2023-02-06", "Wire Service", WIRE),
    "reprint": ("2023-02-07", "Coastal Gazette", "Tractors again. " + WIRE),
    "trimmed": ("2023-02-06", "Hill Herald", WIRE.rsplit(" The union's", 1)[0]),
    "own": ("2023-02-06", "Capital Tribune", (
        "Hundreds of tractors sealed off the capital's main road as growers protested against fuel costs and "
        "imported grain. Talks with the agriculture ministry are expected midweek, a spokeswoman said, while "
        "officers sent drivers on detours around the protest."
    )),
    "other": ("2023-02-06", "Capital Tribune", (
        "The central bank kept its main interest rate unchanged on Monday and said inflation had eased for a "
        "third month in a row, helped by cheaper energy and a stronger currency."
    )),
}  # fmt: skip


def _true_jaccard(a: str, b: str) -> float:
    x, y = set(shingles(a).tolist()), set(shingles(b).tolist())
    return len(x & y) / len(x | y)


@pytest.mark.parametrize("other", ["reprint", "trimmed", "own", "other"])
def test_dedup_signature_estimates_jaccard(other: str) -> None:
    text = ARTICLES[other][2]
    assert abs(jaccard(signature(WIRE), signature(text)) - _true_jaccard(WIRE, text)) < 0.15


def test_dedup_signature_is_stable() -> None:
    # Signatures are stored and compared across runs: they must not depend on the process.
    assert signature(WIRE).tolist() == signature(WIRE).tolist()
    assert signature(WIRE).dtype.name == "uint32" and len(signature(WIRE)) == 128


def _ledger(path: Path) -> Ledger:
    ledger = Ledger(path)
    for article_id, (day, source, text) in ARTICLES.items():
        ledger.con.execute(
            "INSERT INTO articles (id, date, source, text, n_words) VALUES (?, ?, ?, ?, ?)",
            [article_id, date.fromisoformat(day), source, text, len(text.split())],
        )
    return ledger


def test_dedup_clusters_copies_not_independent_reports(ledger_path: Path) -> None:
    with _ledger(ledger_path) as ledger:
        found = ledger.dedup()
        clusters = dict(ledger.con.execute("SELECT article_id, cluster_id FROM article_clusters").fetchall())
        counts = ledger.report_counts()
        again = ledger.dedup()
    # The earliest copy names the cluster (the trimmed one is as early as the wire: ties go by id).
    assert clusters == {"wire": "trimmed", "reprint": "trimmed", "trimmed": "trimmed", "own": "own", "other": "other"}
    assert found["signed"] == 5 and found["clusters"] == 1
    assert (counts["articles"], counts["reports"], counts["duplicate_articles"]) == (5, 3, 2)
    assert again["signed"] == 0 and again["clusters"] == 1


EVENTS = [
    # id, article, type, source, target, date
    ("e1", "wire", "PROTEST", "FRA", "FRA", "2023-02-06"),
    ("e2", "reprint", "PROTEST", "FRA", "FRA", "2023-02-06"),
    ("e3", "own", "PROTEST", "FRA", "FRA", "2023-02-07"),
    ("e4", "own", "PROTEST", "FRA", "FRA", "2023-02-20"),  # two weeks later: another happening
    ("e5", "other", "CONSULT", "FRA", "DEU", "2023-02-06"),
    ("e6", "trimmed", "PROTEST", "FRA", "FRA", "2023-02-08"),
]


def test_dedup_happenings_merge_reports(ledger_path: Path) -> None:
    with _ledger(ledger_path) as ledger:
        for event_id, article, kind, source, target, day in EVENTS:
            ledger.con.execute(
                "INSERT INTO events (id, article_id, type, source_country, target_country, date, date_precision, "
                "negated, status, goldstein, quad_class) VALUES (?, ?, ?, ?, ?, ?, 'day', false, 'reported', -6.5, 3)",
                [event_id, article, kind, source, target, date.fromisoformat(day)],
            )
        found = ledger.dedup()
        happenings = ledger.happenings(Filter(country="fra"))
        only_consult = ledger.happenings(Filter(type="consult"))
        counts = ledger.report_counts()
    assert found["happenings"] == 3
    top = happenings[0]
    assert top["events"] == ["e1", "e2", "e3", "e6"]
    assert (top["n_mentions"], top["n_articles"], top["n_reports"], top["n_sources"]) == (4, 4, 2, 4)
    assert (top["first_date"], top["last_date"]) == ("2023-02-06", "2023-02-08")
    assert re.fullmatch(r"h[0-9a-f]{16}", top["id"])
    assert [h["events"] for h in only_consult] == [["e5"]]
    assert (counts["events"], counts["merged_events"], counts["happenings"]) == (6, 6, 3)
