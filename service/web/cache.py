"""The result cache: an adapter over Redis or an embedded on-disk store.

Losing the cache slows us, never fails a request: every backend error becomes
CacheUnavailable, which the caller answers with `X-Cache: BYPASS`, and a breaker keeps
requests from waiting on a dead server until a short retry interval has passed.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
import uuid
from typing import Protocol

import diskcache
import redis
from redis.cluster import RedisCluster

from service.config import Settings
from service.model import Options

__all__ = [
    "Cache",
    "CacheUnavailable",
    "EmbeddedCache",
    "RedisCache",
    "cache_key",
    "content_hash",
    "content_hash_of_bytes",
    "make_cache",
]

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "copydesk:"


class CacheUnavailable(Exception):
    """The cache backend did not answer; the request goes on uncached."""


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, value: bytes, ttl_s: int) -> None: ...
    def acquire(self, key: str, ttl_s: float) -> str | None: ...
    def release(self, key: str, token: str) -> None: ...
    def ping(self) -> bool: ...


def content_hash(text: str) -> str:
    # The exact text, not a normalised one: every offset in the result refers to it.
    return content_hash_of_bytes(text.encode("utf-8", "surrogatepass"))


def content_hash_of_bytes(utf8: bytes) -> str:
    """content_hash() of the text whose UTF-8 encoding these bytes are."""
    return "sha256:" + hashlib.sha256(utf8).hexdigest()


def cache_key(pipeline_version: str, text_hash: str, options: Options, tenant: str) -> str:
    # Rebuildable from the hash and the options alone, so GET /v1/results finds it; the
    # tenant keeps one API key's texts out of reach of another's.
    return f"result:{tenant}:{pipeline_version}:{text_hash}:{options.fingerprint()}"


class _Breaker:
    """After a backend error, skip the backend for `retry_after_s`, then try again."""

    def __init__(self, retry_after_s: float) -> None:
        self._retry_after_s = retry_after_s
        self._open_until = 0.0

    def check(self) -> None:
        if time.monotonic() < self._open_until:
            raise CacheUnavailable("cache skipped after a recent error")

    def trip(self, error: Exception) -> CacheUnavailable:
        if time.monotonic() >= self._open_until:
            log.warning("cache unavailable: %s", error)
        self._open_until = time.monotonic() + self._retry_after_s
        return CacheUnavailable(str(error))


class RedisCache:
    """Redis with short socket timeouts; any Redis error is CacheUnavailable."""

    def __init__(
        self, client: redis.Redis, prefix: str = DEFAULT_PREFIX, retry_after_s: float = 1.0
    ) -> None:
        self._client = client
        self.prefix = prefix  # every key we write starts with it
        self._breaker = _Breaker(retry_after_s)

    @classmethod
    def from_url(
        cls,
        url: str,
        prefix: str = DEFAULT_PREFIX,
        timeout_s: float = 0.5,
        retry_after_s: float = 1.0,
        cluster: bool = False,
    ) -> RedisCache:
        # rediss:// URLs give TLS; a cluster client finds the other nodes from this one
        client: redis.Redis
        if cluster:
            client = RedisCluster.from_url(  # type: ignore[assignment]
                url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
            )
        else:
            client = redis.Redis.from_url(
                url,
                socket_timeout=timeout_s,
                socket_connect_timeout=timeout_s,
                health_check_interval=30,
            )
        return cls(client, prefix, retry_after_s)

    @property
    def client(self) -> redis.Redis:
        return self._client

    def _call(self, method: str, *args: object, **kwargs: object) -> object:
        self._breaker.check()
        try:
            return getattr(self._client, method)(*args, **kwargs)
        except redis.RedisError as error:
            raise self._breaker.trip(error) from error

    def get(self, key: str) -> bytes | None:
        value = self._call("get", self.prefix + key)
        return value if isinstance(value, bytes) else None

    def put(self, key: str, value: bytes, ttl_s: int) -> None:
        self._call("set", self.prefix + key, value, ex=ttl_s)

    def acquire(self, key: str, ttl_s: float) -> str | None:
        token = uuid.uuid4().hex
        lock = f"{self.prefix}{key}:lock"
        ok = self._call("set", lock, token, nx=True, px=max(1, int(ttl_s * 1000)))
        return token if ok else None

    def release(self, key: str, token: str) -> None:
        # Delete only our own lock: it may have expired and been taken by another request.
        self._call("eval", _RELEASE_LUA, 1, f"{self.prefix}{key}:lock", token)

    def delete_prefix(self) -> int:
        """Delete every key under our prefix (tests, and an operator's flush)."""
        deleted = 0
        for key in self._client.scan_iter(match=f"{self.prefix}*", count=500):
            deleted += int(self._client.delete(key))
        return deleted

    def ping(self) -> bool:
        try:
            self._client.ping()
        except redis.RedisError:
            return False
        return True


_RELEASE_LUA = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


class EmbeddedCache:
    """A size-bounded SQLite-backed store on local disk, shared by every worker process."""

    def __init__(self, directory: str, max_bytes: int = 1 << 30) -> None:
        self._store = diskcache.Cache(
            directory,
            size_limit=max_bytes,
            eviction_policy="least-recently-stored",
            # diskcache's defaults map 64 MB of the database into every process and keep a
            # 32 MB page cache per thread's connection: a served worker's RSS grew with the
            # database. The kernel's page cache keeps the hot pages anyway, outside RSS.
            sqlite_mmap_size=0,
            sqlite_cache_size=1 << 8,  # pages: 1 MB per thread's connection
        )
        self._breaker = _Breaker(1.0)

    @property
    def directory(self) -> str:
        return str(self._store.directory)

    def _call(self, method: str, *args: object, **kwargs: object) -> object:
        self._breaker.check()
        try:
            return getattr(self._store, method)(*args, **kwargs)
        except (OSError, sqlite3.Error, diskcache.Timeout) as error:
            raise self._breaker.trip(error) from error

    def get(self, key: str) -> bytes | None:
        value = self._call("get", key)
        return value if isinstance(value, bytes) else None

    def put(self, key: str, value: bytes, ttl_s: int) -> None:
        self._call("set", key, value, expire=ttl_s)

    def acquire(self, key: str, ttl_s: float) -> str | None:
        token = uuid.uuid4().hex
        return token if self._call("add", f"{key}:lock", token, expire=ttl_s) else None

    def release(self, key: str, token: str) -> None:
        lock = f"{key}:lock"
        with diskcache.Lock(self._store, f"{lock}:guard", expire=5):
            if self._call("get", lock) == token:
                self._call("delete", lock)

    def ping(self) -> bool:
        try:
            self._store.get("ping")
        except (OSError, sqlite3.Error, diskcache.Timeout):
            return False
        return True

    def close(self) -> None:
        self._store.close()


def make_cache(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache.from_url(
            settings.redis_url,
            settings.cache_prefix,
            settings.redis_socket_timeout_s,
            settings.cache_retry_after_s,
            settings.redis_cluster,
        )
    return EmbeddedCache(settings.embedded_cache_dir, settings.cache_max_bytes)
