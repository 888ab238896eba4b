"""The founding example: the seed dump against its expected result (seed.json)."""

from __future__ import annotations

import pytest

from harness.seed import expected_outline, load_seed, outline, words
from service.model import Options, Result
from service.pipeline import run


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict, Result]:
    text, expected = load_seed()
    return text, expected, run(text, Options(dedupe="off"))


def test_articles_and_titles(seed: tuple[str, dict, Result]) -> None:
    _, expected, result = seed
    got, want = outline(result), expected_outline(expected)
    assert len(got) == len(want)
    for article, wanted in zip(got, want, strict=True):
        assert article.title == wanted.title
        assert (article.line_start, article.line_end) == (wanted.line_start, wanted.line_end)


def test_images_sections_paragraphs(seed: tuple[str, dict, Result]) -> None:
    _, expected, result = seed
    outlines = zip(outline(result), expected_outline(expected), strict=True)
    for got, want, (got_outline, want_outline) in zip(
        result.articles, expected["articles"], outlines, strict=True
    ):
        assert [(i.caption, i.credit) for i in got.images] == [
            (i["caption"], i["credit"]) for i in want["images"]
        ]
        assert got_outline.headings == want_outline.headings
        assert got_outline.paragraphs == want_outline.paragraphs
        assert words(got.paragraphs[0]) == words(want["first_paragraph"])
        assert words(got.paragraphs[-1]) == words(want["last_paragraph"])
        assert got.language == "en"


def test_no_chrome_in_paragraphs(seed: tuple[str, dict, Result]) -> None:
    text, expected, result = seed
    lines = text.split("\n")
    for got, want in zip(result.articles, expected["articles"], strict=True):
        body = got.body
        for n in want["chrome_lines"]:
            chrome = lines[n - 1].strip()
            assert chrome not in got.paragraphs
            if len(chrome) > 3:
                assert chrome not in body
        assert all(
            p == p.strip() and "\u201c" not in p and "\u2019" not in p for p in got.paragraphs
        )


def test_every_line_accounted_for(seed: tuple[str, dict, Result]) -> None:
    text, _, result = seed
    covered: set[int] = set()
    for a in result.articles:
        covered.update(range(a.span.line_start, a.span.line_end + 1))
    for r in result.removed:
        covered.update(range(r.line, (r.line_end or r.line) + 1))
    nonblank = {n for n, line in enumerate(text.split("\n"), 1) if line.strip()}
    assert nonblank <= covered
    reasons = {r.reason for r in result.removed}
    assert {"repeated_title", "repeated_caption", "credit"} <= reasons
