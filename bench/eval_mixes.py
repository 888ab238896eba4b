"""Score dumps that mix page layouts, pairs and triples, and layouts the segmenter never saw.

    PYTHONPATH=. python bench/eval_mixes.py [--dumps 3] [--triples 40] [--worst 12]

Stories from BBC and Reuters-21578 take the layouts of a mix in turn inside one dump, as
in a dump pasted together from several sites; the shared scorer's figures are printed per
group (singles, pairs, triples) and for the worst mixes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pipeline.seg_corpus import bbc_articles, reuters_articles  # noqa: E402
from tests.pipeline.seg_layouts import ALL_LAYOUTS, Story, render_dump, score_dumps  # noqa: E402

STORIES_PER_DUMP = 6
KEYS = ("article_f1", "title_acc", "body_f1", "lost_lines")


def story_pool() -> list[Story]:
    bbc = [Story(t, tuple(p)) for t, p in itertools.islice(bbc_articles(), 5, 2225, 13)]
    reuters = [Story(t, tuple(p), place) for t, place, p in reuters_articles(400)][2::3]
    return [s for pair in zip(bbc, reuters, strict=False) for s in pair]


def mixes(triples: int) -> dict[str, list[str]]:
    names = sorted(ALL_LAYOUTS)
    trios = list(itertools.combinations(names, 3))
    random.Random(11).shuffle(trios)
    return {
        "single": names,
        "pair": ["+".join(c) for c in itertools.combinations(names, 2)],
        "triple": ["+".join(c) for c in trios[:triples]] + ["wrapped+cms+compact"],
    }


def dumps_for(mix: str, pool: list[Story], n: int, salt: int) -> list[tuple[str, dict]]:
    out = []
    for k in range(n):
        at = (salt * 7 + k * STORIES_PER_DUMP) % (len(pool) - STORIES_PER_DUMP)
        chosen = pool[at : at + STORIES_PER_DUMP]
        out.append(render_dump(chosen, mix, seed=salt + k, crlf=k % 3 == 2, nbsp=k % 4 == 1))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=int, default=3)
    ap.add_argument("--triples", type=int, default=40)
    ap.add_argument("--worst", type=int, default=12)
    args = ap.parse_args()
    pool = story_pool()
    per_mix: dict[str, dict] = {}
    report = {}
    salt = 0
    for group, names in mixes(args.triples).items():
        all_dumps = []
        for mix in names:
            salt += 1
            dumps = dumps_for(mix, pool, args.dumps, salt)
            per_mix[mix] = score_dumps(dumps)
            all_dumps += dumps
        totals = score_dumps(all_dumps)
        report[group] = {k: round(totals[k], 4) for k in KEYS} | {"mixes": len(names)}
    worst = sorted(per_mix.items(), key=lambda kv: (kv[1]["article_f1"], kv[1]["body_f1"]))
    report["worst"] = {m: {k: round(t[k], 3) for k in KEYS} for m, t in worst[: args.worst]}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
