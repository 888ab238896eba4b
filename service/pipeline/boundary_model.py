"""The learned boundary model: scores per line, then one decoding of the whole dump.

Each non-blank line is one of four states: "T" opens an article (its headline), "B" is
body text of the article above, "C" is furniture inside that article (a byline, a caption,
a share bar, a list of links to other stories), "O" lies outside every article (menus,
footers, teasers, rules and kickers between stories). Boosted trees give each line a
probability per state from its features (trees do not extrapolate: a line unlike any seen
in training gets the scores of its nearest kind, not an extreme one); the decoder then
picks the best sequence of states for the whole dump at once (Viterbi over the learned
state transitions), so one weak line cannot open or close an article by itself.

The weights live in service/data/segmenter.json, written by scripts/train_segmenter.py.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

import numpy as np

from service.pipeline.boundary_features import ARTICLE_FEATURES, FEATURE_NAMES
from service.pipeline.continuation import CONTINUATION_FEATURES

__all__ = [
    "STATES",
    "BoundaryModel",
    "Forest",
    "decode",
    "load_boundary_model",
    "log_start",
    "log_transitions",
]

STATES = ("O", "T", "B", "C")
_O, _T, _B, _C = 0, 1, 2, 3
# An article opens on its headline: body or furniture right after an outside run, or at the
# very start, is allowed (a paste can begin mid-story) but costs this much.
HEADLESS = 1e-4
# Rows scored together: their rows x trees positions (8 bytes each, ~400 kB) stay in the
# CPU's cache; 1024 rows at a time ran 2.6x slower on a dump of 200k lines.
_ROWS_PER_BLOCK = 128


@dataclass(frozen=True)
class Forest:
    """Gradient-boosted regression trees, one per (round, state), in flat node arrays.

    A leaf points to itself with an infinite threshold, so every row can take the same
    number of steps down a tree: its depth.
    """

    feature: np.ndarray  # int32 per node: the feature it tests (0 at a leaf)
    threshold: np.ndarray  # float64 per node: go left when the feature is <= this
    left: np.ndarray  # int32 per node
    right: np.ndarray  # int32 per node
    value: np.ndarray  # float64 per node: what a leaf adds to its state's score
    roots: np.ndarray  # int32 per tree
    depths: np.ndarray  # int32 per tree
    states: np.ndarray  # int32 per tree: the state whose score it adds to
    baseline: np.ndarray  # float64 per state: the score before any tree

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Raw per-state scores (log-odds up to a constant) of each row.

        Every row goes down every tree at once, one tree level per step (see `_Complete`):
        a few array operations per level, whatever the number of trees. Walking the trees
        node by node cost ~40 ms for a one-article dump, more than its NER.
        """
        x = np.asarray(features)
        out = np.tile(self.baseline, (len(x), 1))
        self._complete.add_scores(x, out)
        return out

    @cached_property
    def _complete(self) -> _Complete:
        return _Complete.of(self)

    def to_json(self) -> dict[str, object]:
        return {
            "feature": self.feature.tolist(),
            # thresholds exactly: a rounded one can send a row down the other branch
            "threshold": [repr(float(v)) for v in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": _rounded(self.value),
            "roots": self.roots.tolist(),
            "depths": self.depths.tolist(),
            "states": self.states.tolist(),
            "baseline": _rounded(self.baseline),
        }

    @classmethod
    def from_json(cls, data: dict[str, list[object]]) -> Forest:
        def ints(key: str) -> np.ndarray:
            return np.asarray(data[key], dtype=np.int32)

        return cls(
            feature=ints("feature"),
            threshold=np.asarray([float(str(v)) for v in data["threshold"]], dtype=np.float64),
            left=ints("left"),
            right=ints("right"),
            value=np.asarray(data["value"], dtype=np.float64),
            roots=ints("roots"),
            depths=ints("depths"),
            states=ints("states"),
            baseline=np.asarray(data["baseline"], dtype=np.float64),
        )


@dataclass(frozen=True)
class _Complete:
    """The forest as complete binary trees of one depth, in heap order (children of node i
    at 2i+1 and 2i+2), so a row's position in every tree is one integer and a level is one
    gather. A leaf above the full depth becomes a split no row fails (threshold +inf) whose
    two subtrees are that same leaf; a NaN feature goes right, as `x <= threshold` says.
    """

    depth: int
    feature: np.ndarray  # intp (trees x splits), flat
    threshold: np.ndarray  # float64 (trees x splits), flat
    # the largest float32 at or below each threshold: a float32 feature is <= one exactly
    # when it is <= the other, so float32 rows (line_features) are compared as they are,
    # never widened to a float64 copy of the whole matrix (1.3 GB for a million lines)
    threshold32: np.ndarray
    leaf_value: np.ndarray  # float64 (trees x leaves), flat
    state_of_tree: np.ndarray  # float64 (trees x states): one-hot, the state each tree adds to

    @classmethod
    def of(cls, forest: Forest) -> _Complete:
        trees, depth = len(forest.roots), int(forest.depths.max(initial=0))
        splits = 2**depth - 1
        feature = np.zeros((trees, splits), dtype=np.intp)
        threshold = np.full((trees, splits), np.inf)
        leaf_value = np.zeros((trees, splits + 1))
        left, right = forest.left.tolist(), forest.right.tolist()
        for tree, root in enumerate(forest.roots.tolist()):
            stack = [(root, 0, 0)]  # (node, heap position, level)
            while stack:
                node, heap, level = stack.pop()
                if level == depth:
                    leaf_value[tree, heap - splits] = forest.value[node]
                elif left[node] == node:  # a leaf above the full depth
                    stack += [(node, 2 * heap + 1, level + 1), (node, 2 * heap + 2, level + 1)]
                else:
                    feature[tree, heap] = forest.feature[node]
                    threshold[tree, heap] = forest.threshold[node]
                    stack += [(left[node], 2 * heap + 1, level + 1)]
                    stack += [(right[node], 2 * heap + 2, level + 1)]
        state_of_tree = np.zeros((trees, len(forest.baseline)))
        state_of_tree[np.arange(trees), forest.states] = 1.0
        threshold = threshold.ravel()
        return cls(
            depth,
            feature.ravel(),
            threshold,
            _float32_at_or_below(threshold),
            leaf_value.ravel(),
            state_of_tree,
        )

    def add_scores(self, x: np.ndarray, out: np.ndarray) -> None:
        """Add what the trees give each state to `out`, row by row of `x`."""
        trees = len(self.state_of_tree)
        splits = 2**self.depth - 1
        if x.dtype == np.float32:
            x, threshold = np.ascontiguousarray(x), self.threshold32
        else:
            threshold = self.threshold
        # positions are flat (tree x splits) indices: tree t's root is t * splits
        roots = np.arange(trees) * splits
        to_children = roots - 2  # heap child 2i+2-left, moved into the tree's own range
        to_leaves = np.arange(trees) - splits  # a flat position past the splits: its leaf
        if len(x) == 0:
            return
        block = min(_ROWS_PER_BLOCK, len(x))
        row_start = (np.arange(block) * x.shape[1])[:, None]
        fresh = np.empty(block, dtype=bool)
        at_all = np.empty((block, trees), dtype=np.intp)
        index_all = np.empty((block, trees), dtype=np.intp)
        value_all = np.empty((block, trees), dtype=threshold.dtype)
        bound_all = np.empty((block, trees), dtype=threshold.dtype)
        left_all = np.empty((block, trees), dtype=bool)
        # a full block of one row repeated, and what the trees added to it
        repeated: tuple[np.ndarray, np.ndarray] | None = None
        for start in range(0, len(x), block):
            rows = np.ascontiguousarray(x[start : start + block], dtype=threshold.dtype)
            n = len(rows)
            # a row equal to the one above it goes down the same paths: walk it once
            # (a million copies of one line cost a million walks otherwise)
            fresh[0] = True
            np.any(rows[1:] != rows[:-1], axis=1, out=fresh[1:n])
            distinct = int(np.count_nonzero(fresh[:n]))
            if repeated is not None and distinct == 1 and n == block:
                row, added = repeated
                if np.array_equal(rows[0], row):  # the same block again, row for row
                    out[start : start + n] += added
                    continue
            walked = rows if distinct == n else rows[fresh[:n]]
            at = at_all[:distinct]
            at[...] = roots
            cells = walked.ravel()
            index, value = index_all[:distinct], value_all[:distinct]
            bound, left = bound_all[:distinct], left_all[:distinct]
            for _ in range(self.depth):
                np.take(self.feature, at, out=index, mode="wrap")
                index += row_start[:distinct]
                np.take(cells, index, out=value, mode="wrap")
                np.take(threshold, at, out=bound, mode="wrap")
                np.less_equal(value, bound, out=left)
                at *= 2
                at -= to_children
                at -= left
            at += to_leaves
            if distinct < n:
                at = at[np.cumsum(fresh[:n]) - 1]
            added = self.leaf_value[at] @ self.state_of_tree
            out[start : start + n] += added
            repeated = (rows[0].copy(), added) if distinct == 1 and n == block else None


def _float32_at_or_below(values: np.ndarray) -> np.ndarray:
    """Per float64 value, the largest float32 that is not above it (inf stays inf)."""
    out = values.astype(np.float32)
    above = out.astype(np.float64) > values
    out[above] = np.nextafter(out[above], np.float32(-np.inf))
    return out


@dataclass(frozen=True)
class BoundaryModel:
    """The line scorer (a boosted forest) and the decoder's transition scores (log
    probabilities)."""

    forest: Forest
    start: np.ndarray  # log P(first state)
    transitions: np.ndarray  # log P(state | previous state), [previous, next]
    transition_weight: float  # how much the decoder trusts transitions against the scorer
    # logistic weights over ARTICLE_FEATURES (bias last): does a decoded article read as one?
    article_weights: np.ndarray | None = None
    # a forest over CONTINUATION_FEATURES, one score: the log-odds that an article's words
    # go on the story right above it
    continuation: Forest | None = None

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(state | features) per row, columns in STATES order."""
        x = self.forest.scores(features)
        x -= x.max(axis=1, keepdims=True)
        np.exp(x, out=x)
        x /= x.sum(axis=1, keepdims=True)
        return x

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURE_NAMES),
            "states": list(STATES),
            "forest": self.forest.to_json(),
            "start": _rounded(self.start),
            "transitions": _rounded(self.transitions),
            "transition_weight": self.transition_weight,
            "article_features": list(ARTICLE_FEATURES),
            "article_weights": None
            if self.article_weights is None
            else _rounded(self.article_weights),
            "continuation_features": list(CONTINUATION_FEATURES),
            "continuation": None if self.continuation is None else self.continuation.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BoundaryModel:
        if data.get("features") != list(FEATURE_NAMES) or data.get("states") != list(STATES):
            raise ValueError("segmenter model was trained on other features: retrain it")
        article = data.get("article_weights")
        if article is not None and data.get("article_features") != list(ARTICLE_FEATURES):
            raise ValueError("segmenter article model was trained on other features: retrain it")
        continuation = data.get("continuation")
        if continuation is not None and data.get("continuation_features") != list(
            CONTINUATION_FEATURES
        ):
            raise ValueError("segmenter continuation model was trained on other features")
        return cls(
            forest=Forest.from_json(data["forest"]),
            start=np.asarray(data["start"], dtype=np.float32),
            transitions=np.asarray(data["transitions"], dtype=np.float32),
            transition_weight=float(data["transition_weight"]),
            article_weights=None if article is None else np.asarray(article, dtype=np.float32),
            continuation=None if continuation is None else Forest.from_json(continuation),
        )


def _rounded(values: np.ndarray) -> object:
    """Six significant digits: the file rebuilds byte for byte and stays small."""
    return np.vectorize(lambda v: float(f"{v:.6g}"), otypes=[object])(values).tolist()


@cache
def load_boundary_model() -> BoundaryModel:
    """The shipped model, loaded once per process."""
    text = resources.files("service").joinpath("data/segmenter.json").read_text("utf-8")
    return BoundaryModel.from_json(json.loads(text))


def decode(probabilities: np.ndarray, model: BoundaryModel) -> list[int]:
    """The most likely state per line for the whole sequence (Viterbi), STATES indices."""
    n = len(probabilities)
    if n == 0:
        return []
    emit = np.log(np.maximum(probabilities, 1e-9)).tolist()
    start, transitions = _weighted(model)
    (oo, ot, ob, oc), (to, tt, tb, tc), (bo, bt, bb, bc), (co, ct, cb, cc) = transitions
    o, t, b, c = (s + e for s, e in zip(start, emit[0], strict=True))
    back: list[tuple[int, int, int, int]] = []
    # this loop runs once per non-blank line of the dump: four states, unrolled
    for eo, et, eb, ec in emit[1:]:
        ko, so = _best(o + oo, t + to, b + bo, c + co)
        kt, st = _best(o + ot, t + tt, b + bt, c + ct)
        kb, sb = _best(o + ob, t + tb, b + bb, c + cb)
        kc, sc = _best(o + oc, t + tc, b + bc, c + cc)
        back.append((ko, kt, kb, kc))
        o, t, b, c = so + eo, st + et, sb + eb, sc + ec
    score = [o, t, b, c]
    state = score.index(max(score))
    path = [state]
    for pointers in reversed(back):
        state = pointers[state]
        path.append(state)
    path.reverse()
    return path


def _weighted(model: BoundaryModel) -> tuple[list[float], list[list[float]]]:
    """The start and transition scores the decoder adds, scaled by the transition weight,
    except the headless-article prior: that is a rule of what an article is (it opens on
    its headline), not evidence the scorer also reads, so it keeps its full cost. Scaled
    down with the rest, a tokenised headline the scorer doubts went outside and its story
    became a headless article."""
    weight = model.transition_weight
    start = model.start.astype(np.float64) * weight
    transitions = model.transitions.astype(np.float64) * weight
    headless = math.log(HEADLESS)
    start[_B] = start[_C] = headless
    transitions[_O, _B] = transitions[_O, _C] = headless
    return start.tolist(), transitions.tolist()


def _best(a: float, b: float, c: float, d: float) -> tuple[int, float]:
    """(index, value) of the largest of four scores; the first on ties."""
    if a >= b:
        if a >= c:
            return (0, a) if a >= d else (3, d)
        return (2, c) if c >= d else (3, d)
    if b >= c:
        return (1, b) if b >= d else (3, d)
    return (2, c) if c >= d else (3, d)


def log_transitions(counts: np.ndarray) -> np.ndarray:
    """Row-normalised log probabilities from transition counts, add-one smoothed."""
    smoothed = counts.astype(np.float64) + 1.0
    out: np.ndarray = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
    out[_O, _B] = out[_O, _C] = math.log(HEADLESS)
    return out.astype(np.float32)


def log_start(counts: np.ndarray) -> np.ndarray:
    """Log probabilities of the first line's state, add-one smoothed, headless ones rare."""
    smoothed = counts.astype(np.float64) + 1.0
    out: np.ndarray = np.log(smoothed / smoothed.sum())
    out[_B] = out[_C] = math.log(HEADLESS)
    return out.astype(np.float32)
