"""The shared dev dumps, processed with the default options, against the issue's figures."""

from __future__ import annotations

import pytest

from harness import EVAL
from harness.scoring import load_scorer, score_folder
from service.model import Options


@pytest.mark.slow
def test_dev_dumps() -> None:
    totals = load_scorer().totals(score_folder(EVAL / "dumps", EVAL / "gold", Options()))
    # the figures the segmentation issue asks of the dev dumps
    assert totals["article_f1"] >= 0.98, totals
    assert totals["title_acc"] >= 0.98, totals
    assert totals["body_f1"] >= 0.98, totals
    assert totals["lost_lines"] == 0, totals
