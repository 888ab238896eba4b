"""Signed completion callbacks, only to allowed hosts, never to a private address by chance.

The signature is Stripe's scheme: `Copydesk-Signature: t=<unix>,v1=<hex>` where hex is
HMAC-SHA256 over `"<t>." + body` with the deployment's CALLBACK_SECRET; a receiver checks
it and refuses an old `t`. The host must be on CALLBACK_ALLOW_HOSTS; an address that is
private, loopback, link-local or reserved is refused unless the host is listed by its exact
name. The address checked is the address connected to (no second DNS answer can swap it),
and redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urlsplit

from service.config import Settings

__all__ = ["CallbackRefused", "check_callback_url", "post_signed", "signature"]

TIMEOUT_S = 10.0


class CallbackRefused(ValueError):
    """The URL may not receive callbacks; retrying will not change that."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _listed(host: str, allowed: tuple[str, ...]) -> tuple[bool, bool]:
    """(allowed at all, listed by its exact name)."""
    host = host.lower().rstrip(".")
    exact = any(host == entry.lower().rstrip(".") for entry in allowed if not entry.startswith("."))
    suffix = any(host.endswith(entry.lower()) for entry in allowed if entry.startswith("."))
    return exact or suffix, exact


def check_callback_url(url: str, settings: Settings) -> str:
    """The URL, if it may receive callbacks; CallbackRefused saying why not."""
    if not settings.callback_secret:
        raise CallbackRefused("callbacks are off here: the deployment has no CALLBACK_SECRET")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise CallbackRefused("callback_url must be an absolute http or https URL")
    if parts.username or parts.password:
        raise CallbackRefused("callback_url may not carry credentials")
    allowed, _ = _listed(parts.hostname, settings.callback_allow_hosts)
    if not allowed:
        raise CallbackRefused(f"{parts.hostname} is not on CALLBACK_ALLOW_HOSTS")
    return url


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _vetted_address(host: str, port: int, exact: bool) -> str:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if exact or _public(address):
            return address
    raise CallbackRefused(f"{host} resolves only to private or reserved addresses")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_S)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), TIMEOUT_S)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_S, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), TIMEOUT_S)
        # the certificate is checked against the host name, not the pinned address
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def post_signed(url: str, body: bytes, job_id: str, settings: Settings) -> int:
    """POST the body; its status on a 2xx answer, an exception otherwise (RQ retries it)."""
    check_callback_url(url, settings)
    assert settings.callback_secret is not None
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _, exact = _listed(host, settings.callback_allow_hosts)
    address = _vetted_address(host, port, exact)
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, address)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "copydesk-callback/1",
        "Copydesk-Job": job_id,
        "Copydesk-Signature": signature(settings.callback_secret, int(time.time()), body),
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
    finally:
        connection.close()
    if not 200 <= response.status < 300:  # a redirect counts as a failure: never followed
        raise ConnectionError(f"the callback answered {response.status}")
    return int(response.status)
