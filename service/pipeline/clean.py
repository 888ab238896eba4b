"""Stage 3: turn each draft into an article; drop repeated lines and report each drop."""

from __future__ import annotations

from collections.abc import Sequence

from service.model import Article, Block, Draft, Line, Removed, Section, Span
from service.pipeline.normalise import fold_for_compare, normalise

__all__ = ["clean"]


def clean(drafts: Sequence[Draft]) -> tuple[tuple[Article, ...], tuple[Removed, ...]]:
    """First line is the title; a line repeated within its draft is dropped as chrome."""
    articles: list[Article] = []
    removed: list[Removed] = []
    for draft in drafts:
        article, dropped = _clean_one(draft)
        removed.extend(dropped)
        if article is not None:
            articles.append(article)
    return tuple(articles), tuple(removed)


def _clean_one(draft: Draft) -> tuple[Article | None, list[Removed]]:
    title_line, *body_lines = draft.lines
    title = normalise(title_line.text)
    seen = {fold_for_compare(title_line.text): "repeated_title"}
    blocks = [Block("title", title, ((title_line.start, title_line.end),))]
    paragraphs: list[str] = []
    dropped: list[Removed] = []
    for line in body_lines:
        key = fold_for_compare(line.text)
        if key in seen:
            dropped.append(_removal(line, seen[key]))
            continue
        seen[key] = "repeated_line"
        text = normalise(line.text)
        paragraphs.append(text)
        blocks.append(Block("paragraph", text, ((line.start, line.end),)))
    span = _span(draft.lines)
    article = Article(
        span=span,
        title=title,
        sections=(Section(None, tuple(paragraphs)),),
        blocks=tuple(blocks),
    )
    return article, dropped


def _removal(line: Line, reason: str) -> Removed:
    return Removed(line=line.number, start=line.start, end=line.end, text=line.text, reason=reason)


def _span(lines: Sequence[Line]) -> Span:
    return Span(lines[0].start, lines[-1].end, lines[0].number, lines[-1].number)
