"""Reader for user actor dictionaries in the TABARI / PETRARCH ``.actors`` format.

The format, as the Phoenix and validation dictionaries write it::

    VLADIMIR_PUTIN_  # comment
    +PUTIN_
    +PRESIDENT_PUTIN_
        [RUSELI 700101-990809]
        [RUSGOV >080508]
    HAMAS [PSEREBHMS]
    ISRAELI_TROOPS [ISRMIL]

A line without ``+`` starts an entry; ``+`` lines add synonyms; codes sit in brackets on the
entry line or on indented lines, optionally with a date restriction (``>YYMMDD`` from,
``<YYMMDD`` until, ``YYMMDD-YYMMDD`` between; six- or eight-digit dates). Underscores join the
words of a phrase; a trailing underscore (a whole-word marker in TABARI) is dropped. A code is a
three-letter country or bloc code followed by three-letter role codes (``RUSGOV``,
``PSEREBHMS``); ``---`` means "no code". Lines in ``<!-- … -->`` blocks are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_CODE = re.compile(r"\[([^\]]*)\]")
_PIVOT_YEAR = 30
"""Two-digit years below this are 20YY, others 19YY: the dictionaries date offices from the 1930s
(``320101``) to the 2010s (``080508``)."""

_SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "CVL", "MED", "BUS", "EDU", "REL", "NGO",
    "IGO", "UAF", "ELI", "SPY", "LAB", "REF", "AGR", "HLH", "CRM", "SEP", "INS", "MOD", "RAD",
})  # fmt: skip
"""CAMEO agent codes recognised after the country code; others stay in the raw code only."""


@dataclass(frozen=True)
class DictCode:
    """One (possibly dated) code of an entry."""

    code: str
    country: str | None
    sector: str | None
    start: date
    end: date | None


@dataclass(frozen=True)
class DictEntry:
    """One actor: its name, every phrase that names it (lower-case words), and its codes."""

    name: str
    phrases: tuple[str, ...]
    codes: tuple[DictCode, ...]


def _date(text: str) -> date:
    digits = text.strip()
    if len(digits) == 8:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if len(digits) != 6:
        raise ValueError(f"not a TABARI date: {text!r}")
    yy = int(digits[:2])
    return date((2000 if yy < _PIVOT_YEAR else 1900) + yy, int(digits[2:4]), int(digits[4:]))


def parse_code(text: str) -> DictCode | None:
    """``RUSGOV 991231-080507`` → a dated code; ``---`` → None."""
    parts = text.split(None, 1)
    if not parts:
        return None
    code, restriction = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    if code.startswith(("<", ">")) or code[0].isdigit():  # "[<950630]" with no code
        return None
    if set(code) <= {"-"}:
        return None
    code = code.upper()
    start, end = date(1, 1, 1), None
    try:
        if restriction.startswith(">"):
            start = _date(restriction[1:])
        elif restriction.startswith("<"):
            end = _date(restriction[1:])
        elif "-" in restriction:
            lo, hi = restriction.split("-", 1)
            start, end = _date(lo), _date(hi)
    except ValueError:
        return None
    country = code[:3] if len(code) >= 3 else code
    sector = next((code[i:i + 3] for i in range(3, len(code), 3) if code[i:i + 3] in _SECTORS), None)
    return DictCode(code, country, sector, start, end)


def _phrase(raw: str) -> str:
    return " ".join(raw.strip().strip("_").replace("_", " ").split()).lower()


def read_actors(path: Path) -> list[DictEntry]:
    """Read one ``.actors`` file into entries (unparseable codes are skipped, never fatal)."""
    entries: list[DictEntry] = []
    name = ""
    phrases: list[str] = []
    codes: list[DictCode] = []
    in_comment = False

    def flush() -> None:
        if name and phrases:
            entries.append(DictEntry(name, tuple(dict.fromkeys(phrases)), tuple(codes)))

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if "<!--" in line:
            in_comment = "-->" not in line
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line.strip():
            continue
        found = [c for c in (parse_code(m) for m in _CODE.findall(line)) if c is not None]
        text = _CODE.sub("", line)
        if line[0].isspace() and not text.strip():  # an indented code line
            codes.extend(found)
            continue
        if text.startswith("+"):
            if p := _phrase(text[1:]):
                phrases.append(p)
            codes.extend(found)
            continue
        flush()
        name = " ".join(w.capitalize() for w in _phrase(text).split())
        phrases = [_phrase(text)] if _phrase(text) else []
        codes = list(found)
    flush()
    return entries
