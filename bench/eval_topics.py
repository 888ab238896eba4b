"""Top-1 accuracy of the topic tagger on the BBC News TEST half, through the whole pipeline.

    PYTHONPATH=. python bench/eval_topics.py [--bbc ../shared/corpus/bbc] [--errors]

Each test-half file (files[0::2] of the sorted *.txt paths) is run as one article. Its
prediction among the five codes (top1_accuracy) is the five BBC codes' best in the model's
full ranking of the 17 topics: a BBC "business" story about a strike may rightly be labour
first, and is right here when economy still ranks above politics, sport, tech and arts.
top1_returned is the stricter older reading: the best BBC code among the topics the
response returns (none returned, or no BBC code among them, is wrong). Prints JSON. The
training script never reads these files.

A file is title, blank line, paragraphs separated by blank lines. Where the segmenter cuts
such a file into several articles (the skeleton segmenter splits at every blank line), the
file is sent again with its paragraphs on consecutive lines, which any segmenter keeps as
one article; "resent" counts those files. --as-is scores the cut articles instead (the
best code over all of them).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.topics import BBC_TO_IPTC  # noqa: E402
from service.model import Topic  # noqa: E402
from service.pipeline import run  # noqa: E402
from service.pipeline.topics import ranking_for  # noqa: E402


def predict(text: str, as_is: bool) -> tuple[str | None, str | None, bool]:
    """The best BBC code in the full ranking and among the returned topics; whether the
    file was resent."""
    articles = run(text).articles
    resent = len(articles) > 1 and not as_is
    if resent:
        title, _, body = text.strip().partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        articles = run("\n".join([title.strip(), *paragraphs]) + "\n").articles
    ranked = [t for a in articles for t in ranking_for(a)]
    return _best(ranked), _best([t for a in articles for t in a.tags.topics]), resent


def _best(topics: list[Topic]) -> str | None:
    best: tuple[float, str] | None = None
    for topic in topics:
        if topic.code in BBC_TO_IPTC.values() and (best is None or topic.score > best[0]):
            best = (topic.score, topic.code)
    return best[1] if best else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bbc", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc")
    ap.add_argument("--errors", action="store_true", help="list the misclassified files")
    ap.add_argument("--as-is", action="store_true", help="score the articles as segmented")
    args = ap.parse_args()
    files = sorted(args.bbc.rglob("*.txt"))[0::2]
    right: Counter[str] = Counter()
    returned_right = 0
    total: Counter[str] = Counter()
    errors = []
    resent_files = 0
    for path in files:
        category = path.parent.name
        if category not in BBC_TO_IPTC:
            continue
        got, returned, resent = predict(path.read_text(encoding="utf-8"), args.as_is)
        resent_files += resent
        total[category] += 1
        returned_right += returned == BBC_TO_IPTC[category]
        if got == BBC_TO_IPTC[category]:
            right[category] += 1
        else:
            errors.append(f"{category}/{path.name} -> {got}")
    report = {
        "files": sum(total.values()),
        "resent": resent_files,
        "top1_accuracy": round(sum(right.values()) / sum(total.values()), 4),
        "per_category": {c: round(right[c] / total[c], 4) for c in sorted(total)},
        "top1_returned": round(returned_right / sum(total.values()), 4),
    }
    if args.errors:
        report["errors"] = errors
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
