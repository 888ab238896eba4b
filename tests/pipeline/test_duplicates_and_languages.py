"""Copies of one story stay two drafts; other languages are segmented, not mangled."""

from __future__ import annotations

import pytest

from harness.corpus import Story, bbc_articles, semeval_foreign
from harness.layouts import LAYOUTS, render_dump
from service.model import Options
from service.pipeline import run
from service.pipeline.normalise import normalise

STORY = next(Story(t, t, tuple(p)) for t, p in bbc_articles(5) if len(p) >= 4)
OTHER = next(Story(t, t, tuple(p)) for t, p in list(bbc_articles(9))[5:] if len(p) >= 4)


# The learned segmenter still reads the compact layout's repeated story as a subheading of
# the story before it (see the segmentation issue's closing note): a known miss, kept
# visible. strict: the day it passes, this mark must go.
_COMPACT_MISS = pytest.mark.xfail(strict=True, reason="repeated story read as a subheading")


@pytest.mark.parametrize(
    "layout",
    [pytest.param(n, marks=_COMPACT_MISS) if n == "compact" else n for n in sorted(LAYOUTS)],
)
def test_article_pasted_twice_keeps_both_copies_whole(layout: str) -> None:
    text, _ = render_dump([STORY, OTHER, STORY], layout, seed=1)
    result = run(text, Options(dedupe="off"))
    assert len(result.articles) == 3
    first, _, last = result.articles
    assert first.paragraphs == last.paragraphs and len(first.paragraphs) == len(STORY.paragraphs)
    folded = run(text, Options(dedupe="exact"))
    assert len(folded.articles) == 2 and len(folded.duplicates) == 1


@pytest.mark.xfail(
    strict=True, reason="one of twelve foreign stories is merged into its neighbour (known miss)"
)
def test_foreign_languages_are_split_and_detected() -> None:
    samples = semeval_foreign()
    assert len({lang for lang, _, _ in samples}) >= 5
    stories = [Story(head, head, tuple(paras)) for _, head, paras in samples]
    for layout in ("seed_style", "compact", "wrapped"):
        text, _ = render_dump(stories, layout, seed=2)
        result = run(text, Options(dedupe="off"))
        assert len(result.articles) == len(stories), layout
        for article, (lang, head, paras) in zip(result.articles, samples, strict=True):
            assert article.title == normalise(head)
            assert article.language == lang
            assert " ".join(article.paragraphs) == normalise(" ".join(paras))
