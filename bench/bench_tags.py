"""Cost of topics + keywords: run() per article with and without them, in one process.

    PYTHONPATH=. python bench/bench_tags.py [--files 300] [--rounds 3]

Runs BBC files as one-article dumps (paragraphs on consecutive lines, as
bench/eval_topics.py resends them), alternating the two option sets round by round so
both see the same machine load, and prints JSON with the per-article times and the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import bbc
from service.model import ALL_TAG_KINDS, Options
from service.pipeline import run, warm_up

MINE = {"topics", "keywords"}


def one_article(text: str) -> str:
    title, _, body = text.strip().partition("\n")
    return "\n".join([title.strip(), *(p.strip() for p in body.split("\n\n") if p.strip())])


def timed(texts: list[str], options: Options) -> float:
    start = time.perf_counter()
    for text in texts:
        run(text, options)
    return time.perf_counter() - start


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
    base_ms = min(base) / len(texts) * 1000
    full_ms = min(full) / len(texts) * 1000
    print(
        json.dumps(
            {
                "articles": len(texts),
                "rounds": args.rounds,
                "ms_per_article_without": round(base_ms, 3),
                "ms_per_article_with": round(full_ms, 3),
                "ratio": round(full_ms / base_ms, 4),
                "added_fraction": round(full_ms / base_ms - 1, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
