"""The API worker's memory while a 256 MiB job is uploaded: it must stay flat (± 20 MB).

    PYTHONPATH=. python bench/bench_job_upload.py [--mib 256]

`copydesk serve` (one gunicorn worker) on a private queue Redis; the body is NDJSON of
corpus stories with distinct ids, generated as it is sent (chunked transfer encoding), so
the client holds none of it either. The worker's RSS is sampled every 50 ms from /proc
before, during and after the upload. The anchor is the body itself: RSS growth is printed
beside the body size, and as a share of it.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import corpus
from harness.servers import RedisServer, descendants, free_port, start_server, stop


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


def _body(total_bytes: int) -> Iterator[bytes]:
    stories = corpus.bbc()
    sent = 0
    for n, story in enumerate(itertools.cycle(stories)):
        line = json.dumps({"id": f"doc{n}", "text": story.title + "\n\n" + story.body})
        block = line.encode() + b"\n"
        if sent + len(block) > total_bytes:
            return
        sent += len(block)
        yield block


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mib", type=int, default=256)
    args = ap.parse_args()
    total = args.mib * 2**20
    workdir = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    queue = RedisServer(free_port(), workdir)
    queue.start()
    env = {"QUEUE_REDIS_URL": queue.url, "MAX_JOB_BYTES": str(total), "ACCESS_LOG": ""}
    server = start_server(workdir, env, workers=1, ready_s=180)
    try:
        (worker_pid,) = [p for p in descendants(server.proc.pid)]
        time.sleep(1.0)
        before = _rss_mb(worker_pid)
        samples: list[float] = []
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                samples.append(_rss_mb(worker_pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        parts = urlsplit(server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        started = time.perf_counter()
        connection.request(
            "POST",
            "/v1/jobs",
            body=_body(total),
            headers={"Content-Type": "application/x-ndjson"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        answer = json.loads(response.read())
        seconds = time.perf_counter() - started
        connection.close()
        time.sleep(1.0)
        done.set()
        sampler.join()
        after = _rss_mb(worker_pid)
        peak = max(samples)
        figures = {
            "body_mib": args.mib,
            "status": response.status,
            "documents": answer.get("documents", {}).get("total"),
            "chunks": answer.get("chunks", {}).get("total"),
            "upload_s": round(seconds, 1),
            "upload_mib_per_s": round(args.mib / seconds, 1),
            "worker_rss_before_mb": round(before, 1),
            "worker_rss_peak_mb": round(peak, 1),
            "worker_rss_after_mb": round(after, 1),
            "rss_growth_peak_mb": round(peak - before, 1),
            "rss_growth_share_of_body": round((peak - before) / args.mib, 4),
            "samples": len(samples),
            "flat_within_20mb": abs(peak - before) <= 20 and abs(after - before) <= 20,
        }
    finally:
        stop(server.proc, timeout_s=60)
        queue.stop()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
