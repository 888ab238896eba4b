"""In-process CPU of a cache-hit POST /v1/process of the seed dump vs the hello-world.

A hit is timed as wrk sends it (no Accept-Encoding, an identity body), and as browsers and
python-requests send it (`Accept-Encoding: gzip, deflate`, a gzip body) both as the plain
dump and as a JSON request with a client id, which each body must carry.

    python bench/bench_hit_path.py [--requests 2000] [--repeats 15]

Calls each app's WSGI callable directly with a gunicorn-like environ, no server and no
socket, so only the app's own Python work is timed: what bench_cache_hit.py's served
figures add on top is gunicorn, the kernel and the GIL. Times are this thread's CPU time
(not wall time, which a busy neighbour inflates), the best of --repeats batches. Prints
JSON: microseconds per request of each, and their difference.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "eval" / "seed" / "seed.txt"
sys.path.insert(0, str(ROOT))

# what python-requests sends by default (browsers add br and zstd, which we do not offer)
GZIP_CLIENT = "gzip, deflate"
JSON = "application/json"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def environ(path: str, body: bytes, accept_encoding: str | None = None) -> dict[str, Any]:
    """What gunicorn hands the app for a text/plain POST from wrk (or, with
    `accept_encoding`, from a client that takes compressed responses)."""
    extra = {} if accept_encoding is None else {"HTTP_ACCEPT_ENCODING": accept_encoding}
    return {
        **extra,
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8000",
        # a JSON document ({"id": ..., "text": ...}) or else a plain-text dump
        "CONTENT_TYPE": JSON if body.startswith(b"{") else "text/plain; charset=utf-8",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(
    app: WsgiApp, path: str, body: bytes, accept_encoding: str | None = None
) -> tuple[str, int]:
    """One request: its status line and the number of body bytes the app answered."""
    status: list[str] = []
    chunks = app(
        environ(path, body, accept_encoding),
        lambda line, headers, exc_info=None: status.append(line),
    )
    sent = sum(len(chunk) for chunk in chunks)
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
    return status[0], sent


def cpu_us_per_request(
    app: WsgiApp,
    path: str,
    body: bytes,
    requests: int,
    repeats: int,
    accept_encoding: str | None = None,
) -> float:
    for _ in range(min(requests, 300)):  # warm: caches, lazily built routing, the near cache
        call(app, path, body, accept_encoding)
    best = float("inf")
    for _ in range(repeats):
        started = time.thread_time()
        for _ in range(requests):
            call(app, path, body, accept_encoding)
        best = min(best, (time.thread_time() - started) / requests)
    return best * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args()
    # as served: the embedded cache in a fresh folder, and multiprocess metrics (imported
    # for its environment; it must come before the app's imports)
    os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="copydesk-hit-path-")
    os.environ["LOG_LEVEL"] = "WARNING"
    import service.gunicorn_settings  # noqa: F401
    from bench.hello import app as hello
    from service.web.app import create_app

    copydesk = create_app()
    seed = SEED.read_bytes()
    first, _ = call(copydesk, "/v1/process", seed)  # the miss that fills the cache
    status, sent = call(copydesk, "/v1/process", seed)
    if not (first.startswith("200") and status.startswith("200")):
        print(f"the seed was not answered: {first} / {status}", file=sys.stderr)
        return 1
    hit = cpu_us_per_request(copydesk, "/v1/process", seed, args.requests, args.repeats)
    _, gzip_sent = call(copydesk, "/v1/process", seed, GZIP_CLIENT)
    gzip_hit = cpu_us_per_request(
        copydesk, "/v1/process", seed, args.requests, args.repeats, GZIP_CLIENT
    )
    # the same result for a JSON request with a client id, which is spliced into each body
    with_id = json.dumps({"id": "doc-1", "text": seed.decode()}).encode()
    gzip_id_hit = cpu_us_per_request(
        copydesk, "/v1/process", with_id, args.requests, args.repeats, GZIP_CLIENT
    )
    anchor = cpu_us_per_request(hello, "/hello", b"hello", args.requests, args.repeats)
    report = {
        "benchmark": "cache_hit_path_in_process",
        "body_bytes": len(seed),
        "response_bytes": sent,
        "hit_cpu_us": round(hit, 1),
        "gzip_response_bytes": gzip_sent,
        "gzip_hit_cpu_us": round(gzip_hit, 1),
        "gzip_json_id_hit_cpu_us": round(gzip_id_hit, 1),
        "hello_cpu_us": round(anchor, 1),
        "hit_minus_hello_us": round(hit - anchor, 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
