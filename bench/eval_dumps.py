"""Score the pipeline in-process on a folder of dumps with the shared scorer.

    python bench/eval_dumps.py [--dumps ../shared/eval/dumps --gold ../shared/eval/gold]

Writes each result as the scorer reads it (the fields of POST /v1/process it needs) to a
temporary folder, then runs score.py on it; the HTTP path is scored with score.py --url.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.scoring import scorer_view  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=Path, default=SHARED / "dumps")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--dedupe", default="near")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    options = Options(dedupe=args.dedupe)
    with tempfile.TemporaryDirectory() as out:
        for path in sorted(args.dumps.glob("*.txt")):
            with open(path, encoding="utf-8", newline="") as fh:
                view = scorer_view(run(fh.read(), options))
            (Path(out) / f"{path.stem}.json").write_text(json.dumps(view), encoding="utf-8")
        cmd = [
            sys.executable,
            str(SHARED / "score.py"),
            "--dumps",
            str(args.dumps),
            "--gold",
            str(args.gold),
            "--responses",
            out,
        ]
        if args.verbose:
            cmd.append("--verbose")
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
