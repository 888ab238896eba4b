"""Bounded load test on loopback: cache hits at 32 connections, cache misses at 8.

    python bench/load_test.py [--seconds 30] [--workers 2] [--threads 4]

Starts `copydesk serve` (the container's entrypoint) on a free loopback port with the
embedded cache, or with Redis when REDIS_URL is set, then drives it with Debian's `wrk`
(client timeout 30 s): first the seed dump over and over (hits), then a distinct text per
request (misses: each is the seed with a unique line prepended). Prints JSON with
requests/s, p50/p99, socket errors and non-2xx counts per phase. Every process it starts is
stopped by its PID.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.servers import run_wrk, served

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "eval" / "seed" / "seed.txt"

WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
local f = io.open(os.getenv("BENCH_BODY"), "rb")
local seed = f:read("*a")
f:close()
local distinct = os.getenv("BENCH_DISTINCT") == "1"
local counter = 0
local thread_id = tostring(math.random(1, 1e9))
non_2xx = 0
request = function()
  if distinct then
    counter = counter + 1
    return wrk.format(nil, nil, nil, "Load " .. thread_id .. " " .. counter .. "\\n\\n" .. seed)
  end
  return wrk.format(nil, nil, nil, seed)
end
response = function(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "socket_errors": %d, "timeouts": %d, '
    .. '"status_errors": %d, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def wrk(url: str, seconds: int, connections: int, script: Path, distinct: bool) -> dict:
    env = {"BENCH_BODY": str(SEED), "BENCH_DISTINCT": "1" if distinct else "0"}
    figures = run_wrk(url, script, seconds, connections, 2, env)
    figures["connections"] = connections
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "load.lua"
        script.write_text(WRK_SCRIPT)
        cache = Path(tmp) / "cache"
        with served(args.workers, cache, THREADS=str(args.threads)) as base:
            url = f"{base}/v1/process"
            warm = urllib.request.Request(url, SEED.read_bytes(), {"Content-Type": "text/plain"})
            urllib.request.urlopen(warm, timeout=60).read()
            hits = wrk(url, args.seconds, 32, script, distinct=False)
            misses = wrk(url, args.seconds, 8, script, distinct=True)
    print(
        json.dumps(
            {
                "benchmark": "load",
                "server": {
                    "workers": args.workers,
                    "threads": args.threads,
                    "worker_class": "gthread",
                    "cache": "redis" if os.environ.get("REDIS_URL") else "embedded",
                },
                "cache_hits": hits,
                "cache_misses": misses,
                "errors": hits["socket_errors"]
                + hits["timeouts"]
                + hits["status_errors"]
                + misses["socket_errors"]
                + misses["timeouts"]
                + misses["status_errors"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
