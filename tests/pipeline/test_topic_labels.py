"""The labelled topic data: a test set big enough per topic, annotators kept apart, majority
labels that follow from the individual answers, and no story on both sides."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from harness.topic_items import LABELS_PATH, annotation_pools, item_text, labelled_items
from service.pipeline.topics import load_topic_model

ROWS = [json.loads(line) for line in LABELS_PATH.read_text(encoding="utf-8").splitlines()]


def test_the_test_set_has_400_items_and_20_for_every_topic() -> None:
    test = labelled_items("test")
    assert len(test) >= 400
    per_topic = Counter(item.topic for item in test)
    assert set(per_topic) == set(load_topic_model().top_codes)
    assert min(per_topic.values()) >= 20, per_topic


def test_no_annotator_labels_on_both_sides() -> None:
    by_side: dict[str, set[str]] = {"train": set(), "test": set()}
    for row in ROWS:
        by_side[row["side"]].update(label["annotator"] for label in row["labels"])
    assert by_side["train"] and by_side["test"]
    assert not by_side["train"] & by_side["test"]


def test_every_item_has_two_labels_and_its_gold_is_their_majority() -> None:
    for row in ROWS:
        assert len(row["labels"]) >= 2, row["id"]
        mains = Counter(
            label["topics"][0] if label["topics"] and not label["discard"] else None
            for label in row["labels"]
        )
        topic, votes = mains.most_common(1)[0]
        if "gold" in row:
            assert row["gold"]["topic"] == topic and votes >= 2, row["id"]
        else:
            assert topic is None or votes < 2, row["id"]


def test_the_rows_are_the_pools_in_order() -> None:
    pools = annotation_pools()
    assert [r["id"] for r in ROWS] == [*pools["train"], *pools["test"]]


@pytest.mark.parametrize("side", ["train", "test"])
def test_every_id_names_a_text(side: str) -> None:
    for item in labelled_items(side):
        assert item_text(item.id).strip(), item.id


def test_no_story_is_on_both_sides() -> None:
    def key(item: str) -> str:
        return " ".join(item_text(item).lower().split())[:300]

    train = {key(i) for i in annotation_pools()["train"]}
    shared = [i for i in annotation_pools()["test"] if key(i) in train]
    assert shared == []
