"""The pipeline: plain functions over plain dataclasses, no HTTP, schemas or cache.

normalise → segment → clean → dedupe → tag; `run()` chains them for one dump.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache

from service.errors import DeadlineExceeded
from service.model import Article, Options, Result
from service.pipeline.boundary_model import BoundaryModel, load_boundary_model
from service.pipeline.clean import clean
from service.pipeline.dedupe import dedupe
from service.pipeline.entities import active_model_fingerprint, load_nlp, nlp_loaded
from service.pipeline.keywords import load_keyword_model
from service.pipeline.language import detect_language
from service.pipeline.link import gazetteer_loaded, load_gazetteer
from service.pipeline.main_article import main_article
from service.pipeline.normalise import describe_lines, split_lines
from service.pipeline.segment import segment
from service.pipeline.tag import tag
from service.pipeline.topics import load_topic_model

__all__ = [
    "MODEL_LOADERS",
    "PIPELINE_VERSION",
    "STAGES",
    "models_ready",
    "paused_gc",
    "pipeline_version",
    "run",
    "warm_up",
]

STAGES = ("normalise", "segment", "clean", "dedupe", "tag")


# Every model the pipeline loads, by name: (load it once per process, is it loaded?).
# The gazetteer loads first: building it parses all of GeoNames' cities and keeps a tenth,
# and the holes the rest leaves in the heap are then filled by the models loaded after it
# (loaded last, they stayed empty: 385 MB after warm-up instead of 346).
MODEL_LOADERS: dict[str, tuple[Callable[[], object], Callable[[], bool]]] = {
    "gazetteer": (load_gazetteer, gazetteer_loaded),
    "entities": (load_nlp, nlp_loaded),
    "topics": (load_topic_model, lambda: load_topic_model.cache_info().currsize > 0),
    "keywords": (load_keyword_model, lambda: load_keyword_model.cache_info().currsize > 0),
    "segmenter": (
        load_boundary_model,
        lambda: load_boundary_model.cache_info().currsize > 0,
    ),
}


def warm_up() -> None:
    """Load every model the pipeline needs, so the first request does not pay for it."""
    for load, _ in MODEL_LOADERS.values():
        load()


def models_ready() -> list[str]:
    """Names of the models not loaded yet in this process."""
    return [name for name, (_, loaded) in MODEL_LOADERS.items() if not loaded()]


def run(
    text: str,
    options: Options | None = None,
    deadline: float | None = None,
    timings: dict[str, float] | None = None,
    segmenter: BoundaryModel | None = None,
) -> Result:
    """Turn one raw dump into articles; every dropped line is reported.

    `deadline` is a time.monotonic() value; past it the run stops with DeadlineExceeded.
    `timings`, when given, receives each stage's duration in seconds. `segmenter` replaces
    the shipped boundary model (the leave-one-family-out bench trains its own).
    """
    options = options or Options()
    clock = _StageClock(deadline, timings)
    # a few acyclic objects per input line: the collector's passes over them and over the
    # loaded models' heap cost a million-line dump seconds and found nothing to free
    with paused_gc():
        lines = split_lines(text)
        views = describe_lines(lines)
        clock.lap("normalise")
        drafts = segment(lines, views, segmenter)
        clock.lap("segment")
        articles, removed = clean(drafts, views)
        articles = tuple(replace(a, language=_language(a)) for a in articles)
        clock.lap("clean")
    articles, folds = dedupe(articles, options.dedupe, options.near_threshold)
    clock.lap("dedupe")
    articles = tag(articles, text, options.tags, clock.check)
    clock.lap("tag")
    return Result(
        articles,
        folds,
        removed,
        input_chars=len(text),
        lines=len(lines),
        main_article=main_article(articles),
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while a stage builds many small acyclic objects.

    Segmentation makes a few objects per input line, none in a cycle; the collector's full
    passes over them made a 10 MB dump cost twice the time of ten 1 MB dumps.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _language(article: Article) -> str:
    return detect_language(article.body or article.title or "")


class _StageClock:
    """Records stage durations and enforces the deadline between stages."""

    def __init__(self, deadline: float | None, timings: dict[str, float] | None) -> None:
        self._deadline = deadline
        self._timings = timings
        self._last = time.monotonic()

    def check(self) -> None:
        """Raise DeadlineExceeded when the deadline has passed (long stages call this)."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise DeadlineExceeded("processing stopped: the deadline passed")

    def lap(self, stage: str) -> None:
        now = time.monotonic()
        if self._timings is not None:
            self._timings[stage] = now - self._last
        self._last = now
        if self._deadline is not None and now > self._deadline:
            raise DeadlineExceeded(f"processing stopped after the {stage} stage")


def _pipeline_version() -> str:
    """Code version plus a fingerprint of everything that can change the output.

    Hashes the pipeline's own source, the data model, shipped models and vocabularies
    (service/data) and the default options, so a cached result is never served across a
    change that could alter it.
    """
    import hashlib
    from pathlib import Path

    from service import __version__

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(Options().fingerprint().encode())
    files = [*sorted(root.joinpath("pipeline").glob("*.py")), root / "model.py"]
    data = root / "data"
    if data.is_dir():
        files += sorted(p for p in data.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


PIPELINE_VERSION = _pipeline_version()


def pipeline_version() -> str:
    """PIPELINE_VERSION, plus a fingerprint of the NER model when NLP_MODEL chose another."""
    return _version_with(active_model_fingerprint())


@cache
def _version_with(model: str | None) -> str:
    if model is None:
        return PIPELINE_VERSION
    return f"{PIPELINE_VERSION}+nlp.{hashlib.sha256(model.encode()).hexdigest()[:8]}"
