"""Jobs end to end, as deployed: `copydesk serve`, `copydesk worker` processes and a queue
Redis that keeps an AOF — then the faults: a worker killed mid-chunk, the queue Redis
restarted mid-job, a job cancelled while it runs. Every process is stopped by its PID."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from rq import Queue, Worker

from harness import ROOT
from harness.job_corpus import job_documents, write_ndjson
from harness.servers import (
    LiveServer,
    RedisServer,
    descendants,
    free_port,
    kill_tree,
    start_server,
    start_worker,
    stop,
    wait_for,
)
from service.jobs.client import JobsClient

pytestmark = pytest.mark.slow

# Small chunks, so a fault lands mid-job; a dead worker's chunk is looked for every 2 s.
WORKER_ENV = {"JOB_CHUNK_DOCUMENTS": "10", "WORKER_MAINTENANCE_S": "2", "LOG_LEVEL": "WARNING"}


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, RedisServer, dict[str, str]]]:
    workdir = tmp_path_factory.mktemp("jobs-live")
    queue = RedisServer(free_port(), workdir, appendonly=True)
    queue.start()
    env = {
        **WORKER_ENV,
        "QUEUE_REDIS_URL": queue.url,
        "CACHE_DIR": str(workdir / "cache"),
        "MAX_JOB_BYTES": str(8 * 2**20),
    }
    server = start_server(workdir, {**env, "ACCESS_LOG": ""}, workers=1, ready_s=120)
    try:
        yield server, queue, env
    finally:
        stop(server.proc, timeout_s=30)
        queue.stop()


@pytest.fixture
def workers(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]], tmp_path: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    _, _, env = deployment
    started = [start_worker(tmp_path / f"worker-{i}.log", env) for i in range(2)]
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def _fresh_documents(n: int, seed: int, tmp_path: Path) -> Path:
    """Documents no earlier test sent: no chunk is a run of cache hits over in an instant."""
    docs = [
        {**d, "text": d["text"] + f"\nDesk note {i} for {tmp_path.name}.\n"}
        for i, d in enumerate(job_documents(n, seed=seed))
    ]
    return write_ndjson(docs, tmp_path / "docs.ndjson")


def _busy(queue: RedisServer, pid: int) -> bool:
    """Whether the worker process `pid` is running a chunk now (RQ's own record)."""
    with redis.Redis.from_url(queue.url) as connection:
        return any(
            w.pid == pid and w.get_current_job_id() for w in Worker.all(connection=connection)
        )


def _submit(server: LiveServer, path: Path) -> dict[str, Any]:
    with open(path, "rb") as source:
        return JobsClient(server.url).submit(source)


def _wait_until_done(server: LiveServer, job_id: str, timeout_s: float) -> dict[str, Any]:
    client = JobsClient(server.url)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            status = client.status(job_id)
        except OSError:
            time.sleep(0.5)  # the server's queue Redis may be restarting
            continue
        if status["status"] in {"done", "failed", "cancelled"}:
            return status
        time.sleep(0.5)
    raise TimeoutError(f"job {job_id} did not end in {timeout_s} s")


def _results(server: LiveServer, job_id: str) -> list[dict[str, Any]]:
    lines = JobsClient(server.url).results(job_id)
    return [_without_timing(json.loads(line)) for line in lines]


def _without_timing(result: dict[str, Any]) -> dict[str, Any]:
    result.get("stats", {}).pop("elapsed_ms", None)
    return result


def _batch(path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "batch.ndjson"
    subprocess.run(
        [sys.executable, "-m", "service.cli", "batch", str(path), "-o", str(out), "--no-progress"],
        check=True,
        cwd=ROOT,
        env={**os.environ, "CACHE_DIR": str(tmp_path / "batch-cache")},
        timeout=600,
    )
    return [_without_timing(json.loads(line)) for line in out.read_bytes().splitlines()]


def _running_of(queue: RedisServer, job_id: str) -> list[str]:
    with redis.Redis.from_url(queue.url) as connection:
        running = Queue("copydesk-jobs", connection=connection).started_job_registry
        return [j for j in running.get_job_ids() if j.startswith(job_id)]


def test_two_workers_give_the_answer_of_copydesk_batch(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    server, _, _ = deployment
    path = write_ndjson(job_documents(120, seed=3), tmp_path / "docs.ndjson")
    out = tmp_path / "job.ndjson"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "jobs",
            "submit",
            str(path),
            "--url",
            server.url,
            "--wait",
            "-o",
            str(out),
            "--no-progress",
        ],
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    got = [_without_timing(json.loads(line)) for line in out.read_bytes().splitlines()]
    expected = _batch(path, tmp_path)
    assert got == expected
    assert sum(1 for r in got for d in r["duplicates"] if d.get("document")) >= 6


def test_a_worker_killed_mid_chunk_loses_and_repeats_nothing(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    server, queue, _ = deployment
    path = _fresh_documents(200, 5, tmp_path)
    job = _submit(server, path)
    horses: list[int] = []

    def first_worker_mid_chunk() -> bool:
        horses[:] = descendants(workers[0].pid)  # its work horse, and maybe the scheduler
        return bool(horses) and _busy(queue, workers[0].pid)

    wait_for(first_worker_mid_chunk, 120, "the first worker running a chunk")
    kill_tree(workers[0].pid)  # the worker and its work horse, mid-chunk, as a lost node
    workers[0].wait(10)
    assert horses
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in horses), 10, "the kill")
    # its chunk is retried once its heartbeat lapses (RQ: 60 s + the monitoring interval)
    killed_at = time.monotonic()
    status = _wait_until_done(server, job["id"], 300)
    print(f"job done {time.monotonic() - killed_at:.1f} s after the kill")
    assert status["status"] == "done", status
    assert status["documents"] == {"total": 200, "done": 200, "failed": 0}
    got = _results(server, job["id"])
    assert [r["id"] for r in got] == [
        json.loads(line)["id"] for line in path.read_bytes().splitlines()
    ]
    assert got == _batch(path, tmp_path)


def test_a_restarted_queue_redis_ends_the_job_done_or_failed_never_short(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    server, queue, _ = deployment
    path = write_ndjson(job_documents(200, seed=9), tmp_path / "docs.ndjson")
    job = _submit(server, path)
    client = JobsClient(server.url)
    wait_for(lambda: client.status(job["id"])["documents"]["done"] >= 30, 120, "work under way")
    # mid-chunk, where RQ's own work loop quits on a lost connection
    wait_for(lambda: _busy(queue, workers[0].pid), 60, "the first worker running a chunk")
    queue.restart()
    status = _wait_until_done(server, job["id"], 300)
    print(f"after the restart the job ended {status['status']}: {status['error']}")
    assert [w.poll() for w in workers] == [None, None], "a worker quit with its queue Redis"
    if status["status"] == "failed":
        assert status["error"], status  # failed, and saying why
        return
    assert status["status"] == "done", status
    assert status["documents"]["done"] == status["documents"]["total"] == 200
    got = _results(server, job["id"])
    assert [r["id"] for r in got] == [
        json.loads(line)["id"] for line in path.read_bytes().splitlines()
    ]


def test_a_cancelled_job_stops_within_one_chunk(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    server, queue, _ = deployment
    path = write_ndjson(job_documents(300, seed=11), tmp_path / "docs.ndjson")
    job = _submit(server, path)
    client = JobsClient(server.url)
    wait_for(lambda: client.status(job["id"])["documents"]["done"] >= 10, 120, "a chunk done")
    at_cancel = client.cancel(job["id"])
    assert at_cancel["status"] == "cancelled"
    time.sleep(8)  # longer than a chunk of ten takes here
    after = client.status(job["id"])
    assert after["status"] == "cancelled"
    # each of the two workers may finish the chunk it had begun, no more
    assert after["documents"]["done"] <= at_cancel["documents"]["done"] + 2 * 10
    assert after["documents"]["done"] < 300
    assert not _running_of(queue, job["id"])
    with redis.Redis.from_url(queue.url) as connection:
        assert Queue("copydesk-jobs", connection=connection).count == 0


def test_a_client_that_sends_too_much_before_reading_gets_the_413(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
) -> None:
    server, _, _ = deployment
    body = b'{"text": "' + b"word " * (2 * 2**20) + b'"}\n'  # 10 MiB, over the 8 MiB limit
    request = urllib.request.Request(
        server.url + "/v1/jobs", data=body, headers={"Content-Type": "application/x-ndjson"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    with refused.value:
        assert refused.value.code == 413
        assert refused.value.headers["Content-Type"] == "application/problem+json"


def test_sigterm_lets_a_worker_finish_its_chunk_then_exit(
    deployment: tuple[LiveServer, RedisServer, dict[str, str]],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    server, queue, _ = deployment
    stop(workers[1], signal.SIGTERM, timeout_s=60)  # one worker, to know who runs what
    path = _fresh_documents(60, 13, tmp_path)
    job = _submit(server, path)
    wait_for(lambda: _running_of(queue, job["id"]), 120, "a chunk running")
    (running,) = _running_of(queue, job["id"])
    os.kill(workers[0].pid, signal.SIGTERM)  # warm shutdown: no new chunk, this one ends
    assert workers[0].wait(120) == 0
    status = JobsClient(server.url).status(job["id"])
    assert status["documents"]["done"] == 10 * status["chunks"]["done"] < 60
    number = int(running.rsplit("-chunk", 1)[1])
    with redis.Redis.from_url(queue.url) as connection:
        assert connection.sismember(f"copydesk:job:{{{job['id']}}}:done", number)
    # a fresh worker takes the rest; nothing was lost or done twice
    workers.append(start_worker(tmp_path / "worker-late.log", deployment[2]))
    final = _wait_until_done(server, job["id"], 300)
    assert final["documents"] == {"total": 60, "done": 60, "failed": 0}
    assert [r["id"] for r in _results(server, job["id"])] == [
        json.loads(line)["id"] for line in path.read_bytes().splitlines()
    ]
