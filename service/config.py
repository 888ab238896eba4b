"""Settings: the only reader of os.environ. Each variable has a row in README.md."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from service.errors import CopydeskError

__all__ = ["ConfigError", "Settings"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(CopydeskError):
    """An environment variable holds a value we cannot use."""


def _default_cache_dir() -> str:
    # One path per machine user, so every gunicorn worker of a server shares it.
    return str(Path(tempfile.gettempdir()) / f"copydesk-cache-{os.getuid()}")


@dataclass(frozen=True)
class Settings:
    redis_url: str | None = None  # None: the embedded on-disk cache, no Redis needed
    redis_cluster: bool = False  # REDIS_URL names a node of a Redis Cluster
    cache_prefix: str = "copydesk:"  # Redis key prefix, to share one Redis between deployments
    cache_dir: str = ""  # embedded cache folder; "" → a per-user folder in the temp dir
    cache_ttl_s: int = 86_400
    cache_max_bytes: int = 1 << 30
    seen_ttl_s: int = 7 * 86_400  # how long a seen_scope remembers an article
    seen_max_entries: int = 200_000  # articles remembered per seen_scope (Redis), oldest out
    # per-process LRU of hot results in front of the cache; it fills within the first few
    # hundred misses and stays full, so it is part of every worker's steady RSS
    near_cache_bytes: int = 8 * 2**20
    near_cache_ttl_s: float = 60.0
    cache_required: bool = False  # true: /readyz is 503 while the cache is down
    redis_socket_timeout_s: float = 0.5
    cache_retry_after_s: float = 1.0  # after a cache error, skip the cache this long
    max_body_bytes: int = 2 * 2**20
    max_batch_documents: int = 1_000
    max_batch_bytes: int = 32 * 2**20
    request_timeout_s: float = 60.0
    max_lines: int = 1_048_576  # still takes a dump of 1M tiny lines
    max_line_chars: int = 2 * 2**20  # still takes a 1 MB single line
    api_keys: tuple[str, ...] = field(default=(), repr=False)  # empty: no authentication
    open_ops_endpoints: bool = True  # /healthz, /readyz, /metrics, /openapi.yaml without a key
    rate_limit: str = "600/minute"  # per API key, when keys are on
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call the API
    compress_min_bytes: int = 16_384  # gzip responses at least this large when asked to
    drain_s: float = 2.0  # after SIGTERM: serve on with /readyz at 503 this long, then stop
    nlp_model: str | None = None  # a spaCy package name or model folder; None: the shipped one
    log_level: str = "INFO"
    # asynchronous jobs (service/jobs): RQ on a queue Redis that must not evict
    queue_redis_url: str | None = None  # None: REDIS_URL; neither: the jobs API answers 503
    job_queue: str = "copydesk-jobs"
    max_job_bytes: int = 256 * 2**20
    job_ttl_s: int = 2 * 86_400
    job_chunk_documents: int = 100
    job_chunk_bytes: int = 2**20
    job_chunk_timeout_s: int = 900
    job_retries: int = 3
    callback_secret: str | None = field(default=None, repr=False)
    callback_allow_hosts: tuple[str, ...] = ()
    worker_maintenance_s: int = 60

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            redis_url=env.get("REDIS_URL") or None,
            redis_cluster=_bool(env, "REDIS_CLUSTER", cls.redis_cluster),
            cache_prefix=env.get("CACHE_PREFIX", cls.cache_prefix),
            cache_dir=env.get("CACHE_DIR", ""),
            cache_ttl_s=_int(env, "CACHE_TTL_S", cls.cache_ttl_s),
            cache_max_bytes=_int(env, "CACHE_MAX_BYTES", cls.cache_max_bytes),
            seen_ttl_s=_int(env, "SEEN_TTL_S", cls.seen_ttl_s),
            seen_max_entries=_int(env, "SEEN_MAX_ENTRIES", cls.seen_max_entries),
            near_cache_bytes=_int(env, "NEAR_CACHE_BYTES", cls.near_cache_bytes),
            near_cache_ttl_s=_float(env, "NEAR_CACHE_TTL_S", cls.near_cache_ttl_s),
            cache_required=_bool(env, "CACHE_REQUIRED", cls.cache_required),
            redis_socket_timeout_s=_float(
                env, "REDIS_SOCKET_TIMEOUT_S", cls.redis_socket_timeout_s
            ),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", cls.max_body_bytes),
            max_batch_documents=_int(env, "MAX_BATCH_DOCUMENTS", cls.max_batch_documents),
            max_batch_bytes=_int(env, "MAX_BATCH_BYTES", cls.max_batch_bytes),
            request_timeout_s=_float(env, "REQUEST_TIMEOUT_S", cls.request_timeout_s),
            max_lines=_int(env, "MAX_LINES", cls.max_lines),
            max_line_chars=_int(env, "MAX_LINE_CHARS", cls.max_line_chars),
            api_keys=_api_keys(env),
            open_ops_endpoints=_bool(env, "OPEN_OPS_ENDPOINTS", cls.open_ops_endpoints),
            rate_limit=env.get("RATE_LIMIT", cls.rate_limit).strip(),
            cors_origins=_list(env.get("CORS_ORIGINS", "")),
            compress_min_bytes=_int(env, "COMPRESS_MIN_BYTES", cls.compress_min_bytes),
            drain_s=_float(env, "DRAIN_S", cls.drain_s, allow_zero=True),
            nlp_model=env.get("NLP_MODEL") or None,
            log_level=env.get("LOG_LEVEL", cls.log_level).upper(),
            queue_redis_url=env.get("QUEUE_REDIS_URL") or env.get("REDIS_URL") or None,
            job_queue=env.get("JOB_QUEUE", cls.job_queue).strip() or cls.job_queue,
            max_job_bytes=_int(env, "MAX_JOB_BYTES", cls.max_job_bytes),
            job_ttl_s=_int(env, "JOB_TTL_S", cls.job_ttl_s),
            job_chunk_documents=_int(env, "JOB_CHUNK_DOCUMENTS", cls.job_chunk_documents),
            job_chunk_bytes=_int(env, "JOB_CHUNK_BYTES", cls.job_chunk_bytes),
            job_chunk_timeout_s=_int(env, "JOB_CHUNK_TIMEOUT_S", cls.job_chunk_timeout_s),
            job_retries=_int(env, "JOB_RETRIES", cls.job_retries),
            callback_secret=env.get("CALLBACK_SECRET") or None,
            callback_allow_hosts=_list(env.get("CALLBACK_ALLOW_HOSTS", "")),
            worker_maintenance_s=_int(env, "WORKER_MAINTENANCE_S", cls.worker_maintenance_s),
        )

    @property
    def embedded_cache_dir(self) -> str:
        return self.cache_dir or _default_cache_dir()


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, not {raw!r}")
    return value


def _list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _api_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    """Keys from API_KEYS (a comma list) and API_KEYS_FILE (one a line, # comments)."""
    keys = list(_list(env.get("API_KEYS", "")))
    path = env.get("API_KEYS_FILE")
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ConfigError(f"API_KEYS_FILE cannot be read: {error}") from None
        keys += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(dict.fromkeys(keys))


def _float(env: Mapping[str, str], name: str, default: float, allow_zero: bool = False) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if not (value > 0 or (allow_zero and value == 0)):
        raise ConfigError(f"{name} must be positive, not {raw!r}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")
