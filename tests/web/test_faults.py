"""Faults under load on a live server: Redis stopped and restarted, a worker SIGKILLed."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.servers import RedisServer, free_port, start_server, stop, wait_for

pytestmark = pytest.mark.slow

BODY = (
    "Harbour reopens {n}\n\nThe harbour reopened on Sunday after storm damage was repaired {n}.\n"
)


@dataclass
class Outcome:
    started: float
    ended: float
    status: int  # 0: the connection failed
    cache: str | None


def post(url: str, n: int) -> Outcome:
    started = time.monotonic()
    request = urllib.request.Request(
        url + "/v1/process", BODY.format(n=n).encode(), {"Content-Type": "text/plain"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return Outcome(started, time.monotonic(), response.status, response.headers["X-Cache"])
    except urllib.error.HTTPError as error:
        return Outcome(started, time.monotonic(), error.code, error.headers.get("X-Cache"))
    except (OSError, http.client.HTTPException):  # reset or cut short by a dying worker
        return Outcome(started, time.monotonic(), 0, None)


def run_load(url: str, seconds: float, threads: int = 6, distinct: int = 40) -> list[Outcome]:
    """Requests in a loop from a few threads for a bounded time; half repeat earlier texts."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        n = offset
        while time.monotonic() < stop_at:
            outcome = post(url, n % distinct if n % 2 else n)
            with lock:
                outcomes.append(outcome)
            n += threads

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(seconds + 60)
    return outcomes


def readiness(url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_redis_stopped_mid_load_then_restarted(tmp_path: Path) -> None:
    redis = RedisServer(port=free_port(), workdir=tmp_path)
    redis.start()
    server = start_server(
        tmp_path,
        {"REDIS_URL": redis.url, "REDIS_SOCKET_TIMEOUT_S": "0.2", "NEAR_CACHE_BYTES": "1"},
    )
    try:
        during: dict[str, object] = {}

        def outage() -> None:
            time.sleep(1.5)
            redis.stop()
            time.sleep(0.5)
            during["ready"] = readiness(server.url)
            time.sleep(1.5)
            redis.start()

        chaos = threading.Thread(target=outage)
        chaos.start()
        outcomes = run_load(server.url, seconds=6)
        chaos.join()
        statuses = [o.status for o in outcomes]
        assert statuses and all(s == 200 for s in statuses), sorted(set(statuses))
        caches = {o.cache for o in outcomes}
        assert {"HIT", "MISS", "BYPASS"} <= caches
        status, body = during["ready"]  # type: ignore[misc]
        assert status == 200 and body["cache"] == "down"

        def resumed() -> bool:
            return post(server.url, 10_000).cache == "HIT"

        wait_for(resumed, 10, "caching to resume after Redis restarts")
        assert readiness(server.url)[1]["cache"] == "up"
    finally:
        assert stop(server.proc) == 0
        redis.stop()


def test_a_killed_worker_is_replaced_and_no_other_request_fails(tmp_path: Path) -> None:
    server = start_server(tmp_path, workers=2)
    try:
        wait_for(lambda: len(_children(server.proc.pid)) == 2, 20, "both workers to boot")
        workers_before = _children(server.proc.pid)
        killed_at: list[float] = []

        def kill_one() -> None:
            time.sleep(1.5)
            killed_at.append(time.monotonic())
            os.kill(workers_before[0], signal.SIGKILL)

        chaos = threading.Thread(target=kill_one)
        chaos.start()
        outcomes = run_load(server.url, seconds=5)
        chaos.join()
        failed = [o for o in outcomes if o.status != 200]
        # only a request in flight on the killed worker at that instant may fail
        assert all(o.started <= killed_at[0] <= o.ended for o in failed), failed
        assert len(failed) < 6  # each of the 6 client threads had at most one in flight
        assert sum(o.status == 200 for o in outcomes) > 20
        wait_for(lambda: len(_children(server.proc.pid)) == 2, 20, "a replacement worker")
        assert workers_before[0] not in _children(server.proc.pid)
        assert post(server.url, 1).status == 200
    finally:
        assert stop(server.proc) == 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # the parent pid is the 4th field after the parenthesised command name
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)
