"""Settings: the only reader of os.environ. Each variable has a row in README.md."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
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
    cache_prefix: str = "copydesk:"  # Redis key prefix, to share one Redis between deployments
    cache_dir: str = ""  # embedded cache folder; "" → a per-user folder in the temp dir
    cache_ttl_s: int = 86_400
    cache_max_bytes: int = 1 << 30
    near_cache_bytes: int = 32 * 2**20  # per-process LRU of hot results in front of the cache
    near_cache_ttl_s: float = 60.0
    cache_required: bool = False  # true: /readyz is 503 while the cache is down
    redis_socket_timeout_s: float = 0.5
    cache_retry_after_s: float = 1.0  # after a cache error, skip the cache this long
    max_body_bytes: int = 2 * 2**20
    max_batch_documents: int = 1_000
    max_batch_bytes: int = 32 * 2**20
    request_timeout_s: float = 60.0
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            redis_url=env.get("REDIS_URL") or None,
            cache_prefix=env.get("CACHE_PREFIX", cls.cache_prefix),
            cache_dir=env.get("CACHE_DIR", ""),
            cache_ttl_s=_int(env, "CACHE_TTL_S", cls.cache_ttl_s),
            cache_max_bytes=_int(env, "CACHE_MAX_BYTES", cls.cache_max_bytes),
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
            log_level=env.get("LOG_LEVEL", cls.log_level).upper(),
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


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if not value > 0:
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
