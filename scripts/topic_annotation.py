"""Topic labelling rounds: batches for annotators out, their answers in, agreement reported.

    PYTHONPATH=. python scripts/topic_annotation.py batches --out DIR [--size 200]
    PYTHONPATH=. python scripts/topic_annotation.py ties --answers DIR --out DIR
    PYTHONPATH=. python scripts/topic_annotation.py merge --answers DIR

`batches` writes DIR/<side>-<k>.jsonl ({"id", "text"} lines, the text cut as annotators read
it) for the ids of harness.topic_items.annotation_pools(). Annotators follow
training/topics/GUIDE.md and answer in DIR/<side>-<k>.<annotator>.jsonl. Every batch gets two
annotators; the test side's never label training items. `ties` writes the items whose two
main topics differ as third-round batches (<side>-tie-<k>.jsonl). `merge` checks every answer
(known topic names, one line per id), takes the majority main topic (two of two, or two of
three; no majority: the item is left out), writes training/topics/labels.jsonl — ids and
labels only, the texts stay in ../shared — and prints agreement (raw and Cohen's kappa on the
main topic, per side).

The shipped labels were gathered round by round as the pools grew (training/topics/README.md),
each round's new ids in batches of their own; answers are matched by id, so which batch an
item was in changes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.topic_items import SHOWN_CHARS, annotation_pools, item_text  # noqa: E402

LABELS_PATH = ROOT / "training" / "topics" / "labels.jsonl"
VOCABULARY = ROOT / "service" / "data" / "iptc_mediatopics.json"
_ANSWER = re.compile(
    r"^(?P<batch>(?P<side>train|test)-(?:tie-)?\d+)\.(?P<annotator>[\w-]+)\.jsonl$"
)


def shown(text: str) -> str:
    """What an annotator reads: the text cut at a word near SHOWN_CHARS."""
    if len(text) <= SHOWN_CHARS:
        return text
    return text[:SHOWN_CHARS].rsplit(" ", 1)[0] + " …"


def write_batches(items: list[str], prefix: str, size: int, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, start in enumerate(range(0, len(items), size)):
        path = out / f"{prefix}-{k:02d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for item in items[start : start + size]:
                fh.write(json.dumps({"id": item, "text": shown(item_text(item))}) + "\n")
        paths.append(path)
    return paths


def vocabulary() -> tuple[dict[str, str], dict[str, str]]:
    """Top-level and second-level codes by label."""
    concepts = json.loads(VOCABULARY.read_text(encoding="utf-8"))["concepts"]
    tops = {c["label"]: code for code, c in concepts.items() if c["broader"] is None}
    seconds = {c["label"]: code for code, c in concepts.items() if c["broader"] in tops.values()}
    return tops, seconds


def read_answers(folder: Path) -> dict[str, dict[str, dict]]:  # type: ignore[type-arg]
    """answers[item][annotator] = {"topics": [codes], "second": code|None, "discard": str|None}."""
    tops, seconds = vocabulary()
    answers: dict[str, dict[str, dict]] = defaultdict(dict)  # type: ignore[type-arg]
    problems = []
    for path in sorted(folder.glob("*.jsonl")):
        found = _ANSWER.match(path.name)
        if not found:
            continue
        expected = [
            json.loads(line)["id"]
            for line in (folder / f"{found['batch']}.jsonl").read_text().splitlines()
        ]
        got = {}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            codes = [tops.get(t.strip().lower()) for t in row.get("topics") or []]
            second = row.get("second")
            if None in codes or (second and second not in seconds):
                problems.append(f"{path.name}:{n}: unknown topic {row}")
                codes = [c for c in codes if c]
            got[row["id"]] = {
                "topics": codes,
                "second": seconds.get(second) if second else None,
                "discard": row.get("discard") or (None if codes else "do not know"),
            }
        missing = [i for i in expected if i not in got]
        if missing:
            problems.append(f"{path.name}: {len(missing)} items unanswered, e.g. {missing[:3]}")
        for item in expected:
            if item in got:
                answers[item][found["annotator"]] = got[item]
    for problem in problems:
        print(problem, file=sys.stderr)
    return answers


def main_topic(answer: dict) -> str | None:  # type: ignore[type-arg]
    return None if answer["discard"] or not answer["topics"] else answer["topics"][0]


def decide(by_annotator: dict[str, dict]) -> dict | None:  # type: ignore[type-arg]
    """The majority main topic with the topics and second level its voters gave."""
    votes = Counter(main_topic(a) for a in by_annotator.values())
    top, count = votes.most_common(1)[0]
    if top is None or count < 2:
        return None
    voters = [a for a in by_annotator.values() if main_topic(a) == top]
    others = Counter(t for a in voters for t in a["topics"][1:])
    seconds = Counter(a["second"] for a in voters if a["second"])
    second, n_second = seconds.most_common(1)[0] if seconds else (None, 0)
    return {
        "topic": top,
        "also": sorted(t for t, n in others.items() if n >= 2),
        "second": second if n_second >= 2 else None,
    }


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / n / n
    return (observed - expected) / (1 - expected)


def merge(folder: Path) -> None:
    answers = read_answers(folder)
    pools = annotation_pools()
    side_of = {item: side for side, items in pools.items() for item in items}
    annotators_by_side: dict[str, set[str]] = defaultdict(set)
    rows = []
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in [*pools["train"], *pools["test"]]:
        by_annotator = answers.get(item, {})
        side = side_of[item]
        annotators_by_side[side].update(by_annotator)
        first_two = [main_topic(a) or "discard" for a in list(by_annotator.values())[:2]]
        if len(first_two) == 2:
            pairs[side].append((first_two[0], first_two[1]))
        decision = decide(by_annotator) if len(by_annotator) >= 2 else None
        rows.append(
            {
                "id": item,
                "side": side,
                "labels": [{"annotator": k, **v} for k, v in sorted(by_annotator.items())],
                **({"gold": decision} if decision else {}),
            }
        )
    shared = annotators_by_side["train"] & annotators_by_side["test"]
    if shared:
        raise SystemExit(f"annotators on both sides: {sorted(shared)}")
    LABELS_PATH.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = {}
    for side, side_pairs in pairs.items():
        gold = [r for r in rows if r["side"] == side and "gold" in r]
        report[side] = {
            "items": sum(r["side"] == side for r in rows),
            "double_labelled": len(side_pairs),
            "agreement": round(sum(a == b for a, b in side_pairs) / len(side_pairs), 4),
            "kappa": round(cohen_kappa(side_pairs), 4),
            "with_gold": len(gold),
            "per_topic": dict(Counter(r["gold"]["topic"][7:9] for r in gold).most_common()),
        }
    print(json.dumps(report, indent=1))


def ties(folder: Path, out: Path, size: int) -> None:
    answers = read_answers(folder)
    for side, items in annotation_pools().items():
        tied = [
            item
            for item in items
            if len(answers.get(item, {})) == 2 and decide(answers[item]) is None
        ]
        paths = write_batches(tied, f"{side}-tie", size, out)
        print(side, len(tied), "tied items in", len(paths), "batches", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("batches")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--size", type=int, default=200)
    t = sub.add_parser("ties")
    t.add_argument("--answers", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--size", type=int, default=200)
    m = sub.add_parser("merge")
    m.add_argument("--answers", type=Path, required=True)
    args = ap.parse_args()
    if args.command == "batches":
        for side, items in annotation_pools().items():
            n = -(-len(items) // args.size)
            size = -(-len(items) // n)  # even batches
            paths = write_batches(list(items), side, size, args.out)
            print(side, len(items), "items in", len(paths), "batches", file=sys.stderr)
    elif args.command == "ties":
        ties(args.answers, args.out, args.size)
    else:
        merge(args.answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
