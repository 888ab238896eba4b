"""Linking accuracy on 100 hand-checked GPE mentions from Reuters-21578.

    PYTHONPATH=. python bench/eval_linking.py              # score bench/data/linking_gold.json
    PYTHONPATH=. python bench/eval_linking.py --sample     # draw a fresh sample (to label)

The sample: stories from reuters21578 (bench/corpus.reuters(), title and body as the text),
shuffled with SEED; every GPE mention our pipeline finds in them, shuffled with SEED again;
the first 100. Each record keeps the story id, the mention's offsets in that text, its
context and the ids a person checked it should get (`expected`; {} when no id is right, e.g.
a mention that is no place). Scoring runs the current pipeline on each story again and
compares the ids of the entity holding that mention: for a country the ISO code, for a
place the GeoNames id. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import reuters  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402

GOLD = ROOT / "bench" / "data" / "linking_gold.json"
SEED = 20261126
SIZE = 100
STORIES = 300
OPTIONS = Options(dedupe="off", tags=frozenset({"entities"}))


def story_text(title: str, paragraphs: tuple[str, ...]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def linked(text: str) -> dict[tuple[int, int], tuple[str, dict[str, str]]]:
    """(start, end) of each mention -> (entity type, entity ids)."""
    out = {}
    for article in run(text, OPTIONS).articles:
        for e in article.tags.entities:
            for m in e.mentions:
                out[(m.start, m.end)] = (e.type, dict(e.ids))
    return out


def sample() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    stories = reuters()
    rng.shuffle(stories)
    found = []
    for s in stories[:STORIES]:
        text = story_text(s.title, s.paragraphs)
        for (start, end), (kind, ids) in sorted(linked(text).items()):
            if kind == "GPE":
                found.append(
                    {
                        "story": s.id,
                        "start": start,
                        "end": end,
                        "mention": text[start:end],
                        "context": " ".join(text[max(0, start - 60) : end + 60].split()),
                        "predicted": ids,
                    }
                )
    rng.shuffle(found)
    return found[:SIZE]


def same(expected: dict[str, str], got: dict[str, str]) -> bool:
    if not expected:
        return not got
    for scheme in ("iso3166", "geonames", "iso3166_2"):
        if scheme in expected:
            return got.get(scheme) == expected[scheme]
    # a place no package we use has: a link must at least be in the right country
    return bool(got) and got.get("country") == expected["country"]


def score() -> dict[str, Any]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["mentions"]
    stories = {s.id: s for s in reuters()}
    right = 0
    wrong = []
    for g in gold:
        s = stories[g["story"]]
        got = linked(story_text(s.title, s.paragraphs)).get((g["start"], g["end"]), ("", {}))[1]
        if same(g["expected"], got):
            right += 1
        else:
            wrong.append({"mention": g["mention"], "expected": g["expected"], "got": got})
    return {
        "mentions": len(gold),
        "correct": right,
        "accuracy": round(right / max(len(gold), 1), 4),
        "errors": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", action="store_true")
    args = parser.parse_args()
    if args.sample:
        print(json.dumps(sample(), indent=1, ensure_ascii=False))
    else:
        print(json.dumps(score(), ensure_ascii=False))


if __name__ == "__main__":
    main()
