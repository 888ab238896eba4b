"""Every error answers as RFC 9457 application/problem+json, never HTML, never a trace.

RequestEntityTooLarge      413, after reading and discarding the unread body (bounded)
HTTPException (werkzeug)   its own status: 404, 405, 415 ...
ValidationError            422, naming the invalid fields
ProblemError               the status and fields it carries
DeadlineExceeded           503 with Retry-After
InputError                 422
Exception                  500, logged with its trace, none in the body
"""

from __future__ import annotations

import json
import logging
import time
from typing import IO, Any

from flask import Flask, Response, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from service.errors import DeadlineExceeded, InputError

__all__ = [
    "PROBLEM_JSON",
    "ProblemError",
    "drain",
    "problem",
    "problem_body",
    "register_problem_handlers",
]

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# A client that writes its whole body before reading (urllib, most simple clients) gets a
# broken pipe instead of the 413 when the server closes with the body unread. Like nginx's
# lingering close, read and discard what is left first — up to these bounds, so a huge or
# slow body cannot hold a worker.
DRAIN_MAX_BYTES = 64 * 2**20
DRAIN_MAX_SECONDS = 10.0
DRAIN_CHUNK = 2**16


class ProblemError(Exception):
    """An error the edge raises with its status and problem details."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}


def problem_body(status: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}


def problem(
    status: int,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = json.dumps(problem_body(status, title, detail, **extra))
    response = Response(body, status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def validation_errors(error: ValidationError) -> list[dict[str, str]]:
    """marshmallow's nested messages flattened to [{"field": "options.dedupe", "message"}]."""
    found: list[dict[str, str]] = []

    def walk(messages: Any, path: str) -> None:
        if isinstance(messages, dict):
            for key, value in messages.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
            found.extend({"field": path or "body", "message": m} for m in messages)
        elif isinstance(messages, list):
            for m in messages:
                walk(m, path)
        else:
            found.append({"field": path or "body", "message": str(messages)})

    walk(error.messages, "")
    return found


def validation_problem(error: ValidationError) -> dict[str, Any]:
    errors = validation_errors(error)
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return problem_body(422, "Invalid request", f"Invalid value for: {fields}.", errors=errors)


def drain_unread_body() -> None:
    """Read and discard the request body that no one read."""
    length = request.content_length
    stream = request.environ.get("wsgi.input")
    if not length or length > DRAIN_MAX_BYTES or stream is None:
        return
    drain(stream, length)


def drain(stream: IO[bytes], length: int | None = None) -> None:
    """Read and drop `length` bytes of a body (None: to its end), within the drain bounds."""
    limit = min(length, DRAIN_MAX_BYTES) if length is not None else DRAIN_MAX_BYTES
    deadline = time.monotonic() + DRAIN_MAX_SECONDS
    read = 0
    while read < limit and time.monotonic() < deadline:
        chunk = stream.read(min(DRAIN_CHUNK, limit - read))
        if not chunk:
            return
        read += len(chunk)


def register_problem_handlers(app: Flask) -> None:
    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> Response:
        drain_unread_body()
        limit = request.max_content_length
        detail = f"The body is over {limit} bytes." if limit else "The body is too large."
        return problem(413, "Content Too Large", detail)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        status = error.code or 500
        headers = {}
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return problem(status, error.name, error.description or error.name, headers)

    @app.errorhandler(ProblemError)
    def _problem(error: ProblemError) -> Response:
        return problem(error.status, error.title, error.detail, error.headers, **error.extra)

    @app.errorhandler(ValidationError)
    def _validation(error: ValidationError) -> Response:
        body = validation_problem(error)
        return Response(json.dumps(body), 422, mimetype=PROBLEM_JSON)

    @app.errorhandler(DeadlineExceeded)
    def _deadline(error: DeadlineExceeded) -> Response:
        detail = f"The request took longer than its deadline: {error}. Retry later or send less."
        return problem(503, "Deadline exceeded", detail, {"Retry-After": "5"})

    @app.errorhandler(InputError)
    def _input(error: InputError) -> Response:
        return problem(422, "Unprocessable input", str(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal Server Error", "An unexpected error occurred; it is logged.")
