"""Across requests: mark articles already seen in an earlier request of the same namespace.

Opt-in per request (option `seen_scope`, a namespace string). Each unique article's
signature is stored under the namespace: one record per content hash (first_seen, word
count, keywords, shingle hashes) and one bucket per LSH band listing the records in it.
A later article is "seen before" when its content hash has a record, or when a record
sharing an LSH band passes the same exact checks as within-dump folding (containment of
shingles at the threshold, names and figures agreeing). Articles are marked, never dropped.

Applied after the result cache, from the cached per-document articles: the cached result
never depends on what other requests sent. Storage is a tiny protocol (`SeenStore`) with a
Redis implementation (pipelined, prefixed keys, TTL, a per-namespace cap) and an embedded
diskcache one (expiry, the cache's byte size limit) for deployments without Redis.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import redis

from service.model import DEFAULT_NEAR_THRESHOLD, SeenBefore
from service.pipeline.dedupe import ArticleText, Signature, band_keys, fold_similarity, sign

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_TTL_S",
    "MAX_CANDIDATES",
    "DiskSeenStore",
    "RedisSeenStore",
    "SeenIndex",
    "SeenStore",
]

log = logging.getLogger(__name__)

DEFAULT_TTL_S = 7 * 86_400  # a news cycle and then some; older copies are news again
DEFAULT_MAX_ENTRIES = 200_000  # records per namespace (Redis); oldest go first
# Records read per article at most: a bucket crowded by boilerplate must not cost a request
# thousands of reads. The best candidates share the most bands, so those are read first.
MAX_CANDIDATES = 64
_NO_HASHES = np.zeros(0, np.uint64)  # a stored record is compared on its shingles only


class SeenStore(Protocol):
    """Where a SeenIndex keeps records and LSH buckets; keys are opaque strings."""

    def read(
        self, namespace: str, records: Sequence[str], buckets: Sequence[str]
    ) -> tuple[list[bytes | None], list[set[str]]]:
        """The records (None when absent) and the members of each bucket, in order."""
        ...

    def write(
        self,
        namespace: str,
        records: Mapping[str, bytes],
        buckets: Mapping[str, Sequence[str]],
        ttl_s: int,
        max_entries: int,
    ) -> None:
        """Store the records, add their names to the buckets; all expire after ttl_s."""
        ...


class SeenIndex:
    """Marks articles seen in earlier requests of a namespace, then remembers the new ones."""

    def __init__(
        self,
        store: SeenStore,
        ttl_s: int = DEFAULT_TTL_S,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self._store = store
        self._ttl_s = ttl_s
        self._max_entries = max_entries

    def mark(
        self,
        namespace: str,
        articles: Sequence[ArticleText],
        mode: str = "near",
        near_threshold: float = DEFAULT_NEAR_THRESHOLD,
        now: float | None = None,
        source: str | None = None,
    ) -> list[SeenBefore | None]:
        """For each article, where it was first seen (None: new); then store the new ones.

        `mode` is the request's dedupe mode: "exact" matches content hashes only, "off"
        still records and matches content hashes (seen_scope asked for it explicitly).
        Articles of this request never mark each other: dedupe has folded those already.
        `source` is the content hash of the request, reported to later requests as
        `content_hash`, so they can fetch that earlier result (absent: the article's own key).
        """
        now = time.time() if now is None else now
        ns = _namespace_key(namespace)
        signatures = [sign(a.body, a.title) for a in articles]
        near = mode == "near"
        bands = [band_keys(s) if near and len(s.shingles) else () for s in signatures]
        flat_bands = [b for bs in bands for b in bs]
        records, members = self._store.read(ns, [s.key for s in signatures], flat_bands)
        seen: list[SeenBefore | None] = [None] * len(signatures)
        wanted: list[list[str]] = []
        pos = 0
        for i in range(len(signatures)):
            exact = records[i]
            votes: dict[str, int] = {}
            for bucket in members[pos : pos + len(bands[i])]:
                for name in bucket:
                    votes[name] = votes.get(name, 0) + 1
            pos += len(bands[i])
            if exact is not None:
                seen[i] = _seen_from(exact)
                wanted.append([])
            else:
                best = sorted(votes, key=lambda n: (-votes[n], n))[:MAX_CANDIDATES]
                wanted.append(best)
        names = sorted({n for w in wanted for n in w})
        if names:
            found, _ = self._store.read(ns, names, [])
            by_name = {n: r for n, r in zip(names, found, strict=True) if r is not None}
            for i, signature in enumerate(signatures):
                seen[i] = seen[i] or _best_near(signature, wanted[i], by_name, near_threshold)
        new_records: dict[str, bytes] = {}
        new_buckets: dict[str, list[str]] = {}
        for i, signature in enumerate(signatures):
            if seen[i] is not None or signature.key in new_records:
                continue
            new_records[signature.key] = _encode(signature, now, source)
            for band in band_keys(signature) if len(signature.shingles) else ():
                new_buckets.setdefault(band, []).append(signature.key)
        if new_records:
            self._store.write(ns, new_records, new_buckets, self._ttl_s, self._max_entries)
        return seen


def _namespace_key(namespace: str) -> str:
    # hashed: any string is a safe, fixed-length key part, and namespaces cannot collide
    return hashlib.sha256(namespace.encode()).hexdigest()[:24]


def _encode(signature: Signature, now: float, source: str | None = None) -> bytes:
    record = {
        "h": signature.key,
        "c": source or signature.key,
        "t": now,
        "w": signature.words,
        "k": dict(signature.keywords),
        "tw": sorted(signature.title_words),
        "s": base64.b64encode(signature.shingles.astype("<u4").tobytes()).decode(),
    }
    return json.dumps(record, separators=(",", ":")).encode()


def _decode(raw: bytes) -> tuple[SeenBefore, Signature]:
    record: dict[str, Any] = json.loads(raw)
    shingles = np.frombuffer(base64.b64decode(record["s"]), dtype="<u4").astype(np.uint32)
    signature = Signature(
        record["h"],
        record["w"],
        shingles,
        _NO_HASHES,
        _NO_HASHES,
        (),
        record["k"],
        frozenset(record.get("tw", ())),
    )
    seen = SeenBefore(first_seen=record["t"], content_hash=record.get("c", record["h"]))
    return seen, signature


def _seen_from(raw: bytes) -> SeenBefore:
    return _decode(raw)[0]


def _best_near(
    signature: Signature, names: Sequence[str], records: Mapping[str, bytes], threshold: float
) -> SeenBefore | None:
    best: tuple[float, float, SeenBefore] | None = None
    for name in names:
        raw = records.get(name)
        if raw is None:
            continue  # expired or evicted since its bucket was written
        seen, stored = _decode(raw)
        sim = fold_similarity(signature, stored, threshold)
        # the most similar wins; on a tie the first seen
        if sim is not None and (best is None or (sim, -seen.first_seen) > best[:2]):
            best = (sim, -seen.first_seen, seen)
    return best[2] if best else None


class RedisSeenStore:
    """Records as strings, buckets as sets, a sorted set of records by age for the cap."""

    def __init__(self, client: Any, prefix: str = "copydesk:") -> None:
        self._redis = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, prefix: str = "copydesk:") -> RedisSeenStore:
        return cls(redis.Redis.from_url(url), prefix)

    def ping(self) -> bool:
        return bool(self._redis.ping())

    def _key(self, namespace: str, kind: str, name: str) -> str:
        return f"{self._prefix}seen:{namespace}:{kind}:{name}"

    def read(
        self, namespace: str, records: Sequence[str], buckets: Sequence[str]
    ) -> tuple[list[bytes | None], list[set[str]]]:
        pipe = self._redis.pipeline(transaction=False)
        for name in records:
            pipe.get(self._key(namespace, "r", name))
        for band in buckets:
            pipe.smembers(self._key(namespace, "b", band))
        try:
            out = pipe.execute()
        except redis.RedisError:
            # losing Redis loses the marks, never the request
            log.warning("seen store unavailable; articles are not marked", exc_info=True)
            return [None] * len(records), [set() for _ in buckets]
        found = out[: len(records)]
        members = [{m.decode() for m in s} for s in out[len(records) :]]
        return found, members

    def write(
        self,
        namespace: str,
        records: Mapping[str, bytes],
        buckets: Mapping[str, Sequence[str]],
        ttl_s: int,
        max_entries: int,
    ) -> None:
        order = self._key(namespace, "order", "")
        pipe = self._redis.pipeline(transaction=False)
        now = time.time()
        for name, raw in records.items():
            pipe.set(self._key(namespace, "r", name), raw, ex=ttl_s)
        if records:
            pipe.zadd(order, dict.fromkeys(records, now))
            pipe.expire(order, ttl_s)
        for band, names in buckets.items():
            key = self._key(namespace, "b", band)
            pipe.sadd(key, *names)
            pipe.expire(key, ttl_s)
        pipe.zcard(order)
        try:
            size = pipe.execute()[-1]
            if size > max_entries:
                # cap: the oldest records go; their bucket entries dangle until the TTL and
                # read as absent meanwhile
                oldest = self._redis.zpopmin(order, size - max_entries)
                if oldest:
                    self._redis.delete(*(self._key(namespace, "r", n.decode()) for n, _ in oldest))
        except redis.RedisError:
            log.warning("seen store unavailable; articles are not remembered", exc_info=True)

    def delete_prefix(self) -> int:
        """Remove every key under this store's prefix (tests use a unique prefix)."""
        keys = list(self._redis.scan_iter(match=f"{self._prefix}*", count=1000))
        if keys:
            self._redis.delete(*keys)
        return len(keys)


class DiskSeenStore:
    """The embedded store: a diskcache.Cache shared by every worker; entries expire."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    @classmethod
    def open(cls, directory: str, size_limit: int = 256 * 2**20) -> DiskSeenStore:
        import diskcache

        # the byte limit bounds the store; diskcache evicts the least recently stored
        return cls(diskcache.Cache(directory, size_limit=size_limit))

    def read(
        self, namespace: str, records: Sequence[str], buckets: Sequence[str]
    ) -> tuple[list[bytes | None], list[set[str]]]:
        found = [self._cache.get(f"seen:{namespace}:r:{name}") for name in records]
        members = [set(self._cache.get(f"seen:{namespace}:b:{b}", ())) for b in buckets]
        return found, members

    def write(
        self,
        namespace: str,
        records: Mapping[str, bytes],
        buckets: Mapping[str, Sequence[str]],
        ttl_s: int,
        max_entries: int,
    ) -> None:
        with self._cache.transact():  # buckets are read-modify-write across workers
            for name, raw in records.items():
                self._cache.set(f"seen:{namespace}:r:{name}", raw, expire=ttl_s)
            for band, names in buckets.items():
                key = f"seen:{namespace}:b:{band}"
                current = list(self._cache.get(key, ()))
                # a bucket keeps its newest max_entries names at most
                merged = (current + [n for n in names if n not in current])[-max_entries:]
                self._cache.set(key, merged, expire=ttl_s)
