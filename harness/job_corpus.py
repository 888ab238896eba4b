"""Documents for job runs: corpus stories with planted exact and near copies, as NDJSON.

The tests and the job benchmarks draw their inputs here: distinct BBC and Reuters stories
in corpus order, then synthetic stand-ins (corpus sentences) past the corpus, with a share
of documents that repeat an earlier one word for word or as a near copy (harness/corpus.py
VARIANTS) — the copies a job must fold across its chunks.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from harness import corpus

__all__ = ["job_documents", "write_ndjson"]


def _story_text(story: corpus.Story, leads: bool) -> str:
    # a wire brief: the headline and the story's first two paragraphs
    body = "\n\n".join(story.paragraphs[:2]) if leads else story.body
    return story.title + "\n\n" + body + "\n"


def job_documents(
    n: int,
    seed: int = 7,
    exact_share: float = 0.05,
    near_share: float = 0.05,
    leads: bool = False,
) -> list[dict[str, str]]:
    """`n` documents {"id", "text"}; about exact_share + near_share of them are copies of
    an earlier document of the list. `leads`: each story cut to its headline and first two
    paragraphs, as a feed of briefs carries them (a near copy is cut after its edit)."""
    rng = random.Random(seed)
    stories = corpus.distinct(corpus.bbc() + corpus.reuters(), min_words=40)
    originals: Iterator[corpus.Story] = iter(stories)
    pool = corpus.sentence_pool(stories[:3000])
    extra = corpus.synthetic(pool, stories[:3000], max(0, n - len(stories)), rng)
    variants = list(corpus.VARIANTS.values())
    docs: list[dict[str, str]] = []
    kept: list[corpus.Story] = []
    for i in range(n):
        draw = rng.random()
        if kept and draw < exact_share:
            story = rng.choice(kept)
            kind = "exact"
        elif kept and draw < exact_share + near_share:
            story = rng.choice(variants)(rng.choice(kept), rng)
            kind = "near"
        else:
            story = next(originals, None) or next(extra)
            kept.append(story)
            kind = "story"
        docs.append({"id": f"d{i:06d}-{kind}", "text": _story_text(story, leads)})
    return docs


def write_ndjson(docs: list[dict[str, str]], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path
