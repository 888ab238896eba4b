"""The pipeline: plain functions over plain dataclasses, no HTTP, schemas or cache.

normalise → segment → clean → dedupe → tag; `run()` chains them for one dump.
"""

from __future__ import annotations

import time
from dataclasses import replace

from service.errors import DeadlineExceeded
from service.model import Options, Result
from service.pipeline.clean import clean
from service.pipeline.dedupe import dedupe
from service.pipeline.entities import load_nlp
from service.pipeline.language import detect_language, load_language_model
from service.pipeline.normalise import split_lines
from service.pipeline.segment import segment
from service.pipeline.tag import tag

__all__ = ["STAGES", "run", "warm_up"]

STAGES = ("normalise", "segment", "clean", "dedupe", "tag")


def warm_up() -> None:
    """Load every model the pipeline needs, so the first request does not pay for it."""
    load_language_model()
    load_nlp()


def run(
    text: str,
    options: Options | None = None,
    deadline: float | None = None,
    timings: dict[str, float] | None = None,
) -> Result:
    """Turn one raw dump into articles; every dropped line is reported.

    `deadline` is a time.monotonic() value; past it the run stops with DeadlineExceeded.
    `timings`, when given, receives each stage's duration in seconds.
    """
    options = options or Options()
    clock = _StageClock(deadline, timings)
    lines = split_lines(text)
    clock.lap("normalise")
    drafts = segment(lines)
    clock.lap("segment")
    articles, removed = clean(drafts)
    articles = tuple(
        replace(a, language=detect_language(a.body or a.title or "")) for a in articles
    )
    clock.lap("clean")
    articles, folds = dedupe(articles, options.dedupe, options.near_threshold)
    clock.lap("dedupe")
    articles = tag(articles, text, options.tags)
    clock.lap("tag")
    return Result(articles, folds, removed, input_chars=len(text), lines=len(lines))


class _StageClock:
    """Records stage durations and enforces the deadline between stages."""

    def __init__(self, deadline: float | None, timings: dict[str, float] | None) -> None:
        self._deadline = deadline
        self._timings = timings
        self._last = time.monotonic()

    def lap(self, stage: str) -> None:
        now = time.monotonic()
        if self._timings is not None:
            self._timings[stage] = now - self._last
        self._last = now
        if self._deadline is not None and now > self._deadline:
            raise DeadlineExceeded(f"processing stopped after the {stage} stage")
