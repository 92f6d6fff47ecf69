"""Fuzz regressions: every input the fuzz campaign (benchmarks/fuzz.py) found failing is replayed here."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CRASHERS = Path(__file__).parent / "fuzz" / "crashers"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dateline_fuzz_harness", ROOT / "benchmarks" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _harness()
KEPT = sorted(p for p in CRASHERS.glob("*/*") if p.is_file() and p.parent.name in FUZZ.CHECKS and not p.name.startswith("."))


def test_reliability_fuzz_kept_crashers_are_fixed() -> None:
    """Every kept input (``tests/fuzz/crashers/<target>/``) now passes its target's checks."""
    assert {p.name for p in CRASHERS.iterdir() if p.is_dir()} >= set(FUZZ.CHECKS), "crasher folders missing"
    failed = []
    for path in KEPT:
        try:
            FUZZ.CHECKS[path.parent.name](path.read_bytes())
        except Exception as exc:
            failed.append(f"{path.parent.name}/{path.name}: {type(exc).__name__}: {exc}")
    assert not failed, failed


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00", b"\x01{\"text\": \"x\"}\n{", b"\x03date,text\n\"unterminated", b"\x04<html><script>x</script>",
     b"\x02[1, \"a\", null, {\"text\": 5}]", b"\x00\xef\xbb\xbfdate 2021-01-01\r\n\xff\xfe body"],
)  # fmt: skip
def test_reliability_fuzz_readers_harness(data: bytes) -> None:
    """The harness itself: odd inputs of each format pass (they are read or quarantined)."""
    FUZZ.check_readers(data)


def test_reliability_fuzz_harness_catches_a_broken_span() -> None:
    with pytest.raises(AssertionError, match="slices to"):
        FUZZ._walk_spans({"text": "abc", "span": [0, 2]}, "abcdef")
    assert FUZZ.extract_input(b"\x00\x01\x01Putin said.") == ("Putin said.", FUZZ.date(1990, 1, 2))
