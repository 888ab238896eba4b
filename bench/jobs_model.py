"""How far jobs scale: a short model from measured figures, checked at 1 and 2 workers.

    PYTHONPATH=. python bench/jobs_model.py [--docs 3000] [--leads] [--workers 50]

Measures, in one run: bench_jobs.py with 1 and then 2 workers (no anchor) on the same
input, and the Redis server's own capacity on this machine (redis-benchmark, GET/SET of
2 KB values over 50 connections, the size a chunk's traffic moves per document). Then:

    per-worker rate   r = documents/s with 1 worker (one core each; the API idle)
    chunk phase       N workers process r·N documents/s
    fold              one process, F = documents/s of the final fold (measured as the
                      identity run of bench_jobs.py: every result a cache hit, folded)
    job time          T(N) = D / (r·N) + D / F          (the fold starts after the chunks)
    Redis load        ops/s = r·N · (queue + cache commands per document); bytes/s alike,
                      against the capacity measured here

The 2-worker prediction is checked against the 2-worker measurement; 50 workers is the
projection. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import ROOT
from harness.servers import RedisServer, free_port

BENCH = ROOT / "bench" / "bench_jobs.py"


def _bench(docs: int, workers: int, leads: bool) -> dict[str, Any]:
    argv = [sys.executable, str(BENCH), "--docs", str(docs), "--workers", str(workers)]
    argv += ["--no-anchor", *(["--leads"] if leads else [])]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _redis_capacity() -> dict[str, float]:
    """Requests/s of one redis-server here for GET and SET of 2 KB values."""
    server = RedisServer(free_port(), Path(tempfile.mkdtemp(prefix="redis-capacity-")))
    server.start()
    try:
        out = subprocess.run(
            [
                "redis-benchmark",
                "-p",
                str(server.port),
                "-t",
                "set,get",
                "-n",
                "200000",
                "-d",
                "2048",
                "-c",
                "50",
                "-q",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
    finally:
        server.stop()
    found = dict(re.findall(r"(\w+): ([\d.]+) requests per second", out))
    return {name.lower(): float(value) for name, value in found.items()}


def _per_doc(figures: dict[str, Any], field: str) -> float:
    return float(figures["queue_redis"][field] + figures["cache_redis"][field])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--leads", action="store_true")
    ap.add_argument("--workers", type=int, default=50, help="the projection's worker count")
    args = ap.parse_args()

    one = _bench(args.docs, 1, args.leads)
    two = _bench(args.docs, 2, args.leads)
    capacity = _redis_capacity()

    rate = one["per_worker_docs_per_s"]
    fold_rate = args.docs / one["identity_batch_s"]
    commands = _per_doc(one, "commands_per_doc")
    moved = _per_doc(one, "bytes_in_per_doc") + _per_doc(one, "bytes_out_per_doc")

    def job_rate(workers: int) -> float:
        return args.docs / (args.docs / (rate * workers) + args.docs / fold_rate)

    predicted_two = job_rate(2)
    chunk_rate = rate * args.workers
    redis_ops = chunk_rate * commands
    slowest = min(capacity.values())
    figures = {
        "documents": args.docs,
        "leads": args.leads,
        "measured": {
            "one_worker_docs_per_s": one["job_docs_per_s"],
            "two_workers_docs_per_s": two["job_docs_per_s"],
            "fold_docs_per_s": round(fold_rate, 1),
            "redis_commands_per_doc": round(commands, 2),
            "redis_bytes_per_doc": round(moved),
            "redis_capacity_requests_per_s": capacity,
        },
        "check_two_workers": {
            "predicted_docs_per_s": round(predicted_two, 1),
            "measured_docs_per_s": two["job_docs_per_s"],
            "measured_over_predicted": round(two["job_docs_per_s"] / predicted_two, 3),
        },
        "projection": {
            "workers": args.workers,
            "chunk_phase_docs_per_s": round(chunk_rate, 1),
            "job_docs_per_s_with_fold": round(job_rate(args.workers), 1),
            "fold_share_of_job_time": round((1 / fold_rate) / (1 / chunk_rate + 1 / fold_rate), 3),
            "redis_commands_per_s": round(redis_ops),
            "redis_mb_per_s": round(chunk_rate * moved / 2**20, 1),
            "redis_load_share_of_capacity": round(redis_ops / slowest, 4),
        },
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
