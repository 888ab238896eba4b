"""Real web pages (../shared/eval/pages, never trained on): the shipped model may not lose
what it reads there.

The issue's page-dump figures (article F1 0.85) are not met yet, and its single-page body
F1 (0.90) only just; these are floors a little under today's figures (page dumps 0.8221 /
0.6906 / 0.6971, single pages 0.9026), so a retrained model or a clean-up change that reads
real pages worse fails here instead of only in a benchmark nobody ran. Raise them as the
figures rise.
"""

from __future__ import annotations

import pytest

from harness import EVAL
from harness.scoring import score_pages, score_single, truth_of

PAGES = EVAL / "pages"


@pytest.mark.slow
def test_page_dumps_keep_their_figures() -> None:
    totals = score_pages(PAGES)
    assert totals["article_f1"] >= 0.81, totals
    assert totals["title_acc"] >= 0.67, totals
    assert totals["body_f1"] >= 0.68, totals
    assert totals["lost_lines"] == 0, totals


@pytest.mark.slow
def test_single_pages_main_article_keeps_its_figure() -> None:
    figures = score_single(PAGES, truth_of(PAGES))
    assert figures is not None
    assert figures["f1"] >= 0.89, figures
