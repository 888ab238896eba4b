"""Fit the segmenter's boundary model on labelled dumps (scripts/train_segmenter.py and the
leave-one-family-out bench both call `fit`).

A labelled dump is its text and one state per line ("T", "B", "C", "O", or "" for blank).
The layout generator writes "T", "B" and "O"; `with_furniture` then tells furniture from
body inside each span: a line whose words are not in the article's gold paragraphs (a
byline, a caption, a share bar, a related-links list) is "C". Features come from the
service's own `line_features`, so what is trained is exactly what runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from service.pipeline.boundary_features import line_features
from service.pipeline.boundary_model import STATES, BoundaryModel, log_start, log_transitions
from service.pipeline.normalise import describe_lines, split_lines

__all__ = ["LabelledDump", "fit", "from_gold", "rows_of", "with_furniture", "write_model"]

_TOKEN = re.compile(r"\w+")
# A line of this many words, nearly all of them in the article's paragraphs, is body text.
LONG_LINE_TOKENS = 6
BODY_SHARE = 0.75

# The network's hidden layer; chosen on leave-one-family-out figures (bench/eval_families.py).
HIDDEN = 48
L2 = 1e-3
MAX_ITER = 300
SEED = 20261129


@dataclass(frozen=True, slots=True)
class LabelledDump:
    text: str
    labels: tuple[str, ...]  # one per line of text: "T", "B", "O" or "" (blank)


def from_gold(text: str, gold: dict[str, Any]) -> LabelledDump:
    """States from a score.py gold file: spans' first lines "T", the rest "B", others "O"."""
    lines = split_lines(text)
    labels = ["" if not line.text.strip() else "O" for line in lines]
    for span in [*gold["articles"], *gold.get("duplicates", [])]:
        start, end = int(span["line_start"]), int(span["line_end"])
        for n in range(start, end + 1):
            if labels[n - 1]:
                labels[n - 1] = "B"
        labels[start - 1] = "T"
    return with_furniture(text, tuple(labels), gold)


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


def fit(dumps: Iterable[LabelledDump], hidden: int | None = HIDDEN) -> BoundaryModel:
    """A boundary model learned from labelled dumps; `hidden=None` fits a linear model."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

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
    x = np.vstack(xs).astype(np.float64)
    y = np.concatenate(ys)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[-1], scale[-1] = 0.0, 1.0  # the bias column stays 1
    z = (x - mean) / scale
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    if hidden is None:
        linear = LogisticRegression(C=1.0, max_iter=2000)
        linear.fit(z, y)
        layers = ((linear.coef_.T, linear.intercept_),)
        classes = linear.classes_
    else:
        net = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            alpha=L2,
            max_iter=MAX_ITER,
            random_state=SEED,
            early_stopping=False,
        )
        net.fit(z, y)
        layers = tuple(zip(net.coefs_, net.intercepts_, strict=True))
        classes = net.classes_
    layers = _all_states(layers, classes)
    return BoundaryModel(
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        layers=layers,
        start=log_start(starts),
        transitions=log_transitions(counts),
        transition_weight=1.0,
    )


def _all_states(
    layers: tuple[tuple[np.ndarray, np.ndarray], ...], classes: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The output layer widened to one column per state, in STATES order.

    A state the training data never shows gets a score no line can reach; with two classes
    sklearn gives one logit column (for the second class), which becomes [0, logit].
    """
    *hidden, (weights, bias) = layers
    if weights.shape[1] == 1 and len(classes) == 2:
        weights = np.hstack([np.zeros_like(weights), weights])
        bias = np.concatenate([[0.0], bias])
    out_w = np.zeros((weights.shape[0], len(STATES)))
    out_b = np.full(len(STATES), -30.0)
    for column, state in enumerate(classes):
        out_w[:, state] = weights[:, column]
        out_b[state] = bias[column]
    return tuple(
        (w.astype(np.float32), b.astype(np.float32)) for w, b in [*hidden, (out_w, out_b)]
    )


def write_model(model: BoundaryModel, path: str, meta: dict[str, object]) -> None:
    data = {"about": meta, **model.to_json()}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"), sort_keys=False)
        fh.write("\n")


