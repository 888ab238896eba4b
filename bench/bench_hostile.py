"""Segmentation + clean-up on hostile input: a 1 MB line, 100k blank lines, 1M tiny lines.

    PYTHONPATH=. python bench/bench_hostile.py

tests/pipeline/test_hostile.py asserts that these finish and that `removed` stays compact;
this prints what they cost: CPU seconds of split_lines + describe + segment + clean (as
bench_segment.py times them), the number of `removed` entries, and the ratio to a bare line
split + word split of the same text in the same run. Prints JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline import paused_gc  # noqa: E402
from service.pipeline.clean import clean  # noqa: E402
from service.pipeline.normalise import describe_lines, split_lines  # noqa: E402
from service.pipeline.segment import segment  # noqa: E402

CASES = {
    "one_megabyte_line": "word " * 200_000,
    "hundred_thousand_blank_lines": "\n" * 100_000 + "Title here\nSome text.\n" + "\r\n" * 100_000,
    "million_identical_tiny_lines": "x\n" * 1_000_000,
    "million_distinct_tiny_lines": "".join(f"{i}\n" for i in range(1_000_000)),
}


def main() -> None:
    report = {}
    for name, text in CASES.items():
        started = time.process_time()
        with paused_gc():  # as run() does
            lines = split_lines(text)
            views = describe_lines(lines)
            _articles, removed = clean(segment(lines, views), views)
        seconds = time.process_time() - started
        started = time.process_time()
        for line in text.splitlines():
            line.split()
        floor = time.process_time() - started
        report[name] = {
            "cpu_seconds": round(seconds, 3),
            "removed_entries": len(removed),
            "ratio_to_floor": round(seconds / max(floor, 1e-6), 1),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
