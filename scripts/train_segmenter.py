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
    ROUNDS,
    LabelledDump,
    choose_transition_weight,
    fit,
    fit_articles,
    with_furniture,
    write_model,
)
from harness.layouts import FAMILIES, generate_set  # noqa: E402

OUT = ROOT / "service" / "data" / "segmenter.json"
DUMPS_PER_FAMILY = 80
VALIDATION_PER_FAMILY = 10
SEED = 1


def training_dumps(
    families: list[str], per_family: int, seed: int = SEED, split: str = "train"
) -> list[LabelledDump]:
    """Labelled dumps of the given families, `per_family` each."""
    out = []
    for k, family in enumerate(families):
        for dump in generate_set(family, per_family, split, seed * 1000 + k):
            out.append(with_furniture(dump.text, dump.labels, dump.gold))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-family", type=int, default=DUMPS_PER_FAMILY)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    ap.add_argument("--depth", type=int, default=DEPTH)
    args = ap.parse_args()
    families = sorted(FAMILIES)
    started = time.perf_counter()
    dumps = training_dumps(families, args.per_family)
    model = fit(dumps, args.rounds, args.depth)
    # how much the decoder trusts transitions, and the article check, are learned from
    # dumps the trees did not learn from
    validation = {
        f: generate_set(f, VALIDATION_PER_FAMILY, "train", (SEED + 2) * 1000 + k)
        for k, f in enumerate(families)
    }
    model, weights = choose_transition_weight(model, validation)
    checks = training_dumps(families, args.per_family // 2, seed=SEED + 1)
    model = fit_articles(checks, model)
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
    print(f"wrote {args.out} from {len(dumps)} dumps in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
