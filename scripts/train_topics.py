"""Rebuild service/data/topics.npz and service/data/iptc_mediatopics.json.

    PYTHONPATH=. python scripts/train_topics.py [--dev] [--without SOURCE] [--out DIR]

A student model learns from labelled news (teacher–student annotation, Kuzman & Ljubešić
2024, arXiv:2411.19638). Training data (development corpora, never shipped; only the learned
weights are):
- annotated news: the "train" side of training/topics/labels.jsonl — CoNLL-2003 train/valid
  documents, English SemEval-2022 texts, Reuters-21578 stories, the BBC training half
  (files[1::2], relabelled with the seventeen topics) and HuffPost headlines, each labelled by
  two annotators following training/topics/GUIDE.md and a third where they differed (see
  scripts/topic_annotation.py); the "test" side is never read here;
- the other HuffPost headlines of the sections that map to one topic
  (harness.topic_items.HUFFPOST_TO_IPTC), at a low weight: a section is not a topic;
- Reuters-21578 stories with TOPICS labels (all economic), mapped by REUTERS_TO_IPTC;
- IPTC Media Topics (CC BY 4.0): a pseudo-document per concept (label, definition, ancestors),
  the only evidence for some second-level topics.

The top-level model is a multinomial logistic regression over two views of the words: the
sublinear TF-IDF of stemmed words and bigrams, and the document's mean word vector
(service/data/word_vectors.npz, scripts/build_word_vectors.py). The second-level model reads
the TF-IDF view (a second-level topic is reported by its share within its parent). The
temperature that calibrates the top-level probabilities and the confidence floor under which
no topic is given are chosen on the articles (not the headlines) of a held-out fifth of the
annotated training items, and stored in the model file. Top-level weights are float16,
second-level ones int8 on a square-root scale. Everything is seeded: the same inputs give a
byte-identical file.

--dev fits on four fifths of the annotated items, prints per-topic figures, per-source
figures and the confusion matrix on the last fifth (headlines included) and writes nothing;
it fits no second-level model. With --without SOURCE it also scores all of that source's
annotated training items: a leave-one-source-out figure that reads no test item.
--without SOURCE (conll, semeval, reuters, huffpost, bbc) leaves a source out of training,
for the leave-one-source-out figures of bench/eval_topic_labels.py; --out writes the two
files to another folder.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import CORPUS  # noqa: E402
from harness.topic_items import (  # noqa: E402
    annotation_pools,
    bbc_training_half,
    huffpost_items,
    item_text,
    labelled_items,
)
from harness.topics import BBC_TO_IPTC, expected_calibration_error  # noqa: E402
from service.pipeline.topics import document_vector, load_word_vectors  # noqa: E402
from service.pipeline.words import article_text, tokens_with_breaks, topic_features  # noqa: E402

DATA = ROOT / "service" / "data"
SEED = 20_261_129

_ECONOMY = "medtop:20000344"
_MARKET = "medtop:20000385"
_BUSINESS_INFO = "medtop:20000170"
_PRODUCTS = "medtop:20000209"
# Reuters-21578 TOPICS category → (top-level, second-level) IPTC codes. All 1987 Reuters
# categories are economic; "jobs" is also labour. Unlisted categories are commodities.
_CURRENCIES = "money-fx dlr yen dmk stg sfr can austdlr nzdlr rand lit ffr"
_INDICATORS = (
    "interest money-supply gnp cpi bop reserves ipi wpi trade retail housing income lei "
    "inventories instal-debt cpu"
)
REUTERS_TO_IPTC: dict[str, tuple[str, ...]] = {
    "earn": ("medtop:04000000", _BUSINESS_INFO),
    "acq": ("medtop:04000000", _BUSINESS_INFO),
    **{c: ("medtop:04000000", _MARKET) for c in _CURRENCIES.split()},
    **{c: ("medtop:04000000", _ECONOMY) for c in _INDICATORS.split()},
    "jobs": ("medtop:09000000", "medtop:20000523"),
}
_COMMODITY = ("medtop:04000000", _PRODUCTS)
REUTERS_CAP = 60  # documents per category: earnings reports would drown everything else

# Weight of one example of each kind, relative to an annotated news item; chosen with --dev.
KIND_WEIGHT = {"annotated": 1.0, "huffpost": 0.15, "bbc": 0.3, "reuters": 0.1, "pseudo": 0.5}
C_TOP = 5.0
VECTOR_WEIGHT = 1.0  # of the unit-length document vector beside the unit-length TF-IDF one
C_SECOND = 20.0
DEV_SHARE = 0.2
TEMPERATURES = np.round(np.arange(0.5, 4.01, 0.1), 2)
# Under the floor the best topic of a held-out item is right less than half the time: a
# topic there is more often wrong than right, and none is better.
FLOOR_PRECISION = 0.5


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    top: tuple[str, ...]  # top-level codes, the main one first
    second: str | None
    kind: str  # a key of KIND_WEIGHT
    source: str  # conll, semeval, reuters, huffpost, bbc, iptc


# ---- the IPTC vocabulary


def concept_tree(vocab: dict) -> tuple[dict[str, dict], list[str], dict[str, list[str]]]:  # type: ignore[type-arg]
    """Live concepts by code, the top-level codes, and each concept's ancestors (top first)."""
    concepts = {c["qcode"]: c for c in vocab["conceptSet"] if not c.get("retired")}
    tops = ["medtop:" + uri.rsplit("/", 1)[1] for uri in vocab["hasTopConcept"]]
    ancestors: dict[str, list[str]] = {}

    def walk(code: str, path: list[str]) -> None:
        ancestors[code] = path
        for child in concepts[code].get("narrower", []):
            if child in concepts and child not in ancestors:
                walk(child, [*path, code])

    for top in tops:
        walk(top, [])
    return concepts, tops, ancestors


def _label(concept: dict) -> str:  # type: ignore[type-arg]
    return str(concept["prefLabel"]["en-GB"])


def pseudo_documents(concepts: dict, ancestors: dict[str, list[str]]) -> list[Example]:  # type: ignore[type-arg]
    """One text per concept from the vocabulary alone: label, definition, ancestors' labels."""
    docs = []
    for code, path in sorted(ancestors.items()):
        chain = [*path, code]
        concept = concepts[code]
        definition = concept.get("definition", {}).get("en-GB", "")
        context = " ".join(_label(concepts[a]) for a in path)
        text = f"{_label(concept)}. {definition} {context}"
        second = chain[1] if len(chain) > 1 else None
        docs.append(Example(text, (chain[0],), second, "pseudo", "iptc"))
    return docs


# ---- the corpora


def annotated(side_items: list) -> list[Example]:  # type: ignore[type-arg]
    """Labelled items as articles: the first line is the title (a headline alone is a title
    with no body)."""
    out = []
    for i in side_items:
        title, _, body = item_text(i.id).partition("\n")
        text = article_text(title, body) if body.strip() else title
        out.append(Example(text, (i.topic, *i.also), i.second, "annotated", i.id.split("/")[0]))
    return out


def huffpost(annotated_ids: set[str]) -> list[Example]:
    """Section-labelled headlines; where annotators labelled one, their label stands instead."""
    return [
        Example(item_text(i), (code,), None, "huffpost", "huffpost")
        for i, code in huffpost_items()
        if i not in annotated_ids
    ]


def bbc_folders(exclude: set[str]) -> list[Example]:
    """BBC training-half files under their folder's code: the editors' own label, coarser
    than the annotators' (a "tech" file about gadget sales is economy to them), kept beside
    it at a low weight."""
    docs = []
    for path in bbc_training_half():
        if f"bbc/{path.parent.name}/{path.stem}" in exclude:
            continue
        text = path.read_text(encoding="utf-8").strip()
        title, _, body = text.partition("\n")
        code = BBC_TO_IPTC[path.parent.name]
        docs.append(Example(article_text(title.strip(), body.strip()), (code,), None, "bbc", "bbc"))
    return docs


_REUTERS_DOC = re.compile(r"<REUTERS (.*?)</REUTERS>", re.S)


def _field(tag: str, doc: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S)
    return html.unescape(found.group(1)) if found else ""


def reuters_labelled(folder: Path, rng: random.Random) -> list[Example]:
    """Stories with TOPICS labels, at most REUTERS_CAP a category."""
    by_category: dict[str, list[Example]] = defaultdict(list)
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for doc in _REUTERS_DOC.findall(raw):
            topics = re.findall(r"<D>(.*?)</D>", _field("TOPICS", doc))
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", _field("BODY", doc)).strip()
            if len(body) < 200 or not topics:
                continue
            text = article_text(_field("TITLE", doc).strip().title(), body)
            first = topics[0]
            top, second = REUTERS_TO_IPTC.get(first, _COMMODITY)
            tops = (top, "medtop:09000000") if "jobs" in topics and first != "jobs" else (top,)
            by_category[first].append(Example(text, tops, second, "reuters", "reuters"))
    docs = []
    for category in sorted(by_category):
        items = by_category[category]
        docs.extend(rng.sample(items, min(REUTERS_CAP, len(items))))
    return docs


def split_dev(items: list, rng: random.Random) -> tuple[list, list]:  # type: ignore[type-arg]
    """(fit, dev): a seeded fifth of the annotated items held out."""
    order = list(items)
    rng.shuffle(order)
    cut = int(len(order) * DEV_SHARE)
    return order[cut:], order[:cut]


# ---- fitting


def _weights(examples: list[Example], labels: list[str]) -> np.ndarray:
    """Each example's kind weight times its class's balancing weight (rarer topics weigh
    more, at most ten times), classes counted over all the examples together."""
    counts = Counter(labels)
    per_class = len(labels) / len(counts)
    return np.array(
        [
            KIND_WEIGHT[e.kind] * min(per_class / counts[y], 10.0)
            for e, y in zip(examples, labels, strict=True)
        ]
    )


class Features:
    """Sparse TF-IDF of stemmed words and bigrams, beside the document's word vector (the
    service's document_vector, times VECTOR_WEIGHT): the inputs topics.py scores."""

    def __init__(self, examples: list[Example]) -> None:
        self.tfidf = TfidfVectorizer(
            analyzer=lambda text: list(topic_features(text)),
            sublinear_tf=True,
            min_df=2,
            dtype=np.float32,
        )
        self.tfidf.fit([e.text for e in examples])
        self.table = load_word_vectors()
        self.sparse_width = len(self.tfidf.vocabulary_)

    def matrix(self, texts: list[str]) -> sp.csr_matrix:
        dense = np.zeros((len(texts), self.table.vectors.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in tokens_with_breaks(text) if w]
            vector = document_vector(words, self.table)
            if vector is not None:
                dense[row] = VECTOR_WEIGHT * vector
        return sp.hstack([self.tfidf.transform(texts), sp.csr_matrix(dense)]).tocsr()


def fit(examples: list[Example], tops: list[str], second_level: bool = True):  # type: ignore[no-untyped-def]
    """Features, the top-level model and (unless second_level is False: --dev reads only the
    top level, and the second-level fit takes most of the time) the second-level model."""
    features = Features(examples)
    # An example with two topics counts for each, the second at half weight.
    rows, labels, boost = [], [], []
    for e in examples:
        for k, code in enumerate(e.top[:2]):
            rows.append(e)
            labels.append(code)
            boost.append(1.0 if k == 0 else 0.5)
    x = features.matrix([e.text for e in rows])
    top_model = LogisticRegression(C=C_TOP, max_iter=2000, fit_intercept=False)
    top_model.fit(x, labels, sample_weight=_weights(rows, labels) * np.array(boost))
    assert sorted(top_model.classes_) == sorted(tops), "a top-level topic has no example"
    if not second_level:
        return features, top_model, None
    with_second = [e for e in examples if e.second]
    second_labels = [e.second for e in with_second]
    second_model = LogisticRegression(C=C_SECOND, max_iter=1000)
    second_model.fit(
        features.tfidf.transform([e.text for e in with_second]),
        second_labels,
        sample_weight=_weights(with_second, second_labels),  # type: ignore[arg-type]
    )
    return features, top_model, second_model


def calibrate(features: Features, top_model, dev: list[Example]) -> tuple[float, float, dict]:  # type: ignore[no-untyped-def,type-arg]
    """The temperature with the lowest held-out log-loss, the confidence floor, and figures."""
    classes = list(top_model.classes_)
    logits = top_model.decision_function(features.matrix([e.text for e in dev]))
    truth = np.array([classes.index(e.top[0]) for e in dev])
    best = (np.inf, 1.0)
    for t in TEMPERATURES:
        probs = _softmax(logits * t)
        nll = float(-np.mean(np.log(probs[np.arange(len(truth)), truth] + 1e-12)))
        best = min(best, (nll, float(t)))
    temperature = best[1]
    probs = _softmax(logits * temperature)
    top_p = probs.max(axis=1)
    right = probs.argmax(axis=1) == truth
    # How often the best topic is right, as a monotone function of its probability; the
    # floor is where that reaches one half.
    fitted = IsotonicRegression(out_of_bounds="clip").fit(top_p, right.astype(float))
    grid = np.round(np.arange(0.0, 1.0, 0.01), 2)
    reaching = grid[fitted.predict(grid) >= FLOOR_PRECISION]
    floor = float(reaching[0]) if len(reaching) else 0.0
    figures = {
        "dev_items": len(dev),
        "temperature": temperature,
        "nll": round(best[0], 4),
        "floor": floor,
        "accuracy": round(float(right.mean()), 4),
        "answered": round(float((top_p >= floor).mean()), 4),
        "ece": round(expected_calibration_error(top_p.tolist(), right.tolist()), 4),
    }
    return temperature, floor, figures


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def per_topic(features: Features, top_model, dev: list[Example]) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    predicted = top_model.predict(features.matrix([e.text for e in dev]))
    out = {}
    for code in sorted(top_model.classes_):
        gold = [e.top[0] == code for e in dev]
        guess = [p == code for p in predicted]
        hit = sum(g and p for g, p in zip(gold, guess, strict=True))
        out[code[7:9]] = {
            "n": sum(gold),
            "recall": round(hit / max(1, sum(gold)), 3),
            "precision": round(hit / max(1, sum(guess)), 3),
        }
    return out


def diagnosis(
    features: Features, top_model, items: list[Example], temperature: float, floor: float
) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Per source: items, top-1 with the floor aside, top-1 with the floor (a withheld item
    counts as wrong) and the share answered; and the confusion matrix (gold row → the first
    choice's columns, the six commonest). Headlines and articles alike: the calibration reads
    articles only, this shows what the floor costs each kind of text."""
    classes = list(top_model.classes_)
    logits = top_model.decision_function(features.matrix([e.text for e in items]))
    probs = _softmax(logits * temperature)
    first = probs.argmax(axis=1)
    by_source: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for e, k, p in zip(items, first, probs.max(axis=1), strict=True):
        by_source[e.source].append((classes[k] == e.top[0], bool(p >= floor)))
        confusion[e.top[0][7:9]][classes[k][7:9]] += 1
    return {
        "per_source": {
            source: {
                "items": len(marks),
                "top1_floor_aside": round(sum(r for r, _ in marks) / len(marks), 4),
                "top1": round(sum(r and a for r, a in marks) / len(marks), 4),
                "answered": round(sum(a for _, a in marks) / len(marks), 4),
            }
            for source, marks in sorted(by_source.items())
        },
        "confusion": {g: dict(row.most_common(6)) for g, row in sorted(confusion.items())},
    }


def among_five(features: Features, top_model, items: list) -> float:  # type: ignore[no-untyped-def,type-arg]
    """Held-out BBC files: how often their folder's code ranks first among the five BBC codes
    (bench/eval_topics.py's measure, on training-half files the fit did not see)."""
    classes = list(top_model.classes_)
    five = [classes.index(c) for c in BBC_TO_IPTC.values()]
    logits = top_model.decision_function(features.matrix([e.text for _, e in items]))
    right = [
        classes[five[int(np.argmax(row[five]))]] == BBC_TO_IPTC[item.id.split("/")[1]]
        for row, (item, _) in zip(logits, items, strict=True)
    ]
    return round(sum(right) / max(1, len(right)), 4)


# ---- the model file


def write_model(
    features: Features,
    top_model,
    second_model,
    ancestors,
    temperature: float,
    floor: float,
    out: Path,
) -> None:  # type: ignore[no-untyped-def]
    names = features.tfidf.get_feature_names_out()
    width = features.sparse_width
    top_w = top_model.coef_[:, :width].T.astype(np.float16)
    vector_w = (top_model.coef_[:, width:].T * VECTOR_WEIGHT).astype(np.float32)
    # The second-level matrix is seven times larger: int8 on a square-root scale keeps the
    # many small weights apart from zero at a quarter of float32's size.
    second_w = second_model.coef_.T
    scale = float(np.abs(second_w).max())
    second_q = np.round(127 * np.sign(second_w) * np.sqrt(np.abs(second_w) / scale)).astype(np.int8)
    # A feature whose weights are all zero changes no score: leave it out.
    keep = np.flatnonzero((top_w != 0).any(axis=1) | (second_q != 0).any(axis=1))
    second_codes = list(second_model.classes_)
    parent = np.array([list(top_model.classes_).index(ancestors[c][0]) for c in second_codes])
    np.savez_compressed(
        out / "topics.npz",
        vocab=np.frombuffer("\n".join(names[keep]).encode("utf-8"), dtype=np.uint8),
        idf=features.tfidf.idf_[keep].astype(np.float16),
        top_weights=top_w[keep],
        vector_weights=vector_w,
        top_codes=np.frombuffer(" ".join(top_model.classes_).encode(), dtype=np.uint8),
        temperature=np.array(temperature, dtype=np.float32),
        floor=np.array(floor, dtype=np.float32),
        second_weights=second_q[keep],
        second_scale=np.array(scale, dtype=np.float32),
        second_bias=second_model.intercept_.astype(np.float32),
        second_codes=np.frombuffer(" ".join(second_codes).encode(), dtype=np.uint8),
        second_parent=parent.astype(np.int8),
    )
    print(f"kept {len(keep)} of {len(names)} features", file=sys.stderr)


def write_vocabulary(
    vocab: dict, concepts: dict, tops: list[str], seconds: list[str], out: Path
) -> None:  # type: ignore[type-arg]
    """The part of the IPTC vocabulary the service names: codes, labels, parents."""
    shipped = {}
    for code in [*tops, *seconds]:
        concept = concepts[code]
        broader = [
            b.replace("http://cv.iptc.org/newscodes/mediatopic/", "medtop:")
            for b in concept.get("broader", [])
        ]
        shipped[code] = {"label": _label(concept), "broader": broader[0] if broader else None}
    shipped_vocabulary = {
        "source": vocab["uri"],
        "copyrightHolder": vocab.get("copyrightHolder"),
        "licence": vocab.get("licenceLink"),
        "dateReleased": vocab.get("dateReleased"),
        "concepts": shipped,
    }
    path = out / "iptc_mediatopics.json"
    path.write_text(
        json.dumps(shipped_vocabulary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def build(corpus: Path, dev_only: bool, without: str | None, out: Path) -> None:
    rng = random.Random(SEED)
    vocab = json.loads((corpus / "iptc" / "mediatopic-en-GB.json").read_text(encoding="utf-8"))
    concepts, tops, ancestors = concept_tree(vocab)
    seconds = sorted(c for c, path in ancestors.items() if len(path) == 1)

    fit_items, dev_items = split_dev(labelled_items("train"), rng)
    # Every annotated id, labelled by a majority or not: an item the annotators could not
    # agree on is no example of its section either.
    annotated_ids = set(annotation_pools()["train"])
    shared = [
        *huffpost(annotated_ids),
        *reuters_labelled(corpus / "reuters21578", rng),
        *pseudo_documents(concepts, ancestors),
    ]
    held_out = {i.id for i in dev_items}
    # Calibration is for what the service reads: articles, not the headlines-only items.
    dev = [e for e in annotated(dev_items) if e.source not in (without, "huffpost")]
    examples = [
        e for e in [*annotated(fit_items), *shared, *bbc_folders(held_out)] if e.source != without
    ]
    print(
        json.dumps({"examples": dict(Counter(e.kind for e in examples)), "dev": len(dev)}),
        file=sys.stderr,
    )
    features, top_model, second_model = fit(examples, tops, second_level=not dev_only)
    temperature, floor, figures = calibrate(features, top_model, dev)
    print(json.dumps(figures), file=sys.stderr)
    if dev_only:
        bbc_dev = [
            (i, e)
            for i, e in zip(dev_items, annotated(dev_items), strict=True)
            if i.id.startswith("bbc/")
        ]
        print(json.dumps({"bbc_dev_among_five": among_five(features, top_model, bbc_dev)}))
        print(json.dumps(per_topic(features, top_model, dev)))
        fifth = [e for e in annotated(dev_items) if e.source != without]
        print(json.dumps(diagnosis(features, top_model, fifth, temperature, floor)))
        if without:
            # Leave one source out on the training side: all of its annotated items, which
            # this model never read (the test side's --loso figure, without the test side).
            left_out = [e for e in annotated(fit_items + dev_items) if e.source == without]
            left = diagnosis(features, top_model, left_out, temperature, floor)
            print(json.dumps({"left_out": left["per_source"]}))
        return
    # The shipped model learns from every training item, the dev fifth included.
    examples = [
        e
        for e in [*annotated(fit_items + dev_items), *shared, *bbc_folders(set())]
        if e.source != without
    ]
    features, top_model, second_model = fit(examples, tops)
    write_model(features, top_model, second_model, ancestors, temperature, floor, out)
    write_vocabulary(vocab, concepts, tops, seconds, out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--without", choices=("conll", "semeval", "reuters", "huffpost", "bbc"))
    ap.add_argument("--out", type=Path, default=DATA, help="folder for the two files")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    build(args.corpus, args.dev, args.without, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
