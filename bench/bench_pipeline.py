"""The whole pipeline against the bare base model's NER, words per CPU-second; prints JSON.

    PYTHONPATH=. python bench/bench_pipeline.py [--articles 200] [--rounds 3] [--model PATH]

BBC articles (evaluation use only) go through run() with the default options (segment,
clean, dedupe, NER, linking, topics, keywords, agencies) twice: each article its own dump
(`per_article`, as a CMS sends them) and ten articles to a dump (`per_dump`). The anchor is
en_core_web_sm's NER alone (its other components excluded), nlp.pipe over the same
articles' cleaned block texts in batches of 64: what a bare NER service would run. Both are
timed in this process's CPU time, alternating round by round, best round of each (both
with numpy's BLAS on one thread, as `import service` sets it before numpy loads); words
are whitespace tokens of the cleaned text. `ratio` = pipeline words/s over bare words/s
(target >= 1.0).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# isort: off
import service  # noqa: E402, F401  (first: its BLAS setting must precede numpy's loading)
# isort: on
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from bench.bench_latency import BARE_EXCLUDE  # noqa: E402
from bench.bench_ner import BASE, bbc_articles, dumps_of  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run, warm_up  # noqa: E402
from service.pipeline.entities import load_nlp  # noqa: E402


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def compare(texts: list[str], bare: Language, rounds: int) -> dict[str, object]:
    untagged = [run(t, Options(tags=frozenset())).articles for t in texts]
    cleaned = [b.text for articles in untagged for a in articles for b in a.blocks]
    words = sum(len(t.split()) for t in cleaned)

    def pipeline() -> None:
        for text in texts:
            run(text, Options())

    def anchor() -> None:
        for _doc in bare.pipe(cleaned, batch_size=64):
            pass

    pipeline_s, bare_s = [], []
    for _ in range(rounds):  # alternate, keep the best of each: other jobs share the cores
        pipeline_s.append(cpu_seconds(pipeline))
        bare_s.append(cpu_seconds(anchor))
    pipeline_wps, bare_wps = words / min(pipeline_s), words / min(bare_s)
    return {
        "dumps": len(texts),
        "articles": sum(len(articles) for articles in untagged),
        "words": words,
        "pipeline_words_per_cpu_s": round(pipeline_wps),
        "bare_ner_words_per_cpu_s": round(bare_wps),
        "ratio": round(pipeline_wps / bare_wps, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--model", default=None, help="NER model to run instead of the shipped one")
    args = ap.parse_args()
    nlp = load_nlp(args.model)
    warm_up()
    bare = spacy.load(BASE, exclude=BARE_EXCLUDE)
    articles = [a.strip() + "\n" for a in bbc_articles(args.articles)]
    out = {
        "model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "anchor": f"{bare.meta['name']} {bare.meta['version']} NER alone",
        "per_article": compare(articles, bare, args.rounds),
        "per_dump": compare(dumps_of(articles), bare, args.rounds),
        "target_ratio": 1.0,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
