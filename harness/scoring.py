"""The shared scorer (score.py), loaded as a module, and the view of a result it reads."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from harness import SCORE_PY
from service.model import Options, Result
from service.pipeline import run
from service.pipeline.boundary_model import BoundaryModel

__all__ = ["load_scorer", "score_dumps", "score_folder", "scorer_view"]


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
