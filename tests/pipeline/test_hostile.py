"""Hostile input: huge lines, floods of blank or tiny lines. Must finish, stay compact."""

from __future__ import annotations

import time

from service.model import Options
from service.pipeline import run
from service.pipeline.lineshape import DATELINE, TAIL_CREDIT, chrome_shape, dateline_prefix

# Generous (a loaded CI box): these guard against super-linear behaviour, not speed.
BUDGET_S = 120.0


def _timed(text: str):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = run(text, Options(dedupe="near", tags=frozenset()))
    return result, time.perf_counter() - t0


def test_one_megabyte_single_line() -> None:
    for line in ("word " * 200_000, "(" * 1_000_000, "A - " * 250_000, "Photo: " * 150_000):
        result, seconds = _timed(line)
        assert seconds < BUDGET_S
        assert len(result.articles) + len(result.removed) >= 1
        assert len(result.removed) <= 2


def test_hundred_thousand_blank_lines() -> None:
    result, seconds = _timed("\n" * 100_000 + "Title here\nSome text.\n" + "\r\n" * 100_000)
    assert seconds < BUDGET_S
    assert len(result.articles) == 1 and result.removed == ()


def test_a_million_tiny_lines() -> None:
    same, seconds = _timed("x\n" * 1_000_000)
    assert seconds < BUDGET_S
    assert len(same.removed) <= 3
    distinct, seconds = _timed("".join(f"{i}\n" for i in range(1_000_000)))
    assert seconds < BUDGET_S
    assert len(distinct.removed) <= 3
    chrome, seconds = _timed("Story title\nBody text.\n" + "Share\n\n" * 300_000)
    assert seconds < BUDGET_S
    assert len(chrome.removed) <= 3


def test_shape_regexes_are_linear_on_adversarial_prefixes() -> None:
    nasty = ["A" * 5000 + "!", "A " * 5000, "A, " * 3000 + "-", "Photo by " + "A" * 100_000]
    for text in nasty:
        t0 = time.perf_counter()
        DATELINE.match(text[:160])
        TAIL_CREDIT.search(text, max(0, len(text) - 110))
        chrome_shape(text[:120])
        dateline_prefix(text)
        assert time.perf_counter() - t0 < 0.5


def test_repetitive_structures_stay_linear() -> None:
    wrapped_line = "word " * 13 + "words"  # 70 characters: reads as hard-wrapped text
    cases = [
        "Title: x\nBody: y\n" * 100_000,
        "A headline here\n" + (wrapped_line + "\n") * 150_000,
        "Photo: AP\n" * 200_000,
        "Headline One Two\n\nBy Jane Doe\n\n" * 50_000,
    ]
    for text in cases:
        result, seconds = _timed(text)
        assert seconds < BUDGET_S
        assert len(result.removed) <= len(text) // 8


def test_the_deadline_stops_a_long_tagging_stage() -> None:
    import pytest

    from service.errors import DeadlineExceeded

    # countless one-word fields: cheap to segment, one NER doc each; the deadline must cut it
    text = "Title: x\nBody: y\n" * 20_000
    started = time.perf_counter()
    with pytest.raises(DeadlineExceeded):
        run(text, Options(), deadline=time.monotonic() + 3.0)
    assert time.perf_counter() - started < 20
