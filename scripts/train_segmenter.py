"""Rebuild service/data/segmenter.json, the segmenter's boundary model.

    pip install -e '.[train]' && PYTHONPATH=. python scripts/train_segmenter.py

Trains on dumps from the layout generator (harness.layouts): every family, stories of the
"train" split only (BBC, Reuters-21578 and CoNLL-2003 documents), fixed seeds, so the file
rebuilds byte for byte on the same library versions. Never on ../shared/eval: the dev dumps
and the web pages stay tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.boundary_training import (  # noqa: E402
    DEPTH,
    DUMPS_PER_FAMILY,
    ROUNDS,
    VALIDATION_PER_FAMILY,
    train,
    training_sets,
    write_model,
)
from harness.layouts import FAMILIES  # noqa: E402

OUT = ROOT / "service" / "data" / "segmenter.json"
SEED = 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-family", type=int, default=DUMPS_PER_FAMILY)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    ap.add_argument("--depth", type=int, default=DEPTH)
    args = ap.parse_args()
    families = sorted(FAMILIES)
    started = time.perf_counter()
    sets = training_sets(families, args.per_family, VALIDATION_PER_FAMILY, SEED)
    model, weights = train(sets, families, args.rounds, args.depth)
    meta = {
        "trained_by": "scripts/train_segmenter.py",
        "families": families,
        "dumps_per_family": args.per_family,
        "rounds": args.rounds,
        "depth": args.depth,
        "seed": SEED,
        "transition_weight_figures": {str(w): f for w, f in weights.items()},
    }
    write_model(model, str(args.out), meta)
    trees = sum(len(dumps) for dumps in sets.trees.values())
    print(f"wrote {args.out} from {trees} dumps in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
