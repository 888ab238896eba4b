"""Which measure, shingle size and threshold separate near-copies from different stories.

    PYTHONPATH=. python bench/measure_dedupe.py [--sources 1500] [--seed 7]

Positives: near-copies of distinct corpus stories (harness/corpus.py VARIANTS: last paragraph
dropped, title changed, 2-5% of words edited, paragraphs reflowed, all of them at once).
Negatives: every pair of distinct stories from the same Reuters day or the same BBC topic
(same agency, same day: the boilerplate-sharing pairs that must never fold).
Prints JSON: per shingle size and measure, recall per variant and the number of negative
pairs at or above each threshold, split into short (< SHORT_WORDS words) and long pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import corpus
from service.pipeline.dedupe import SHORT_WORDS, _words

THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(14)]
SIZES = (1, 2, 3, 5)


def shingles(text: str, k: int) -> frozenset[int]:
    w = _words(text)
    if len(w) < k:
        return frozenset({hash(tuple(w))})
    return frozenset(hash(tuple(w[i : i + k])) for i in range(len(w) - k + 1))


def measures(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    common = len(a & b)
    if not a or not b:
        return 0.0, 0.0
    return common / len(a | b), common / min(len(a), len(b))


def negative_pairs(stories: list[corpus.Story], k: int) -> list[tuple[float, float, bool]]:
    """(jaccard, containment, short) of every same-group pair with any overlap worth noting."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(stories):
        groups[s.day or s.id.rsplit("/", 1)[0]].append(i)
    sets = [shingles(s.body, k) for s in stories]
    words = [s.words for s in stories]
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        vocab: dict[int, int] = {}
        rows, cols = [], []
        for r, i in enumerate(members):
            for h in sets[i]:
                rows.append(r)
                cols.append(vocab.setdefault(h, len(vocab)))
        x = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(members), len(vocab))
        )
        inter = sparse.triu(x @ x.T, k=1).tocoo()
        sizes = np.asarray(x.sum(axis=1)).ravel()
        for r, c, n in zip(inter.row, inter.col, inter.data, strict=True):
            sa, sb = sizes[r], sizes[c]
            jac, con = n / (sa + sb - n), n / min(sa, sb)
            if con >= 0.25:
                short = min(words[members[r]], words[members[c]]) < SHORT_WORDS
                out.append((float(jac), float(con), short))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sources", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    stories = corpus.distinct(corpus.bbc() + corpus.reuters())
    sources = rng.sample([s for s in stories if s.words >= 20], args.sources)
    report: dict[str, object] = {"sources": len(sources), "distinct_stories": len(stories)}
    for k in SIZES:
        pos: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for s in sources:
            base = shingles(s.body, k)
            for name, make in corpus.VARIANTS.items():
                pos[name].append(measures(base, shingles(make(s, rng).body, k)))
        neg = negative_pairs(stories, k)
        for m, name in ((0, "jaccard"), (1, "containment")):
            row: dict[str, object] = {}
            for t in THRESHOLDS:
                recall = {
                    v: round(float(np.mean([p[m] >= t for p in ps])), 4) for v, ps in pos.items()
                }
                row[str(t)] = {
                    "recall": recall,
                    "neg_long": sum(1 for n in neg if n[m] >= t and not n[2]),
                    "neg_short": sum(1 for n in neg if n[m] >= t and n[2]),
                }
            report[f"k{k}_{name}"] = row
        report[f"k{k}_negative_pairs_checked_with_overlap"] = len(neg)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
