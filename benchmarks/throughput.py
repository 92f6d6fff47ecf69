"""Throughput: the full pipeline vs raw spaCy ``nlp.pipe`` with the same model, in the same run.

    .venv/bin/python benchmarks/throughput.py --corpus wikinews --limit 300 --jobs 1 2

Prints articles/s and words/s of raw spaCy, of the pipeline with each ``--jobs`` value, the
ratio pipeline/raw (the figure that matters on a noisy machine), and the time each extractor
takes per article (measured in-process, serial). ``--json FILE`` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from corpora import load

from dateline import nlp
from dateline.extract import EXTRACTORS
from dateline.ingest.readers import make_article
from dateline.model import Article
from dateline.pipeline import _english_only
from dateline.scale.parallel import annotate_parallel
from dateline.settings import NLP_BATCH_SIZE


def articles(raw: list[dict[str, Any]]) -> list[Article]:
    out = []
    for obj in raw:
        item = make_article(obj["text"], obj.get("date"), obj["id"], id=obj["id"], source=obj.get("source"))
        if isinstance(item, Article):
            out.append(item)
    return out


def rate(n: int, words: int, seconds: float) -> dict[str, float]:
    return {"seconds": round(seconds, 2), "articles_per_s": round(n / seconds, 2), "words_per_s": round(words / seconds)}


def per_extractor(docs: list[Article]) -> dict[str, float]:
    """Milliseconds per article spent in language detection, parsing and each extractor."""
    spent = {"language": 0.0, "parse": 0.0, **{e.name: 0.0 for e in EXTRACTORS}}
    start = time.perf_counter()
    checked = list(_english_only(docs))
    spent["language"] = time.perf_counter() - start
    start = time.perf_counter()
    parsed = list(nlp.parse(checked))
    spent["parse"] = time.perf_counter() - start
    for article in parsed:
        for extractor in EXTRACTORS:
            t = time.perf_counter()
            try:
                extractor.annotate(article)
            except Exception:  # the pipeline warns and goes on; so does the benchmark
                pass
            spent[extractor.name] += time.perf_counter() - t
        article.doc = None
    return {k: round(1000 * v / len(docs), 2) for k, v in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=("reuters", "wikinews"), default="wikinews")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    raw = load(args.corpus, args.limit)
    words = sum(len(a["text"].split()) for a in raw)
    model = nlp.load_model()
    list(model.pipe(["Warm-up sentence for the model."]))
    result: dict[str, Any] = {"corpus": args.corpus, "articles": len(raw), "mean_words": round(words / len(raw))}

    start = time.perf_counter()
    for _ in model.pipe((a["text"] for a in raw), batch_size=NLP_BATCH_SIZE):
        pass
    result["raw_spacy"] = rate(len(raw), words, time.perf_counter() - start)

    for jobs in args.jobs:
        docs = articles(raw)
        start = time.perf_counter()
        for _ in annotate_parallel(docs, jobs):
            pass
        result[f"pipeline_jobs{jobs}"] = rate(len(docs), words, time.perf_counter() - start)
        result[f"ratio_jobs{jobs}"] = round(result["raw_spacy"]["seconds"] / result[f"pipeline_jobs{jobs}"]["seconds"], 3)
    result["ms_per_article"] = per_extractor(articles(raw))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
