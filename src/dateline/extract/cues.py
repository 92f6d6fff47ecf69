"""Text-level helpers for quote extraction: the reporting-cue lexicon and quotation-mark pairing.

Quotation marks are paired per paragraph, so an unbalanced mark can never swallow the rest of an
article: an opening mark left open at the end of its paragraph is dropped, unless the next
paragraph opens with a quotation mark too (the newspaper convention for a quote that runs across
paragraphs), in which case the quote continues there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import Span

CUE_KINDS = ("speech", "report", "belief")
"""``speech`` verbs introduce direct and reported speech, ``report`` verbs attribute published or
found content, ``belief`` verbs only report a clause ("thinks that …") and never a direct quote."""

_OPEN_DOUBLE = frozenset("“«„")
_CLOSE_DOUBLE = frozenset("”»")
_OPEN_SINGLE = frozenset("‘‹")
_CLOSE_SINGLE = frozenset("’›")
_STRAIGHT = frozenset("\"'")
_MARK_RE = re.compile("[\"'“”«»„‘’‹›]")
_OPENERS_BEFORE = frozenset(" \t\n([{—–-/:")
"""Characters after which a straight quote mark opens a quotation."""
_CLOSERS_AFTER = frozenset(" \t\n)]},.;:!?—–-…")
"""Characters before which a straight quote mark closes a quotation."""
_PARAGRAPH_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Region:
    """A quotation: ``inner`` excludes the marks, ``outer`` includes them."""

    inner: Span
    outer: Span
    double: bool
    paragraphs: int = 1
    """How many paragraphs the quotation runs across."""


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Cue lemma → kind, from ``dateline/data/cues.txt``."""
    table: dict[str, str] = {}
    text = resources.files("dateline").joinpath("data/cues.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, kind = line.partition("\t")
        kind = kind.strip() or "speech"
        if kind not in CUE_KINDS:
            raise ValueError(f"cues.txt: unknown cue kind {kind!r} for {lemma!r}")
        table.setdefault(lemma.strip().lower(), kind)
    return table


def _role(text: str, i: int) -> str:
    """``open``, ``close`` or ``skip`` (an apostrophe) for the quotation mark at ``i``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in _OPEN_DOUBLE:
        return "open"
    if ch in _CLOSE_DOUBLE:
        return "close"
    single = ch in _OPEN_SINGLE or ch in _CLOSE_SINGLE or ch == "'"
    if single and prev.isalnum() and nxt.isalnum():
        return "skip"  # Russia's, don't, rock'n'roll
    if single and nxt.isdigit():
        return "skip"  # the '90s
    if ch in _OPEN_SINGLE:
        return "open" if not prev.isalnum() else "skip"
    if prev in _OPENERS_BEFORE or prev in _OPEN_DOUBLE or prev in _OPEN_SINGLE:
        return "open" if not nxt.isspace() else "skip"
    if nxt in _CLOSERS_AFTER or nxt in _CLOSE_DOUBLE or nxt in _CLOSE_SINGLE or nxt in _STRAIGHT:
        return "close"
    return "ambiguous"


def regions(text: str) -> list[Region]:
    """The quotations of ``text``, in order (double marks outermost; singles outside doubles)."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip()]
    found: list[Region] = []
    starts = [p[0] for p in paragraphs]
    carry: int | None = None  # opening mark of a double quotation continuing from the last paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_double: int | None = None
        open_single: int | None = None
        start_at = p_start
        if carry is not None:
            lead = len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
            first = _MARK_RE.match(text, p_start + lead)
            if first is not None:
                open_double = carry
                start_at = first.end()
        carry = None
        for m in _MARK_RE.finditer(text, start_at, p_end):
            i = m.start()
            ch = text[i]
            role = _role(text, i)
            is_double = ch in _OPEN_DOUBLE or ch in _CLOSE_DOUBLE or ch == '"'
            if role == "ambiguous":
                if is_double:
                    role = "close" if open_double is not None else "open"
                else:
                    role = "close" if open_single is not None else "skip"
            if role == "skip":
                continue
            if is_double:
                if role == "open" and open_double is None:
                    open_double, open_single = i, None
                elif role == "close" and open_double is not None:
                    n = bisect_right(starts, i) - bisect_right(starts, open_double) + 1
                    found.append(Region((open_double + 1, i), (open_double, i + 1), True, n))
                    open_double, open_single = None, None
                elif role == "open":
                    open_double = i  # an earlier opening mark was never closed: forget it
            elif open_double is None:
                if role == "open":
                    open_single = i
                elif open_single is not None:
                    found.append(Region((open_single + 1, i), (open_single, i + 1), False))
                    open_single = None
        if open_double is not None and p_index + 1 < len(paragraphs):
            nxt_start, nxt_end = paragraphs[p_index + 1]
            head = text[nxt_start:nxt_end].lstrip()
            if head[:1] and head[0] in _OPEN_DOUBLE | {'"'}:
                carry = open_double
    found.sort(key=lambda r: r.outer)
    return found
