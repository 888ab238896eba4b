"""Dumps rendered from the corpus in many layouts, scored with the shared scorer."""

from __future__ import annotations

import itertools

import pytest

from harness.corpus import Story, bbc_articles, reuters_articles
from harness.layouts import LAYOUTS, render_dump
from harness.scoring import score_dumps
from service.model import Options
from service.pipeline import run
from service.pipeline.normalise import normalise

DUMPS_PER_LAYOUT = 8
# The rules tuned on these layouts reached 0.98+ on each; the learned segmenter measured
# compact 0.87, wire 0.91 and wire_spaced 0.97 article F1 when these floors were set (see
# the closing notes of the segmentation issue): regressions it still has to win back.
FLOORS = {"compact": 0.85, "wire": 0.88, "wire_spaced": 0.95}


@pytest.fixture(scope="module")
def stories() -> tuple[list[Story], list[Story]]:
    bbc = [Story(t, t, tuple(p)) for t, p in itertools.islice(bbc_articles(), 3, 2225, 11)]
    reuters = [Story(t, t, tuple(p), place) for t, place, p in reuters_articles(300)][1::3]
    return bbc, reuters


def _dumps(stories: tuple[list[Story], list[Story]], layout: str) -> list[tuple[str, dict]]:
    out = []
    for k in range(DUMPS_PER_LAYOUT):
        pool = stories[k % 2]
        chosen = pool[k * 4 % len(pool) :][:4]
        out.append(render_dump(chosen, layout, seed=k, crlf=k % 3 == 0, nbsp=k % 4 == 1))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_reaches_the_figures(stories, layout: str) -> None:  # type: ignore[no-untyped-def]
    totals = score_dumps(_dumps(stories, layout))
    floor = FLOORS.get(layout, 0.97)
    assert totals["article_f1"] >= floor, totals
    assert totals["title_acc"] >= floor, totals
    assert totals["body_f1"] >= floor, totals
    assert totals["lost_lines"] == 0, totals


def _one(stories, layout: str, **kw: bool) -> tuple[str, dict, object]:  # type: ignore[no-untyped-def]
    text, gold = render_dump(stories[1][:3], layout, seed=3, **kw)
    return text, gold, run(text, Options(dedupe="off"))


def test_wire_fills_byline_and_dateline(stories) -> None:  # type: ignore[no-untyped-def]
    text, gold, result = _one(stories, "wire")
    assert len(result.articles) == len(gold["articles"])
    datelines = [r for r in result.removed if r.reason == "dateline"]
    assert len(datelines) == len(result.articles)
    for article, want, cut in zip(result.articles, gold["articles"], datelines, strict=True):
        assert article.byline and article.byline[0].isupper()
        assert article.dateline and article.dateline.isupper()
        assert article.paragraphs[0] == normalise(want["paragraphs"][0])
        assert text[cut.start : cut.end].startswith(article.dateline)
        assert text[cut.end :].lstrip().startswith(article.paragraphs[0][:30])
        kinds = [b.kind for b in article.blocks]
        assert kinds[:3] == ["title", "byline", "dateline"] or kinds[:3] == [
            "title",
            "dateline",
            "byline",
        ]


def test_cms_export_fields(stories) -> None:  # type: ignore[no-untyped-def]
    text, gold, result = _one(stories, "cms", crlf=True)
    assert [a.title for a in result.articles] == [a["title"] for a in gold["articles"]]
    assert all(a.byline for a in result.articles)
    reasons = {r.reason for r in result.removed}
    assert {"field_label", "separator", "byline"} <= reasons
    for r in result.removed:
        assert "\r" not in text[r.start : r.end] and "\n" not in text[r.start : r.end]


def test_chrome_lines_go_to_removed_with_reasons(stories) -> None:  # type: ignore[no-untyped-def]
    text, gold, result = _one(stories, "chrome", nbsp=True)
    assert len(result.articles) == len(gold["articles"])
    for article in result.articles:
        assert len(article.images) == 1 and article.images[0].credit
        for p in article.paragraphs:
            assert p not in ("Share", "Advertisement", "Facebook Twitter Email")
            assert "Read more:" not in p and "\u00a0" not in p
    removed = {text[r.start : r.end].strip() for r in result.removed}
    assert {"Share", "Advertisement", "Facebook Twitter Email"} <= removed
    assert any(
        r.reason == "credit" and text[r.start :].startswith("Photograph") for r in result.removed
    )


@pytest.mark.slow
def test_dump_pasted_from_many_sites(stories) -> None:  # type: ignore[no-untyped-def]
    """Each layout's stories in turn, as one dump: rhythm and wrap width vary inside it."""
    names = "+".join(sorted(LAYOUTS))
    pool = stories[0][:24] + stories[1][:24]
    dumps = [render_dump(pool[k::3], names, seed=k) for k in range(3)]
    totals = score_dumps(dumps)
    # 0.95 with the tuned rules; 0.79 article F1 with the learned segmenter when set
    assert totals["article_f1"] >= 0.77, totals
    assert totals["body_f1"] >= 0.77, totals
    assert totals["lost_lines"] == 0, totals
