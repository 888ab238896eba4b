"""Prometheus metrics, safe across gunicorn worker processes.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py sets it), every worker writes its
samples to files there and /metrics aggregates them; without it, one process's registry.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

__all__ = [
    "ARTICLES",
    "CACHE_EVENTS",
    "CONTENT_TYPE_LATEST",
    "DUPLICATES",
    "INPUT_BYTES",
    "REQUESTS",
    "REQUEST_SECONDS",
    "STAGE_SECONDS",
    "count_cache_event",
    "count_request",
    "job_queue_metrics",
    "render_metrics",
]

REQUESTS = Counter(
    "copydesk_requests_total", "HTTP requests answered.", ["route", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "copydesk_request_seconds",
    "HTTP request latency.",
    ["route", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
CACHE_EVENTS = Counter("copydesk_cache_total", "Result cache look-ups.", ["result"])
STAGE_SECONDS = Histogram(
    "copydesk_stage_seconds",
    "Time spent per pipeline stage.",
    ["stage"],
    buckets=(0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30),
)
ARTICLES = Counter("copydesk_articles_total", "Unique articles returned by computed results.")
DUPLICATES = Counter("copydesk_duplicates_total", "Duplicates folded in computed results.")
INPUT_BYTES = Counter("copydesk_input_bytes_total", "Bytes of dump text received.")

# Labelled children, found once per label set: labels() takes a lock and builds its key on
# every call (three calls on a cache hit). The sets are the ones prometheus_client keeps
# children for anyway, so these dicts grow no further than it does.
_request_children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
_cache_children: dict[str, Counter] = {}


def count_request(route: str, method: str, status: int, seconds: float) -> None:
    """One answered request: its count and its latency."""
    children = _request_children.get((route, method, status))
    if children is None:
        children = (
            REQUESTS.labels(route, method, str(status)),
            REQUEST_SECONDS.labels(route, method),
        )
        _request_children[(route, method, status)] = children
    children[0].inc()
    children[1].observe(seconds)


def count_cache_event(result: str) -> None:
    """One result cache look-up: hit, miss, bypass or error."""
    child = _cache_children.get(result)
    if child is None:
        child = _cache_children[result] = CACHE_EVENTS.labels(result)
    child.inc()


def job_queue_metrics(queue: str, waiting: int, running: int) -> bytes:
    """The job queue's gauges, read from the queue Redis at scrape time (every API replica
    reports the same numbers: aggregate them with max, not sum)."""
    registry = CollectorRegistry()
    for name, help_text, value in (
        ("copydesk_jobs_queue_length", "Job chunks waiting in the queue.", waiting),
        ("copydesk_jobs_running_chunks", "Job chunks being processed by workers.", running),
    ):
        Gauge(name, help_text, ["queue"], registry=registry).labels(queue).set(value)
    return generate_latest(registry)


def render_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
