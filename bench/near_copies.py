"""Recall on synthetic near-copies and false folds among distinct stories, through dedupe().

    PYTHONPATH=. python bench/near_copies.py [--sources 3000] [--threshold 0.8] [--seed 11]

One batch: distinct BBC and Reuters stories (exact copies and same-title versions removed)
in corpus order, so each Reuters day's agency copy sits together, followed by one copy of
each source per kind in harness/corpus.py VARIANTS, shuffled. A copy counts as found when it
folds into its own source; every fold between two sources is listed for checking by eye
(the corpora hold real versions of the same story under different titles).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import corpus
from service.model import Article, Section, Span
from service.pipeline.dedupe import SHORT_WORDS, dedupe


def as_article(story: corpus.Story, n: int) -> Article:
    # the span carries the position, so folds can be traced back to stories
    span = Span(n, n + 1, n + 1, n + 1)
    return Article(span, story.title, (Section(None, story.paragraphs),), ())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sources", type=int, default=3000)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--show", type=int, default=0, help="print this many source-source folds")
    args = ap.parse_args()
    from service.model import DEFAULT_NEAR_THRESHOLD

    threshold = args.threshold if args.threshold is not None else DEFAULT_NEAR_THRESHOLD
    rng = random.Random(args.seed)
    stories = corpus.distinct(corpus.bbc() + corpus.reuters())
    chosen = sorted(rng.sample(range(len(stories)), min(args.sources, len(stories))))
    sources = [stories[i] for i in chosen]
    copies = [
        (si, name, make(s, rng))
        for si, s in enumerate(sources)
        for name, make in corpus.VARIANTS.items()
    ]
    rng.shuffle(copies)
    batch = sources + [c for _, _, c in copies]
    articles = [as_article(s, n) for n, s in enumerate(batch)]
    t0 = time.perf_counter()
    kept, folds = dedupe(articles, "near", threshold)
    seconds = time.perf_counter() - t0
    # map kept index -> batch position of the article it is
    kept_pos = [a.span.start for a in kept]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: list[tuple[str, str]] = []
    source_folds: list[tuple[int, int, float]] = []
    folded_at = {f.span.start: (kept_pos[f.duplicate_of], f.similarity) for f in folds}
    for k, (si, name, _copy) in enumerate(copies):
        pos = len(sources) + k
        size = "short" if sources[si].words < SHORT_WORDS else "long"
        total[name] += 1
        total[size] += 1
        target = folded_at.get(pos)
        if target is None:
            continue
        if target[0] == si or (
            target[0] < len(sources)
            and target[0] in {p for p, _ in [folded_at.get(si, (None, 0))] if p is not None}
        ):
            found[name] += 1
            found[size] += 1
        elif target[0] >= len(sources):
            found[name] += 1  # folded into an earlier copy of the same source
            found[size] += 1
        else:
            wrong.append((sources[si].id, sources[target[0]].id))
    for pos, (target, sim) in folded_at.items():
        if pos < len(sources):
            source_folds.append((pos, target, sim))
    report = {
        "threshold": threshold,
        "sources": len(sources),
        "copies": len(copies),
        "seconds": round(seconds, 2),
        "recall": {k: round(found[k] / total[k], 4) for k in sorted(total)},
        "recall_all": round(sum(found[k] for k in corpus.VARIANTS) / len(copies), 4),
        "copies_into_other_source": len(wrong),
        "source_into_source_folds": len(source_folds),
    }
    print(json.dumps(report, indent=1))
    for copy_of, folded_into in wrong[: args.show]:
        print(f"--- copy of {copy_of} folded into {folded_into}", file=sys.stderr)
    for pos, target, sim in source_folds[: args.show]:
        a, b = batch[pos], batch[target]
        print(f"--- {sim} {b.id} <- {a.id}", file=sys.stderr)
        print(f"  {b.title} | {b.body[:200]!r}", file=sys.stderr)
        print(f"  {a.title} | {a.body[:200]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
