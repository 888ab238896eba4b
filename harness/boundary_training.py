"""Fit the segmenter's boundary model on labelled dumps (scripts/train_segmenter.py and the
leave-one-family-out bench both call `fit`).

A labelled dump is its text and one state per line ("T", "B", "C", "O", or "" for blank).
The layout generator writes "T", "B" and "O"; `with_furniture` then tells furniture from
body inside each span: a line whose words are not in the article's gold paragraphs (a
byline, a caption, a share bar, a related-links list) is "C". Features come from the
service's own `line_features`, so what is trained is exactly what runs.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from harness.continuation_training import fit_continuation
from harness.layouts import GeneratedDump, generate_set
from service.pipeline.boundary_features import article_features, line_features
from service.pipeline.boundary_model import (
    STATES,
    BoundaryModel,
    Forest,
    decode,
    log_start,
    log_transitions,
)
from service.pipeline.normalise import describe_lines, split_lines
from service.pipeline.segment import article_runs

__all__ = [
    "DUMPS_PER_FAMILY",
    "VALIDATION_PER_FAMILY",
    "LabelledDump",
    "TrainingSets",
    "choose_transition_weight",
    "fit",
    "fit_articles",
    "rows_of",
    "story_starts",
    "train",
    "training_sets",
    "with_furniture",
    "write_model",
]

_STATE = {name: k for k, name in enumerate(STATES)}
_TOKEN = re.compile(r"\w+")
# A line of this many words, nearly all of them in the article's paragraphs, is body text.
LONG_LINE_TOKENS = 6
BODY_SHARE = 0.75

# A decoded article that opens this many rows below a story's missed headline (on its
# standfirst, caption or byline) is still that story.
HEADER_ROWS = 4

# The trees: rounds of boosting (one tree per state each), their depth, the step size.
# Chosen on the dev dumps and leave-one-family-out figures (bench/eval_families.py).
ROUNDS = 100
DEPTH = 5
LEARNING_RATE = 0.2
DUMPS_PER_FAMILY = 80  # the trees learn from this many dumps of every family
SEED = 20261129
# Transition weights tried on validation dumps (choose_transition_weight), and how many
# dumps of each family validate them: with fewer, the one-standard-error rule rarely has
# the evidence to move off full weight (leave-one-family-out with 2 gave wrapped_plain
# 0.24 article F1, with 10 0.44).
TRANSITION_WEIGHTS = (0.25, 0.5, 0.75, 1.0)
VALIDATION_PER_FAMILY = 10


@dataclass(frozen=True, slots=True)
class LabelledDump:
    text: str
    labels: tuple[str, ...]  # one per line of text: "T", "B", "O" or "" (blank)


def with_furniture(text: str, labels: Sequence[str], gold: dict[str, Any]) -> LabelledDump:
    """Labels with each "B" line that is not body text of its article turned into "C"."""
    lines = split_lines(text)
    out = list(labels)
    articles = gold["articles"]
    spans = [(a, a) for a in articles]
    spans += [(d, articles[int(d["duplicate_of"])]) for d in gold.get("duplicates", [])]
    for span, article in spans:
        body = " ".join(" ".join(_TOKEN.findall(p.lower())) for p in article["paragraphs"])
        vocabulary = set(body.split())
        for n in range(int(span["line_start"]), int(span["line_end"]) + 1):
            if out[n - 1] == "B" and not _in_body(lines[n - 1].text, body, vocabulary):
                out[n - 1] = "C"
    return LabelledDump(text, tuple(out))


def _in_body(line: str, body: str, vocabulary: set[str]) -> bool:
    """Whether a line is part of the body: printed in it as it stands, or (a long line with
    a dateline prefix, or a near copy's edited line) nearly all its words are."""
    tokens = _TOKEN.findall(line.lower())
    if not tokens:
        return False
    if f" {' '.join(tokens)} " in f" {body} ":
        return True
    inside = sum(1 for t in tokens if t in vocabulary)
    return len(tokens) >= LONG_LINE_TOKENS and inside >= BODY_SHARE * len(tokens)


@dataclass(frozen=True, slots=True)
class TrainingSets:
    """Generated dumps per family for each step of training, none shared between steps."""

    trees: dict[str, list[LabelledDump]]  # the trees learn from these
    checks: dict[str, list[LabelledDump]]  # the article check learns the trees' mistakes
    validation: dict[str, list[GeneratedDump]]  # they choose the transition weight


def training_sets(
    families: Sequence[str], per_family: int, validation_per_family: int, seed: int = 1
) -> TrainingSets:
    """Dumps of the generator's "train" split for every family, a fixed seed per step and
    family (`seed` * 1000 + family index for the trees, the next thousand for the checks,
    the one after for validation)."""

    def labelled(family: str, n: int, seed: int) -> list[LabelledDump]:
        return [
            with_furniture(d.text, d.labels, d.gold) for d in generate_set(family, n, "train", seed)
        ]

    return TrainingSets(
        trees={f: labelled(f, per_family, seed * 1000 + k) for k, f in enumerate(families)},
        checks={
            f: labelled(f, per_family // 2, (seed + 1) * 1000 + k) for k, f in enumerate(families)
        },
        validation={
            f: generate_set(f, validation_per_family, "train", (seed + 2) * 1000 + k)
            for k, f in enumerate(families)
        },
    )


def train(
    sets: TrainingSets,
    families: Sequence[str],
    rounds: int | None = None,
    depth: int | None = None,
) -> tuple[BoundaryModel, dict[float, float]]:
    """The whole recipe on the named families' sets: the trees, then the transition weight
    on validation dumps, then the article check; with the validation figure per weight.
    The continuation model learns from the corpus's stories, not from dumps: it is the
    same whatever the families."""
    model = fit([d for f in families for d in sets.trees[f]], rounds, depth)
    model, figures = choose_transition_weight(model, {f: sets.validation[f] for f in families})
    model = fit_articles([d for f in families for d in sets.checks[f]], model)
    return dataclasses.replace(model, continuation=fit_continuation()), figures


def rows_of(dump: LabelledDump) -> tuple[np.ndarray, np.ndarray]:
    """(features, state index) of the dump's non-blank lines."""
    lines = split_lines(dump.text)
    views = describe_lines(lines)
    rows, features = line_features(lines, views)
    states = []
    for i in rows:
        label = dump.labels[i] if i < len(dump.labels) else "O"
        states.append(STATES.index(label or "O"))
    return features, np.asarray(states, dtype=np.int64)


def fit(
    dumps: Iterable[LabelledDump], rounds: int | None = None, depth: int | None = None
) -> BoundaryModel:
    """A boundary model learned from labelled dumps: boosted trees over the line features,
    transitions counted from the label sequences."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    k = len(STATES)
    xs, ys, counts, starts = [], [], np.zeros((k, k)), np.zeros(k)
    for dump in dumps:
        x, y = rows_of(dump)
        if len(y) == 0:
            continue
        xs.append(x)
        ys.append(y)
        starts[y[0]] += 1
        np.add.at(counts, (y[:-1], y[1:]), 1)
    trees = HistGradientBoostingClassifier(
        max_iter=rounds or ROUNDS,
        learning_rate=LEARNING_RATE,
        max_depth=depth or DEPTH,
        max_leaf_nodes=None,
        early_stopping=False,
        random_state=SEED,
    )
    trees.fit(np.vstack(xs), np.concatenate(ys))
    return BoundaryModel(
        forest=forest_of(trees),
        start=log_start(starts),
        transitions=log_transitions(counts),
        transition_weight=1.0,
    )


def forest_of(trees: Any) -> Forest:
    """A fitted HistGradientBoostingClassifier's trees as our flat Forest."""
    if len(trees.classes_) != len(STATES):
        raise ValueError("every state must occur in the training dumps")
    baseline = np.zeros(len(STATES))
    baseline[trees.classes_] = trees._baseline_prediction.ravel()
    return flat_trees(trees._predictors, [int(c) for c in trees.classes_], baseline)


def flat_trees(predictors: Any, score_of_column: Sequence[int], baseline: np.ndarray) -> Forest:
    """Fitted scikit-learn trees (per round, one per column of scores) as a flat Forest
    whose tree for column k adds to score `score_of_column[k]`."""
    feature, threshold, left, right, value = [], [], [], [], []
    roots, depths, states = [], [], []
    for round_trees in predictors:
        for column, tree in enumerate(round_trees):
            nodes = tree.nodes
            base = len(feature)
            roots.append(base)
            depths.append(int(nodes["depth"].max()))
            states.append(score_of_column[column])
            for k, node in enumerate(nodes):
                leaf = bool(node["is_leaf"])
                feature.append(0 if leaf else int(node["feature_idx"]))
                threshold.append(math.inf if leaf else float(node["num_threshold"]))
                left.append(base + (k if leaf else int(node["left"])))
                right.append(base + (k if leaf else int(node["right"])))
                value.append(float(node["value"]) if leaf else 0.0)
    return Forest(
        feature=np.asarray(feature, dtype=np.int32),
        threshold=np.asarray(threshold, dtype=np.float64),
        left=np.asarray(left, dtype=np.int32),
        right=np.asarray(right, dtype=np.int32),
        value=np.asarray(value, dtype=np.float64),
        roots=np.asarray(roots, dtype=np.int32),
        depths=np.asarray(depths, dtype=np.int32),
        states=np.asarray(states, dtype=np.int32),
        baseline=np.asarray(baseline, dtype=np.float64),
    )


def choose_transition_weight(
    model: BoundaryModel, validation: dict[str, list[GeneratedDump]]
) -> tuple[BoundaryModel, dict[float, float]]:
    """`model` with the transition weight that segments validation dumps best.

    The scorer already reads each line's neighbours, so the decoder's transition scores
    count some evidence twice; how much to trust them is measured, not assumed: the mean
    over families (each family counts once) of article F1 and title accuracy.
    """
    from harness.scoring import load_scorer, scorer_view
    from service.model import Options
    from service.pipeline import run

    scorer = load_scorer()
    options = Options(dedupe="off", tags=frozenset())
    per_family: dict[float, np.ndarray] = {}
    for weight in TRANSITION_WEIGHTS:
        candidate = dataclasses.replace(model, transition_weight=weight)
        figures_of_families = []
        for dumps in validation.values():
            rows = {
                str(k): scorer.score_one(
                    d.text, d.gold, scorer_view(run(d.text, options, segmenter=candidate))
                )
                for k, d in enumerate(dumps)
            }
            totals = scorer.totals(rows)
            figures_of_families.append((totals["article_f1"] + totals["title_acc"]) / 2)
        per_family[weight] = np.asarray(figures_of_families)
    figures = {w: round(float(f.mean()), 4) for w, f in per_family.items()}
    return dataclasses.replace(model, transition_weight=_within_noise(per_family)), figures


def _within_noise(per_family: dict[float, np.ndarray]) -> float:
    """The largest transition weight whose figure is within one standard error of the best.

    Full weight is plain Viterbi over the learned transitions; discounting them is a tuned
    departure that must beat it by more than the families' noise (the one-standard-error
    rule). Otherwise a difference of a thousandth over a few hundred dumps picks the
    weight, and a small change of the training data flips it.
    """
    best = max(per_family, key=lambda w: (per_family[w].mean(), w))
    tied = []
    for weight, figures in per_family.items():
        shortfall = per_family[best] - figures  # paired: the same families and dumps
        noise = shortfall.std(ddof=1) / math.sqrt(len(shortfall)) if len(shortfall) > 1 else 0.0
        if shortfall.mean() <= noise:
            tied.append(weight)
    return max(tied)


def fit_articles(dumps: Iterable[LabelledDump], model: BoundaryModel) -> BoundaryModel:
    """`model` with its article check fitted on what it decodes from `dumps`.

    The dumps must be others than the line model learned from, so the check sees the
    mistakes the model makes on text it has not seen; `story_starts` says which of the
    decoded articles are true ones.
    """
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for dump in dumps:
        lines = split_lines(dump.text)
        views = describe_lines(lines)
        rows, features = line_features(lines, views)
        if not rows:
            continue
        probabilities = model.probabilities(features)
        states = decode(probabilities, model)
        texts = [views.texts[i] for i in rows]
        runs = article_runs(states)
        x = article_features(
            features, probabilities, states, texts, runs, _STATE["B"], _STATE["C"], _STATE["O"]
        )
        xs.extend(x)
        ys.extend(story_starts([dump.labels[i] for i in rows], runs))
    # fitted to its optimum, not to the solver's default tolerance, and in float64: the
    # rows are float32, which the solver keeps, and in float32 it cannot reach that
    # tolerance; where it stopped depended on the machine and on its number of threads, and
    # the weights differed in the third digit from one machine to the next
    check = LogisticRegression(C=1.0, tol=1e-10, max_iter=100_000, fit_intercept=False)
    check.fit(np.vstack(xs).astype(np.float64), np.asarray(ys))
    return dataclasses.replace(model, article_weights=check.coef_[0].astype(np.float32))


def story_starts(labels: Sequence[str], runs: Sequence[tuple[int, int]]) -> list[int]:
    """1 for each decoded article (a range of rows, `labels` their gold labels) that starts
    a story of its own, else 0.

    It does when it opens on the headline of a story the article above has no line of, or
    at most HEADER_ROWS rows below that headline (on its standfirst, caption or byline): a
    story whose headline the model missed is still a story, and the check must keep its
    text. A menu, a teaser, or a subheading the model took for a headline (the story above
    goes on under it) does not.
    """
    stories = _story_of_rows(labels)
    headlines = [k for k, label in enumerate(labels) if label == "T"]  # story s opens at [s]
    out = []
    above: set[int | None] = set()  # the stories the article above has lines of
    for a, b in runs:
        story = stories[a]
        near_headline = story is not None and a - headlines[story] <= HEADER_ROWS
        out.append(int(near_headline and story not in above))
        above = set(stories[a:b])
    return out


def _story_of_rows(labels: Sequence[str]) -> list[int | None]:
    """Which gold article each row belongs to (counted by its headline), None outside."""
    story, out = -1, []
    for label in labels:
        if label == "T":
            story += 1
        out.append(None if label == "O" or story < 0 else story)
    return out


def write_model(model: BoundaryModel, path: str, meta: dict[str, object]) -> None:
    data = {"about": meta, **model.to_json()}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"), sort_keys=False)
        fh.write("\n")
