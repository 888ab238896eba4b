"""IPTC Media Topics for an article: a linear model, scored with numpy, over two views of
its words — sparse TF-IDF of stemmed words and bigrams, and the mean of static word vectors
(service/data/word_vectors.npz, distilled from a sentence encoder by
scripts/build_word_vectors.py), which carries what a word means to words no labelled story
used.

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
from service.pipeline.words import tokens_with_breaks, topic_features, word_key

__all__ = [
    "MODEL_PATH",
    "VOCABULARY_PATH",
    "TopicModel",
    "TopicVerdict",
    "WordVectors",
    "document_vector",
    "load_topic_model",
    "load_word_vectors",
    "rank_text",
    "ranking_for",
    "score_topics",
    "topic_inputs",
    "topics_for",
]

DATA = Path(__file__).resolve().parents[1] / "data"
MODEL_PATH = DATA / "topics.npz"
WORD_VECTORS_PATH = DATA / "word_vectors.npz"
VOCABULARY_PATH = DATA / "iptc_mediatopics.json"

# Besides the best topic (when it clears the model's confidence floor), a top-level topic is
# reported from this probability on.
TOP_THRESHOLD = 0.2
# A second-level topic needs its parent's probability times its share within the parent.
SECOND_THRESHOLD = 0.5
MAX_TOPICS = 5
# Scores past this many characters add little; the lead says what the story is about.
MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class WordVectors:
    """A static vector per word, int8 with a scale per dimension."""

    index: dict[str, int]  # by word_key(word)
    vectors: np.ndarray  # (words, dimensions) int8
    scale: np.ndarray  # (dimensions,) float32


@cache
def load_word_vectors(path: Path = WORD_VECTORS_PATH) -> WordVectors:
    with np.load(path, allow_pickle=False) as data:
        words = bytes(data["words"]).decode("utf-8").split("\n")
        return WordVectors(
            index={w: i for i, w in enumerate(words)},
            vectors=data["vectors"],
            scale=data["scale"].astype(np.float32),
        )


def document_vector(words: list[str], table: WordVectors) -> np.ndarray | None:
    """The l2-normalised sum of the words' vectors, each weighted 1 + log(its count)."""
    get = table.index.get
    counts = Counter(i for w in words if (i := get(word_key(w))) is not None)
    if not counts:
        return None
    rows = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    weights = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    summed = (weights @ table.vectors[rows].astype(np.float32)) * table.scale
    norm = float(np.linalg.norm(summed))
    return summed / norm if norm else None


@dataclass(frozen=True, slots=True)
class TopicModel:
    """Vocabulary index, idf and weights of the top-level and second-level classifiers."""

    index: dict[str, int]
    idf: np.ndarray
    top_weights: np.ndarray  # (features, top-level topics); no bias: no topic is a default
    top_codes: tuple[str, ...]
    word_vectors: WordVectors
    vector_weights: np.ndarray  # (dimensions, top-level topics), for the document vector
    # Logits times the temperature give calibrated probabilities; under the floor the best
    # topic is more often wrong than right, and none is given. Both are fitted on held-out
    # labelled news by scripts/train_topics.py.
    temperature: float
    floor: float
    # (features, second-level topics), int8 on a square-root scale (scripts/train_topics.py):
    # kept so in memory, a quarter of float32's size, and decoded for an article's rows only
    second_weights: np.ndarray
    second_scale: float
    second_bias: np.ndarray
    second_codes: tuple[str, ...]
    children: tuple[np.ndarray, ...]  # second-level indices under each top-level topic
    labels: dict[str, str]


@cache
def load_topic_model(path: Path = MODEL_PATH) -> TopicModel:
    """Load the shipped weights once per process (call before forking workers)."""
    with np.load(path, allow_pickle=False) as data:
        vocab = bytes(data["vocab"]).decode("utf-8").split("\n")
        top_codes = tuple(bytes(data["top_codes"]).decode().split())
        model = TopicModel(
            index={feature: i for i, feature in enumerate(vocab)},
            idf=data["idf"].astype(np.float32),
            top_weights=data["top_weights"].astype(np.float32),
            top_codes=top_codes,
            word_vectors=load_word_vectors(),
            vector_weights=data["vector_weights"].astype(np.float32),
            temperature=float(data["temperature"]),
            floor=float(data["floor"]),
            second_weights=data["second_weights"],
            second_scale=float(data["second_scale"]),
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


@dataclass(frozen=True, slots=True)
class TopicVerdict:
    """The topics given, best first, or why none is (the model is unsure, or knows no word)."""

    topics: tuple[Topic, ...]
    withheld: str | None = None


def topics_for(article: Article) -> TopicVerdict:
    """Topics that clear their threshold, best first."""
    return _decide(*_article_words(article), load_topic_model())


def ranking_for(article: Article, model: TopicModel | None = None) -> tuple[Topic, ...]:
    """All 17 top-level topics with their probabilities, best first, thresholds aside."""
    return _ranking(*_article_words(article), model or load_topic_model())


def _ranking(features: list[str], words: list[str], model: TopicModel) -> tuple[Topic, ...]:
    scored = _probabilities(features, words, model)
    if scored is None:
        return ()
    top = scored[2]
    order = np.argsort(-top, kind="stable")
    return tuple(
        Topic(model.top_codes[i], model.labels[model.top_codes[i]], round(float(top[i]), 4))
        for i in order
    )


def _article_words(article: Article) -> tuple[list[str], list[str]]:
    title = article.title or ""
    return topic_inputs(title, article.body[:MAX_CHARS])


def topic_inputs(title: str, body: str) -> tuple[list[str], list[str]]:
    """TF-IDF features and plain words of a title and body, as training reads them: the
    title counts twice (article_text's form). By parts, so the body's tokens are the ones
    keywords_for reads from the cache."""
    parts = (title, title, body) if title else (body,)
    words = [w for part in parts for w in tokens_with_breaks(part) if w]
    return topic_features(*parts), words


def score_topics(text: str, model: TopicModel | None = None) -> TopicVerdict:
    """Topics of a plain text, its first line read as the headline (as an article's title)."""
    return _decide(*_text_words(text), model or load_topic_model())


def rank_text(text: str, model: TopicModel | None = None) -> tuple[Topic, ...]:
    """ranking_for of a plain text, read as score_topics reads it."""
    return _ranking(*_text_words(text), model or load_topic_model())


def _text_words(text: str) -> tuple[list[str], list[str]]:
    title, _, body = text[:MAX_CHARS].partition("\n")
    return topic_inputs(title, body) if body.strip() else topic_inputs("", title)


def _probabilities(
    features: list[str], words: list[str], model: TopicModel
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The article's TF-IDF rows and values and its calibrated top-level probabilities."""
    vector = _vectorise(features, model)
    if vector is None:
        return None
    rows, values = vector
    logits = values @ model.top_weights[rows]
    meaning = document_vector(words, model.word_vectors)
    if meaning is not None:
        logits = logits + meaning @ model.vector_weights
    return rows, values, _softmax(model.temperature * logits)


def _decide(features: list[str], words: list[str], model: TopicModel) -> TopicVerdict:
    scored = _probabilities(features, words, model)
    if scored is None:
        return TopicVerdict((), "no word of the text is known to the topic model")
    rows, values, top = scored
    best = int(np.argmax(top))
    if top[best] < model.floor:
        label = model.labels[model.top_codes[best]]
        return TopicVerdict(
            (),
            f"no topic is likely enough: the best, {label}, has {top[best]:.2f}, "
            f"under the floor of {model.floor:.2f}",
        )
    found: list[Topic] = []
    for i, code in enumerate(model.top_codes):
        if i == best or top[i] >= TOP_THRESHOLD:
            found.append(Topic(code, model.labels[code], round(float(top[i]), 4)))
            found.extend(_second_level(model, i, float(top[i]), rows, values))
    found.sort(key=lambda t: -t.score)
    return TopicVerdict(tuple(found[:MAX_TOPICS]))


def _second_level(
    model: TopicModel, parent: int, parent_score: float, rows: np.ndarray, values: np.ndarray
) -> list[Topic]:
    """Children of a reported topic whose share of its probability clears the bar."""
    if parent_score < SECOND_THRESHOLD:
        return []
    children = model.children[parent]
    root = model.second_weights[np.ix_(rows, children)].astype(np.float32) / 127.0
    weights = np.sign(root) * root**2 * model.second_scale
    logits = values @ weights + model.second_bias[children]
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
