"""numpy's BLAS runs on one thread in a copydesk process unless the environment says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from harness import ROOT

# A fresh interpreter, as gunicorn, the job worker and the CLI start: `service` first.
_REPORT = """
import service, numpy
from threadpoolctl import threadpool_info
print(",".join(str(p["num_threads"]) for p in threadpool_info() if p["user_api"] == "blas"))
"""


def _blas_threads(**env: str) -> set[str]:
    clean = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run(
        [sys.executable, "-c", _REPORT],
        env={**clean, **env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    counts = out.stdout.strip().split(",")
    assert counts != [""], "numpy's OpenBLAS is not loaded"
    return set(counts)


def test_a_copydesk_process_runs_blas_on_one_thread_unless_told_otherwise() -> None:
    assert _blas_threads() == {"1"}
    assert _blas_threads(OPENBLAS_NUM_THREADS="2") == {"2"}  # an operator's choice stands
