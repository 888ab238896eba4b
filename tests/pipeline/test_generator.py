"""The layout generator's gold agrees with its dumps and its line labels, family by family."""

from __future__ import annotations

import random
import re

import pytest

from harness.corpus import Story, split_of, story_pool
from harness.layouts import FAMILIES, GeneratedDump, generate, generate_set, lines_of, write_set
from harness.scoring import load_scorer

SEEDS = (0, 1)
DUMPS_PER_SEED = 3
WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return WORD.findall(text.replace("\u00a0", " ").lower())


def _dumps(family: str) -> list[GeneratedDump]:
    return [d for seed in SEEDS for d in generate_set(family, DUMPS_PER_SEED, "train", seed)]


def _response(dump: GeneratedDump) -> dict:
    """What a perfect segmenter would answer: the gold's spans, every "O" line removed."""
    gold = dump.gold
    return {
        "articles": [
            {
                "title": a["title"],
                "paragraphs": a["paragraphs"],
                "span": {"line_start": a["line_start"], "line_end": a["line_end"]},
            }
            for a in gold["articles"]
        ],
        "duplicates": [
            {
                "duplicate_of": d["duplicate_of"],
                "span": {"line_start": d["line_start"], "line_end": d["line_end"]},
            }
            for d in gold["duplicates"]
        ],
        "removed": [{"line": n} for n, label in enumerate(dump.labels, 1) if label == "O"],
    }


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_gold_agrees_with_dump_and_labels(family: str) -> None:
    scorer = load_scorer()
    rows = {}
    for k, dump in enumerate(_dumps(family)):
        lines = lines_of(dump.text)
        assert len(lines) == len(dump.labels)
        for line, label in zip(lines, dump.labels, strict=True):
            assert (label == "") == (not line.strip()), (family, line, label)
        spans = [*dump.gold["articles"], *dump.gold["duplicates"]]
        inside: set[int] = set()
        for item in spans:
            lo, hi = item["line_start"], item["line_end"]
            assert dump.labels[lo - 1] == "T", (family, lines[lo - 1])
            assert all(dump.labels[n - 1] in ("T", "B", "") for n in range(lo, hi + 1))
            assert dump.labels[hi - 1] in ("T", "B")
            assert not inside & set(range(lo, hi + 1)), "spans overlap"
            inside |= set(range(lo, hi + 1))
        starts = {item["line_start"] for item in spans}
        for n, label in enumerate(dump.labels, 1):
            assert (label == "T") == (n in starts), (family, n, lines[n - 1])
            assert label != "O" or n not in inside
            assert label not in ("T", "B") or n in inside
        for article in dump.gold["articles"]:
            span_words = set(
                _words(" ".join(lines[article["line_start"] - 1 : article["line_end"]]))
            )
            assert article["title"].strip() and article["paragraphs"]
            assert set(_words(article["title"])) <= span_words, (family, article["title"])
            for p in article["paragraphs"]:
                assert set(_words(p)) <= span_words, (family, p[:60])
        for dup in dump.gold["duplicates"]:
            assert 0 <= dup["duplicate_of"] < len(dump.gold["articles"])
            assert dup["kind"] in ("exact", "near")
        rows[str(k)] = scorer.score_one(dump.text, dump.gold, _response(dump))
    totals = scorer.totals(rows)
    assert totals["article_f1"] == 1.0, totals
    assert totals["title_acc"] == 1.0, totals
    assert totals["lost_lines"] == 0, totals
    assert totals["dup_r"] == 1.0, totals


def test_at_least_fifteen_families_each_with_a_docstring() -> None:
    assert len(FAMILIES) >= 15
    for name, family in FAMILIES.items():
        assert family.article.__doc__, name


def test_splits_are_disjoint_and_deterministic() -> None:
    train, test = story_pool("train", 3), story_pool("test", 3)
    assert not {s.id for s in train} & {s.id for s in test}
    assert {split_of(s) for s in train} == {"train"} and {split_of(s) for s in test} == {"test"}
    assert [s.id for s in story_pool("test", 3)] == [s.id for s in test]
    sources = {s.source for s in test}
    assert {"bbc", "reuters", "conll"} <= sources
    assert all(src.startswith("semeval-") for src in sources - {"bbc", "reuters", "conll"})
    a = generate_set("web_page", 2, "test", 5)
    b = generate_set("web_page", 2, "test", 5)
    assert a == b


def test_dumps_vary_within_a_family() -> None:
    texts = [d.text for d in _dumps("markdown")]
    rules = {line for t in texts for line in lines_of(t) if set(line.strip()) <= set("-*_ ")}
    assert len(rules - {""}) >= 2
    assert any("\r\n" in d.text for f in ("web_page", "flat_paste") for d in _dumps(f))
    assert sum(bool(d.gold["duplicates"]) for d in _dumps("cms_export")) >= 1


def test_news_pages_are_mostly_chrome_with_teasers_of_their_own_split() -> None:
    from harness.webchrome import retitle

    def titles(split: str) -> set[str]:
        return {retitle(s.title, m) for s in story_pool(split, 7) for m in ("title", "sentence")}

    # a generic headline ("1986 year") can head a train and a test story alike
    train_titles = titles("train") - titles("test")
    shares = []
    for dump in generate_set("news_site_page", 8, "test", 0):
        marked = [label for label in dump.labels if label]
        shares.append(sum(label == "O" for label in marked) / len(marked))
        rows = zip(lines_of(dump.text), dump.labels, strict=True)
        chrome = {line.strip() for line, label in rows if label == "O"}
        assert not chrome & train_titles
    assert 0.45 <= sum(shares) / len(shares) <= 0.8, shares


def test_write_set_keeps_line_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    story = Story("x/1", "A headline", ("First paragraph here.", "Second one."))
    other = Story("x/2", "Another headline", ("Third paragraph.", "Fourth."))
    dumps = [generate("flat_paste", [story, other], random.Random(k)) for k in range(20)]
    write_set(dumps, tmp_path)
    for k, dump in enumerate(dumps):
        with open(tmp_path / f"flat_paste-{k:04d}.txt", encoding="utf-8", newline="") as fh:
            assert fh.read() == dump.text
