"""Leave-one-family-out: for each layout family, train the boundary model on all the others
and score dumps of the left-out family with ../shared/eval/score.py.

    PYTHONPATH=. python bench/eval_families.py [--train-per-family 40] [--test-dumps 30]
        [--validation-dumps 10] [--families NAME ...]

Training dumps use stories of the "train" split, scored dumps stories of the "test" split,
so a left-out family is new in both its layout and its stories. Each left-out model chooses
its transition weight on as many validation dumps per family as the shipped model does
(`--validation-dumps`, default VALIDATION_PER_FAMILY); fewer make a cheaper but pessimistic
figure. Prints one JSON line per family and a last line with the worst family's figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.boundary_training import VALIDATION_PER_FAMILY, train, training_sets  # noqa: E402
from harness.layouts import FAMILIES, generate_set  # noqa: E402
from harness.scoring import load_scorer, scorer_view  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402

TEST_SEED = 77


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-per-family", type=int, default=40)
    ap.add_argument("--test-dumps", type=int, default=30)
    ap.add_argument("--validation-dumps", type=int, default=VALIDATION_PER_FAMILY)
    ap.add_argument("--families", nargs="*", help="leave out only these (default: every one)")
    args = ap.parse_args()
    families = sorted(FAMILIES)
    scorer = load_scorer()
    sets = training_sets(families, args.train_per_family, args.validation_dumps)
    table = []
    for left_out in args.families or families:
        started = time.perf_counter()
        model, _ = train(sets, [f for f in families if f != left_out])
        rows = {}
        # seeded by the family's place among all families: its dumps are the same whichever
        # families a run leaves out
        seed = TEST_SEED + families.index(left_out)
        for n, dump in enumerate(generate_set(left_out, args.test_dumps, "test", seed)):
            result = run(dump.text, Options(tags=frozenset()), segmenter=model)
            rows[str(n)] = scorer.score_one(dump.text, dump.gold, scorer_view(result))
        totals = {
            key: round(v, 4) if isinstance(v, float) else v
            for key, v in scorer.totals(rows).items()
        }
        row = {
            "family": left_out,
            **totals,
            "transition_weight": model.transition_weight,
            "seconds": round(time.perf_counter() - started),
        }
        table.append(row)
        print(json.dumps(row), flush=True)
    worst = {
        key: min(r[key] for r in table) for key in ("article_f1", "title_acc", "body_f1", "dup_r")
    }
    print(json.dumps({"worst": worst, "families": len(table)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
