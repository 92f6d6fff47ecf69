"""Bad input, one case per test: each is coded with a warning or quarantined, never crashes a batch."""

from __future__ import annotations

import json
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.cli import main
from dateline.ingest.readers import READERS, read_bytes
from dateline.model import Article, Quarantined
from dateline.pipeline import annotate, extract


def _codes(article: Article) -> list[str]:
    return [w.code for w in article.warnings]


@pytest.mark.parametrize(
    ("record", "code"),
    [
        ({"text": "Talks were held."}, "W101"),
        ({"text": "Talks were held.", "date": "22/02/2022"}, "W102"),
        ({"text": "Talks were held.", "date": (date.today() + timedelta(days=400)).isoformat()}, "W103"),
        ({"text": "Talks\x07 were\x1b[31m held."}, "W105"),
    ],
)
def test_reliability_bad_fields_give_warnings(record: dict, code: str) -> None:
    (article,) = read_bytes(json.dumps(record).encode(), "in.jsonl", "jsonl")
    assert isinstance(article, Article)
    assert code in _codes(article)


def test_reliability_csv_extra_commas_warn() -> None:
    (article,) = read_bytes(b"date,text\n2021-01-01,A text,with,extra,cells\n", "x.csv", "csv")
    assert isinstance(article, Article) and "W106" in _codes(article)


def test_reliability_non_english_is_flagged_not_coded(coded) -> None:  # type: ignore[no-untyped-def]
    article = coded(
        "Le président de la République a rencontré hier à Paris les représentants des syndicats pour "
        "discuter de la réforme des retraites, selon un communiqué publié par le ministère du Travail "
        "dans la soirée, et les discussions reprendront la semaine prochaine."
    )
    assert article.language == "und" and "W110" in _codes(article)
    assert article.events == [] and article.actors == []


@pytest.mark.parametrize(
    "text",
    [
        "!!! ??? ... ---",
        "\u200b\u200c\u200d Putin\u200b said\u2060 nothing.",
        "“Unbalanced quote opens here and never closes, Putin said on Tuesday.\n\nNext paragraph is normal.",
        "Word " * 3000,
    ],
)
def test_reliability_odd_texts_are_coded_without_failure(coded, text: str) -> None:  # type: ignore[no-untyped-def]
    article = coded(text)
    assert "W900" not in _codes(article)


@pytest.mark.slow
def test_reliability_huge_article_is_coded_in_part(coded) -> None:  # type: ignore[no-untyped-def]
    from dateline.settings import MAX_CODED_CHARS

    paragraph = "The minister said the talks in Nairobi would resume on Monday.\n\n"
    article = coded(paragraph * (MAX_CODED_CHARS // len(paragraph) + 50))
    assert "W107" in _codes(article) and "W900" not in _codes(article)


def test_reliability_batch_survives_bad_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.txt").write_text("date 2021-02-02 The envoy met rebels in Goma.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\x00\xfe" * 50)
    (tmp_path / "bad.jsonl").write_text('{"text": "fine", "date": "2021-01-01"}\nnot json\n')
    items = list(extract([tmp_path]))
    assert sorted(type(i).__name__ for i in items) == ["Article", "Article", "Quarantined", "Quarantined", "Quarantined"]
    assert main(["extract", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "bin.txt" in err and "bad.jsonl:2" in err and "Traceback" not in err


def test_reliability_no_socket_is_opened_during_extract(monkeypatch: pytest.MonkeyPatch, sample_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateline tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    items = list(extract([sample_path]))
    assert len(items) == 1 and isinstance(items[0], Article) and items[0].actors


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(sorted(READERS)))
def test_reliability_readers_never_raise(data: bytes, kind: str) -> None:
    for item in read_bytes(data, "fuzz", kind):
        assert isinstance(item, Article | Quarantined)
        if isinstance(item, Article):
            assert item.text.strip()


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_reliability_extractors_never_fail_on_any_text(text: str) -> None:
    (article,) = annotate([Article(text=text, date=date(2022, 2, 22))])
    assert "W900" not in _codes(article), article.warnings
