"""gunicorn settings, read by `copydesk serve` (and by ./gunicorn.conf.py).

The app is CPU-bound (NLP), so one worker per core; gthread workers keep their heartbeat
while a thread runs a long request, so only our own deadline (REQUEST_TIMEOUT_S) ends one.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
from typing import Any

from gunicorn import util as gunicorn_util  # type: ignore[import-untyped]

# prometheus_client picks its multiprocess mode at import: set the folder before any import.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="copydesk-metrics-")


def _steady_malloc() -> None:
    """glibc malloc settings for long-lived workers, set in the master before it forks.

    One arena for the master and the workers it forks.

    glibc gives threads that allocate under contention arenas of their own (up to eight per
    core), and memory freed in one arena is not reused by another. A gthread worker's
    requests, and its NER reloads, run on any of its threads, so every arena filled with
    the same peaks: a served worker grew 320 -> 404 MB over 10,000 varied requests with two
    arenas. Contention is rare here: the GIL already serialises the Python work.

    And fixed thresholds for mapping and trimming: glibc raises its mmap threshold after
    each large free, so the worker's heap crept upwards (313 -> 323 MB from request 1,000
    to 4,000 with one arena alone). Fixed at glibc's 128 kB start, every large NumPy
    temporary of the NER became a fresh mapping and a CMS request took 165 ms instead of
    140; at 4 MB they stay in the heap and are reused. glibc's own MALLOC_* environment
    settings win when an operator sets them.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: its allocator has no such settings
        return
    m_trim_threshold, m_mmap_threshold, m_arena_max = -1, -3, -8  # from glibc's malloc.h
    if "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(m_arena_max, 1)
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        libc.mallopt(m_mmap_threshold, 4 << 20)
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        libc.mallopt(m_trim_threshold, 8 << 20)  # twice the mmap threshold, as glibc keeps it


_steady_malloc()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


_request_timeout_s = float(os.environ.get("REQUEST_TIMEOUT_S") or 60)

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = _env_int("WEB_CONCURRENCY", os.cpu_count() or 2)
worker_class = "gthread"
threads = _env_int("THREADS", 4)
preload_app = True  # load the models once, before fork: workers share their pages
timeout = int(_request_timeout_s) + 30  # only a hung worker reaches this
graceful_timeout = _env_int("GRACEFUL_TIMEOUT_S", 30)
keepalive = 5
max_requests = _env_int("MAX_REQUESTS", 10_000)  # recycle workers: bounds slow growth
max_requests_jitter = _env_int("MAX_REQUESTS_JITTER", 1_000)
# One JSON object per request on stdout. gunicorn escapes quotes in every atom; the request
# line itself cannot hold control characters (its parser rejects them).
accesslog = os.environ.get("ACCESS_LOG", "-") or None
access_log_format = (
    '{"ts": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
    '"request_id": "%({x-request-id}o)s", "cache": "%({x-cache}o)s", "pid": "%(p)s"}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer (a request line over limit_request_line, headers over
    their limits, a malformed request) as RFC 9457 problem+json, like every other error.

    gunicorn answers these before the app sees the request and has no hook for the page it
    writes, so its writer is replaced (the master sets it before forking its workers).
    """
    # imported here: this module sets the environment the app's imports read (above)
    from service.web.errors import PROBLEM_JSON, problem_body

    body = json.dumps(problem_body(status_int, reason, mesg)).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


gunicorn_util.write_error = write_problem


def on_starting(server: Any) -> None:
    """Start with an empty metrics folder: stale files from a dead server would count."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    """On SIGTERM, first drain: /readyz answers 503 while requests are still served.

    A load balancer (or the k8s endpoints controller, helped by the preStop sleep) takes
    the replica out of rotation during DRAIN_S; then gunicorn's own graceful stop lets
    in-flight requests finish within graceful_timeout and the process exits 0.
    """
    import signal
    import threading

    drain_s = float(os.environ.get("DRAIN_S") or 2.0)
    graceful_exit = worker.handle_exit
    edge = worker.wsgi.extensions.get("copydesk")

    def on_term(signum: int, frame: Any) -> None:
        if edge is not None:
            edge.draining = True
        if drain_s <= 0:
            graceful_exit(signum, frame)
            return
        timer = threading.Timer(drain_s, graceful_exit, args=(signum, frame))
        timer.daemon = True
        timer.start()

    signal.signal(signal.SIGTERM, on_term)
