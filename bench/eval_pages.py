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
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import CORPUS, EVAL  # noqa: E402
from harness.scoring import load_scorer, score_folder  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402
from service.pipeline.boundary_model import BoundaryModel  # noqa: E402

BENCHMARK = CORPUS / "article-extraction-benchmark"
OPTIONS = Options(dedupe="near", tags=frozenset())


def score_dumps(
    pages: Path, verbose: bool = False, segmenter: BoundaryModel | None = None
) -> dict[str, object]:
    """score.py's totals over the set's multi-page dumps."""
    rows = score_folder(pages / "dumps", pages / "gold", OPTIONS, verbose, segmenter)
    totals = load_scorer().totals(rows)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in totals.items()}


def main_body(text: str, segmenter: BoundaryModel | None = None) -> str:
    """The body of the result's main article in a one-page dump ("" when none)."""
    result = run(text, OPTIONS, segmenter=segmenter)
    if result.main_article is None:
        return ""
    return result.articles[result.main_article].body


def score_single(
    pages: Path, truth_path: Path, segmenter: BoundaryModel | None = None
) -> dict[str, float] | None:
    """The benchmark's shingle precision, recall and F1 of each single page's main body."""
    single = pages / "single"
    if not single.is_dir() or not truth_path.is_file():
        return None
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    ids = sorted(p.stem for p in single.glob("*.txt"))
    truth = {k: truth[k] for k in ids}
    prediction = {}
    for page_id in ids:
        with open(single / f"{page_id}.txt", encoding="utf-8", newline="") as fh:
            prediction[page_id] = {"articleBody": main_body(fh.read(), segmenter)}
    metrics = _evaluator().evaluate(truth, prediction, 0)
    return {k: round(float(metrics[k]), 4) for k in ("f1", "precision", "recall")}


def truth_of(pages: Path) -> Path:
    """A page set's single-page ground truth: the benchmark's for the shared set."""
    if pages.resolve() == (EVAL / "pages").resolve():
        return BENCHMARK / "ground-truth.json"
    return pages / "ground-truth.json"


def _evaluator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zyte_evaluate", BENCHMARK / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        "dumps": score_dumps(args.pages, args.verbose),
        "single": score_single(args.pages, truth),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
