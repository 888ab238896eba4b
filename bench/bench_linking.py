"""What canonical entities, linking and agency sources cost: run() with and without them.

    PYTHONPATH=. python bench/bench_linking.py [--stories 200] [--rounds 3]

In one process, on Reuters-21578 stories (one dump of several stories per call, plus the
seed file), run() is timed with the new steps and with them swapped for what came before
(mentions grouped by folded surface and label; agencies by one regex over the blocks).
Old and new alternate per dump; each dump's best time over the rounds is kept. The time spent
inside the swapped steps alone is also clocked, as a check less exposed to a busy machine.
Models and the gazetteer are loaded first.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import reuters  # noqa: E402
from service.model import AgencySource, Article, Entity, Mention  # noqa: E402
from service.pipeline import entities, run, warm_up  # noqa: E402
from service.pipeline.canonical import Found, Text  # noqa: E402

tag_module = sys.modules["service.pipeline.tag"]  # the package re-exports the function `tag`
SEED = ROOT.parent / "shared" / "eval" / "seed" / "seed.txt"
_OLD_AGENCY = re.compile(
    r"\b(Reuters|AFP|Agence France-Presse|Associated Press|AP|dpa|Xinhua|EFE|ANSA|Anadolu"
    r"|Kyodo|Yonhap|TASS|Bloomberg|PTI|Bernama)\b"
)


def old_group(found: list[Found], size: int, texts: list[Text]) -> tuple[Entity, ...]:
    """The grouping before this change: (folded surface, label), salience from position and
    frequency."""
    groups: dict[tuple[str, str], list[Found]] = {}
    for f in found:
        groups.setdefault((" ".join(f.surface.split()).casefold(), f.label), []).append(f)
    if not groups:
        return ()
    most = max(len(g) for g in groups.values())
    out = []
    for (name, label), group in groups.items():
        first = min(f.position for f in group)
        salience = 0.5 * (1 - first / max(size, 1)) + 0.5 * math.log1p(len(group)) / math.log1p(
            most
        )
        mentions = tuple(Mention(f.start, f.end) for f in sorted(group, key=lambda f: f.start))
        out.append(Entity(name, label, len(group), round(salience, 4), mentions))
    return tuple(sorted(out, key=lambda e: -e.salience))


def old_agencies(article: Article, text: str) -> tuple[AgencySource, ...]:
    found = []
    for block in article.blocks:
        for m in _OLD_AGENCY.finditer(block.text):
            found.append(AgencySource(m.group(1), "body", m.start(), m.end()))
    return tuple(found)


@contextmanager
def baseline() -> Iterator[None]:
    saved = entities.group, tag_module.agency_sources
    entities.group, tag_module.agency_sources = old_group, old_agencies  # type: ignore[assignment]
    try:
        yield
    finally:
        entities.group, tag_module.agency_sources = saved  # type: ignore[assignment]


def timed(dump: str) -> float:
    started = time.perf_counter()
    run(dump)
    return time.perf_counter() - started


def step_seconds(dumps: list[str]) -> tuple[float, float]:
    """Seconds spent inside the swapped steps alone: (new steps, old steps)."""
    spent = {"new": 0.0, "old": 0.0}
    originals = {"new": (entities.group, tag_module.agency_sources)}
    originals["old"] = (old_group, old_agencies)  # type: ignore[assignment]

    def clocked(which: str, fn: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object) -> object:
            started = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent[which] += time.perf_counter() - started

        return wrapper

    for which, (group_fn, agencies_fn) in originals.items():
        saved = entities.group, tag_module.agency_sources
        entities.group = clocked(which, group_fn)  # type: ignore[assignment]
        tag_module.agency_sources = clocked(which, agencies_fn)
        try:
            for dump in dumps:
                run(dump)
        finally:
            entities.group, tag_module.agency_sources = saved
    return spent["new"], spent["old"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    warm_up()
    stories = reuters()[: args.stories]
    per_dump = 10
    dumps = [
        "\n\n\n".join(
            s.title + "\n\n" + "\n\n".join(s.paragraphs) for s in stories[i : i + per_dump]
        )
        + "\n"
        for i in range(0, len(stories), per_dump)
    ]
    dumps.append(SEED.read_text(encoding="utf-8"))
    chars = sum(len(d) for d in dumps)
    for dump in dumps[:2]:
        run(dump)
    # the machine is shared: alternate old and new per dump, keep each dump's best time
    best_new = [math.inf] * len(dumps)
    best_old = [math.inf] * len(dumps)
    for _ in range(args.rounds):
        for i, dump in enumerate(dumps):
            with baseline():
                best_old[i] = min(best_old[i], timed(dump))
            best_new[i] = min(best_new[i], timed(dump))
    new, old = sum(best_new), sum(best_old)
    new_steps, old_steps = step_seconds(dumps)
    print(
        json.dumps(
            {
                "dumps": len(dumps),
                "input_chars": chars,
                "rounds": args.rounds,
                "seconds_without": round(old, 3),
                "seconds_with": round(new, 3),
                "ratio": round(new / old, 4),
                "added_pct": round(100 * (new / old - 1), 2),
                "steps_seconds_new": round(new_steps, 3),
                "steps_seconds_old": round(old_steps, 3),
                "steps_added_pct_of_without": round(100 * (new_steps - old_steps) / old, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
