"""Structured JSON logs, one object a line; never the request body."""

from __future__ import annotations

import json
import logging
import secrets
import sys
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["REQUEST_ID_HEADER", "JsonFormatter", "configure_logging", "request_id"]

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_ENVIRON = "HTTP_X_REQUEST_ID"  # the same header, as WSGI names it

# Attributes every LogRecord has; anything else was passed in `extra` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)


def request_id(environ: Mapping[str, Any]) -> str:
    """The id a request's log lines carry: the caller's X-Request-ID when it is a sane
    token (so logs cannot be forged), else a new one."""
    # the environ directly: request.headers builds a view and maps the name per call
    incoming: str = environ.get(REQUEST_ID_ENVIRON, "")
    if 0 < len(incoming) <= 128 and incoming.isascii() and incoming.isprintable():
        return incoming
    return secrets.token_hex(16)  # 32 hex digits; a quarter of uuid4's cost (no UUID object)
