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
    for (title, start, end, *_), (want_title, want_start, want_end, *_) in zip(
        got, want, strict=True
    ):
        assert title == want_title
        assert (start, end) == (want_start, want_end)


def test_images_sections_paragraphs(seed: tuple[str, dict, Result]) -> None:
    _, expected, result = seed
    for got, want in zip(result.articles, expected["articles"], strict=True):
        assert [(i.caption, i.credit) for i in got.images] == [
            (i["caption"], i["credit"]) for i in want["images"]
        ]
        headings = [s.heading for s in got.sections if s.heading is not None]
        assert [words(h) for h in headings] == [words(h) for h in want["headings"]]
        assert len(got.paragraphs) == want["paragraph_count"]
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
