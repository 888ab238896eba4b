"""Memory of a served worker under varied cache-miss requests; prints JSON.

    python bench/bench_worker_memory.py [--requests 10000] [--every 1000] [--workers 1]

Starts `copydesk serve` (the container's entrypoint, embedded cache, worker recycling off so
the growth is the worker's own) on a free loopback port and POSTs `--requests` different
texts one after another: a title and one to six paragraphs of a BBC article (evaluation use
only) with invented names and numbers, so new words keep arriving as in production
(harness.corpus.varied_request). Every `--every` requests it reads /proc/PID/smaps_rollup of
the master and each worker: RSS, PSS (shared pages split between the processes sharing them)
and USS (pages this process alone holds). The anchor is the worker itself at request
`--anchor` (after warm-up): `growth` is each worker's RSS at the end over its RSS there.
Every process it starts is stopped by its PID.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import varied_request  # noqa: E402
from harness.servers import descendants, start_server, stop  # noqa: E402

BBC = ROOT.parent / "shared" / "corpus" / "bbc"


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of one process, in MB, from the kernel's own rollup."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {
        "rss": round(fields["Rss"] / 1024, 1),
        "pss": round(fields["Pss"] / 1024, 1),
        "uss": round(uss / 1024, 1),
    }


def sample(master: int, requests: int) -> dict[str, object]:
    workers = sorted(descendants(master))
    return {
        "requests": requests,
        "master": memory_mb(master),
        "workers": {str(pid): memory_mb(pid) for pid in workers},
    }


def post(url: str, text: str) -> None:
    request = urllib.request.Request(
        url + "/v1/process",
        data=text.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        assert response.headers.get("X-Cache", "MISS") != "HIT", "a repeated text: not a miss"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--anchor", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    articles = [p.read_text(encoding="utf-8") for p in sorted(BBC.glob("*/*.txt"))]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ACCESS_LOG": "", "MAX_REQUESTS": "0"}
        server = start_server(Path(tmp), env, args.workers, ready_s=180)
        try:
            master = server.proc.pid
            samples = [sample(master, 0)]
            t0 = time.perf_counter()
            for i in range(1, args.requests + 1):
                post(server.url, varied_request(rng, articles))
                if i % args.every == 0 or i == args.anchor:
                    samples.append(sample(master, i))
                    print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
            seconds = time.perf_counter() - t0
        finally:
            stop(server.proc, timeout_s=60)
    anchor = next(s for s in samples if s["requests"] == args.anchor)
    last = samples[-1]
    growth = {
        pid: round(m["rss"] / anchor["workers"][pid]["rss"], 3)  # type: ignore[index]
        for pid, m in last["workers"].items()  # type: ignore[attr-defined]
        if pid in anchor["workers"]  # type: ignore[operator]
    }
    out = {
        "requests": args.requests,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "anchor_requests": args.anchor,
        "samples": samples,
        "max_worker_rss_mb_after_anchor": max(
            m["rss"]
            for s in samples
            if s["requests"] >= args.anchor
            for m in s["workers"].values()  # type: ignore[attr-defined]
        ),
        "worker_rss_growth_from_anchor": growth,
        # every sample from the anchor on, over the anchor: the band the target (+-5%) is on
        "worker_rss_band_from_anchor": {
            pid: [
                round(min(rss) / rss[0], 3),
                round(max(rss) / rss[0], 3),
            ]
            for pid in growth
            for rss in [
                [
                    s["workers"][pid]["rss"]  # type: ignore[index]
                    for s in samples
                    if s["requests"] >= args.anchor
                    and pid in s["workers"]  # type: ignore[operator]
                ]
            ]
        },
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
