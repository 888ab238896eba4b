"""Near-cache hits answered before Flask (service/web/hit_path.py): the app's own answer,
counted as the app counts it, and every other request left to the app."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from prometheus_client import REGISTRY
from werkzeug.test import Client

from service.config import Settings
from service.web.app import create_app
from service.web.hit_path import HitShortcut
from tests.conftest import TWO_ARTICLES

PLAIN = "text/plain; charset=utf-8"
BODY = TWO_ARTICLES.encode("utf-8")
# headers that differ between any two answers: the id is new per request unless sent
PER_REQUEST = {"X-Request-ID", "Date"}


class _CountingApp:
    """The app's own WSGI callable, counting the requests that reach it."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        self.calls += 1
        return self.app(environ, start_response)


def _wired(settings: Settings) -> tuple[Flask, _CountingApp]:
    app = create_app(settings)
    shortcut = app.wsgi_app
    assert isinstance(shortcut, HitShortcut)
    counting = _CountingApp(shortcut.app)
    shortcut.app = counting
    return app, counting


@pytest.fixture
def wired(tmp_path: Path) -> tuple[Flask, _CountingApp]:
    return _wired(Settings(cache_dir=str(tmp_path / "cache"), compress_min_bytes=1_000))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Accept-Encoding": "gzip, deflate"},  # python-requests' default: the gzip form
        {"Accept-Encoding": "gzip;q=0"},
        {"X-Request-ID": "req-42"},
    ],
)
def test_a_hit_answered_before_the_app_is_the_apps_own_answer(
    wired: tuple[Flask, _CountingApp], headers: dict[str, str]
) -> None:
    app, counting = wired
    client = app.test_client()
    first = client.post("/v1/process", data=BODY, content_type=PLAIN, headers=headers)
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    assert counting.calls == 1

    shortcut = client.post("/v1/process", data=BODY, content_type=PLAIN, headers=headers)
    assert counting.calls == 1  # answered without the app
    own = Client(counting.app).post("/v1/process", data=BODY, content_type=PLAIN, headers=headers)

    assert shortcut.status_code == own.status_code == 200
    assert shortcut.headers["X-Cache"] == own.headers["X-Cache"] == "HIT"
    assert shortcut.get_data() == own.get_data()
    assert {k: v for k, v in shortcut.headers if k not in PER_REQUEST} == {
        k: v for k, v in own.headers if k not in PER_REQUEST
    }
    assert len(shortcut.headers) == len(own.headers)
    if "X-Request-ID" in headers:
        assert shortcut.headers["X-Request-ID"] == own.headers["X-Request-ID"] == "req-42"
    else:
        assert len(shortcut.headers["X-Request-ID"]) == 32
    if headers.get("Accept-Encoding") == "gzip, deflate":
        assert shortcut.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(shortcut.get_data()) == gzip.decompress(first.get_data())
    else:
        assert shortcut.get_data() == first.get_data()


def test_a_hit_is_counted_as_the_app_counts_it(wired: tuple[Flask, _CountingApp]) -> None:
    app, counting = wired
    client = app.test_client()
    client.post("/v1/process", data=BODY, content_type=PLAIN)

    def sample(name: str, labels: dict[str, str]) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    route = {"route": "/v1/process", "method": "POST"}
    before = (
        sample("copydesk_requests_total", {**route, "status": "200"}),
        sample("copydesk_request_seconds_count", route),
        sample("copydesk_cache_total", {"result": "hit"}),
        sample("copydesk_input_bytes_total", {}),
    )
    assert client.post("/v1/process", data=BODY, content_type=PLAIN).headers["X-Cache"] == "HIT"
    after = (
        sample("copydesk_requests_total", {**route, "status": "200"}),
        sample("copydesk_request_seconds_count", route),
        sample("copydesk_cache_total", {"result": "hit"}),
        sample("copydesk_input_bytes_total", {}),
    )
    assert counting.calls == 1
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 1, len(BODY)]


def test_requests_it_does_not_answer_reach_the_app_with_their_body(
    wired: tuple[Flask, _CountingApp],
) -> None:
    app, counting = wired
    client = app.test_client()
    client.post("/v1/process", data=BODY, content_type=PLAIN)  # the result is hot from here
    calls = counting.calls

    def reaches_app(response: Any, status: int) -> None:
        nonlocal calls
        assert response.status_code == status, response.data
        assert counting.calls == calls + 1
        calls = counting.calls

    # options in the query: another result, computed by the app from the body it reads
    response = client.post("/v1/process?dedupe=exact", data=BODY, content_type=PLAIN)
    reaches_app(response, 200)
    assert response.headers["X-Cache"] == "MISS"
    assert len(response.get_json()["articles"]) == 2
    # a text no result exists for: the app reads the body the shortcut read before it
    other = BODY.replace(b"Tuesday", b"Wednesday")
    response = client.post("/v1/process", data=other, content_type=PLAIN)
    reaches_app(response, 200)
    assert response.headers["X-Cache"] == "MISS"
    assert "Wednesday" in response.get_json()["articles"][0]["body"]
    # JSON, another charset, a compressed body, an empty one
    reaches_app(client.post("/v1/process", json={"text": TWO_ARTICLES, "id": "d1"}), 200)
    latin = TWO_ARTICLES.encode("latin-1")
    reaches_app(
        client.post("/v1/process", data=latin, content_type="text/plain; charset=latin-1"), 200
    )
    zipped = gzip.compress(BODY)
    response = client.post(
        "/v1/process", data=zipped, content_type=PLAIN, headers={"Content-Encoding": "gzip"}
    )
    reaches_app(response, 200)
    reaches_app(client.post("/v1/process", data=b"", content_type=PLAIN), 422)
    # a body that stops before its Content-Length: the app's 400, from the bytes that came
    response = client.post(
        "/v1/process",
        content_type=PLAIN,
        environ_overrides={"wsgi.input": io.BytesIO(BODY), "CONTENT_LENGTH": str(len(BODY) + 1)},
    )
    reaches_app(response, 400)
    # other routes and methods
    reaches_app(client.get("/v1/process"), 405)
    reaches_app(client.get("/healthz"), 200)


def test_with_api_keys_every_request_is_authenticated_by_the_app(tmp_path: Path) -> None:
    app, counting = _wired(Settings(cache_dir=str(tmp_path / "cache"), api_keys=("k1",)))
    client = app.test_client()
    keyed = {"Authorization": "Bearer k1"}
    assert (
        client.post("/v1/process", data=BODY, content_type=PLAIN, headers=keyed).status_code == 200
    )
    response = client.post("/v1/process", data=BODY, content_type=PLAIN)
    assert response.status_code == 401
    again = client.post("/v1/process", data=BODY, content_type=PLAIN, headers=keyed)
    assert again.headers["X-Cache"] == "HIT"
    assert counting.calls == 3


def test_a_cross_origin_request_gets_its_cors_headers_from_the_app(tmp_path: Path) -> None:
    origin = "https://cms.example"
    app, counting = _wired(Settings(cache_dir=str(tmp_path / "cache"), cors_origins=(origin,)))
    client = app.test_client()
    client.post("/v1/process", data=BODY, content_type=PLAIN)
    response = client.post("/v1/process", data=BODY, content_type=PLAIN, headers={"Origin": origin})
    assert response.headers["X-Cache"] == "HIT"
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert counting.calls == 2
    # no Origin: no CORS headers to add, the shortcut answers
    assert client.post("/v1/process", data=BODY, content_type=PLAIN).headers["X-Cache"] == "HIT"
    assert counting.calls == 2
