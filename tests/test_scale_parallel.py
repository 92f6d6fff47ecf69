"""``annotate_parallel`` codes exactly as the serial pipeline, in input order; inputs are counted
cheaply for the progress bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.extract import versions
from dateline.ingest.readers import make_article
from dateline.model import Article
from dateline.pipeline import annotate
from dateline.scale.parallel import annotate_parallel
from dateline.scale.progress import count_inputs
from dateline.scale.synthetic import synthetic_articles
from dateline.serialize import article_line


def _articles(n: int) -> list[Article]:
    out = []
    for obj in synthetic_articles(n, seed=3):
        item = make_article(obj["text"], obj["date"], obj["id"], id=obj["id"], source=obj["source"])
        assert isinstance(item, Article)
        out.append(item)
    return out


@pytest.mark.slow
def test_scale_parallel_matches_serial_in_order() -> None:
    # 5 articles per chunk: 9 chunks over 2 workers, so chunks finish out of order and must be re-ordered.
    serial = [article_line(a, versions()) for a in annotate(_articles(45))]
    parallel = [article_line(a, versions()) for a in annotate_parallel(_articles(45), jobs=2, chunk_size=5)]
    assert [line["article"]["id"] for line in parallel] == [f"s{i:06d}" for i in range(45)]
    assert parallel == serial


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.jsonl": '{"text": "x"}\n\n{"text": "y"}\n   \n{"text": "z"}'}, 3),
        ({"a.txt": "date 2021-01-01\nBody.", "sub/b.html": "<p>x</p>", "c.jsonl": '{"text": "x"}\n'}, 3),
        ({"a.jsonl": '{"text": "x"}\n', "b.csv": "text\nx\n"}, None),
        ({"notes.md": "not an input", "a.txt": "Body."}, 1),
    ],
)
def test_scale_progress_counts_inputs(tmp_path: Path, files: dict[str, str], expected: int | None) -> None:
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    assert count_inputs([tmp_path]) == expected


def test_scale_progress_unknown_for_stdin_and_iterators(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "x"}) + "\n")
    assert count_inputs(["-"]) is None
    assert count_inputs(iter([path])) is None
    assert count_inputs([path, path]) == 2
