"""What the tests, the benchmarks and the training scripts share: corpus readers, the layout
generator, scoring, and starting and stopping servers.

`bench/`, `tests/` and `scripts/` import this package and never each other. It is not part
of the service: nothing under `service/` imports it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The read-only data beside the checkout: corpora, dev dumps, the scorer.
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"
SCORE_PY = EVAL / "score.py"

__all__ = ["CORPUS", "EVAL", "ROOT", "SCORE_PY", "SHARED"]
