"""The cross-request seen index, on the real Redis (db 15, private prefix) and on diskcache."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import diskcache
import pytest
import redis

from service.model import SeenBefore, Span
from service.pipeline.dedupe import ArticleText, sign
from service.seen import DiskSeenStore, RedisSeenStore, SeenIndex, SeenStore

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
_VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ri", "so", "tu") for b in range(60)]


def text(seed: int, words: int = 200, edit: float = 0.0) -> ArticleText:
    rng = random.Random(seed)
    body = [rng.choice(_VOCAB) for _ in range(words)]
    if edit:
        edits = random.Random(seed + 1000)
        body = ["edit" if edits.random() < edit else w for w in body]
    return ArticleText(f"story {seed}", " ".join(body), Span(0, 10, 1, 1))


@pytest.fixture
def redis_store() -> Iterator[RedisSeenStore]:
    store = RedisSeenStore.from_url(REDIS_URL, prefix=f"copydesk-test:{uuid4().hex}:")
    assert store.ping()  # fail, never skip: a skipped test proves nothing
    yield store
    store.delete_prefix()


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[DiskSeenStore]:
    cache = diskcache.Cache(str(tmp_path / "seen"))
    yield DiskSeenStore(cache)
    cache.close()


@pytest.fixture(params=["redis", "disk"])
def store(request: pytest.FixtureRequest) -> SeenStore:
    name = "redis_store" if request.param == "redis" else "disk_store"
    fixture: SeenStore = request.getfixturevalue(name)
    return fixture


def test_first_request_sees_nothing_and_a_repeat_is_marked(store: SeenStore) -> None:
    index = SeenIndex(store)
    a, b = text(1), text(2)
    assert index.mark("ns", [a, b], now=1000.0) == [None, None]
    marks = index.mark("ns", [text(3), b], now=2000.0)
    assert marks == [None, SeenBefore(first_seen=1000.0, content_hash=sign(b.body).key)]


def test_near_copy_in_a_later_request_points_at_the_first_version(store: SeenStore) -> None:
    index = SeenIndex(store)
    index.mark("ns", [text(1)], now=1000.0)
    [mark] = index.mark("ns", [text(1, edit=0.04)], now=2000.0)
    assert mark == SeenBefore(first_seen=1000.0, content_hash=sign(text(1).body).key)
    # the copy was not stored as new: the first sighting stays the reference
    [again] = index.mark("ns", [text(1, edit=0.04)], now=3000.0)
    assert again is not None and again.first_seen == 1000.0


def test_exact_mode_marks_only_identical_bodies(store: SeenStore) -> None:
    index = SeenIndex(store)
    index.mark("ns", [text(1)], now=1000.0)
    assert index.mark("ns", [text(1, edit=0.04)], mode="exact") == [None]
    assert index.mark("ns", [text(1)], mode="exact")[0] is not None


def test_threshold_applies(store: SeenStore) -> None:
    index = SeenIndex(store)
    index.mark("ns", [text(1)], now=1000.0)
    assert index.mark("ns", [text(1, edit=0.06)], near_threshold=0.99) == [None]


def test_namespaces_are_separate(store: SeenStore) -> None:
    index = SeenIndex(store)
    index.mark("tenant-a", [text(1)])
    assert index.mark("tenant-b", [text(1)]) == [None]
    assert index.mark("tenant-a", [text(1)])[0] is not None


def test_articles_of_one_request_do_not_mark_each_other(store: SeenStore) -> None:
    index = SeenIndex(store)
    assert index.mark("ns", [text(1), text(1, edit=0.03)]) == [None, None]


def test_different_stories_are_not_marked(store: SeenStore) -> None:
    index = SeenIndex(store)
    index.mark("ns", [text(i) for i in range(50)])
    assert index.mark("ns", [text(i) for i in range(100, 150)]) == [None] * 50


def test_redis_keys_are_prefixed_and_expire(redis_store: RedisSeenStore) -> None:
    index = SeenIndex(redis_store, ttl_s=600)
    index.mark("ns", [text(1)])
    client = redis.Redis.from_url(REDIS_URL)
    prefix = redis_store._prefix
    keys = list(client.scan_iter(match=f"{prefix}*"))
    assert len(keys) > 32  # a record, its 32 bands, the age index
    assert all(0 < client.ttl(k) <= 600 for k in keys)


def test_redis_namespace_is_capped_oldest_first(redis_store: RedisSeenStore) -> None:
    index = SeenIndex(redis_store, max_entries=2)
    for i in range(3):
        index.mark("ns", [text(i)], now=1000.0 + i)
    marks = index.mark("ns", [text(0), text(1), text(2)])
    assert marks[0] is None  # evicted
    assert marks[1] is not None and marks[2] is not None


def test_redis_outage_loses_marks_not_requests() -> None:
    client = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    index = SeenIndex(RedisSeenStore(client, prefix=f"copydesk-test:{uuid4().hex}:"))
    assert index.mark("ns", [text(1), text(2)]) == [None, None]


def test_disk_store_expires_entries(tmp_path: Path) -> None:
    cache = diskcache.Cache(str(tmp_path / "seen"))
    index = SeenIndex(DiskSeenStore(cache), ttl_s=60)
    index.mark("ns", [text(1)])
    expiring = [cache.get(k, expire_time=True)[1] for k in cache.iterkeys()]
    assert expiring and all(t is not None for t in expiring)
    cache.close()
