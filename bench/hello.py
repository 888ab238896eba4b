"""The anchor for bench_cache_hit.py: a bare Flask hello-world under the same gunicorn settings."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.post("/hello")
def hello() -> str:
    return "hello"
