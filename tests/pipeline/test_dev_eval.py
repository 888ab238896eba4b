"""The shared dev dumps: segmentation and clean-up figures that do not depend on dedupe."""

from __future__ import annotations

import json

import pytest

from harness import EVAL
from harness.scoring import load_scorer, scorer_view
from service.model import Options
from service.pipeline import run


@pytest.mark.slow
def test_dev_dumps() -> None:
    scorer = load_scorer()
    rows = {}
    for path in sorted((EVAL / "dumps").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        gold = json.loads((EVAL / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        view = scorer_view(run(text, Options()))
        rows[path.stem] = scorer.score_one(text, gold, view)
    totals = scorer.totals(rows)
    # the figures the segmentation issue asks of the dev dumps
    assert totals["article_f1"] >= 0.98, totals
    assert totals["title_acc"] >= 0.98, totals
    assert totals["body_f1"] >= 0.98, totals
    assert totals["lost_lines"] == 0, totals
