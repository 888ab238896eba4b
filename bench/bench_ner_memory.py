"""Worker memory under NER: run() over many varied texts, RSS printed at intervals; prints JSON.

    PYTHONPATH=. python bench/bench_ner_memory.py [--requests 10000] [--every 1000]

Each request is a random title and run of one to six paragraphs from the BBC articles
(evaluation use only), once in a while two of them, with invented names and numbers mixed
in, so new words keep arriving as they do in production and spaCy's StringStore would grow
without bound if nothing reset it. Default options (all tags).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import varied_request  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run, warm_up  # noqa: E402
from service.pipeline.entities import load_nlp  # noqa: E402

BBC = ROOT.parent / "shared" / "corpus" / "bbc"


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    load_nlp(args.model)
    warm_up()
    articles = [p.read_text(encoding="utf-8") for p in sorted(BBC.glob("*/*.txt"))]
    rng = random.Random(0)
    samples = [{"requests": 0, "rss_mb": rss_mb(), "strings": len(load_nlp().vocab.strings)}]
    t0 = time.perf_counter()
    words = 0
    for i in range(1, args.requests + 1):
        text = varied_request(rng, articles)
        words += len(text.split())
        run(text, Options())
        if i % args.every == 0:
            samples.append(
                {"requests": i, "rss_mb": rss_mb(), "strings": len(load_nlp().vocab.strings)}
            )
            print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
    after_warm = samples[1]["rss_mb"] if len(samples) > 1 else samples[0]["rss_mb"]
    out = {
        "requests": args.requests,
        "words": words,
        "seconds": round(time.perf_counter() - t0, 1),
        "samples": samples,
        "max_rss_mb": max(s["rss_mb"] for s in samples),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "growth_after_first_interval_mb": round(samples[-1]["rss_mb"] - after_warm, 1),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
