"""Shared fixtures: a test client on a private embedded cache, real Redis, live servers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app
from service.web.cache import RedisCache

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "eval" / "seed" / "seed.txt"
# The people of the seed dump (seed.json): each must come out as one PERSON per article.
SEED_PEOPLE = (
    "Hossein Taeb",
    "Ali Khamenei",
    "Esmail Ghaani",
    "Qassem Soleimani",
    "Donald Trump",
    "Vladimir Putin",
    "Narendra Modi",
)

# Every variable Settings and the gunicorn settings read: tests start from a clean slate.
_SETTINGS_VARS = (
    "REDIS_URL",
    "CACHE_PREFIX",
    "REDIS_CLUSTER",
    "CACHE_DIR",
    "CACHE_TTL_S",
    "CACHE_MAX_BYTES",
    "CACHE_REQUIRED",
    "NEAR_CACHE_BYTES",
    "SEEN_TTL_S",
    "SEEN_MAX_ENTRIES",
    "NEAR_CACHE_TTL_S",
    "ACCESS_LOG",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "API_KEYS",
    "API_KEYS_FILE",
    "OPEN_OPS_ENDPOINTS",
    "RATE_LIMIT",
    "CORS_ORIGINS",
    "COMPRESS_MIN_BYTES",
    "DRAIN_S",
    "NLP_MODEL",
    "REDIS_SOCKET_TIMEOUT_S",
    "MAX_BODY_BYTES",
    "MAX_BATCH_DOCUMENTS",
    "MAX_BATCH_BYTES",
    "REQUEST_TIMEOUT_S",
    "LOG_LEVEL",
    "WEB_CONCURRENCY",
    "THREADS",
    "HOST",
    "PORT",
    "GRACEFUL_TIMEOUT_S",
    "MAX_REQUESTS",
    "MAX_REQUESTS_JITTER",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _SETTINGS_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=str(tmp_path / "cache"))


@pytest.fixture
def app(settings: Settings) -> Flask:
    return create_app(settings)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return fh.read()


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix no other test uses; its keys are deleted afterwards."""
    prefix = f"copydesk-test:{uuid4().hex}:"
    cache = RedisCache.from_url(redis_url(), prefix)
    assert cache.ping(), f"Redis must answer at {redis_url()} (fail, never skip)"
    yield prefix
    cache.delete_prefix()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check, timeout_s: float = 20.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
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
                "no",
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


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen  # type: ignore[type-arg]
    log: Path


def start_server(
    tmp_path: Path, env: dict[str, str] | None = None, workers: int = 2, ready_s: float = 60
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


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = start_server(tmp_path)
    yield server
    assert stop(server.proc) == 0, server.log.read_text()
