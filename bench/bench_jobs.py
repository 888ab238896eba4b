"""A job through W worker processes against `copydesk batch` in W processes, in one run.

    PYTHONPATH=. python bench/bench_jobs.py --docs 100000 --workers 2 [--leads]
    PYTHONPATH=. python bench/bench_jobs.py --docs 3000 --workers 1 --no-anchor

The documents are corpus stories with planted exact and near copies (harness/job_corpus.py;
--leads cuts each to its headline and first two paragraphs, a feed of briefs). Two private
redis-servers stand in for the deployment's: the queue (noeviction, AOF) and the cache.

1. Anchor: the input cut into W contiguous parts, one `copydesk batch` process each, all
   at once, on a cold cache: its wall time is the throughput the job is compared with.
2. The job: `copydesk serve` and W `copydesk worker` processes, models loaded; the clock
   runs from the submit to the last result line read. Redis commands and bytes on both
   servers are counted (INFO commandstats / stats, reset before the submit).
3. Identity: `copydesk batch` in one process on the whole input, after the job (so each
   document's own result is a cache hit and only the fold is computed here), must equal
   the job's results line for line (the `elapsed_ms` timing aside).

Prints one JSON object: both wall times, the ratio, docs/s, Redis operations and bytes per
document per server, and whether the results are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis

from harness import ROOT
from harness.job_corpus import job_documents, write_ndjson
from harness.servers import RedisServer, free_port, start_server, start_worker, stop, wait_for
from service.jobs.client import JobsClient


def _redis(workdir: Path, name: str, queue: bool) -> RedisServer:
    folder = workdir / name
    folder.mkdir()
    server = RedisServer(free_port(), folder, appendonly=queue)
    server.start()
    return server


def _counts(url: str) -> dict[str, int]:
    with redis.Redis.from_url(url) as client:
        commands = client.info("commandstats")
        stats = client.info("stats")
    calls = sum(int(v["calls"]) for v in commands.values())
    return {
        "commands": calls,
        "bytes_in": int(stats["total_net_input_bytes"]),
        "bytes_out": int(stats["total_net_output_bytes"]),
    }


def _reset(url: str) -> None:
    with redis.Redis.from_url(url) as client:
        client.config_resetstat()


def _run_anchor(path: Path, workers: int, env: dict[str, str], workdir: Path) -> float:
    lines = path.read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // workers)
    procs = []
    started = time.perf_counter()
    for i in range(workers):
        part = workdir / f"anchor-{i}.ndjson"
        part.write_bytes(b"".join(lines[i * size : (i + 1) * size]))
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "service.cli",
                    "batch",
                    str(part),
                    "-o",
                    str(workdir / f"anchor-{i}.out"),
                    "--no-progress",
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
            )
        )
    for proc in procs:
        if proc.wait() != 0:
            raise RuntimeError("an anchor batch failed")
    return time.perf_counter() - started


def _without_timing(line: bytes) -> Any:
    result = json.loads(line)
    result.get("stats", {}).pop("elapsed_ms", None)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--leads", action="store_true", help="headline + two paragraphs each")
    ap.add_argument("--no-anchor", action="store_true", help="the job alone (model checks)")
    ap.add_argument("--no-identity", action="store_true")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    path = write_ndjson(
        job_documents(args.docs, seed=2026, leads=args.leads), workdir / "in.ndjson"
    )
    queue, cache = _redis(workdir, "queue", True), _redis(workdir, "cache", False)
    env = {"REDIS_URL": cache.url, "QUEUE_REDIS_URL": queue.url, "LOG_LEVEL": "WARNING"}
    figures: dict[str, Any] = {
        "documents": args.docs,
        "workers": args.workers,
        "input_bytes": path.stat().st_size,
        "leads": args.leads,
        "cpus": os.cpu_count(),
    }
    server = None
    workers: list[subprocess.Popen[bytes]] = []
    try:
        if not args.no_anchor:
            anchor_s = _run_anchor(path, args.workers, env, workdir)
            figures["anchor_batch_s"] = round(anchor_s, 1)
            with redis.Redis.from_url(cache.url) as client:
                client.flushall()  # the job starts as cold as the anchor did
        server = start_server(workdir, {**env, "ACCESS_LOG": ""}, workers=1, ready_s=180)
        workers = [start_worker(workdir / f"worker-{i}.log", env) for i in range(args.workers)]
        with redis.Redis.from_url(queue.url) as client:
            from rq import Worker

            wait_for(lambda: len(Worker.all(connection=client)) == args.workers, 180, "workers")
        for server_url in (queue.url, cache.url):
            _reset(server_url)
        client_api = JobsClient(server.url)
        started = time.perf_counter()
        with open(path, "rb") as source:
            job = client_api.submit(source)
        results = workdir / "job.out"
        with open(results, "wb") as out:
            for line in client_api.results(job["id"]):
                out.write(line)
        job_s = time.perf_counter() - started
        status = client_api.status(job["id"])
        figures["job_s"] = round(job_s, 1)
        figures["job_status"] = status["status"]
        figures["job_docs_per_s"] = round(args.docs / job_s, 1)
        figures["per_worker_docs_per_s"] = round(args.docs / job_s / args.workers, 2)
        if not args.no_anchor:
            figures["ratio_job_to_anchor"] = round(anchor_s / job_s, 3)
        for name, url in (("queue_redis", queue.url), ("cache_redis", cache.url)):
            counts = _counts(url)
            figures[name] = {
                "commands_per_doc": round(counts["commands"] / args.docs, 2),
                "bytes_in_per_doc": round(counts["bytes_in"] / args.docs),
                "bytes_out_per_doc": round(counts["bytes_out"] / args.docs),
            }
        got = results.read_bytes().splitlines()
        figures["result_lines"] = len(got)
        ids = [json.loads(line)["id"] for line in path.read_bytes().splitlines()]
        figures["in_input_order"] = [json.loads(line)["id"] for line in got] == ids
        if not args.no_identity:
            reference = workdir / "reference.out"
            began = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "service.cli",
                    "batch",
                    str(path),
                    "-o",
                    str(reference),
                    "--no-progress",
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                check=True,
                stdout=subprocess.DEVNULL,
            )
            figures["identity_batch_s"] = round(time.perf_counter() - began, 1)
            expected = reference.read_bytes().splitlines()
            same = len(got) == len(expected) and all(
                _without_timing(a) == _without_timing(b) for a, b in zip(got, expected, strict=True)
            )
            figures["identical_to_copydesk_batch"] = same
            figures["cross_document_duplicates"] = sum(
                1
                for line in got
                for d in json.loads(line).get("duplicates", [])
                if d.get("document")
            )
    finally:
        for proc in workers:
            stop(proc, timeout_s=120)
        if server is not None:
            stop(server.proc, timeout_s=60)
        queue.stop()
        cache.stop()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
