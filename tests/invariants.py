"""Checks every result must pass, whatever the input: shared by unit, HTTP and fuzz tests."""

from __future__ import annotations

import re

from service.model import Result

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def lost_lines(text: str, result: Result) -> list[int]:
    """Numbers of the non-blank lines that no article, duplicate or removal accounts for."""
    covered: set[int] = set()
    for item in (*result.articles, *result.duplicates):
        covered.update(range(item.span.line_start, item.span.line_end + 1))
    for removed in result.removed:
        covered.update(range(removed.line, (removed.line_end or removed.line) + 1))
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return [n for n, line in enumerate(lines, 1) if line.strip() and n not in covered]


def assert_result_is_sound(text: str, result: Result) -> None:
    """Nothing lost; every offset inside the text; removals quote the text they name."""
    assert lost_lines(text, result) == []
    for item in (*result.articles, *result.duplicates):
        assert 0 <= item.span.start <= item.span.end <= len(text)
        assert item.span.line_start <= item.span.line_end
    for removed in result.removed:
        assert 0 <= removed.start <= removed.end <= len(text)
        if removed.line_end is None:
            assert text[removed.start : removed.end] == removed.text
    for article in result.articles:
        assert article.body == "\n\n".join(article.paragraphs)
        for block in article.blocks:
            for start, end in block.parts:
                assert 0 <= start <= end <= len(text)
    for fold in result.duplicates:
        assert 0 <= fold.duplicate_of < len(result.articles)
