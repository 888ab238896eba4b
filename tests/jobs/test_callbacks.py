"""Completion callbacks: signed, only to allowed hosts, never to a private address by chance."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from flask.testing import FlaskClient

from service.config import Settings
from service.jobs.callbacks import CallbackRefused, post_signed


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    answers: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = type(self).answers.pop(0) if type(self).answers else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[_Receiver]]]:
    handler = type("Receiver", (_Receiver,), {"received": [], "answers": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook?x=1", handler
    server.shutdown()
    server.server_close()


def _verify(headers: dict[str, str], body: bytes, secret: str) -> None:
    fields = dict(part.split("=", 1) for part in headers["Copydesk-Signature"].split(","))
    expected = hmac.new(secret.encode(), fields["t"].encode() + b"." + body, hashlib.sha256)
    assert hmac.compare_digest(fields["v1"], expected.hexdigest())


def test_a_finished_job_posts_its_signed_status(
    jobs_client: FlaskClient,
    run_worker: Callable[[], None],
    receiver: tuple[str, type[_Receiver]],
) -> None:
    url, handler = receiver
    response = jobs_client.post(
        "/v1/jobs",
        query_string={"callback_url": url},
        data=b'{"id": "x", "text": "Rain in Wales\\n\\nIt rained in Cardiff on Monday."}\n',
        content_type="application/x-ndjson",
    )
    assert response.status_code == 202, response.json
    run_worker()
    ((headers, body),) = handler.received
    _verify(headers, body, "test-secret")
    sent = json.loads(body)
    assert sent["id"] == response.json["id"] == headers["Copydesk-Job"]
    assert sent["status"] == "done" and sent["documents"]["done"] == 1


def test_a_refused_or_failed_delivery_raises_so_rq_retries_it(
    receiver: tuple[str, type[_Receiver]],
) -> None:
    url, handler = receiver
    settings = Settings(callback_secret="s", callback_allow_hosts=("127.0.0.1",))
    handler.answers = [500, 302]
    for _ in range(2):
        with pytest.raises(ConnectionError):
            post_signed(url, b"{}", "job_x", settings)
    assert post_signed(url, b"{}", "job_x", settings) == 204
    assert len(handler.received) == 3


def test_private_addresses_need_their_exact_name_listed(
    receiver: tuple[str, type[_Receiver]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler = receiver
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_dns(host: str, *args: Any, **kwargs: Any) -> Any:
        # a listed domain whose name now points at this machine (DNS rebinding)
        return real_getaddrinfo(
            "127.0.0.1" if host.endswith(".example.com") else host, *args, **kwargs
        )

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    by_suffix = Settings(callback_secret="s", callback_allow_hosts=(".example.com",))
    with pytest.raises(CallbackRefused, match="private"):
        post_signed(url.replace("127.0.0.1", "hooks.example.com"), b"{}", "job_x", by_suffix)
    not_listed = Settings(callback_secret="s", callback_allow_hosts=("example.com",))
    with pytest.raises(CallbackRefused, match="not on CALLBACK_ALLOW_HOSTS"):
        post_signed(url, b"{}", "job_x", not_listed)
    no_secret = Settings(callback_allow_hosts=("127.0.0.1",))
    with pytest.raises(CallbackRefused, match="CALLBACK_SECRET"):
        post_signed(url, b"{}", "job_x", no_secret)
    assert handler.received == []
