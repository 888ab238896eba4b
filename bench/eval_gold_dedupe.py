"""Score dedupe() alone on gold segmentation: articles built straight from the gold files.

    PYTHONPATH=. python bench/eval_gold_dedupe.py [--threshold 0.8] [--verbose]

Gold articles keep their gold title and paragraphs; gold duplicates are rebuilt from their raw
lines (first non-blank line the title, every other non-blank line a paragraph, chrome
included), all in line order. A predicted fold is right when it is a gold duplicate and points
at its gold original. Independent of the segmenter being rewritten. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.model import DEFAULT_NEAR_THRESHOLD, Article, Section, Span
from service.pipeline.dedupe import dedupe

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def article(title: str, paragraphs: list[str], first: int, last: int) -> Article:
    return Article(Span(0, 0, first, last), title, (Section(None, tuple(paragraphs)),), ())


def score_dump(dump: Path, gold: dict, mode: str, threshold: float) -> dict:
    lines = LINE_BREAK.split(dump.read_text(encoding="utf-8"))
    items = []  # (line_start, Article, gold original index or None, gold article index or None)
    for i, a in enumerate(gold["articles"]):
        items.append(
            (
                a["line_start"],
                article(a["title"], a["paragraphs"], a["line_start"], a["line_end"]),
                None,
                i,
            )
        )
    for d in gold.get("duplicates", []):
        raw = [x.strip() for x in lines[d["line_start"] - 1 : d["line_end"]] if x.strip()]
        items.append(
            (
                d["line_start"],
                article(raw[0], raw[1:], d["line_start"], d["line_end"]),
                d["duplicate_of"],
                None,
            )
        )
    items.sort(key=lambda x: x[0])
    kept, folds = dedupe([x[1] for x in items], mode, threshold)
    by_line = {x[0]: x for x in items}
    kept_gold = [by_line[a.span.line_start][3] for a in kept]
    right = sum(
        1
        for f in folds
        if by_line[f.span.line_start][2] is not None
        and kept_gold[f.duplicate_of] == by_line[f.span.line_start][2]
    )
    wrong = [
        (f.title, f.similarity)
        for f in folds
        if not (
            by_line[f.span.line_start][2] is not None
            and kept_gold[f.duplicate_of] == by_line[f.span.line_start][2]
        )
    ]
    return {
        "gold_dups": len(gold.get("duplicates", [])),
        "pred_dups": len(folds),
        "right": right,
        "wrong": wrong,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=Path, default=SHARED / "dumps")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--mode", default="near")
    ap.add_argument("--threshold", type=float, default=DEFAULT_NEAR_THRESHOLD)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    tot = {"gold_dups": 0, "pred_dups": 0, "right": 0}
    wrong = []
    for path in sorted(args.gold.glob("*.json")):
        row = score_dump(
            args.dumps / f"{path.stem}.txt", json.loads(path.read_text()), args.mode, args.threshold
        )
        for k in tot:
            tot[k] += row[k]
        wrong += [(path.stem, *w) for w in row["wrong"]]
    out = {
        "mode": args.mode,
        "threshold": args.threshold,
        **tot,
        "dup_p": round(tot["right"] / tot["pred_dups"], 4) if tot["pred_dups"] else 1.0,
        "dup_r": round(tot["right"] / tot["gold_dups"], 4) if tot["gold_dups"] else 1.0,
    }
    if args.verbose:
        out["wrong"] = wrong
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
