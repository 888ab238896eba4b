"""Jobs fixtures: an app whose queue is a private redis-server, and an in-process RQ worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient
from rq import Queue, SimpleWorker

from harness.servers import RedisServer
from service.config import Settings
from service.jobs import tasks
from service.jobs.queue import close_queue_clients
from service.web.app import create_app


@pytest.fixture
def queue_env(
    private_redis: RedisServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """The environment of a deployment whose queue is the private Redis; the in-process
    worker reads it as a real one would."""
    env = {
        "QUEUE_REDIS_URL": private_redis.url,
        "CACHE_DIR": str(tmp_path / "cache"),
        "JOB_CHUNK_DOCUMENTS": "4",
        "CALLBACK_SECRET": "test-secret",
        "CALLBACK_ALLOW_HOSTS": "127.0.0.1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    tasks.prepare.cache_clear()
    close_queue_clients()
    yield env
    tasks.prepare.cache_clear()
    close_queue_clients()


@pytest.fixture
def jobs_client(queue_env: dict[str, str]) -> FlaskClient:
    return create_app(Settings.from_env()).test_client()


@pytest.fixture
def run_worker(private_redis: RedisServer) -> Callable[[], None]:
    """Run every queued chunk, fold and callback in this process, until the queue is empty."""

    def run() -> None:
        with redis.Redis.from_url(private_redis.url) as connection:
            queues = [Queue("copydesk-jobs", connection=connection)]
            SimpleWorker(queues, connection=connection).work(burst=True)

    return run
