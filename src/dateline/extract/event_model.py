"""A small PLOVER event-type classifier: hashed stems and stem bigrams → softmax over the 16 types.

The weights (``data/events_model.npz``, float16, about 2 MB) are learnt by
``scripts/train_event_model.py`` from the NGEC synthetic PLOVER stories; nothing of the training
text is shipped, only the hashed weights. The coder uses the model where its rules are silent or
disagree (see :mod:`.events`); the score goes into the event's ``why`` and confidence.

Features are computed from the raw sentence text (no parse), so training needs no spaCy and the
per-sentence cost is one regex pass plus a gather-and-sum over a few dozen weight rows.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

MODEL_FILE = "events_model.npz"

BUCKETS = 1 << 15
"""Hash buckets: 32k rows × 16 types in float16 is 1 MB; the training set has ~25k distinct
features, so collisions cost little (measured: held-out accuracy equal to 2^17 buckets ±1 pt)."""

_WORD = re.compile(r"[a-z][a-z'-]*|\d+")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_NUMBER = "<num>"


def stem(word: str) -> str:
    """A crude, deterministic suffix stripper (so "attacked", "attacks", "attacking" share a feature)."""
    word = word.removesuffix("'s").strip("'-")
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased stems of the words of ``text`` (numbers folded into one token)."""
    return [_NUMBER if w.isdigit() else stem(w) for w in _WORD.findall(text.lower())]


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


def features(text: str) -> np.ndarray:
    """Distinct hashed feature indices of ``text``: stems and adjacent-stem bigrams."""
    toks = tokens(text)
    feats = {f"u:{t}" for t in toks} | {f"b:{a}_{b}" for a, b in itertools.pairwise(toks)}
    return np.fromiter(sorted({_bucket(f) for f in feats}), dtype=np.int64)


@dataclass(frozen=True)
class Model:
    """Learnt weights: ``weights[bucket, type]`` and ``bias[type]``."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def scores(self, text: str) -> dict[str, float]:
        """Probability of each PLOVER type for a sentence."""
        idx = features(text)
        logits = self.bias + (self.weights[idx].sum(axis=0) if len(idx) else 0.0)
        logits = logits - logits.max()
        probs = np.exp(logits)
        probs /= probs.sum()
        return {c: float(p) for c, p in zip(self.classes, probs)}

    def best(self, text: str) -> tuple[str, float]:
        """The most probable type and its probability."""
        scores = self.scores(text)
        top = max(scores, key=lambda k: scores[k])
        return top, scores[top]


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The bundled model (None when the weights file is absent, e.g. before the first training)."""
    ref = resources.files("dateline.data").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh, np.load(fh) as data:
        classes = tuple(str(c) for c in data["classes"])
        return Model(classes, data["weights"].astype(np.float32), data["bias"].astype(np.float32))
