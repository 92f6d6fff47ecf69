"""Time every API call the explorer makes on a generated 1M-event ledger (target: < 200 ms each).

    .venv/bin/python benchmarks/api_latency.py [--events 1000000] [--db /tmp/bench.duckdb] [--repeat 5]

The ledger is synthetic (rows generated with SQL, about 20 s for 1M events): articles of fixed-length
sentences, actors, events, quotes and places drawn pseudo-randomly from small tables, so that the
filters the explorer uses select realistic fractions. The figures are a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from dateline.store.ledger import Ledger
from dateline.web.server import make_server

EVENTS_PER_ARTICLE = 10
SENTENCE = 80
"""Every synthetic sentence is padded to this length, so evidence spans are computed, not searched."""

COUNTRIES = [
    ("RUS", "Russia", "Moscow", 55.75, 37.62), ("UKR", "Ukraine", "Kyiv", 50.45, 30.52),
    ("USA", "United States", "Washington", 38.9, -77.04), ("CHN", "China", "Beijing", 39.9, 116.4),
    ("FRA", "France", "Paris", 48.86, 2.35), ("DEU", "Germany", "Berlin", 52.52, 13.4),
    ("GBR", "United Kingdom", "London", 51.5, -0.13), ("IND", "India", "New Delhi", 28.61, 77.21),
    ("PAK", "Pakistan", "Islamabad", 33.69, 73.05), ("IRN", "Iran", "Tehran", 35.69, 51.39),
    ("ISR", "Israel", "Jerusalem", 31.77, 35.21), ("TUR", "Turkey", "Ankara", 39.93, 32.86),
    ("SYR", "Syria", "Damascus", 33.51, 36.29), ("EGY", "Egypt", "Cairo", 30.04, 31.24),
    ("SDN", "Sudan", "Khartoum", 15.5, 32.56), ("ETH", "Ethiopia", "Addis Ababa", 9.03, 38.74),
    ("NGA", "Nigeria", "Abuja", 9.06, 7.5), ("KEN", "Kenya", "Nairobi", -1.29, 36.82),
    ("BRA", "Brazil", "Brasilia", -15.79, -47.88), ("VEN", "Venezuela", "Caracas", 10.48, -66.9),
    ("COL", "Colombia", "Bogota", 4.71, -74.07), ("MEX", "Mexico", "Mexico City", 19.43, -99.13),
    ("JPN", "Japan", "Tokyo", 35.68, 139.69), ("KOR", "South Korea", "Seoul", 37.57, 126.98),
    ("PHL", "Philippines", "Manila", 14.6, 120.98), ("AUS", "Australia", "Canberra", -35.28, 149.13),
    ("POL", "Poland", "Warsaw", 52.23, 21.01), ("SRB", "Serbia", "Belgrade", 44.79, 20.45),
    ("ARM", "Armenia", "Yerevan", 40.18, 44.51), ("AZE", "Azerbaijan", "Baku", 40.41, 49.87),
]  # fmt: skip
TYPES = [
    ("AGREE", 1, 4.0), ("CONSULT", 1, 1.0), ("SUPPORT", 1, 3.5), ("CONCEDE", 2, 5.0), ("COOPERATE", 2, 6.0),
    ("AID", 2, 7.4), ("RETREAT", 2, 5.0), ("REQUEST", 1, 3.0), ("ACCUSE", 3, -2.0), ("REJECT", 3, -4.0),
    ("THREATEN", 3, -6.0), ("PROTEST", 4, -6.5), ("SANCTION", 4, -8.0), ("MOBILIZE", 4, -7.2),
    ("COERCE", 4, -7.0), ("ASSAULT", 4, -10.0),
]  # fmt: skip
SECTORS = ["GOV", "MIL", "OPP", "CVL", "REB", "COP"]


def _lit(values: Sequence[object]) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def make_ledger(path: Path, n_events: int) -> None:
    """Create a synthetic ledger with ``n_events`` events (and a tenth as many articles)."""
    if path.exists():
        path.unlink()
    n_articles = max(1, n_events // EVENTS_PER_ARTICLE)
    iso, names, cities, lats, lons = (_lit([c[i] for c in COUNTRIES]) for i in range(5))
    types, quads, golds = (_lit([t[i] for t in TYPES]) for i in range(3))
    nc, nt = len(COUNTRIES), len(TYPES)
    with Ledger(path) as ledger:
        con = ledger.con
        con.execute("INSERT INTO runs VALUES ('bench', current_timestamp, 'bench', 'none', '{}', 'benchmark')")
        pick = "list_element({lst}, (hash({seed}) % {n})::INTEGER + 1)"
        sentence = (
            f"rpad({pick.format(lst=names, seed='i * 7 + k', n=nc)} || ' officials met counterparts from ' || "
            f"{pick.format(lst=names, seed='i * 13 + k', n=nc)} || ' in ' || "
            f"{pick.format(lst=cities, seed='i * 17 + k', n=nc)} || '.', {SENTENCE - 1}, ' ') || ' '"
        )
        con.execute(f"""INSERT INTO articles
            SELECT 'b' || i, DATE '2015-01-01' + (i % 3650)::INTEGER, 'Synthetic report ' || i, NULL, 'bench',
                   'bench', 'en', text, md5(text), 60, 'bench',
                   json_object('article', json_object('id', 'b' || i, 'date', strftime(DATE '2015-01-01' + (i % 3650)::INTEGER, '%Y-%m-%d'),
                               'title', 'Synthetic report ' || i, 'language', 'en'), 'provenance', json_object('dateline', 'bench'))
            FROM (SELECT i, string_agg({sentence}, '' ORDER BY k) AS text
                  FROM range({n_articles}) r(i), range(5) s(k) GROUP BY i)""")
        src, tgt = f"(hash(e * 3) % {nc})::INTEGER + 1", f"(hash(e * 5 + 1) % {nc})::INTEGER + 1"
        ty = f"(hash(e * 11) % {nt})::INTEGER + 1"
        con.execute(f"""INSERT INTO events
            SELECT 'e' || e, 'b' || a, list_element({types}, {ty}), NULL, NULL, list_element({quads}, {ty}),
                   list_element({golds}, {ty}),
                   's' || {src}, list_element({names}, {src}) || ' government', list_element({iso}, {src}), 'GOV',
                   't' || {tgt}, list_element({names}, {tgt}) || ' government', list_element({iso}, {tgt}), 'GOV',
                   false, 'reported', d, strftime(d, '%Y-%m-%d'), 'day', list_element({cities}, {src}),
                   list_element({iso}, {src}), list_element({lats}, {src}), list_element({lons}, {src}),
                   {SENTENCE} * (e % 5), {SENTENCE} * (e % 5) + {SENTENCE - 1}, 0.8, 'events/bench',
                   json_object('id', 'e' || e, 'type', list_element({types}, {ty}), 'quad_class', list_element({quads}, {ty}),
                               'goldstein', list_element({golds}, {ty}),
                               'source', json_object('name', list_element({names}, {src}) || ' government', 'country', list_element({iso}, {src})),
                               'target', json_object('name', list_element({names}, {tgt}) || ' government', 'country', list_element({iso}, {tgt})),
                               'date', strftime(d, '%Y-%m-%d'), 'sentence_span', [{SENTENCE} * (e % 5), {SENTENCE} * (e % 5) + {SENTENCE - 1}],
                               'trigger', json_object('text', 'met', 'span', [{SENTENCE} * (e % 5) + 5, {SENTENCE} * (e % 5) + 8]),
                               'extractor', 'events/bench')
            FROM (SELECT e, e // {EVENTS_PER_ARTICLE} AS a, DATE '2015-01-01' + ((e // {EVENTS_PER_ARTICLE}) % 3650)::INTEGER AS d
                  FROM range({n_articles * EVENTS_PER_ARTICLE}) r(e))""")
        con.execute(f"""INSERT INTO actors
            SELECT 'r' || i || '_' || k, 'b' || i, list_element({names}, c) || ' government', 'ORG', list_element({iso}, c),
                   list_element({_lit(SECTORS)}, (k % {len(SECTORS)}) + 1), 2, 'actors/bench',
                   json_object('name', list_element({names}, c) || ' government', 'text', list_element({names}, c),
                               'span', [0, length(list_element({names}, c))], 'country', list_element({iso}, c))
            FROM (SELECT i, k, (hash(i * 7 + k) % {nc})::INTEGER + 1 AS c FROM range({n_articles}) r(i), range(3) s(k))""")
        con.execute(f"""INSERT INTO quotes
            SELECT 'q' || i, 'b' || i, 's' || c, list_element({names}, c) || ' president', list_element({iso}, c), 'GOV',
                   'the president', 'said', 'We will defend our interests', true, DATE '2015-01-01' + (i % 3650)::INTEGER,
                   NULL, 0, {SENTENCE - 1}, 0.9, 'quotes/bench',
                   json_object('id', 'q' || i, 'speaker', json_object('name', list_element({names}, c) || ' president', 'country', list_element({iso}, c)),
                               'content', json_object('text', 'We will defend our interests', 'span', [0, 28]), 'extractor', 'quotes/bench')
            FROM (SELECT i, (hash(i * 19) % {nc})::INTEGER + 1 AS c FROM range({n_articles}) r(i))""")
        con.execute(f"""INSERT INTO places
            SELECT 'b' || i, 0, 5, list_element({cities}, c), list_element({cities}, c), list_element({iso}, c),
                   list_element({lats}, c), list_element({lons}, c), NULL, 'city', 'places/bench', '{{}}'
            FROM (SELECT i, (hash(i * 17) % {nc})::INTEGER + 1 AS c FROM range({n_articles}) r(i))""")
        con.execute("CHECKPOINT")


EXPLORER_CALLS = [
    "/api/stats",
    "/api/timeline?period=month&split=quad_class",
    "/api/timeline?period=week&split=type&country=RUS",
    "/api/timeline?period=day&split=quad_class&since=2020-01-01&until=2020-03-31",
    "/api/dyads?by=country&limit=60",
    "/api/dyads?by=actor&limit=60&country=UKR",
    "/api/map?limit=500",
    "/api/places?limit=500",
    "/api/events?limit=50",
    "/api/events?limit=50&actor=Russia",
    "/api/events?limit=50&country=CHN&quad_class=4&since=2019-01-01",
    "/api/events?limit=50&place=Kyiv&type=ASSAULT",
    "/api/events?limit=50&offset=5000",
    "/api/quotes?limit=50",
    "/api/quotes?limit=50&speaker=France",
    "/api/speakers?limit=100",
    "/api/actors?limit=50",
    "/api/articles?limit=20",
    "/api/search?q=officials+Paris&limit=20",
    "/api/search?q=Caracas+Bogota&limit=20",
    "/api/articles/b12345",
]
"""What the explorer requests on first load and on the clicks that filter it."""


def main() -> int:
    """Build (or reuse) the ledger, start the server and time each call; prints a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dateline-bench.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing ledger at --db")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        t0 = time.perf_counter()
        make_ledger(args.db, args.events)
        print(f"generated {args.events:,} events in {time.perf_counter() - t0:.1f} s -> {args.db}", file=sys.stderr)
    t0 = time.perf_counter()
    server = make_server(args.db, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    service = server.RequestHandlerClass.service  # type: ignore[attr-defined]
    print(f"server ready in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    service.fts_ready.wait(timeout=300)
    print(f"search index ready after {time.perf_counter() - t0:.1f} s ({service.fts_error or 'bm25'})", file=sys.stderr)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    worst = 0.0
    print(f"{'call':<80} {'median ms':>10} {'max ms':>8}")
    for call in EXPLORER_CALLS:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            with urllib.request.urlopen(base + call) as response:
                response.read()
            times.append((time.perf_counter() - t) * 1000)
        worst = max(worst, statistics.median(times))
        print(f"{call:<80} {statistics.median(times):>10.1f} {max(times):>8.1f}")
    # First page: every call the explorer fires on load, concurrently as the browser does.
    first = [*EXPLORER_CALLS[:2], "/api/dyads?by=country&limit=60", "/api/map?limit=500", "/api/events?limit=50",
             "/api/speakers?limit=100", "/api/quotes?limit=50", "/api/articles?limit=20"]  # fmt: skip
    t = time.perf_counter()
    threads = [threading.Thread(target=lambda c=c: urllib.request.urlopen(base + c).read()) for c in first]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    print(f"first page (all {len(first)} calls concurrently): {(time.perf_counter() - t) * 1000:.0f} ms")
    print(f"slowest median: {worst:.1f} ms ({'under' if worst < 200 else 'OVER'} the 200 ms target)")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
