"""The shared scorer (score.py), loaded as a module, and the view of a result it reads; the
page sets' figures: score.py on their multi-page dumps, the extraction benchmark's metric
on their single pages (bench/eval_pages.py prints both, tests/pipeline/test_pages.py holds
the shipped model to them)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from harness import CORPUS, EVAL, SCORE_PY
from service.model import Options, Result
from service.pipeline import run
from service.pipeline.boundary_model import BoundaryModel

__all__ = [
    "BENCHMARK",
    "PAGE_OPTIONS",
    "load_scorer",
    "main_body",
    "score_dumps",
    "score_folder",
    "score_pages",
    "score_single",
    "scorer_view",
    "truth_of",
]

# The Zyte article-extraction benchmark: its ground truth and its metric (evaluate.py).
BENCHMARK = CORPUS / "article-extraction-benchmark"
# Page sets are scored with tags off: they do not change segmentation.
PAGE_OPTIONS = Options(dedupe="near", tags=frozenset())


@lru_cache(maxsize=1)
def load_scorer() -> ModuleType:
    """score.py as a module: `score_one(dump, gold, response)` and `totals(rows)`."""
    spec = importlib.util.spec_from_file_location("copydesk_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scorer_view(result: Result) -> dict:
    """What the shared scorer reads of a result, shaped as the /v1/process response."""
    return {
        "articles": [
            {"title": a.title, "paragraphs": list(a.paragraphs), "span": asdict(a.span)}
            for a in result.articles
        ],
        "duplicates": [asdict(f) for f in result.duplicates],
        "removed": [asdict(r) for r in result.removed],
    }


def score_dumps(dumps: Sequence[tuple[str, dict]], dedupe: str = "off") -> dict:
    """Totals of the shared scorer over rendered dumps, run in-process."""
    scorer = load_scorer()
    rows = {}
    for k, (text, gold) in enumerate(dumps):
        view = scorer_view(run(text, Options(dedupe=dedupe)))
        rows[str(k)] = scorer.score_one(text, gold, view)
    return scorer.totals(rows)


def score_folder(
    dumps: Path,
    gold: Path,
    options: Options,
    verbose: bool = False,
    segmenter: BoundaryModel | None = None,
) -> dict[str, dict[str, float]]:
    """score.py's row per dump (NAME.txt against NAME.json), run in-process (with
    `segmenter` in place of the shipped boundary model, when given)."""
    scorer = load_scorer()
    rows = {}
    for path in sorted(dumps.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        answer = json.loads((gold / f"{path.stem}.json").read_text(encoding="utf-8"))
        result = run(text, options, segmenter=segmenter)
        rows[path.stem] = scorer.score_one(text, answer, scorer_view(result))
        if verbose:
            one = scorer.totals({path.stem: rows[path.stem]})
            print(path.stem, {k: round(v, 3) for k, v in one.items()}, file=sys.stderr)
    return rows


def score_pages(
    pages: Path, verbose: bool = False, segmenter: BoundaryModel | None = None
) -> dict[str, object]:
    """score.py's totals over the set's multi-page dumps."""
    rows = score_folder(pages / "dumps", pages / "gold", PAGE_OPTIONS, verbose, segmenter)
    totals = load_scorer().totals(rows)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in totals.items()}


def main_body(text: str, segmenter: BoundaryModel | None = None) -> str:
    """The body of the result's main article in a one-page dump ("" when none)."""
    result = run(text, PAGE_OPTIONS, segmenter=segmenter)
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
