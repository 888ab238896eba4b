"""The topic model on our own labelled test set: 17 IPTC top-level topics, per-topic figures.

    PYTHONPATH=. python bench/eval_topic_labels.py [--model DIR] [--loso] [--errors]

The test items are the "test" side of training/topics/labels.jsonl: CoNLL-2003 test documents,
English SemEval-2022 texts, Reuters-21578 stories, pages of the Zyte benchmark and HuffPost
headlines kept out of training, labelled by annotators who labelled no training item, never
read by scripts/train_topics.py. Each item is scored as an article whose title is its first
line. Prints JSON: top-1 accuracy (an item given no topic, under the confidence floor, counts
as wrong), top-1 with the floor aside (the model's first choice), the share answered and the
accuracy when answered, lenient accuracy (the main topic or a second topic both majority
annotators gave), per-topic precision / recall / F1 and macro F1, per-source accuracy,
expected calibration error, the confusion matrix (gold row → predicted columns), and the
second level's recall and precision where two annotators agreed on a second-level topic.

--loso adds the held-out figure: for each annotated source, a model trained without that
source (scripts/train_topics.py --without) is scored on that source's test items only.
--model DIR scores the topics.npz in DIR instead of the shipped one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.topic_items import LabelledItem, item_text, labelled_items  # noqa: E402
from harness.topics import expected_calibration_error  # noqa: E402
from service.pipeline.topics import (  # noqa: E402
    MODEL_PATH,
    TopicModel,
    load_topic_model,
    rank_text,
    score_topics,
)

NONE = "none"
# Sources scripts/train_topics.py reads (its --without choices that hold test items).
TRAINED_SOURCES = ("conll", "huffpost", "reuters", "semeval")


class Prediction(NamedTuple):
    code: str  # the top-level code given, or "none" under the floor
    score: float  # its probability
    first: str  # the model's first choice, the floor aside
    given: frozenset[str]  # every code returned, second-level ones included


def predict(items: list[LabelledItem], model: TopicModel) -> list[Prediction]:
    out = []
    for item in items:
        text = item_text(item.id)
        given = score_topics(text, model).topics
        tops = [t for t in given if t.code in model.top_codes]
        first = rank_text(text, model)[0].code
        best = (tops[0].code, tops[0].score) if tops else (NONE, 0.0)
        out.append(Prediction(*best, first, frozenset(t.code for t in given)))
    return out


def report(items: list[LabelledItem], predicted: list[Prediction], model: TopicModel) -> dict:  # type: ignore[type-arg]
    gold = [i.topic for i in items]
    guess = [p.code for p in predicted]
    first_right = [g == p.first for g, p in zip(gold, predicted, strict=True)]
    right = [g == p for g, p in zip(gold, guess, strict=True)]
    answered = [p != NONE for p in guess]
    lenient = [p == i.topic or p in i.also for i, p in zip(items, guess, strict=True)]
    codes = model.top_codes
    per_topic = {}
    for code in codes:
        n_gold = gold.count(code)
        n_guess = guess.count(code)
        hit = sum(g == p == code for g, p in zip(gold, guess, strict=True))
        precision = hit / n_guess if n_guess else 0.0
        recall = hit / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hit else 0.0
        first_hits = sum(g == code and ok for g, ok in zip(gold, first_right, strict=True))
        per_topic[code] = {
            "n": n_gold,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "recall_floor_aside": round(first_hits / n_gold, 3) if n_gold else 0.0,
        }
    by_source: dict[str, list[bool]] = defaultdict(list)
    for item, ok in zip(items, right, strict=True):
        by_source[item.id.split("/")[0]].append(ok)
    confusion: dict[str, dict[str, int]] = {}
    for g in codes:
        row = Counter(p for gg, p in zip(gold, guess, strict=True) if gg == g)
        confusion[g[7:9]] = {(p[7:9] if p != NONE else NONE): n for p, n in row.most_common()}
    n = len(items)
    return {
        "items": n,
        "top1_accuracy": round(sum(right) / n, 4),
        "top1_floor_aside": round(sum(first_right) / n, 4),
        "answered": round(sum(answered) / n, 4),
        "accuracy_when_answered": round(
            sum(r for r, a in zip(right, answered, strict=True) if a) / max(1, sum(answered)), 4
        ),
        "lenient_accuracy": round(sum(lenient) / n, 4),
        "macro_f1": round(sum(t["f1"] for t in per_topic.values()) / len(codes), 4),
        "min_recall": min(t["recall"] for t in per_topic.values()),
        "min_recall_floor_aside": min(t["recall_floor_aside"] for t in per_topic.values()),
        # of the answered items' top probability
        "ece": round(
            expected_calibration_error(
                [p.score for p in predicted if p.code != NONE],
                [r for p, r in zip(predicted, right, strict=True) if p.code != NONE],
            ),
            4,
        ),
        "per_source": {s: round(sum(v) / len(v), 4) for s, v in sorted(by_source.items())},
        "per_topic": {f"{c[7:9]} {model.labels[c].split(',')[0]}": v for c, v in per_topic.items()},
        "confusion": confusion,
    }


def second_level(
    items: list[LabelledItem], predicted: list[Prediction], model: TopicModel
) -> dict[str, float | int]:
    """Second-level topics on the items whose annotators agreed on one: how often it is
    returned (recall), and how often a returned second-level code is it (precision)."""
    seconds = set(model.second_codes)
    agreed = [
        (i, p.given & seconds) for i, p in zip(items, predicted, strict=True) if i.second in seconds
    ]
    found = sum(item.second in given for item, given in agreed)
    returned = sum(len(given) for _, given in agreed)
    return {
        "items": len(agreed),
        "recall": round(found / max(1, len(agreed)), 4),
        "precision": round(found / max(1, returned), 4),
        "returned_per_item": round(returned / max(1, len(agreed)), 3),
    }


def leave_one_source_out(items: list[LabelledItem], shipped: TopicModel) -> dict:  # type: ignore[type-arg]
    """Each source's test items, scored by a model trained without that source; a source no
    training item comes from (the Zyte pages) is scored by the shipped model."""
    out = {}
    for source in sorted({i.id.split("/")[0] for i in items}):
        held = [i for i in items if i.id.startswith(source + "/")]
        model = _trained_without(source) if source in TRAINED_SOURCES else shipped
        figures = report(held, predict(held, model), model)
        keys = ("items", "top1_accuracy", "top1_floor_aside", "answered", "min_recall")
        out[source] = {k: figures[k] for k in keys}
        out[source]["in_training"] = source in TRAINED_SOURCES
        out[source]["recall"] = {k: v["recall"] for k, v in figures["per_topic"].items() if v["n"]}
    return out


def _trained_without(source: str) -> TopicModel:
    with tempfile.TemporaryDirectory() as folder:
        train = [sys.executable, str(ROOT / "scripts" / "train_topics.py")]
        subprocess.run(
            [*train, "--without", source, "--out", folder],
            check=True,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        return load_topic_model.__wrapped__(Path(folder) / "topics.npz")  # type: ignore[attr-defined,no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, help="a folder holding topics.npz")
    ap.add_argument("--loso", action="store_true", help="add leave-one-source-out figures")
    ap.add_argument("--errors", action="store_true", help="list the wrong items")
    args = ap.parse_args()
    model = load_topic_model(args.model / "topics.npz" if args.model else MODEL_PATH)
    items = labelled_items("test")
    predicted = predict(items, model)
    result = report(items, predicted, model)
    result["second_level"] = second_level(items, predicted, model)
    if args.errors:
        result["errors"] = [
            f"{i.id}: gold {i.topic[7:9]} got {p[7:9] if p != NONE else NONE} {s:.2f} | "
            + item_text(i.id).split("\n", 1)[0][:90]
            for i, (p, s, _, _) in zip(items, predicted, strict=True)
            if p != i.topic
        ]
    if args.loso:
        result["leave_one_source_out"] = leave_one_source_out(items, model)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
