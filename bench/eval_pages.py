"""Score segmentation on dumps of real web pages: the shared scorer on multi-page dumps, and
the extraction benchmark's own metric on single pages.

    PYTHONPATH=. python bench/eval_pages.py                    # ../shared/eval/pages
    PYTHONPATH=. python bench/eval_pages.py --pages DIR        # another set in that layout

A page set holds dumps/ and gold/ (score.py's format) and, for the single-page figure,
single/<id>.txt with a ground truth of {id: {"articleBody": ...}}: the shared set takes it
from the benchmark's ground-truth.json, another set from its own ground-truth.json. Each
single page is processed alone; its body is that of the result's `main_article` (the article
with the most prose, see service/pipeline/main_article.py). The pipeline runs in-process
with tags off (they do not change segmentation); prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import EVAL  # noqa: E402
from harness.scoring import score_pages, score_single, truth_of  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=Path, default=EVAL / "pages")
    ap.add_argument("--truth", type=Path, help="single-page ground truth (default: see above)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    truth = args.truth or truth_of(args.pages)
    started = time.perf_counter()
    out = {
        "pages": str(args.pages),
        "dumps": score_pages(args.pages, args.verbose),
        "single": score_single(args.pages, truth),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
