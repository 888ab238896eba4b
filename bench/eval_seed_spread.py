"""How much of the segmenter's figures is the recipe, and how much the draw of its dumps.

    pip install -e '.[train]'
    PYTHONPATH=. python bench/eval_seed_spread.py [--seeds 1 2 3] [--pages DIR ...]

Trains scripts/train_segmenter.py's recipe once per data seed (the shipped model is seed 1;
every other setting as shipped) and scores each model in-process: the dev dumps, the shared
page set (its dumps with score.py, its single pages with the extraction benchmark's metric)
and every further page set named by --pages (a held-out set such as the readability pages
that scripts/render_pages.py builds). Prints one JSON line per seed, then one with each
figure's mean and spread (largest minus smallest); the mean of seed_outline is the share
of draws that get the founding example right.

Real pages are unlike every generated layout, so what a model reads there swings with its
training draw; a change of the recipe is a gain when its mean clears the spread, not when
one draw of it beats one draw of the other. About three minutes a seed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import EVAL  # noqa: E402
from harness.boundary_training import (  # noqa: E402
    DUMPS_PER_FAMILY,
    VALIDATION_PER_FAMILY,
    train,
    training_sets,
)
from harness.layouts import FAMILIES  # noqa: E402
from harness.scoring import score_pages, score_single, truth_of  # noqa: E402
from harness.seed import expected_outline, load_seed, outline  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402
from service.pipeline.boundary_model import BoundaryModel  # noqa: E402

FIGURES = ("article_f1", "title_acc", "body_f1")


def figures_of(model: BoundaryModel, page_sets: list[Path]) -> dict[str, float]:
    """The model's figures, flat: seed_outline (1.0 when the seed comes out as seed.json
    outlines it: articles, titles, spans, subheadings, paragraph counts; else 0.0), dev_* on
    the dev dumps, then per page set NAME_* and NAME_single (scored as bench/eval_pages.py
    scores them)."""
    text, expected = load_seed()
    seed = run(text, Options(dedupe="off", tags=frozenset()), segmenter=model)
    out = {"seed_outline": float(outline(seed) == expected_outline(expected))}
    for name, folder in [("dev", EVAL), *((pages.name, pages) for pages in page_sets)]:
        dumps = score_pages(folder, segmenter=model)
        out.update({f"{name}_{k}": float(dumps[k]) for k in FIGURES})  # type: ignore[arg-type]
        single = score_single(folder, truth_of(folder), segmenter=model)
        if single is not None:
            out[f"{name}_single"] = single["f1"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--pages", type=Path, nargs="*", default=[], help="further page sets")
    args = ap.parse_args()
    families = sorted(FAMILIES)
    page_sets = [EVAL / "pages", *args.pages]
    table = []
    for seed in args.seeds:
        started = time.perf_counter()
        sets = training_sets(families, DUMPS_PER_FAMILY, VALIDATION_PER_FAMILY, seed)
        model, _ = train(sets, families)
        row = {"seed": seed, **figures_of(model, page_sets)}
        row["seconds"] = round(time.perf_counter() - started)
        table.append(row)
        print(json.dumps(row), flush=True)
    keys = [k for k in table[0] if k not in ("seed", "seconds")]
    summary = {
        k: {
            "mean": round(statistics.fmean(r[k] for r in table), 4),
            "spread": round(max(r[k] for r in table) - min(r[k] for r in table), 4),
        }
        for k in keys
    }
    print(json.dumps({"seeds": args.seeds, **summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
