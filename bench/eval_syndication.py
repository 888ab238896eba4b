"""One agency story on several sites: each copy in its own site's page chrome, trimmed to
about two thirds or lightly rewritten. Every later copy should fold as a near duplicate of
the first (dedupe=near, the default threshold).

    PYTHONPATH=. python bench/eval_syndication.py [--dumps 40] [--seed 500]

Dumps come from the layout generator's web families (stories of the "test" split); the
score is score.py's duplicate precision and recall, with the article figures beside them.
Prints one JSON line per family and one for all of them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.layouts import generate_syndicated  # noqa: E402
from harness.scoring import load_scorer, scorer_view  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402

FAMILIES = ("news_site_page", "news_site_selection", "blog_post", "web_page")
FIGURES = ("article_f1", "title_acc", "body_f1", "dup_p", "dup_r", "lost_lines")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=int, default=40, help="dumps per family")
    ap.add_argument(
        "--seed", type=int, default=500, help="family k draws with seed + k (900: held out)"
    )
    args = ap.parse_args()
    scorer = load_scorer()
    everything = {}
    for k, family in enumerate(FAMILIES):
        rows = {}
        for n, dump in enumerate(generate_syndicated(family, args.dumps, "test", args.seed + k)):
            result = run(dump.text, Options(tags=frozenset()))
            rows[f"{family}/{n}"] = scorer.score_one(dump.text, dump.gold, scorer_view(result))
        everything.update(rows)
        totals = scorer.totals(rows)
        print(json.dumps({"family": family, **{f: round(totals[f], 4) for f in FIGURES}}))
    totals = scorer.totals(everything)
    print(json.dumps({"family": "all", **{f: round(totals[f], 4) for f in FIGURES}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
