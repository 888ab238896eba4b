"""API keys (each key a tenant), per-key rate limits and CORS.

With keys configured every /v1 request needs one (`Authorization: Bearer KEY` or
`X-API-Key: KEY`). A tenant is a digest of its key, never the key itself: cached results,
/v1/results and seen namespaces live under it, so one client can neither read nor probe
another's texts.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, g, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from service.config import Settings
from service.web.errors import ProblemError
from service.web.playground import ASSET_PREFIX, PUBLIC_PATHS

__all__ = ["OPS_PATHS", "install_security", "tenant_of"]

OPS_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.yaml", "/openapi.json"})
NO_TENANT = "-"


def _is_public(path: str) -> bool:
    """The playground and docs pages and their assets: always open, they hold no data."""
    return path in PUBLIC_PATHS or path.startswith(ASSET_PREFIX)


def tenant_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _presented_key() -> str | None:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("X-API-Key") or None


def _matching_key(presented: str, keys: tuple[str, ...]) -> str | None:
    # Compare with every key, in constant time each: timing says nothing about which matched.
    found = None
    for key in keys:
        if hmac.compare_digest(presented.encode(), key.encode()):
            found = key
    return found


def install_security(app: Flask, settings: Settings) -> None:
    if settings.cors_origins:
        CORS(
            app,
            origins=list(settings.cors_origins),
            expose_headers=["X-Cache", "ETag", "X-Request-ID", "Retry-After"],
            allow_headers=[
                "Content-Type",
                "Authorization",
                "X-API-Key",
                "X-Request-ID",
                "If-None-Match",
            ],
            max_age=600,
        )

    @app.before_request
    def _authenticate() -> None:
        g.tenant = NO_TENANT
        if not settings.api_keys or request.method == "OPTIONS" or _is_public(request.path):
            return
        if request.path in OPS_PATHS and settings.open_ops_endpoints:
            return
        presented = _presented_key()
        key = _matching_key(presented, settings.api_keys) if presented else None
        if key is None:
            error = ProblemError(
                401,
                "Unauthorized",
                "Send a valid API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'.",
            )
            error.headers["WWW-Authenticate"] = 'Bearer realm="copydesk"'
            raise error
        g.tenant = tenant_of(key)

    if settings.api_keys and settings.rate_limit:
        limiter = Limiter(
            key_func=lambda: str(g.get("tenant") or get_remote_address()),
            app=app,
            default_limits=[settings.rate_limit],
            default_limits_exempt_when=lambda: (
                request.path in OPS_PATHS or _is_public(request.path)
            ),
            storage_uri=settings.redis_url or "memory://",
            storage_options={"socket_connect_timeout": 1, "socket_timeout": 1}
            if settings.redis_url
            else {},
            key_prefix=f"{settings.cache_prefix}ratelimit",
            headers_enabled=True,
            swallow_errors=True,  # a cache outage must not turn into refused requests
            in_memory_fallback_enabled=True,
        )
        app.extensions["copydesk_limiter"] = limiter
