"""Dumps mixing page layouts, as pasted together from several sites, with their gold."""

from __future__ import annotations

import itertools
import random

from tests.pipeline.seg_corpus import bbc_articles, reuters_articles
from tests.pipeline.seg_layouts import ALL_LAYOUTS, Story, render_dump

STORIES_PER_DUMP = 6


def story_pool() -> list[Story]:
    """BBC and Reuters-21578 stories in turn (other ones than test_layouts takes)."""
    bbc = [Story(t, tuple(p)) for t, p in itertools.islice(bbc_articles(), 5, 2225, 13)]
    reuters = [Story(t, tuple(p), place) for t, place, p in reuters_articles(400)][2::3]
    return [s for pair in zip(bbc, reuters, strict=False) for s in pair]


def mixes(triples: int) -> dict[str, list[str]]:
    """Every layout alone, every pair, and `triples` triples (plus the one known weak)."""
    names = sorted(ALL_LAYOUTS)
    trios = list(itertools.combinations(names, 3))
    random.Random(11).shuffle(trios)
    return {
        "single": names,
        "pair": ["+".join(c) for c in itertools.combinations(names, 2)],
        "triple": ["+".join(c) for c in trios[:triples]] + ["wrapped+cms+compact"],
    }


def mixed_dumps(mix: str, pool: list[Story], n: int, salt: int) -> list[tuple[str, dict]]:
    """`n` dumps whose stories take the layouts of `mix` ("a+b+c") in turn."""
    out = []
    for k in range(n):
        at = (salt * 7 + k * STORIES_PER_DUMP) % (len(pool) - STORIES_PER_DUMP)
        chosen = pool[at : at + STORIES_PER_DUMP]
        out.append(render_dump(chosen, mix, seed=salt + k, crlf=k % 3 == 2, nbsp=k % 4 == 1))
    return out
