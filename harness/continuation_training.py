"""Teach the segmenter's continuation model (service.pipeline.continuation) from the
corpus's own stories: does the text below go on the story above?

Examples are of four kinds, from stories of the generator's "train" split:
- a story cut between two of its paragraphs (from the second on): it goes on; a short
  subheading of the lower part's own words stands above it most of the time, as in print;
- the opening paragraphs of one story, then another story, whole or its opening part,
  under its headline: half the time drawn from the same section or wire file, since
  neighbouring stories of a dump are often about the same things;
- now and then the leads of a few stories of one section, then more of them, as a list of
  teasers prints them: about the same things, yet each its own story;
- now and then a story, then its own copy with a quarter of its paragraphs dropped: a copy
  starts the story over, it does not go on.

Only the words count, never the layout, so what is learned here holds in any layout.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import numpy as np

from harness.corpus import Story, story_pool
from service.pipeline.boundary_model import Forest
from service.pipeline.continuation import content_words, continuation_rows

__all__ = ["EXAMPLES", "continuation_examples", "fit_continuation", "forest_of_binary"]

EXAMPLES = 6000  # stories cut (and as many pairs of stories; copies besides)
SEED = 20261130
SOURCES = ("bbc", "reuters", "conll")  # English copy: names and words mean what they say
SAME_GROUP = 0.5  # share of the other stories drawn from the same section or wire file
FEED_SHARE = 0.3
COPY_SHARE = 0.3
COPY_KEEPS = 0.75  # the share of its paragraphs a trimmed copy keeps
# The trees: small, as the features are few.
ROUNDS = 200
DEPTH = 4
LEARNING_RATE = 0.1


def continuation_examples(
    n: int = EXAMPLES, seed: int = SEED, split: str = "train"
) -> tuple[list[tuple[list[str], list[str], str]], list[int]]:
    """(above paragraphs, below paragraphs, below's headline) triples and their labels (1:
    the below goes on the above's story), from the stories of `split`."""
    rng = random.Random(seed)
    pool = [s for s in story_pool(split, 7) if s.source in SOURCES]
    long = [s for s in pool if len(s.paragraphs) >= 3]
    by_group: dict[str, list[Story]] = {}
    for s in pool:
        by_group.setdefault(_group(s), []).append(s)
    pairs: list[tuple[list[str], list[str], str]] = []
    labels: list[int] = []
    for _ in range(n):
        story = rng.choice(long)
        paras = list(story.paragraphs)
        cut = rng.randint(2, len(paras) - 1)
        words = content_words(paras[cut])
        subheading = " ".join(words[: rng.randint(2, 5)]) if rng.random() < 0.7 else ""
        pairs.append((paras[:cut], paras[cut:], subheading))
        labels.append(1)

        other = rng.choice(by_group[_group(story)]) if rng.random() < SAME_GROUP else None
        if other is None or other.id == story.id:
            other = rng.choice(pool)
        below = list(other.paragraphs)
        if rng.random() < 0.5:
            below = below[: rng.randint(1, len(below))]
        pairs.append((paras[: rng.randint(1, len(paras))], below, other.title))
        labels.append(0)

        if rng.random() < FEED_SHARE:
            # a list of teasers: the leads of stories of one section, then more of them
            group = by_group[_group(story)]
            leads = [_lead(s) for s in rng.sample(group, min(len(group), rng.randint(4, 10)))]
            leads = [lead for lead in leads if lead]
            if len(leads) >= 3:
                cut = rng.randint(2, len(leads) - 1)
                pairs.append((leads[:cut], leads[cut:], ""))
                labels.append(0)

        if rng.random() < COPY_SHARE:
            copy = [p for p in paras if rng.random() < COPY_KEEPS] or paras[:1]
            pairs.append((paras, copy, story.title))
            labels.append(0)
    return pairs, labels


@cache
def fit_continuation(seed: int = SEED) -> Forest:
    """The continuation forest (one score: the log-odds of going on), fitted on
    `continuation_examples` drawn with `seed`."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    pairs, labels = continuation_examples(EXAMPLES, seed)
    x = continuation_rows(pairs)
    trees = HistGradientBoostingClassifier(
        max_iter=ROUNDS,
        learning_rate=LEARNING_RATE,
        max_depth=DEPTH,
        max_leaf_nodes=None,
        early_stopping=False,
        random_state=seed,
    )
    trees.fit(x, np.asarray(labels))
    return forest_of_binary(trees)


def forest_of_binary(trees: Any) -> Forest:
    """A fitted two-class HistGradientBoostingClassifier as a one-score Forest (the
    log-odds of its second class)."""
    from harness.boundary_training import flat_trees

    if len(trees.classes_) != 2:
        raise ValueError("a continuation model tells two classes apart")
    return flat_trees(trees._predictors, [0], np.asarray(trees._baseline_prediction).ravel())


def _lead(story: Story) -> str:
    """The story's first sentence, as a teaser list prints it."""
    first = story.paragraphs[0] if story.paragraphs else ""
    return first.split(". ")[0]


def _group(story: Story) -> str:
    """The story's section (BBC) or file (Reuters-21578, CoNLL-2003)."""
    return story.id.rsplit("/", 1)[0]
