"""Cache-or-run for one document: the part of a request that is neither HTTP nor schema.

A result is cached as compressed JSON bytes without the client's `id`; on the way out the
id is spliced in front, so a hit never re-runs the pipeline nor re-serialises the result.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import zstandard
from marshmallow import ValidationError

from service.config import Settings
from service.errors import DeadlineExceeded
from service.model import Options
from service.pipeline import pipeline_version, run
from service.pipeline.normalise import LINE_BREAK
from service.seen import DiskSeenStore, RedisSeenStore, SeenIndex, SeenStore
from service.web import metrics
from service.web.after_cache import apply_seen_json, dumps
from service.web.cache import (
    Cache,
    CacheUnavailable,
    RedisCache,
    cache_key,
    content_hash,
    content_hash_of_bytes,
)
from service.web.encoding import GzipBody, gzip_payload, gzip_with_id, id_prefix
from service.web.errors import ProblemError
from service.web.schemas import dump_result

__all__ = [
    "NearCache",
    "Outcome",
    "Processor",
    "check_text",
    "decode_body",
    "gzip_etag",
    "make_etag",
    "render",
    "render_uncached",
    "splice_id",
]

# How often a request waiting for an identical one polls the cache.
WAIT_POLL_S = 0.02
# The compute lock is short: if its holder dies (a killed worker), the waiters take over
# soon; a computation that outlives it merely risks being done twice.
COMPUTE_LOCK_S = 10.0
# zstd rather than zlib: a cache hit decompresses every time, and zstd does it ~5x faster.
COMPRESSION_LEVEL = 3


def compress(payload: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compress(payload)


def decompress(stored: bytes) -> bytes:
    # the frame records its size, so this is one allocation and one pass
    return zstandard.ZstdDecompressor().decompress(stored)


@dataclass(frozen=True, slots=True)
class Outcome:
    body: bytes  # the response JSON, client id included (gzipped if content_encoding says)
    cache_status: str  # HIT, MISS or BYPASS
    etag: str
    content_hash: str
    content_encoding: str | None = None  # "gzip", or None for the JSON as it is


def decode_body(data: bytes, encoding: str = "utf-8") -> str:
    """The text a body holds in `encoding` (a codec's name); 400 when it cannot be decoded."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ProblemError(
            400,
            "Undecodable text",
            f"The body is not valid {encoding}: byte {error.start} cannot be decoded.",
        ) from None


def check_text(text: str | None, settings: Settings, utf8: bytes | None = None) -> bytes:
    """The text's UTF-8 bytes; refuse text no result can be made of (422), or over the
    line limits (413). `utf8`, when the caller has it already, spares an encoding; with
    `text` None the bytes are a body not decoded yet (400 here if a check must decode)."""
    if utf8 is None:
        assert text is not None
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError({"text": ["Contains unpaired surrogate code points."]}) from None
    # a text has at most one line more than it has bytes: most never need counting (the
    # three counts cost a cache hit of a 16 kB dump a tenth of its time)
    lines = 1
    if len(utf8) >= settings.max_lines:
        # \r and \n are single bytes in UTF-8
        lines = utf8.count(b"\n") + utf8.count(b"\r") - utf8.count(b"\r\n") + 1
    if lines > settings.max_lines:
        raise ProblemError(
            413, "Too many lines", f"The text has {lines} lines; the limit is {settings.max_lines}."
        )
    # a text has at most as many characters as its UTF-8 bytes
    if len(utf8 if text is None else text) > settings.max_line_chars:
        if text is None:
            text = decode_body(utf8)
        longest = max(map(len, LINE_BREAK.split(text)))
        if longest > settings.max_line_chars:
            raise ProblemError(
                413,
                "Line too long",
                f"A line has {longest} characters; the limit is {settings.max_line_chars}.",
            )
    return utf8


def splice_id(payload: bytes, client_id: str | None) -> bytes:
    """Put `"id": ...` first in a cached body that starts with `{` and holds no id."""
    # one copy of the payload: a slice and a concatenation made two of a hit's largest bytes
    return b"".join((id_prefix(client_id), memoryview(payload)[1:]))


def make_etag(key: str, client_id: str | None) -> str:
    digest = hashlib.sha256(key.encode())
    if client_id is not None:
        digest.update(b"\0" + client_id.encode())
    return f'"{digest.hexdigest()[:32]}"'


def gzip_etag(etag: str) -> str:
    """The gzip representation's strong ETag: `"x"` becomes `"x:gzip"`, as flask-compress
    names those it compresses, so both encodings' validators stay distinct and alike."""
    return f'{etag[:-1]}:gzip"'


@dataclass(slots=True)
class _NearEntry:
    expires: float
    payload: bytes
    gzipped: GzipBody | None = None  # added by the first hit that wants gzip
    plain: bytes | None = None  # splice_id(payload, None), added by the first hit without an id

    def size(self) -> int:
        gzipped = 0 if self.gzipped is None else len(self.gzipped.member)
        plain = 0 if self.plain is None else len(self.plain)
        return len(self.payload) + gzipped + plain


class NearCache:
    """A small per-process LRU of decompressed payloads in front of the shared cache.

    The shared cache stays the source of truth (every worker and replica reads it); this
    tier only spares hot results the round trip and the decompression, and keeps each
    one's gzip form, and its body for requests without a client id, once a client has
    asked for it. Results are immutable for their key, so the only staleness is expiry:
    an entry lives at most `ttl_s`, never longer than the shared cache keeps it.
    `max_bytes` counts the payloads and both forms.
    """

    def __init__(self, max_bytes: int, ttl_s: float) -> None:
        self._max_bytes = max_bytes
        self._ttl_s = ttl_s
        self._entries: OrderedDict[str, _NearEntry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        entry = self._live(key)
        return None if entry is None else entry.payload

    def get_gzipped(self, key: str) -> GzipBody | None:
        entry = self._live(key)
        return None if entry is None else entry.gzipped

    def put(self, key: str, payload: bytes) -> None:
        if len(payload) > self._max_bytes // 4:
            return  # one huge result must not flush every hot one
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = _NearEntry(time.monotonic() + self._ttl_s, payload)
            self._bytes += len(payload)
            self._shrink()

    def get_plain(self, key: str) -> bytes | None:
        entry = self._live(key)
        return None if entry is None else entry.plain

    def put_gzipped(self, key: str, gzipped: GzipBody) -> None:
        """Keep a payload's gzip form beside it; not when the payload is not kept."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.gzipped is not None or not self._fits(entry, gzipped.member):
                return
            entry.gzipped = gzipped
            self._grown_by(gzipped.member)

    def put_plain(self, key: str, plain: bytes) -> None:
        """Keep a payload's body without a client id beside it; not when the payload is not
        kept."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.plain is not None or not self._fits(entry, plain):
                return
            entry.plain = plain
            self._grown_by(plain)

    def _fits(self, entry: _NearEntry, form: bytes) -> bool:
        # the same bound as put's, on the payload and its forms together
        return entry.size() + len(form) <= self._max_bytes // 4

    def _grown_by(self, form: bytes) -> None:
        self._bytes += len(form)
        self._shrink()

    def _live(self, key: str) -> _NearEntry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() >= entry.expires:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def _shrink(self) -> None:
        while self._bytes > self._max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._bytes -= self._entries.pop(key).size()


class Processor:
    """Runs the pipeline behind the cache, computing each (text, options) once at a time."""

    def __init__(self, settings: Settings, cache: Cache) -> None:
        self.settings = settings
        self.cache = cache
        self.seen = SeenIndex(
            make_seen_store(settings, cache), settings.seen_ttl_s, settings.seen_max_entries
        )
        self.near = NearCache(
            settings.near_cache_bytes, min(settings.near_cache_ttl_s, settings.cache_ttl_s)
        )

    def key_for(self, text_hash: str, options: Options, tenant: str) -> str:
        return cache_key(pipeline_version(), text_hash, options, tenant)

    def cached(self, text_hash: str, options: Options, tenant: str) -> bytes | None:
        """The stored payload for a hash, or None; CacheUnavailable when the cache is down."""
        key = self.key_for(text_hash, options, tenant)
        payload = self.near.get(key)
        if payload is None:
            stored = self.cache.get(key)
            if stored is None:
                return None
            payload = decompress(stored)
            self.near.put(key, payload)
        return payload

    def process(
        self,
        text: str | None,
        options: Options,
        client_id: str | None,
        tenant: str,
        utf8: bytes | None = None,
        gzip: bool = False,
    ) -> Outcome:
        """`utf8`, when given, must be the text's UTF-8 bytes (it spares an encoding).

        With `gzip` (the client prefers it), a body large enough to be compressed comes
        gzipped, deflated once per result and process rather than once per request.

        With `text` None, `utf8` is a body not decoded yet: only a miss decodes it (400 if
        it is not UTF-8). A hit never needs to: a result is stored only under the hash of
        a text's UTF-8 encoding (check_text refuses lone surrogates before any is computed),
        so bytes that find one decode (decoding the 16 kB seed was ~3% of its hit).
        """
        assert text is not None or utf8 is not None
        deadline = time.monotonic() + self.settings.request_timeout_s
        if utf8 is not None:
            text_hash = content_hash_of_bytes(utf8)
        else:
            assert text is not None
            text_hash = content_hash(text)
        key = self.key_for(text_hash, options, tenant)
        payload, status = self._cached_or_computed(text, utf8, text_hash, options, key, deadline)
        return self._outcome(payload, status, key, text_hash, options, client_id, tenant, gzip)

    def near_hit(self, utf8: bytes, options: Options, tenant: str, gzip: bool) -> Outcome | None:
        """process(None, options, None, tenant, utf8, gzip) when this process's near cache
        holds the result, else None (and nothing counted): the look-up that needs neither
        the shared cache nor a lock, for callers that answer such hits before any framework
        work (see hit_path)."""
        text_hash = content_hash_of_bytes(utf8)
        key = self.key_for(text_hash, options, tenant)
        payload = self.near.get(key)
        if payload is None:
            return None
        metrics.count_cache_event("hit")
        return self._outcome(payload, "HIT", key, text_hash, options, None, tenant, gzip)

    def _outcome(
        self,
        payload: bytes,
        status: str,
        key: str,
        text_hash: str,
        options: Options,
        client_id: str | None,
        tenant: str,
        gzip: bool,
    ) -> Outcome:
        etag = make_etag(key, client_id)
        # seen marks make each body its own: those are left to flask-compress, per request
        if not options.seen_scope and self.sends_gzip(payload, gzip):
            body = gzip_with_id(self.gzipped(key, payload), payload, client_id)
            return Outcome(body, status, gzip_etag(etag), text_hash, "gzip")
        body = self.plain(key, payload) if client_id is None else splice_id(payload, client_id)
        if options.seen_scope:
            body = self.mark_seen(body, options, tenant)
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        return Outcome(body, status, etag, text_hash)

    def sends_gzip(self, payload: bytes, client_prefers_gzip: bool) -> bool:
        """Whether a cached result goes out in its gzip form: the client prefers gzip and
        the body is at least COMPRESS_MIN_BYTES, the bound flask-compress keeps elsewhere."""
        return client_prefers_gzip and len(payload) >= self.settings.compress_min_bytes

    def gzipped(self, key: str, payload: bytes) -> GzipBody:
        """The payload's gzip form: kept in the near cache, deflated only when it is not."""
        gzipped = self.near.get_gzipped(key)
        if gzipped is None:
            gzipped = gzip_payload(payload)
            self.near.put_gzipped(key, gzipped)
        return gzipped

    def plain(self, key: str, payload: bytes) -> bytes:
        """splice_id(payload, None), kept in the near cache: a hit sends it as it is, where
        splicing copied the whole payload into a new body every time (about 5 us of a hit
        of the seed's 73 kB result)."""
        plain = self.near.get_plain(key)
        if plain is None:
            plain = splice_id(payload, None)
            self.near.put_plain(key, plain)
        return plain

    def mark_seen(self, body: bytes, options: Options, tenant: str) -> bytes:
        """Mark articles seen in earlier requests of the scope (a tenant's own namespace)."""
        assert options.seen_scope is not None
        namespace = f"{tenant}:{options.seen_scope}"
        return dumps(apply_seen_json(json.loads(body), self.seen, namespace, options))

    def _cached_or_computed(
        self,
        text: str | None,
        utf8: bytes | None,
        text_hash: str,
        options: Options,
        key: str,
        deadline: float,
    ) -> tuple[bytes, str]:
        hot = self.near.get(key)
        if hot is not None:
            metrics.count_cache_event("hit")
            return hot, "HIT"
        try:
            stored = self.cache.get(key)
            if stored is not None:
                metrics.count_cache_event("hit")
                payload = decompress(stored)
                self.near.put(key, payload)
                return payload, "HIT"
            token = self.cache.acquire(key, COMPUTE_LOCK_S)
            while token is None:  # an identical request is computing: wait for its result
                if time.monotonic() >= deadline:
                    raise DeadlineExceeded("waiting for an identical request to finish")
                time.sleep(WAIT_POLL_S)
                stored = self.cache.get(key)
                if stored is not None:
                    metrics.count_cache_event("hit")
                    return decompress(stored), "HIT"
                # the other request failed or died without storing: its lock is gone
                token = self.cache.acquire(key, COMPUTE_LOCK_S)
                if token is not None:
                    # it may have stored and released between our read and our acquire
                    stored = self.cache.get(key)
                    if stored is not None:
                        with contextlib.suppress(CacheUnavailable):
                            self.cache.release(key, token)
                        metrics.count_cache_event("hit")
                        return decompress(stored), "HIT"
        except CacheUnavailable:
            metrics.count_cache_event("bypass")
            return self._compute(text, utf8, text_hash, options, deadline), "BYPASS"
        metrics.count_cache_event("miss")
        try:
            payload = self._compute(text, utf8, text_hash, options, deadline)
            self.cache.put(key, compress(payload), self.settings.cache_ttl_s)
            self.near.put(key, payload)
        except CacheUnavailable:
            metrics.count_cache_event("error")
            return payload, "BYPASS"
        finally:
            with contextlib.suppress(CacheUnavailable):  # the lock expires by itself
                self.cache.release(key, token)
        return payload, "MISS"

    def _compute(
        self,
        text: str | None,
        utf8: bytes | None,
        text_hash: str,
        options: Options,
        deadline: float,
    ) -> bytes:
        if text is None:
            assert utf8 is not None
            text = decode_body(utf8)
        return render(text, options, deadline, text_hash)


def make_seen_store(settings: Settings, cache: Cache) -> SeenStore:
    """Seen-scope records live beside the results: in Redis, or in the embedded folder."""
    if isinstance(cache, RedisCache):
        return RedisSeenStore(cache.client, settings.cache_prefix)
    return DiskSeenStore.open(str(Path(settings.embedded_cache_dir) / "seen"))


def render(
    text: str, options: Options, deadline: float | None = None, text_hash: str | None = None
) -> bytes:
    """Run the pipeline and serialise its result as the cached payload (no client id)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    result = run(text, options, deadline=deadline, timings=timings)
    elapsed_ms = (time.perf_counter() - started) * 1000
    for stage, seconds in timings.items():
        metrics.STAGE_SECONDS.labels(stage).observe(seconds)
    metrics.ARTICLES.inc(len(result.articles))
    metrics.DUPLICATES.inc(len(result.duplicates))
    version = pipeline_version()
    body = dump_result(result, text_hash or content_hash(text), version, elapsed_ms)
    return dumps(body)


def render_uncached(text: str, options: Options, client_id: str | None) -> bytes:
    """The full response body for one dump, computed here and now (the CLI's path)."""
    return splice_id(render(text, options), client_id)
