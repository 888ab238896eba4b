"""The cache against real Redis servers: the shared one, and a private one we stop."""

from __future__ import annotations

import time
from pathlib import Path

from harness.servers import RedisServer, wait_for
from service.config import Settings
from service.web.app import create_app
from service.web.cache import CacheUnavailable, RedisCache
from tests.conftest import redis_url

TEXT = "Port strike ends\n\nDock workers returned to work on Friday after a week-long strike.\n"
OTHER = "Rail fares frozen\n\nThe government froze rail fares for another year on Monday.\n"


def test_redis_cache_round_trip_lock_and_cleanup(redis_prefix: str) -> None:
    cache = RedisCache.from_url(redis_url(), redis_prefix)
    assert cache.get("k") is None
    cache.put("k", b"value", ttl_s=60)
    assert cache.get("k") == b"value"
    assert 0 < cache.client.ttl(redis_prefix + "k") <= 60
    token = cache.acquire("k", ttl_s=5)
    assert token is not None
    assert cache.acquire("k", ttl_s=5) is None  # one computation at a time
    cache.release("k", "someone else's token")
    assert cache.acquire("k", ttl_s=5) is None  # not released by a stranger
    cache.release("k", token)
    assert cache.acquire("k", ttl_s=5) is not None
    assert cache.delete_prefix() == 2
    assert list(cache.client.scan_iter(match=redis_prefix + "*")) == []


def test_process_miss_then_hit_through_redis(redis_prefix: str, tmp_path: Path) -> None:
    settings = Settings(redis_url=redis_url(), cache_prefix=redis_prefix)
    client = create_app(settings).test_client()
    first = client.post("/v1/process", data=TEXT, content_type="text/plain")
    second = client.post("/v1/process", data=TEXT, content_type="text/plain")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.data == second.data
    cache = RedisCache.from_url(redis_url(), redis_prefix)
    keys = [k.decode() for k in cache.client.scan_iter(match=redis_prefix + "*")]
    assert len(keys) == 1 and first.get_json()["content_hash"] in keys[0]
    ready = client.get("/readyz").get_json()
    assert ready["cache"] == "up" and ready["cache_backend"] == "redis"


def test_redis_down_requests_succeed_uncached_and_caching_resumes(
    private_redis: RedisServer,
) -> None:
    settings = Settings(
        redis_url=private_redis.url, redis_socket_timeout_s=0.2, cache_retry_after_s=0.2
    )
    client = create_app(settings).test_client()
    assert (
        client.post("/v1/process", data=TEXT, content_type="text/plain").headers["X-Cache"]
        == "MISS"
    )

    private_redis.stop()
    # a result this worker just served stays in its near cache: still a hit
    hot = client.post("/v1/process", data=TEXT, content_type="text/plain")
    assert hot.status_code == 200 and hot.headers["X-Cache"] == "HIT"
    started = time.monotonic()
    down = client.post("/v1/process", data=OTHER, content_type="text/plain")
    assert down.status_code == 200 and down.headers["X-Cache"] == "BYPASS"
    assert down.get_json()["articles"][0]["title"] == "Rail fares frozen"
    assert time.monotonic() - started < 2, "a dead cache must not stall requests"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["cache"] == "down"
    results = client.get(f"/v1/results/{down.get_json()['content_hash']}")
    assert results.status_code == 503 and results.headers["Retry-After"]

    private_redis.start()  # an empty server on the same port: the old entry is gone

    def cached_again() -> bool:
        response = client.post("/v1/process", data=OTHER, content_type="text/plain")
        return response.headers["X-Cache"] in {"MISS", "HIT"}

    wait_for(cached_again, 10, "caching to resume")
    assert RedisCache.from_url(private_redis.url).client.dbsize() == 1  # stored in Redis again
    again = client.post("/v1/process", data=OTHER, content_type="text/plain")
    assert again.headers["X-Cache"] == "HIT"
    assert client.get("/readyz").get_json()["cache"] == "up"


def test_cache_required_makes_readiness_fail_while_redis_is_down(
    private_redis: RedisServer,
) -> None:
    settings = Settings(redis_url=private_redis.url, cache_required=True)
    client = create_app(settings).test_client()
    assert client.get("/readyz").status_code == 200
    private_redis.stop()
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert "CACHE_REQUIRED" in " ".join(not_ready.get_json()["reasons"])
    assert client.get("/healthz").status_code == 200  # alive, only not ready


def test_breaker_skips_a_dead_server_without_waiting(private_redis: RedisServer) -> None:
    cache = RedisCache.from_url(private_redis.url, timeout_s=0.2, retry_after_s=30)
    private_redis.stop()
    for _ in range(2):
        try:
            cache.get("x")
        except CacheUnavailable:
            pass
        else:
            raise AssertionError("a stopped server must raise CacheUnavailable")
    started = time.monotonic()
    for _ in range(100):
        try:
            cache.get("x")
        except CacheUnavailable:
            continue
    assert time.monotonic() - started < 0.5
