"""Start and stop servers, and drive them with wrk: `copydesk serve` and a private
redis-server on free loopback ports, every process stopped by its PID. The tests' fixtures
and the benchmarks start servers the same way through here."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import ROOT
from service.web.cache import RedisCache

__all__ = [
    "LiveServer",
    "RedisServer",
    "descendants",
    "free_port",
    "kill_tree",
    "run_wrk",
    "served",
    "start_server",
    "start_worker",
    "stop",
    "wait_for",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout_s: float = 20.0, what: str = "condition") -> None:
    """Poll `check` until it is true; an OSError counts as not yet."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout_s: float = 15) -> int:  # type: ignore[type-arg]
    """Stop a process we started, by its PID; kill it if it does not go in time."""
    if proc.poll() is None:
        os.kill(proc.pid, sig)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(5)
    return int(proc.returncode)


@dataclass
class RedisServer:
    """A private redis-server on a free loopback port, for tests that stop it."""

    port: int
    workdir: Path
    proc: subprocess.Popen | None = None  # type: ignore[type-arg]
    # as a queue Redis runs: everything written is in the append-only file, so a restart
    # loses at most the last second
    appendonly: bool = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server must be installed (fail, never skip)"
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--appendfsync",
                "everysec",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: RedisCache.from_url(self.url).ping(), 10, "redis-server")

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None

    def restart(self) -> None:
        """Stop (SIGTERM: Redis flushes its AOF) and start again on the same port and files."""
        self.stop()
        self.start()


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc (an RQ work horse leaves its parent's
    process group, so killpg alone misses it)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL a process and everything it started, as losing its machine would."""
    for victim in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


def start_worker(log: Path, env: Mapping[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    """`copydesk worker` — the container's worker command — in its own process group, so
    that its forked work horse can be killed with it."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "service.cli", "worker"],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen  # type: ignore[type-arg]
    log: Path


def start_server(
    tmp_path: Path, env: Mapping[str, str] | None = None, workers: int = 2, ready_s: float = 60
) -> LiveServer:
    """`copydesk serve` — the container's own entrypoint — on a free loopback port."""
    port = free_port()
    log = tmp_path / f"server-{port}.log"
    full_env = {**os.environ, "CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
    full_env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        assert proc.poll() is None, log.read_text()
        with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
            return bool(response.status == 200)

    wait_for(ready, ready_s, "copydesk serve")
    return LiveServer(url, proc, log)


@contextmanager
def served(workers: int, cache_dir: Path, **env: str) -> Iterator[str]:
    """The base URL of `copydesk serve` (the container's entrypoint), ready to answer; its
    cache and log live under `cache_dir`."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    # a loaded machine can take longer than a test allows to load the models
    server = start_server(cache_dir, {"ACCESS_LOG": "", **env}, workers, ready_s=120)
    try:
        yield server.url
    finally:
        stop(server.proc, timeout_s=60)


def run_wrk(
    url: str,
    script: Path,
    seconds: int,
    connections: int,
    threads: int,
    env: Mapping[str, str],
) -> dict[str, Any]:
    """Debian's wrk on `url` with a Lua `script` that prints its figures as one JSON line;
    those figures and requests_per_s."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 90,
        env={**os.environ, **env},
        check=True,
    )
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    figures["requests_per_s"] = round(figures["requests"] / figures["seconds"], 1)
    return figures
