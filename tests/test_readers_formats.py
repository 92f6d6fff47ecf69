"""Every input format of the contract, and bad input handled without stopping the batch."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import UsageError
from dateline.ingest.readers import parse_date, read, read_bytes
from dateline.model import Article, Quarantined


def _one(items: list[Article | Quarantined]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


@pytest.mark.parametrize(
    ("raw", "body", "day"),
    [
        ("date 2022-02-22 Putin spoke.", "Putin spoke.", date(2022, 2, 22)),
        ("  \n date 2022-02-22\nPutin spoke.\n", "Putin spoke.\n", date(2022, 2, 22)),
        ("date 2022-02-22\r\n\r\nPutin spoke.\r\nThen left.", "Putin spoke.\nThen left.", date(2022, 2, 22)),
        ("\ufeffdate 2021-01-05\nA body.", "A body.", date(2021, 1, 5)),
    ],
)
def test_readers_txt_header(raw: str, body: str, day: date) -> None:
    article = _one(list(read_bytes(raw.encode("utf-8"), "a.txt", "txt")))
    assert article.text == body
    assert article.date == day
    assert article.warnings == []


def test_readers_txt_without_header_warns() -> None:
    article = _one(list(read_bytes(b"Just a body with no date.", "b.txt", "txt")))
    assert article.date is None
    assert [w.code for w in article.warnings] == ["W101"]


def test_readers_txt_latin1_is_decoded_with_warning() -> None:
    article = _one(list(read_bytes("date 2020-01-01 Caf\u00e9 talks in Bogot\u00e1.".encode("latin-1"), "c.txt", "txt")))
    assert "Bogot\u00e1" in article.text
    assert "W104" in [w.code for w in article.warnings]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-22", date(2022, 2, 22)),
        ("2022-02-22T23:30:00+05:00", date(2022, 2, 22)),
        ("2022-02-22T01:00:00Z", date(2022, 2, 22)),
        ("2022-02-22 10:00:00", date(2022, 2, 22)),
    ],
)
def test_readers_dates_reduce_to_the_day_written(value: str, expected: date) -> None:
    assert parse_date(value) == expected


def test_readers_jsonl_bad_line_is_quarantined_with_its_line() -> None:
    data = "\n".join(
        [
            json.dumps({"id": "x1", "text": "First article.", "date": "2021-03-01"}),
            '{"text": "broken',
            json.dumps({"text": "Third article.", "date": "2021-03-03", "title": "T", "url": "http://e", "source": "S"}),
            json.dumps({"date": "2021-03-04"}),
        ]
    ).encode()
    items = list(read_bytes(data, "in.jsonl", "jsonl"))
    assert [type(i).__name__ for i in items] == ["Article", "Quarantined", "Article", "Quarantined"]
    assert items[0].id == "x1"  # type: ignore[union-attr]
    assert items[1].origin == "in.jsonl:2" and items[1].reason == "invalid-json"  # type: ignore[union-attr]
    third = items[2]
    assert isinstance(third, Article) and (third.title, third.url, third.source) == ("T", "http://e", "S")
    assert items[3].reason == "no-text"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "One object.", "date": "2020-05-05"},
        [{"text": "First of two.", "date": "2020-05-05"}, {"text": "Second of two.", "date": "2020-05-06"}],
    ],
)
def test_readers_json_object_or_array(payload: object) -> None:
    items = list(read_bytes(json.dumps(payload).encode(), "in.json", "json"))
    assert all(isinstance(i, Article) for i in items)
    assert len(items) == (len(payload) if isinstance(payload, list) else 1)


def test_readers_csv_rows_and_missing_column() -> None:
    good = b'id,date,text,title\n1,2020-01-02,"A text, with a comma.",T1\n2,2020-01-03,Another text.,T2\n'
    items = list(read_bytes(good, "in.csv", "csv"))
    assert [i.text for i in items if isinstance(i, Article)] == ["A text, with a comma.", "Another text."]
    assert items[1].origin == "in.csv:3"
    bad = list(read_bytes(b"date,body\n2020-01-01,hello\n", "bad.csv", "csv"))
    assert isinstance(bad[0], Quarantined) and bad[0].reason == "missing-column"


def test_readers_html_main_text_and_metadata() -> None:
    page = b"""<html><head><title>Summit ends</title><meta property="article:published_time" content="2021-06-11T08:00:00+02:00"></head>
    <body><nav>Home | World</nav><article><h1>Summit ends</h1>
    <p>Leaders of the two countries signed a trade agreement in Lima on Friday after three days of talks.</p>
    <p>The foreign minister said the deal would lower tariffs on farm goods and open ports to both fleets.</p>
    </article><script>alert(1)</script></body></html>"""
    article = _one(list(read_bytes(page, "p.html", "html")))
    assert "trade agreement in Lima" in article.text
    assert "alert(1)" not in article.text
    assert article.title == "Summit ends"
    assert article.date == date(2021, 6, 11)


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"", "txt", "empty-file"),
        (b"   \n\t ", "jsonl", "empty-file"),
        (b"date 2020-01-01 \x00\x01\x02\x00binary", "txt", "binary"),
        (b"<html><body><script>var a=1;</script></body></html>", "html", "no-text"),
        (b"[1]", "json", "not-an-object"),
    ],
)
def test_readers_bad_input_is_quarantined(data: bytes, kind: str, reason: str) -> None:
    items = list(read_bytes(data, "bad", kind))
    assert len(items) == 1 and isinstance(items[0], Quarantined)
    assert items[0].reason == reason
    assert items[0].message.startswith("bad")


def test_readers_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("date 2020-01-02 Second.")
    (tmp_path / "a.txt").write_text("date 2020-01-01 First.")
    (tmp_path / "sub" / "c.jsonl").write_text(json.dumps({"text": "Third.", "date": "2020-01-03"}))
    (tmp_path / "notes.md").write_text("ignored")
    texts = [i.text for i in read([tmp_path]) if isinstance(i, Article)]
    assert texts == ["First.", "Second.", "Third."]


def test_readers_stdin_is_sniffed() -> None:
    stdin = io.BytesIO(json.dumps({"text": "From a pipe.", "date": "2020-01-01"}).encode())
    (article,) = read(["-"], stdin=stdin)
    assert isinstance(article, Article) and article.origin == "<stdin>:1"


@pytest.mark.parametrize("bad", [["missing.txt"], ["file.pdf"], []])
def test_readers_unusable_arguments_are_usage_errors(tmp_path: Path, bad: list[str]) -> None:
    (tmp_path / "file.pdf").write_bytes(b"%PDF")
    with pytest.raises(UsageError):
        list(read([tmp_path / b for b in bad] if bad else []))


def test_readers_ids_are_stable_content_hashes() -> None:
    one = _one(list(read_bytes(b"date 2020-01-01 Same text.", "x.txt", "txt")))
    two = _one(list(read_bytes(b"date 2020-01-01\nSame text.", "y.txt", "txt")))
    other = _one(list(read_bytes(b"date 2020-01-02 Same text.", "z.txt", "txt")))
    assert one.id == two.id != other.id
    assert one.id == "a" + __import__("hashlib").sha256(b"2020-01-01\x1fSame text.").hexdigest()[:16]


def test_readers_jsonl_files_are_streamed_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(500):
            out.write(json.dumps({"id": f"s{i}", "text": f"Story {i}.", "date": "2021-01-01"}) + "\n")
        out.write("{broken\n\n")
    items = list(read([path]))
    assert [i.id for i in items[:3]] == ["s0", "s1", "s2"]  # type: ignore[union-attr]
    assert isinstance(items[-1], Quarantined) and items[-1].origin == f"{path}:501"
    (tmp_path / "empty.jsonl").write_text("\n \n")
    (empty,) = read([tmp_path / "empty.jsonl"])
    assert isinstance(empty, Quarantined) and empty.reason == "empty-file"
