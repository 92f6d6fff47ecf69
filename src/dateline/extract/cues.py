"""Building blocks of quote extraction: the reporting-cue lexicon, quotation-mark pairing, the
search for a quotation's cue, and the token helpers that cut speaker and cue spans.

Quotation marks are paired per paragraph, so an unbalanced mark can never swallow the rest of an
article: an opening mark left open at the end of its paragraph is dropped, unless the next
paragraph opens with a quotation mark too (the newspaper convention for a quote that runs across
paragraphs), in which case the quote continues there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..model import ActorRef, Article, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CUE_KINDS = ("speech", "report", "belief", "stance")
"""``speech`` verbs introduce direct and reported speech, ``report`` verbs attribute published or
found content, ``belief`` verbs only report a clause ("thinks that …") and never a direct quote,
``stance`` verbs attribute a position taken on something (endorse, oppose, condemn) and only take
a clause or an object as content."""

_OPEN_DOUBLE = frozenset("“«„")
_CLOSE_DOUBLE = frozenset("”»")
_OPEN_SINGLE = frozenset("‘‹")
_CLOSE_SINGLE = frozenset("’›")
_STRAIGHT = frozenset("\"'")
_MARK_RE = re.compile("''|``|[\"'“”«»„‘’‹›]")
"""A quotation mark; two apostrophes or backticks are one double mark, as newspaper archives and
Penn-Treebank-style texts write them (``''This is a quote,'' he said``)."""
_OPENERS_BEFORE = frozenset(" \t\n([{—–-/:")
"""Characters after which a straight quote mark opens a quotation."""
_CLOSERS_AFTER = frozenset(" \t\n)]},.;:!?—–-…")
"""Characters before which a straight quote mark closes a quotation."""
_PARAGRAPH_RE = re.compile(r"[^\n]+")

EDGE_TRIM = " \t\n,;:—–-"
"""Characters trimmed from the edges of content and speaker spans."""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "ccomp", "parataxis"})
SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "you", "him", "her"})
GROUP_PRONOUNS = frozenset({"we", "they", "it"})
_ORG_HEADS = frozenset(
    "ministry agency government office department committee council company campaign party court "
    "kremlin administration commission army police service spokesperson newspaper network "
    "organization organisation union bank group board parliament senate congress house".split()
)
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg"})
_CUE_FREQUENCY = frozenset({"often", "now", "still", "always", "never", "barely", "already", "just", "since", "long"})
_CUE_ADVERBS = frozenset(
    {"also", "further", "later", "again", "previously", "then", "repeatedly", "once", "first", "initially"}
)


@dataclass(frozen=True)
class Region:
    """A quotation: ``inner`` excludes the marks, ``outer`` includes them."""

    inner: Span
    outer: Span
    double: bool
    paragraphs: int = 1
    """How many paragraphs the quotation runs across."""


@dataclass
class Cand:
    """A quote under construction (shared by the passes of :mod:`dateline.extract.quotes`)."""

    content: Span
    why: str
    cue: Span | None = None
    cue_tok: int | None = None
    speaker_tok: int | None = None
    speaker_span: Span | None = None
    speaker_ref: ActorRef | None = None
    direct: bool = True
    parts: tuple[Span, ...] = ()
    according_to: list[Span] = field(default_factory=list)
    kind: str = "speech"


@dataclass(frozen=True)
class Lexicon:
    """The cue lexicon: verb kinds, which verbs take an object as content, and with which prepositions."""

    kinds: dict[str, str]
    """Verb lemma → kind."""
    objects: dict[str, frozenset[str]]
    """Verb lemma → how its object is the content: ``obj`` (direct object), ``oprd`` (only with an
    object predicate: "called him a liar"), or a preposition ("call *for*", "refer *to*")."""
    nouns: dict[str, str]
    """Nominal cue lemma → kind ("claim", "warning"): ``X's claim that …``."""


@lru_cache(maxsize=1)
def lexicon_full() -> Lexicon:
    """The cue lexicon from ``dateline/data/cues.txt`` (``LEMMA <TAB> KIND [<TAB> FLAGS]``)."""
    kinds: dict[str, str] = {}
    objects: dict[str, set[str]] = {}
    nouns: dict[str, str] = {}
    text = resources.files("dateline").joinpath("data/cues.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        lemma, kind = cols[0].lower(), (cols[1] if len(cols) > 1 and cols[1] else "speech")
        flags = cols[2].split(",") if len(cols) > 2 and cols[2] else []
        if kind not in CUE_KINDS:
            raise ValueError(f"cues.txt: unknown cue kind {kind!r} for {lemma!r}")
        if "noun" in flags:
            nouns.setdefault(lemma, kind)
            continue
        verb, _, prep = lemma.partition(" ")
        kinds.setdefault(verb, kind)
        if prep:
            objects.setdefault(verb, set()).add(prep)
        objects.setdefault(verb, set()).update(f for f in flags if f in ("obj", "oprd"))
    return Lexicon(kinds, {k: frozenset(v) for k, v in objects.items() if v}, nouns)


def lexicon() -> dict[str, str]:
    """Cue verb lemma → kind, from ``dateline/data/cues.txt``."""
    return lexicon_full().kinds


def _role(text: str, i: int, j: int | None = None) -> str:
    """``open``, ``close`` or ``skip`` (an apostrophe) for the quotation mark ``text[i:j]``."""
    j = i + 1 if j is None else j
    ch = text[i] if j == i + 1 else ('"' if text[i] == "'" else "“")  # '' is straight, `` opens
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[j] if j < len(text) else "\n"
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
    carry: tuple[int, int] | None = None  # opening mark (start, width) of a quotation continuing from the last paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_double: int | None = None
        open_width = 1
        open_single: int | None = None
        start_at = p_start
        if carry is not None:
            lead = len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
            first = _MARK_RE.match(text, p_start + lead)
            if first is not None:
                open_double, open_width = carry
                start_at = first.end()
        carry = None
        for m in _MARK_RE.finditer(text, start_at, p_end):
            i, j = m.start(), m.end()
            ch = text[i]
            role = _role(text, i, j)
            is_double = ch in _OPEN_DOUBLE or ch in _CLOSE_DOUBLE or ch == '"' or j - i == 2
            if role == "ambiguous":
                if is_double:
                    role = "close" if open_double is not None else "open"
                else:
                    role = "close" if open_single is not None else "skip"
            if role == "skip":
                continue
            if is_double:
                if role == "open" and open_double is None:
                    open_double, open_width, open_single = i, j - i, None
                elif role == "close" and open_double is not None:
                    n = bisect_right(starts, i) - bisect_right(starts, open_double) + 1
                    found.append(Region((open_double + open_width, i), (open_double, j), True, n))
                    open_double, open_single = None, None
                elif role == "open":
                    open_double, open_width = i, j - i  # an earlier opening mark was never closed: forget it
            elif open_double is None:
                if role == "open":
                    open_single = i
                elif open_single is not None:
                    found.append(Region((open_single + 1, i), (open_single, i + 1), False))
                    open_single = None
        if open_double is not None and p_index + 1 < len(paragraphs):
            nxt_start, nxt_end = paragraphs[p_index + 1]
            head = text[nxt_start:nxt_end].lstrip()
            if head[:1] and (head[0] in _OPEN_DOUBLE | {'"'} or head[:2] in ("''", "``")):
                carry = (open_double, open_width)
    found.sort(key=lambda r: r.outer)
    return found


# ---------------------------------------------------------------- finding the cue of a quotation


AFTER_WINDOW_TOKENS = 8
"""Cue search after a closing mark: ``," the Russian President said`` puts the cue within 8 tokens."""
BEFORE_WINDOW_TOKENS = 10
"""Cue search before an opening mark: ``Putin stated on Tuesday, "`` and longer speaker phrases."""
HANGING_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "dep"})


class Context:
    """Per-article indexes shared by the passes."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.lex = lexicon()
        self.regions = regions(self.text)
        self.r_starts = [r.outer[0] for r in self.regions]
        self.sents = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        self.s_starts = [s[2] for s in self.sents]
        self.used_regions: set[int] = set()
        self.used_cues: set[int] = set()
        self.breaks = [m.start() for m in re.finditer("\n", self.text)]

    def same_paragraph(self, a: int, b: int) -> bool:
        """Whether no line break lies between offsets ``a`` and ``b``."""
        lo, hi = min(a, b), max(a, b)
        return bisect_right(self.breaks, lo) == bisect_right(self.breaks, hi - 1) if hi > lo else True

    def region_at(self, char: int) -> int:
        """Index of the quotation whose marks enclose ``char`` (-1 if none)."""
        i = bisect_right(self.r_starts, char) - 1
        if i >= 0 and self.regions[i].outer[0] <= char < self.regions[i].outer[1]:
            return i
        return -1

    def sent_of(self, char: int) -> int:
        """Index of the sentence holding ``char``."""
        return max(0, bisect_right(self.s_starts, char) - 1)

    def cue_kind(self, tok: Token) -> str | None:
        """The lexicon kind of a verb token, None for anything else."""
        if tok.pos_ != "VERB":
            return None
        return self.lex.get(tok.lemma_.lower())


def dependency_cue(ctx: Context, ri: int) -> tuple[Token, Token | None] | None:
    """A cue linked to the quotation in the parse: ``(cue, clause)`` (clause: the cue's child that holds
    the quotation, or None when the cue hangs off the quotation itself)."""
    region = ctx.regions[ri]
    lo, hi = region.outer
    span = ctx.doc.char_span(lo, hi, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end:
            best: tuple[Token, Token] | None = None
            child, anc = tok, tok.head
            for _ in range(6):
                kind = ctx.cue_kind(anc)
                if not ctx.same_paragraph(anc.idx, lo if anc.idx < lo else hi):
                    break
                if (
                    kind in ("speech", "report")
                    and ctx.region_at(anc.idx) == -1
                    and anc.i not in ctx.used_cues
                ):
                    if best is None or kind == "speech":
                        best = (anc, child)
                    if kind == "speech":
                        break
                if anc.head is anc or anc.dep_ == "ROOT":
                    break
                child, anc = anc, anc.head
            if best is not None:
                return best
        for child in tok.children:
            if (child.i < span.start or child.i >= span.end) and child.dep_ in HANGING_DEPS:
                if ctx.cue_kind(child) == "speech" and child.i not in ctx.used_cues:
                    if ctx.same_paragraph(child.idx, lo if child.idx < lo else hi):
                        return (child, None)
    return None


def window_cue(ctx: Context, ri: int) -> tuple[Token, None] | None:
    """A speech cue near the quotation in its sentence (after it first, then before it)."""
    region = ctx.regions[ri]
    doc = ctx.doc
    after = doc.char_span(region.outer[1], len(ctx.text), alignment_mode="expand")
    if after is not None:
        limit = ctx.sents[ctx.sent_of(region.outer[1] - 1)][1]
        for tok in doc[after.start : min(after.start + AFTER_WINDOW_TOKENS, limit, len(doc))]:
            if ctx.region_at(tok.idx) != -1 or not ctx.same_paragraph(region.outer[1] - 1, tok.idx):
                break
            if ctx.cue_kind(tok) == "speech" and tok.i not in ctx.used_cues:
                return (tok, None)
    before = doc.char_span(0, region.outer[0], alignment_mode="contract")
    if before is not None and len(before):
        first = ctx.sents[ctx.sent_of(region.outer[0])][0]
        end = before.end
        for tok in reversed(doc[max(first, end - BEFORE_WINDOW_TOKENS) : end]):
            if ctx.region_at(tok.idx) != -1 or not ctx.same_paragraph(tok.idx, region.outer[0]):
                break
            if ctx.cue_kind(tok) == "speech" and tok.i not in ctx.used_cues:
                return (tok, None)
    return None


# ---------------------------------------------------------------- token helpers (speakers and cues)


def trim(text: str, start: int, end: int, chars: str = EDGE_TRIM) -> Span:
    """``(start, end)`` without the given characters at either edge."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return (start, end)


def tok_span(tok: Token) -> Span:
    """A token's character span."""
    return (tok.idx, tok.idx + len(tok.text))


def subtree_span(tok: Token, text: str) -> Span:
    """The character span of a token's subtree, without edge punctuation."""
    left, right = tok.left_edge, tok.right_edge
    return trim(text, left.idx, right.idx + len(right.text))


def subject(tok: Token) -> Token | None:
    """The cue's speaker token: its subject, else the subject of the verb it hangs from."""
    seen = 0
    while tok is not None and seen < 4:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return None
        if tok.dep_ not in _INHERIT_DEPS or tok.head is tok:
            return None
        tok, seen = tok.head, seen + 1
    return None


def np_span(head: Token, text: str) -> Span:
    """The speaker phrase: the subject's whole subtree (with appositions), kept to the head's line."""
    start, end = subtree_span(head, text)
    line_start = text.rfind("\n", 0, head.idx) + 1
    line_end = text.find("\n", head.idx)
    start, end = max(start, line_start), min(end, line_end if line_end != -1 else end)
    for child in head.rights:  # "Trump, speaking to veterans, said": the speaker is Trump
        circumstance = (child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and child.i > 0
                        and head.doc[child.i - 1].text == ",") or \
                       (child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children))
        if circumstance:
            end = min(end, child.left_edge.idx)
            break
    dash = max(text.rfind(d, start, head.idx) for d in (" - ", " -- ", " — ", " – "))
    if dash != -1:  # "BRUSSELS - European leaders said": a dateline or a heading, not the speaker
        start = dash + 2
    return trim(text, start, max(end, head.idx + len(head.text)), EDGE_TRIM + "\"'“”‘’\xa0[]")


def guess_type(head: Token) -> str:
    """An entity type for a speaker the actors stage could not resolve."""
    if head.ent_type_ in SPEAKER_ENTS:
        return head.ent_type_
    low = head.lower_
    if low in PERSON_PRONOUNS:
        return "PERSON"
    if low in GROUP_PRONOUNS or head.lemma_.lower() in _ORG_HEADS:
        return "ORG"
    return "PERSON"


def mention(head: Token) -> Span:
    """The span handed to ``actors.resolve``: the entity around the head, else the head itself."""
    if head.ent_iob_ != "O":
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end:
                return (ent.start_char, ent.end_char)
    return tok_span(head)


def head_in(doc: Doc, span: Span) -> Token | None:
    """The syntactic head of the tokens inside ``span`` (the last token when the parse disagrees)."""
    chunk = doc.char_span(span[0], span[1], alignment_mode="expand")
    toks = [t for t in chunk if not t.is_space] if chunk is not None else []
    inside = {t.i for t in toks}
    for t in toks:
        if t.head.i not in inside or t.head is t:
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                return t
    return toks[-1] if toks else None


def _manner(tok: Token) -> bool:
    """An -ly adverb right before a cue verb belongs to how it was said ("often said", "privately express")."""
    return tok.dep_ == "advmod" and tok.pos_ == "ADV" and (tok.lower_.endswith("ly") or tok.lower_ in _CUE_FREQUENCY)


def cue_span(tok: Token) -> Span:
    """The cue verb with its auxiliaries, negation, ``also`` and particle (``has also pointed out``)."""
    start, end = tok.idx, tok.idx + len(tok.text)
    doc = tok.doc
    i = tok.i - 1
    while (
        i >= 0
        and doc[i].head.i == tok.i
        and (doc[i].dep_ in _CUE_LEFT_DEPS or doc[i].lower_ in _CUE_ADVERBS or _manner(doc[i]))
    ):
        start, i = doc[i].idx, i - 1
    for child in tok.rights:
        if child.dep_ == "prt" and child.i == tok.i + 1:
            end = child.idx + len(child.text)
    return (start, end)
