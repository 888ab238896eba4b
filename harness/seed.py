"""The founding example (../shared/eval/seed): its dump, its expected result, and the
outline both the seed tests and the seed-spread bench compare."""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from harness import EVAL
from service.model import Result

SEED = EVAL / "seed"
_WORD = re.compile(r"\w+")


class ArticleOutline(NamedTuple):
    """One article as the seed's expectations describe it, words compared, not text."""

    title: list[str]
    line_start: int
    line_end: int
    headings: list[list[str]]  # its subheadings' words
    paragraphs: int


Outline = list[ArticleOutline]


def load_seed() -> tuple[str, dict]:
    """The seed dump's text, exactly as sent, and seed.json."""
    with open(SEED / "seed.txt", encoding="utf-8", newline="") as fh:
        text = fh.read()
    return text, json.loads((SEED / "seed.json").read_text(encoding="utf-8"))


def words(text: str | None) -> list[str]:
    """Lower-case words, curly quotes read as straight ones."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    return _WORD.findall(text.replace("\u201c", '"').replace("\u201d", '"').lower())


def outline(result: Result) -> Outline:
    """What the segmentation made of a dump, article by article."""
    return [
        ArticleOutline(
            words(a.title),
            a.span.line_start,
            a.span.line_end,
            [words(s.heading) for s in a.sections if s.heading is not None],
            len(a.paragraphs),
        )
        for a in result.articles
    ]


def expected_outline(expected: dict) -> Outline:
    """The same outline, read from seed.json."""
    return [
        ArticleOutline(
            words(a["title"]),
            a["line_start"],
            a["line_end"],
            [words(h) for h in a["headings"]],
            a["paragraph_count"],
        )
        for a in expected["articles"]
    ]
