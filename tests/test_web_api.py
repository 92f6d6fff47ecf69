"""The JSON API on a small hand-made ledger: every endpoint, every filter, limits and security headers."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.store.ledger import Ledger
from dateline.web.server import CSP, make_server

RUSSIA = {"name": "Russia", "country": "RUS", "sector": "GOV"}
UKRAINE = {"name": "Ukraine government", "country": "UKR", "sector": "GOV"}
FRANCE = {"name": "France", "country": "FRA", "sector": "GOV"}
KYIV = {"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52, "feature": "city", "geonames_id": 703448}
KHARKIV = {"name": "Kharkiv", "country": "UKR", "lat": 49.99, "lon": 36.23, "feature": "city", "geonames_id": 706483}

ARTICLES = {
    "art-troops": ("2022-02-10", "Troops at the border",
                   "Russia massed troops near Kharkiv on Monday. The Ukrainian president said: \"We will defend our land.\" "
                   "Officials in Kyiv met French diplomats."),
    "art-aid": ("2022-03-05", "Aid arrives", "France sent medical aid to Ukraine on Friday. Paris promised more help in April."),
    "art-script": ("2022-04-01", "A hostile page",
                   "Activists wrote <script>window.__pwned = 1</script> and <img src=x onerror=alert(1)> in a statement. "
                   "Russia accused Ukraine of shelling Kharkiv."),
}  # fmt: skip

# (id, article, trigger, sentence start word, type, quad, goldstein, source, target, location, date)
EVENTS = [
    ("ev-mass", "art-troops", "massed", "Russia massed", "MOBILIZE", 4, -7.2, RUSSIA, UKRAINE, KHARKIV, "2022-02-07"),
    ("ev-meet", "art-troops", "met", "Officials in Kyiv", "CONSULT", 1, 1.0, UKRAINE, FRANCE, KYIV, "2022-02-10"),
    ("ev-aid", "art-aid", "sent", "France sent", "AID", 2, 7.4, FRANCE, UKRAINE, KYIV, "2022-03-04"),
    ("ev-accuse", "art-script", "accused", "Russia accused", "ACCUSE", 3, -2.0, RUSSIA, UKRAINE, KHARKIV, "2022-04-01"),
]
QUOTES = [("q-defend", "art-troops", "The Ukrainian president", "Volodymyr Zelensky", "UKR", "said", "We will defend our land."),
          ("q-help", "art-aid", "Paris", "France", "FRA", "promised", "more help in April")]  # fmt: skip


def _span(text: str, piece: str) -> list[int]:
    start = text.index(piece)
    return [start, start + len(piece)]


def _sentence(text: str, start_words: str) -> list[int]:
    start = text.index(start_words)
    end = text.find(". ", start)
    return [start, end + 1 if end >= 0 else len(text)]


def build_sample(path: Path) -> Path:
    """A ledger of three invented articles with events, quotes, times, places and actors (no NLP needed)."""
    with Ledger(path) as ledger:
        con = ledger.con
        con.execute("INSERT INTO runs VALUES ('test', current_timestamp, '0', 'none', '{}', 'test')")
        for aid, (day, title, text) in ARTICLES.items():
            record = {"article": {"id": aid, "date": day, "title": title, "language": "en"}, "provenance": {"dateline": "test"}}
            con.execute("INSERT INTO articles VALUES (?, ?, ?, NULL, 'test', 'test', 'en', ?, 'sha', ?, 'test', ?)",
                        [aid, day, title, text, len(text.split()), json.dumps(record)])  # fmt: skip
        for eid, aid, trig, first, typ, quad, gold, src, tgt, loc, day in EVENTS:
            text = ARTICLES[aid][2]
            sent = _sentence(text, first)
            confidence = 0.6 if typ == "ACCUSE" else 0.9
            rec = {"id": eid, "type": typ, "mode": None, "context": [], "cameo": None, "quad_class": quad, "goldstein": gold,
                   "source": {**src, "text": src["name"], "span": _span(text, first.split()[0])}, "target": {**tgt, "text": tgt["name"]},
                   "negated": False, "status": "reported", "date": day, "date_precision": "day", "location": loc,
                   "trigger": {"text": trig, "span": _span(text[sent[0]:], trig)}, "sentence_span": sent,
                   "confidence": confidence, "extractor": "events/test"}  # fmt: skip
            rec["trigger"]["span"] = [sent[0] + rec["trigger"]["span"][0], sent[0] + rec["trigger"]["span"][1]]
            con.execute(
                "INSERT INTO events VALUES (?, ?, ?, NULL, NULL, ?, ?, 's', ?, ?, ?, 't', ?, ?, ?, false, 'reported', ?, ?, 'day', "
                "?, ?, ?, ?, ?, ?, ?, 'events/test', ?)",
                [eid, aid, typ, quad, gold, src["name"], src["country"], src["sector"], tgt["name"], tgt["country"], tgt["sector"],
                 day, day, loc["name"], loc["country"], loc["lat"], loc["lon"], sent[0], sent[1], confidence, json.dumps(rec)],
            )  # fmt: skip
        for qid, aid, mention, name, country, cue, content in QUOTES:
            text = ARTICLES[aid][2]
            rec = {"id": qid, "speaker": {"text": mention, "span": _span(text, mention), "name": name, "country": country},
                   "cue": {"text": cue, "span": _span(text, cue)}, "content": {"text": content, "span": _span(text, content)},
                   "direct": True, "date": ARTICLES[aid][0], "confidence": 0.9, "extractor": "quotes/test"}  # fmt: skip
            con.execute("INSERT INTO quotes VALUES (?, ?, 's', ?, ?, 'GOV', ?, ?, ?, true, ?, ?, NULL, NULL, 0.9, 'quotes/test', ?)",
                        [qid, aid, name, country, mention, cue, content, ARTICLES[aid][0], ARTICLES[aid][0], json.dumps(rec)])  # fmt: skip
        for aid, piece, value in (("art-troops", "on Monday", "2022-02-07"), ("art-aid", "on Friday", "2022-03-04")):
            span = _span(ARTICLES[aid][2], piece)
            rec = {"text": piece, "span": span, "value": value, "type": "DATE", "anchor": ARTICLES[aid][0]}
            con.execute("INSERT INTO times VALUES (?, ?, ?, ?, ?, 'DATE', ?, 'times/test', ?)", [aid, *span, piece, value, value, json.dumps(rec)])
        for aid, place in (("art-troops", KHARKIV), ("art-troops", KYIV), ("art-script", KHARKIV)):
            span = _span(ARTICLES[aid][2], place["name"])
            rec = {"text": place["name"], "span": span, **place}
            con.execute("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'places/test', ?)",
                        [aid, *span, place["name"], place["name"], place["country"], place["lat"], place["lon"], place["geonames_id"],
                         place["feature"], json.dumps(rec)])  # fmt: skip
        for aid, actor in (("art-troops", RUSSIA), ("art-troops", UKRAINE), ("art-aid", FRANCE), ("art-script", RUSSIA)):
            span = _span(ARTICLES[aid][2], actor["name"].split()[0][:5])
            rec = {"id": f"{aid}-{actor['country']}", "text": actor["name"], "span": span, **actor, "type": "GPE", "mentions": [span]}
            con.execute("INSERT INTO actors VALUES (?, ?, ?, 'GPE', ?, ?, 1, 'actors/test', ?)",
                        [rec["id"], aid, actor["name"], actor["country"], actor["sector"], json.dumps(rec)])  # fmt: skip
    return path


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on an ephemeral localhost port over the sample ledger."""
    db = build_sample(tmp_path_factory.mktemp("web") / "sample.duckdb")
    server = make_server(db, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.RequestHandlerClass.service.fts_ready.wait(timeout=30)  # type: ignore[attr-defined]
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.RequestHandlerClass.service.close()  # type: ignore[attr-defined]


def get(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(base + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return response.status, dict(response.headers), json.loads(body) if "json" in response.headers["Content-Type"] else body
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), json.loads(err.read() or b"null")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"ev-mass", "ev-meet", "ev-aid", "ev-accuse"}),
        ("since=2022-03-01", {"ev-aid", "ev-accuse"}),
        ("until=2022-02-28", {"ev-mass", "ev-meet"}),
        ("since=2022-02-08&until=2022-03-31", {"ev-meet", "ev-aid"}),
        ("actor=russia", {"ev-mass", "ev-accuse"}),
        ("country=FRA", {"ev-meet", "ev-aid"}),
        ("type=AID", {"ev-aid"}),
        ("quad_class=4", {"ev-mass"}),
        ("min_confidence=0.7", {"ev-mass", "ev-meet", "ev-aid"}),
        ("place=Kharkiv", {"ev-mass", "ev-accuse"}),
        ("text=diplomats", {"ev-meet"}),
        ("article=art-aid", {"ev-aid"}),
        ("actor=Russia&type=ACCUSE", {"ev-accuse"}),
        ("actor=nobody", set()),
        ("since=2022-05-01&until=2022-01-01", set()),
    ],
)
def test_web_events_filters(base_url: str, query: str, expected: set[str]) -> None:
    status, _, body = get(base_url, f"/api/events?{query}")
    assert status == 200
    assert {e["id"] for e in body["items"]} == expected
    assert body["total"] == len(expected)


def test_web_events_carry_evidence(base_url: str) -> None:
    _, _, body = get(base_url, "/api/events?type=MOBILIZE")
    event = body["items"][0]
    text = ARTICLES["art-troops"][2]
    start, end = event["evidence"]["span"]
    assert event["evidence"] == {"article_id": "art-troops", "span": [start, end], "text": text[start:end]}
    assert event["evidence"]["text"] == "Russia massed troops near Kharkiv on Monday."
    assert text[slice(*event["trigger"]["span"])] == "massed"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", {"q-defend", "q-help"}), ("speaker=zelensky", {"q-defend"}), ("actor=France", {"q-help"}), ("country=UKR", {"q-defend"}),
     ("text=defend", {"q-defend"}), ("since=2022-03-01", {"q-help"}), ("place=Kyiv", {"q-defend"})],
)  # fmt: skip
def test_web_quotes_filters(base_url: str, query: str, expected: set[str]) -> None:
    status, _, body = get(base_url, f"/api/quotes?{query}")
    assert status == 200
    assert {q["id"] for q in body["items"]} == expected
    for q in body["items"]:
        text = ARTICLES[q["article_id"]][2]
        assert text[slice(*q["evidence"]["span"])] == q["evidence"]["text"]


def test_web_speakers_rank_by_quotes(base_url: str) -> None:
    _, _, body = get(base_url, "/api/speakers")
    assert {s["name"] for s in body["items"]} == {"Volodymyr Zelensky", "France"}
    assert all(s["quotes"] == 1 for s in body["items"])


@pytest.mark.parametrize(("query", "expected"), [("", {"Russia", "Ukraine government", "France"}), ("country=FRA", {"France"}),
                                                 ("actor=ukr", {"Ukraine government"}), ("since=2022-04-01", {"Russia"})])  # fmt: skip
def test_web_actors_filters(base_url: str, query: str, expected: set[str]) -> None:
    _, _, body = get(base_url, f"/api/actors?{query}")
    assert {a["name"] for a in body["items"]} == expected
    russia = [a for a in body["items"] if a["name"] == "Russia"]
    if russia and not query:
        assert russia[0]["articles"] == 2
        assert russia[0]["evidence"]["article_id"] in ARTICLES


@pytest.mark.parametrize(("query", "expected"), [("", {"Kharkiv": 2, "Kyiv": 1}), ("place=Kyiv", {"Kyiv": 1}),
                                                 ("since=2022-04-01", {"Kharkiv": 1})])  # fmt: skip
def test_web_places_filters(base_url: str, query: str, expected: dict[str, int]) -> None:
    _, _, body = get(base_url, f"/api/places?{query}")
    assert {p["name"]: p["mentions"] for p in body["items"]} == expected
    for p in body["items"]:
        assert ARTICLES[p["evidence"]["article_id"]][2][slice(*p["evidence"]["span"])] == p["name"]


def test_web_map_groups_event_locations(base_url: str) -> None:
    _, _, body = get(base_url, "/api/map")
    by_name = {p["name"]: p for p in body["items"]}
    assert by_name["Kharkiv"]["events"] == 2 and by_name["Kyiv"]["events"] == 2
    assert by_name["Kharkiv"]["mean_goldstein"] == pytest.approx(-4.6)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("period=month&split=none", {("2022-02-01", None): 2, ("2022-03-01", None): 1, ("2022-04-01", None): 1}),
     ("period=month&split=quad_class&country=FRA", {("2022-02-01", 1): 1, ("2022-03-01", 2): 1}),
     ("period=year&split=type&quad_class=4", {("2022-01-01", "MOBILIZE"): 1}),
     ("period=week&split=none&actor=Russia", {("2022-02-07", None): 1, ("2022-03-28", None): 1}),
     ("period=day&split=none&place=Kyiv", {("2022-02-10", None): 1, ("2022-03-04", None): 1})],
)  # fmt: skip
def test_web_timeline_periods_and_splits(base_url: str, query: str, expected: dict[tuple[str, Any], int]) -> None:
    status, _, body = get(base_url, f"/api/timeline?{query}")
    assert status == 200
    assert {(b["period"], b["key"]): b["events"] for b in body["buckets"]} == expected
    for b in body["buckets"]:
        assert b["end"] >= b["period"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("by=country", {("RUS", "UKR"): 2, ("UKR", "FRA"): 1, ("FRA", "UKR"): 1}),
     ("by=actor&type=AID", {("France", "Ukraine government"): 1}),
     ("by=country&since=2022-04-01", {("RUS", "UKR"): 1})],
)  # fmt: skip
def test_web_dyads_counts_and_goldstein(base_url: str, query: str, expected: dict[tuple[str, str], int]) -> None:
    _, _, body = get(base_url, f"/api/dyads?{query}")
    assert {(d["source"], d["target"]): d["events"] for d in body["items"]} == expected
    if query == "by=country":
        rus = next(d for d in body["items"] if d["source"] == "RUS")
        assert rus["mean_goldstein"] == pytest.approx(-4.6)


@pytest.mark.parametrize(("query", "expected"), [("", ["art-script", "art-aid", "art-troops"]), ("text=medical", ["art-aid"]),
                                                 ("actor=France", ["art-aid"]), ("speaker=zelensky", ["art-troops"]),
                                                 ("place=Kharkiv", ["art-script", "art-troops"]), ("until=2022-02-28", ["art-troops"])])  # fmt: skip
def test_web_articles_filters(base_url: str, query: str, expected: list[str]) -> None:
    _, _, body = get(base_url, f"/api/articles?{query}")
    assert [a["id"] for a in body["items"]] == expected


@pytest.mark.parametrize(("q", "expected"), [("medical aid", ["art-aid"]), ("troops", ["art-troops"]), ("Kharkiv", None), ("zzzz", [])])
def test_web_search_full_text(base_url: str, q: str, expected: list[str] | None) -> None:
    status, _, body = get(base_url, f"/api/search?q={urllib.request.quote(q)}")
    assert status == 200
    assert body["method"] == "bm25"
    ids = [a["id"] for a in body["items"]]
    if expected is None:
        assert set(ids) == {"art-troops", "art-script"}
    else:
        assert ids == expected


def test_web_article_detail_has_text_and_records(base_url: str) -> None:
    status, _, body = get(base_url, "/api/articles/art-troops")
    assert status == 200
    text = body["article"]["text"]
    assert text == ARTICLES["art-troops"][2]
    assert {e["id"] for e in body["events"]} == {"ev-mass", "ev-meet"}
    assert [t["text"] for t in body["times"]] == ["on Monday"]
    assert {p["text"] for p in body["places"]} == {"Kharkiv", "Kyiv"}
    for q in body["quotes"]:
        assert text[slice(*q["content"]["span"])] == q["content"]["text"]


def test_web_stats_and_openapi(base_url: str) -> None:
    _, _, stats = get(base_url, "/api/stats")
    assert stats["counts"] == {"articles": 3, "actors": 4, "events": 4, "quotes": 2, "times": 2, "places": 3}
    _, _, spec = get(base_url, "/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert {"/api/events", "/api/timeline", "/api/dyads", "/api/search", "/api/articles/{id}"} <= set(spec["paths"])


def test_web_pagination_is_capped(base_url: str) -> None:
    _, _, page = get(base_url, "/api/events?limit=1&offset=1")
    assert len(page["items"]) == 1 and page["total"] == 4 and page["offset"] == 1
    status, _, body = get(base_url, "/api/events?limit=100000")
    assert status == 400 and "limit" in body["error"]


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [("/api/events?since=yesterday", 400, "since"), ("/api/events?quad_class=9", 400, "quad_class"),
     ("/api/events?min_confidence=2", 400, "min_confidence"), ("/api/events?min_confidence=high", 400, "min_confidence"),
     ("/api/events?colour=red", 400, "colour"), ("/api/timeline?period=hour", 400, "period"), ("/api/dyads?by=planet", 400, "by"),
     ("/api/search", 400, "q"), ("/api/articles/nope", 404, "nope"), ("/api/nothing", 404, "openapi"),
     ("/api/events?actor=" + "x" * 300, 400, "longer"),
     ("/api/events?" + "a=1&" * 2000, 414, "longer"), ("/static/../server.py", 404, "not found")],
)  # fmt: skip
def test_web_refuses_bad_requests(base_url: str, path: str, status: int, needle: str) -> None:
    got, _, body = get(base_url, path)
    assert got == status
    assert needle in body["error"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_web_is_read_only(base_url: str, method: str) -> None:
    status, _, body = get(base_url, "/api/events", method=method)
    assert status == 405 and "read-only" in body["error"]


def test_web_refuses_request_bodies(base_url: str) -> None:
    request = urllib.request.Request(base_url + "/api/events", data=b"x" * 10, method="GET")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    err.value.close()
    assert err.value.code == 413


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/api/events"])
def test_web_sends_strict_security_headers(base_url: str, path: str) -> None:
    status, headers, _ = get(base_url, path)
    assert status == 200
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_web_static_assets_are_local(base_url: str) -> None:
    _, _, html = get(base_url, "/")
    assert b"http://" not in html and b"https://" not in html
    _, _, js = get(base_url, "/static/app.js")
    code = b"\n".join(line for line in js.splitlines() if not line.lstrip().startswith(b"//"))
    assert b"innerHTML" not in code and b"eval(" not in code
    status, _, world = get(base_url, "/static/world.json")
    assert status == 200 and len(world) > 150


def test_web_query_timeout_interrupts(base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.web import server

    monkeypatch.setattr(server, "QUERY_TIMEOUT_S", 0.2)

    import duckdb

    con = duckdb.connect(":memory:")
    with pytest.raises(server.QueryTimeout):
        server._timed(con, lambda: con.execute("SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b").fetchall())
    con.close()


def test_web_serve_refuses_remote_without_flag(tmp_path: Path) -> None:
    from dateline.errors import UsageError
    from dateline.web.server import serve

    with pytest.raises(UsageError, match="allow-remote"):
        serve(build_sample(tmp_path / "l.duckdb"), host="0.0.0.0")
