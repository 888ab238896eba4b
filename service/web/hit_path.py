"""Cache hits of a plain POST /v1/process, answered before Flask dispatches the request.

A hit of a result this process holds needs the body's hash and one look-up in the near
cache. Flask's part of such a request (request context, URL map, before- and after-request
hooks, a Response object and its headers) costs more than that: 122 us of CPU for a hit of
the 16 kB seed dump, of which a bare Flask hello-world pays 55 (bench/bench_hit_path.py).
This WSGI middleware answers those hits itself, with the status, headers, body and metrics
the view gives them, and hands every other request to the app as it came, the body it read
included. It answers only where the app would do nothing more than look the result up:

- `POST /v1/process` with no query string (default options) and a UTF-8 `text/plain`
  body of a declared length within the body limit, not content-encoded;
- no API keys configured: with keys, authentication and per-key rate limits are the app's,
  for every request;
- no `Origin` header when CORS is configured: flask-cors decides those responses' headers;
- the result in this process's near cache: a miss, or a result only the shared cache
  holds, goes to the app, which locks, computes or reads it as before.
"""

from __future__ import annotations

import codecs
import io
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wsgi import get_content_length

from service.web import metrics
from service.web.encoding import client_prefers_gzip, content_type, read_declared
from service.web.errors import ProblemError
from service.web.logs import REQUEST_ID_HEADER, request_id
from service.web.processing import Outcome, Processor, check_text
from service.web.schemas import options_from_query
from service.web.security import NO_TENANT

__all__ = ["HitShortcut"]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# the path answered here, also the URL rule the app's request metrics name its view by
PATH = "/v1/process"


class HitShortcut:
    """Wraps the app's WSGI callable: near-cache hits answered here, the rest passed on."""

    def __init__(self, app: WsgiApp, processor: Processor) -> None:
        self.app = app
        self.processor = processor
        settings = processor.settings
        self.enabled = not settings.api_keys
        self.cors = bool(settings.cors_origins)
        self.max_body_bytes = settings.max_body_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        started = time.perf_counter()
        body = self._plain_body(environ)
        if body is None:
            return self.app(environ, start_response)
        outcome = self._hit(body, environ)
        if outcome is None:
            # the app reads the body as the client sent it: from the bytes read here
            environ["wsgi.input"] = io.BytesIO(body)
            return self.app(environ, start_response)
        metrics.INPUT_BYTES.inc(len(body))
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(outcome.body))),
            ("X-Cache", outcome.cache_status),
            ("ETag", outcome.etag),
            ("Vary", "Accept-Encoding"),
        ]
        if outcome.content_encoding is not None:
            headers.append(("Content-Encoding", outcome.content_encoding))
        headers.append((REQUEST_ID_HEADER, request_id(environ)))
        start_response("200 OK", headers)
        metrics.count_request(PATH, "POST", 200, time.perf_counter() - started)
        return [outcome.body]

    def _plain_body(self, environ: dict[str, Any]) -> bytes | None:
        """The body of a request this shortcut may answer, read whole; None for any other
        request, whose body is then left for the app to read."""
        if not (
            self.enabled
            and environ.get("PATH_INFO") == PATH
            and environ.get("REQUEST_METHOD") == "POST"
            and not environ.get("QUERY_STRING")
            and environ.get("HTTP_CONTENT_ENCODING", "identity") in {"", "identity"}
            and not (self.cors and "HTTP_ORIGIN" in environ)
        ):
            return None
        mimetype, charset = content_type(environ)
        if mimetype != "text/plain" or not _is_utf8(charset):
            return None
        length = get_content_length(environ)  # as the app reads it: None when chunked
        if length is None or not 0 < length <= self.max_body_bytes:
            return None
        data = read_declared(environ["wsgi.input"], length)
        if len(data) < length:  # the client stopped short: the app answers that (400)
            environ["wsgi.input"] = io.BytesIO(data)
            return None
        return data

    def _hit(self, body: bytes, environ: dict[str, Any]) -> Outcome | None:
        try:
            check_text(None, self.processor.settings, body)
        except ProblemError:
            return None  # over a limit set since the result was cached: the app refuses it
        default = options_from_query({})
        return self.processor.near_hit(body, default, NO_TENANT, client_prefers_gzip(environ))


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False  # the app answers an unknown charset with its 415
