"""Shared fixtures: a test client on a private embedded cache, real Redis, live servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harness import EVAL
from harness import ROOT as ROOT  # re-exported: tests import the paths from here or harness
from harness import SHARED as SHARED
from harness.servers import LiveServer, RedisServer, free_port, start_server, stop
from service.config import Settings
from service.web.app import create_app
from service.web.cache import RedisCache

SEED = EVAL / "seed" / "seed.txt"
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

# Two short articles written for the tests: the HTTP tests' everyday dump.
TWO_ARTICLES = (
    "Central bank raises rates again as inflation stays high\n\n"
    "The central bank raised rates by a quarter point on Tuesday.\n"
    "Markets had expected the move.\n\n\n"
    "Storm brings floods and power cuts to the coast\n\n"
    "A storm brought heavy rain to the coast overnight.\n"
    "Thousands of homes lost power.\n"
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
    "QUEUE_REDIS_URL",
    "JOB_QUEUE",
    "MAX_JOB_BYTES",
    "JOB_TTL_S",
    "JOB_CHUNK_DOCUMENTS",
    "JOB_CHUNK_BYTES",
    "JOB_CHUNK_TIMEOUT_S",
    "JOB_RETRIES",
    "CALLBACK_SECRET",
    "CALLBACK_ALLOW_HOSTS",
    "WORKER_MAINTENANCE_S",
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


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = start_server(tmp_path)
    yield server
    assert stop(server.proc) == 0, server.log.read_text()
