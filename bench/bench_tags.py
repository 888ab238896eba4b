"""Cost of topics + keywords: run() per article with and without them, in one process.

    PYTHONPATH=. python bench/bench_tags.py [--files 300] [--rounds 3]

Runs BBC files as one-article dumps (paragraphs on consecutive lines, as
bench/eval_topics.py resends them), alternating the two option sets round by round so
both see the same machine load, and prints JSON with the per-article times and the ratio.
Times are this process's CPU time (time.process_time), best round of each: on a shared
machine wall-clock time mostly measures the neighbours; wall-clock figures are printed too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.topic_corpus import bbc
from service.model import ALL_TAG_KINDS, Options
from service.pipeline import run, warm_up

MINE = {"topics", "keywords"}


def one_article(text: str) -> str:
    title, _, body = text.strip().partition("\n")
    return "\n".join([title.strip(), *(p.strip() for p in body.split("\n\n") if p.strip())])


def timed(texts: list[str], options: Options) -> tuple[float, float]:
    """(CPU seconds, wall seconds) to run every text."""
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        run(text, options)
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = bbc()
    step = max(1, len(files) // args.files)
    texts = [one_article(p.read_text(encoding="utf-8")) for p in files[::step][: args.files]]
    with_tags = Options(tags=frozenset(ALL_TAG_KINDS))
    without = Options(tags=frozenset(ALL_TAG_KINDS) - MINE)
    warm_up()
    timed(texts[:20], with_tags)  # first-call costs (caches, imports) out of the way
    base, full = [], []
    for _ in range(args.rounds):
        base.append(timed(texts, without))
        full.append(timed(texts, with_tags))
    per_article = 1000 / len(texts)
    base_ms = min(cpu for cpu, _ in base) * per_article
    full_ms = min(cpu for cpu, _ in full) * per_article
    report = {
        "articles": len(texts),
        "rounds": args.rounds,
        "cpu_ms_per_article_without": round(base_ms, 3),
        "cpu_ms_per_article_with": round(full_ms, 3),
        "ratio": round(full_ms / base_ms, 4),
        "added_fraction": round(full_ms / base_ms - 1, 4),
        "wall_ms_per_article_without": round(min(w for _, w in base) * per_article, 3),
        "wall_ms_per_article_with": round(min(w for _, w in full) * per_article, 3),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
