"""Fuzz campaign over the readers and the extractors (atheris, coverage-guided; hypothesis as fallback).

    .venv/bin/pip install atheris==3.0.0          # once; without it the script uses hypothesis
    .venv/bin/python benchmarks/fuzz.py readers --seconds 300
    .venv/bin/python benchmarks/fuzz.py extract --seconds 420
    .venv/bin/python benchmarks/fuzz.py replay    # every kept crasher, as the test does

Targets:

* ``readers``: the first byte picks the format (``txt``, ``jsonl``, ``json``, ``csv``, ``html``), the
  rest is the file's bytes; ``read_bytes`` must only yield Articles (non-blank text) or Quarantined.
* ``extract``: two bytes pick the article date, one byte whether it has one, the rest (UTF-8, invalid
  sequences replaced) is the text; ``annotate`` must not raise, no extractor may fail (``W900``) and
  every span in the contract JSON must be in bounds and slice to its ``text``.

A failing input is written to ``tests/fuzz/crashers/<target>/`` (libFuzzer's ``crash-``/``timeout-``
files); ``tests/test_reliability_fuzz.py`` replays every file there, so each fixed crash stays fixed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CRASHERS = ROOT / "tests" / "fuzz" / "crashers"

MAX_LEN = {"readers": 4096, "extract": 1500}
"""Bytes per input: enough for every structure a reader or an extractor looks at, small enough that
spaCy codes one input in ~10 ms and the fuzzer runs thousands of inputs a minute."""

UNIT_TIMEOUT_S = 20
"""One input taking longer is a bug too (a pathological regex): libFuzzer keeps it as ``timeout-``."""

KINDS = ("txt", "jsonl", "json", "csv", "html")

EXTRACT_WORDS = (
    "said", "told", "according to", "Putin", "Zelensky", "Russia", "Ukraine", "Kyiv", "NATO", "the minister",
    "on Tuesday", "last week", "in 2014", "January", "2022-02-22", "next month", "troops", "accused", "met",
    "sanctions", "protesters", "arrested", "\u201c", "\u201d", '"', "'", "\u2019s", ":", "(", ")", ", ", ". ",
    "\n\n", "he", "she", "they", "not", "will", "would", "the president of", "Mr.", "Dr.", "\u200b", "\u00a0",
)  # fmt: skip


def _article_items(items: list[Any]) -> None:
    from dateline.model import Article, Quarantined

    for item in items:
        assert isinstance(item, Article | Quarantined), type(item)
        if isinstance(item, Article):
            assert item.text.strip(), "an article with a blank text"
            assert item.id, "an article without an id"


def check_readers(data: bytes) -> None:
    """One readers input: raises (AssertionError or the reader's own error) on a bug."""
    from dateline.ingest.readers import read_bytes

    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    _article_items(list(read_bytes(data[1:], "fuzz", kind)))


def extract_input(data: bytes) -> tuple[str, date | None]:
    """The article text and date an ``extract`` input stands for (shared by the fuzzer and the replay)."""
    if len(data) < 4:
        return "", None
    day = date(1990, 1, 1) + timedelta(days=int.from_bytes(data[:2], "big") % 18000)
    return data[3:].decode("utf-8", errors="replace"), (day if data[2] % 4 else None)


def _walk_spans(obj: Any, text: str) -> None:
    if isinstance(obj, dict):
        span = obj.get("span")
        if isinstance(span, list) and "text" in obj:
            start, end = span
            assert 0 <= start <= end <= len(text), f"span {span} out of bounds ({len(text)})"
            assert text[start:end] == obj["text"], f"span {span} slices to {text[start:end]!r}, not {obj['text']!r}"
        for key in ("mentions", "sentence_span"):
            spans = obj.get(key)
            if key == "sentence_span" and spans:
                spans = [spans]
            for start, end in spans or []:
                assert 0 <= start <= end <= len(text), f"{key} [{start}, {end}] out of bounds ({len(text)})"
        for value in obj.values():
            _walk_spans(value, text)
    elif isinstance(obj, list):
        for value in obj:
            _walk_spans(value, text)


def check_extract(data: bytes) -> None:
    """One extractors input: raises on a crash, a failed extractor (W900) or a broken span."""
    from dateline.extract import versions
    from dateline.model import Article
    from dateline.pipeline import annotate
    from dateline.serialize import article_line

    text, day = extract_input(data)
    if not text:
        return
    (article,) = annotate([Article(text=text, date=day)])
    failed = [w.message for w in article.warnings if w.code == "W900"]
    assert not failed, failed
    line = article_line(article, versions())
    json.dumps(line)
    _walk_spans(line, article.text)


CHECKS = {"readers": check_readers, "extract": check_extract}


def _seeds(target: str, folder: Path) -> None:
    """A starting corpus: small hand-made inputs of each format / synthetic articles."""
    from dateline.scale.synthetic import synthetic_articles

    texts = [a["text"] for a in synthetic_articles(12, seed=3)] + [
        "\u201cWe will not retreat,\u201d the minister said on Tuesday, according to Interfax.",
        "Putin met Zelensky in Kyiv on 2022-02-22. They did not sign anything. Troops were sent last week.",
        "Police arrested 40 protesters (Reuters). \"Stop,\" he told them: \"now\".",
    ]
    if target == "extract":
        for i, text in enumerate(texts):
            (folder / f"seed{i}").write_bytes(bytes([0x2A, i, 1]) + text.encode())
        return
    for i, text in enumerate(texts[-6:]):
        record = {"id": f"a{i}", "date": "2022-02-22", "title": "T", "text": text}
        docs = {
            "txt": f"date 2022-02-22\n{text}",
            "jsonl": json.dumps(record) + "\nnot json\n" + json.dumps({**record, "id": "b"}),
            "json": json.dumps([record, {"text": text}]),
            "csv": "id,date,title,text\n" + f'a{i},2022-02-22,"T, t","{text.replace(chr(34), chr(34) * 2)}"\n',
            "html": f"<html><head><title>T</title><meta name='date' content='2022-02-22'></head>"
            f"<body><script>x=1</script><article><p>{text}</p></article></body></html>",
        }
        for k, kind in enumerate(KINDS):
            (folder / f"seed{i}-{kind}").write_bytes(bytes([k]) + docs[kind].encode())


def _dict_entry(word: str) -> str:
    """A libFuzzer dictionary line: the UTF-8 bytes, quoted, non-ASCII and quotes as ``\\xNN``."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in word.encode()) + '"'


def _atheris(target: str, seconds: int, out: Path) -> int:
    import atheris

    with atheris.instrument_imports(include=["dateline"]):
        import dateline.ingest.readers
        import dateline.pipeline  # noqa: F401

    if target == "extract":
        from dateline import nlp

        nlp.load_model()
    check = CHECKS[target]
    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    _seeds(target, corpus)
    args = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", f"-max_len={MAX_LEN[target]}",
            f"-timeout={UNIT_TIMEOUT_S}", "-rss_limit_mb=6144", "-print_final_stats=1",
            f"-artifact_prefix={out}/"]  # fmt: skip
    if target == "extract":
        words = corpus.parent / f"fuzz-{target}.dict"
        words.write_text("".join(_dict_entry(w) + "\n" for w in EXTRACT_WORDS), encoding="ascii")
        args.append(f"-dict={words}")
    atheris.Setup(args, check)
    atheris.Fuzz()  # exits the process (libFuzzer prints its stats: number_of_executed_units, …)
    return 0


def _hypothesis(target: str, seconds: int, out: Path) -> int:
    """Fallback without atheris: random inputs for ``seconds``; failing inputs are written out."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    stop = time.monotonic() + seconds
    runs = [0]
    check = CHECKS[target]

    @settings(max_examples=10**9, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=MAX_LEN[target]))
    def run(data: bytes) -> None:
        if time.monotonic() > stop:
            return
        runs[0] += 1
        try:
            check(data)
        except Exception:
            (out / f"crash-hyp-{abs(hash(data)):x}").write_bytes(data)
            raise

    try:
        run()
    finally:
        print(f"stat::number_of_executed_units: {runs[0]}", file=sys.stderr)
    return 0


def replay(target: str | None = None) -> int:
    """Run every kept crasher; returns how many fail."""
    failed = 0
    for folder in sorted(CRASHERS.iterdir()) if CRASHERS.is_dir() else []:
        if (target and folder.name != target) or folder.name not in CHECKS:
            continue
        for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            try:
                CHECKS[folder.name](path.read_bytes())
                print(f"ok    {folder.name}/{path.name}")
            except Exception as exc:
                failed += 1
                print(f"FAIL  {folder.name}/{path.name}: {type(exc).__name__}: {exc}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", choices=[*CHECKS, "replay"])
    parser.add_argument("--seconds", type=int, default=300, help="campaign length (default: %(default)s)")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default=None, help="default: atheris if installed")
    args = parser.parse_args()
    if args.target == "replay":
        return 1 if replay() else 0
    out = CRASHERS / args.target
    out.mkdir(parents=True, exist_ok=True)
    engine = args.engine
    if engine is None:
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing {args.target} with {engine} for {args.seconds} s; crashers go to {out}", file=sys.stderr)
    return (_atheris if engine == "atheris" else _hypothesis)(args.target, args.seconds, out)


if __name__ == "__main__":
    sys.exit(main())
