"""Score dumps that mix page layouts, pairs and triples, and layouts the segmenter never saw.

    PYTHONPATH=. python bench/eval_mixes.py [--dumps 3] [--triples 40] [--worst 12]

Stories from BBC and Reuters-21578 take the layouts of a mix in turn inside one dump, as
in a dump pasted together from several sites; the shared scorer's figures are printed per
group (singles, pairs, triples) and for the worst mixes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.layouts import mix_pool, mixed_dumps, mixes  # noqa: E402
from harness.scoring import score_dumps  # noqa: E402

KEYS = ("article_f1", "title_acc", "body_f1", "lost_lines")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=int, default=3)
    ap.add_argument("--triples", type=int, default=40)
    ap.add_argument("--worst", type=int, default=12)
    args = ap.parse_args()
    pool = mix_pool()
    per_mix: dict[str, dict] = {}
    report = {}
    salt = 0
    for group, names in mixes(args.triples).items():
        all_dumps = []
        for mix in names:
            salt += 1
            dumps = mixed_dumps(mix, pool, args.dumps, salt)
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
