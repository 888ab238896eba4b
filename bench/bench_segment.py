"""Throughput of segmentation + clean-up on a large dump of distinct articles.

    PYTHONPATH=. python bench/bench_segment.py [--mb 10] [--repeat 3]

Renders distinct corpus articles (BBC and Reuters-21578) in varied layouts into one dump
of about `--mb` MB (no article repeated: repetition is itself a chrome signal), then times
split_lines + segment + clean on one core, a bare line split + word split of the same text
as a floor, and language detection separately. The same is done at a tenth of the size to
show that time grows linearly, and each stage is also timed alone at both sizes. Prints the
figures as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import Story, bbc_articles, reuters_articles  # noqa: E402
from harness.layouts import LAYOUTS, render_dump  # noqa: E402
from service.pipeline import paused_gc  # noqa: E402
from service.pipeline.clean import clean  # noqa: E402
from service.pipeline.language import detect_language  # noqa: E402
from service.pipeline.normalise import describe_lines, split_lines  # noqa: E402
from service.pipeline.segment import segment  # noqa: E402

STORIES_PER_DUMP = 6


def stories() -> list[Story]:
    seen: set[str] = set()
    out: list[Story] = []
    for title, paras in bbc_articles():
        key = paras[0]
        if key not in seen:
            seen.add(key)
            out.append(Story(title, title, tuple(paras)))
    for title, place, paras in reuters_articles():
        key = paras[0]
        if key not in seen:
            seen.add(key)
            out.append(Story(title, title, tuple(paras), place))
    random.Random(7).shuffle(out)
    return out


def build_dump(pool: list[Story], target_chars: int) -> str:
    """Distinct stories in rotating layouts until the dump reaches `target_chars`."""
    parts: list[str] = []
    size = 0
    names = list(LAYOUTS)
    k = 0
    while size < target_chars:
        chunk = pool[(k * STORIES_PER_DUMP) % len(pool) :][:STORIES_PER_DUMP]
        if k * STORIES_PER_DUMP >= len(pool):
            # the corpus is used up: vary the text so no article recurs verbatim
            chunk = [
                Story(
                    f"{s.id} ({k})",
                    f"{s.title} ({k})",
                    tuple(f"{p} [{k}]" for p in s.paragraphs),
                    s.place,
                )
                for s in chunk
            ]
        text, _ = render_dump(chunk, names[k % len(names)], seed=k, crlf=k % 5 == 0)
        parts.append(text)
        size += len(text) + 4
        k += 1
    return "\n\n\n\n".join(parts)


def best_of(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall-clock and best CPU seconds of `repeat` runs (CPU time ignores other load)."""
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def stage_seconds(text: str, repeat: int) -> dict[str, float]:
    """Best CPU seconds of each stage, and of the collector's pass over the new objects once
    the pause ends (it grows faster than the input: the heap outgrows the caches)."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        gc.collect()
        clock = time.process_time
        with paused_gc():
            t0 = clock()
            lines = split_lines(text)
            t1 = clock()
            views = describe_lines(lines)
            t2 = clock()
            drafts = segment(lines, views)
            t3 = clock()
            clean(drafts, views)
            t4 = clock()
        gc.collect(0)
        t5 = clock()
        for stage, took in (
            ("split", t1 - t0),
            ("describe", t2 - t1),
            ("segment", t3 - t2),
            ("clean", t4 - t3),
            ("collector", t5 - t4),
        ):
            best[stage] = round(min(best.get(stage, took), took), 4)
        del lines, views, drafts
    return best


def measure(text: str, repeat: int) -> dict[str, float]:
    def pipeline() -> None:
        with paused_gc():  # as run() does
            lines = split_lines(text)
            views = describe_lines(lines)
            clean(segment(lines, views), views)

    def floor() -> None:
        for line in text.splitlines():
            line.split()

    seconds, cpu_s = best_of(pipeline, repeat)
    floor_s, floor_cpu_s = best_of(floor, repeat)
    articles, _removed = clean(segment(split_lines(text)))
    c0 = time.process_time()
    for a in articles:
        detect_language(a.body or a.title or "")
    lang_s = time.process_time() - c0
    mb = len(text.encode("utf-8")) / 1e6
    return {
        "mb": round(mb, 2),
        "articles": len(articles),
        "seconds": round(seconds, 4),
        "mb_per_s": round(mb / seconds, 2),
        "cpu_seconds": round(cpu_s, 4),
        "mb_per_cpu_s": round(mb / cpu_s, 2),
        "floor_seconds": round(floor_s, 4),
        "floor_cpu_seconds": round(floor_cpu_s, 4),
        "ratio_to_floor": round(seconds / floor_s, 2),
        "cpu_ratio_to_floor": round(cpu_s / floor_cpu_s, 2),
        "language_cpu_seconds": round(lang_s, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pool = stories()
    big = build_dump(pool, int(args.mb * 1_000_000))
    small = big[: len(big) // 10]
    small = small[: small.rfind("\n\n\n\n")]
    large = measure(big, args.repeat)
    tenth = measure(small, args.repeat)
    stages_full = stage_seconds(big, args.repeat)
    stages_tenth = stage_seconds(small, args.repeat)
    report = {
        "full": large,
        "tenth": tenth,
        "stage_cpu_seconds": {"full": stages_full, "tenth": stages_tenth},
        "stage_ratio_full_to_tenth": {
            k: round(stages_full[k] / max(stages_tenth[k], 1e-6), 2) for k in stages_full
        },
        "time_ratio_full_to_tenth": round(large["seconds"] / tenth["seconds"], 2),
        "cpu_ratio_full_to_tenth": round(large["cpu_seconds"] / tenth["cpu_seconds"], 2),
        "size_ratio_full_to_tenth": round(large["mb"] / tenth["mb"], 2),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
