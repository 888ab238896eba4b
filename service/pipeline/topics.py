"""IPTC Media Topics for an article: a linear model over TF-IDF words, scored with numpy.

The weights come from scripts/train_topics.py (service/data/topics.npz); the codes and
labels from the IPTC vocabulary (service/data/iptc_mediatopics.json, CC BY 4.0).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from service.model import Article, Topic
from service.pipeline.words import topic_features

__all__ = [
    "MODEL_PATH",
    "VOCABULARY_PATH",
    "TopicModel",
    "load_topic_model",
    "ranking_for",
    "score_topics",
    "topics_for",
]

DATA = Path(__file__).resolve().parents[1] / "data"
MODEL_PATH = DATA / "topics.npz"
VOCABULARY_PATH = DATA / "iptc_mediatopics.json"

# A top-level topic is reported from this probability on; the best one always is (unless
# the article has no words the model knows).
TOP_THRESHOLD = 0.2
# A second-level topic needs its parent's probability times its share within the parent.
SECOND_THRESHOLD = 0.5
MAX_TOPICS = 5
# Logits are multiplied by this before the softmax: the fit has no intercept and spreads its
# probability thinly; 2.0 gave the lowest log-loss on held-out BBC training files.
TEMPERATURE = 2.0
# Scores past this many characters add little; the lead says what the story is about.
MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class TopicModel:
    """Vocabulary index, idf and weights of the top-level and second-level classifiers."""

    index: dict[str, int]
    idf: np.ndarray
    top_weights: np.ndarray  # (features, top-level topics); no bias: no topic is a default
    top_codes: tuple[str, ...]
    second_weights: np.ndarray  # (features, second-level topics)
    second_bias: np.ndarray
    second_codes: tuple[str, ...]
    children: tuple[np.ndarray, ...]  # second-level indices under each top-level topic
    labels: dict[str, str]


@cache
def load_topic_model(path: Path = MODEL_PATH) -> TopicModel:
    """Load the shipped weights once per process (call before forking workers)."""
    with np.load(path, allow_pickle=False) as data:
        vocab = bytes(data["vocab"]).decode("utf-8").split("\n")
        # int8 on a square-root scale (see scripts/train_topics.py)
        root = data["second_weights"].astype(np.float32) / 127.0
        second_weights = np.sign(root) * root**2 * float(data["second_scale"])
        top_codes = tuple(bytes(data["top_codes"]).decode().split())
        model = TopicModel(
            index={feature: i for i, feature in enumerate(vocab)},
            idf=data["idf"].astype(np.float32),
            top_weights=data["top_weights"].astype(np.float32),
            top_codes=top_codes,
            second_weights=second_weights,
            second_bias=data["second_bias"].astype(np.float32),
            second_codes=tuple(bytes(data["second_codes"]).decode().split()),
            children=tuple(
                np.flatnonzero(data["second_parent"] == i) for i in range(len(top_codes))
            ),
            labels=_load_labels(),
        )
    return model


def _load_labels() -> dict[str, str]:
    concepts = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["concepts"]
    return {code: concept["label"] for code, concept in concepts.items()}


def topics_for(article: Article) -> tuple[Topic, ...]:
    """Topics that clear their threshold, best first."""
    return _score(_article_features(article))


def ranking_for(article: Article) -> tuple[Topic, ...]:
    """All 17 top-level topics with their probabilities, best first, thresholds aside."""
    model = load_topic_model()
    vector = _vectorise(_article_features(article), model)
    if vector is None:
        return ()
    rows, values = vector
    top = _softmax(TEMPERATURE * (values @ model.top_weights[rows]))
    order = np.argsort(-top, kind="stable")
    return tuple(
        Topic(model.top_codes[i], model.labels[model.top_codes[i]], round(float(top[i]), 4))
        for i in order
    )


def _article_features(article: Article) -> list[str]:
    # The same features as topic_features(article_text(title, body)), which training saw;
    # by parts, so the body's tokens are the ones keywords_for reads from the cache.
    title = article.title or ""
    body = article.body[:MAX_CHARS]
    return topic_features(title, title, body) if title else topic_features(body)


def score_topics(text: str) -> tuple[Topic, ...]:
    """Topics of a plain text (title first), best first."""
    return _score(topic_features(text[:MAX_CHARS]))


def _score(features: list[str]) -> tuple[Topic, ...]:
    model = load_topic_model()
    vector = _vectorise(features, model)
    if vector is None:
        return ()
    rows, values = vector
    top = _softmax(TEMPERATURE * (values @ model.top_weights[rows]))
    found: list[Topic] = []
    best = int(np.argmax(top))
    for i, code in enumerate(model.top_codes):
        if i == best or top[i] >= TOP_THRESHOLD:
            found.append(Topic(code, model.labels[code], round(float(top[i]), 4)))
            found.extend(_second_level(model, i, float(top[i]), rows, values))
    found.sort(key=lambda t: -t.score)
    return tuple(found[:MAX_TOPICS])


def _second_level(
    model: TopicModel, parent: int, parent_score: float, rows: np.ndarray, values: np.ndarray
) -> list[Topic]:
    """Children of a reported topic whose share of its probability clears the bar."""
    if parent_score < SECOND_THRESHOLD:
        return []
    children = model.children[parent]
    logits = values @ model.second_weights[np.ix_(rows, children)] + model.second_bias[children]
    shares = _softmax(logits)
    found = []
    for child, share in zip(children, shares, strict=True):
        score = parent_score * float(share)
        if score >= SECOND_THRESHOLD:
            code = model.second_codes[child]
            found.append(Topic(code, model.labels[code], round(score, 4)))
    return found


def _vectorise(features: list[str], model: TopicModel) -> tuple[np.ndarray, np.ndarray] | None:
    """Sublinear TF-IDF, l2-normalised: the same transform the training script fits."""
    get = model.index.get
    hits = [(i, n) for f, n in Counter(features).items() if (i := get(f)) is not None]
    if not hits:
        return None
    pairs = np.array(hits, dtype=np.int64)
    rows = pairs[:, 0]
    values = (1.0 + np.log(pairs[:, 1].astype(np.float32))) * model.idf[rows]
    values /= np.linalg.norm(values)
    return rows, values


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = np.exp(logits - logits.max())
    return shifted / shifted.sum()  # type: ignore[no-any-return]
