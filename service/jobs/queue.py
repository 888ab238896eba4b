"""The RQ side of jobs: one queue on the queue Redis, and what is put on it.

A job's chunks are queued as separate RQ jobs (any worker on any machine takes any chunk);
the last chunk to finish queues the fold; the fold queues the callback. RQ retries a chunk
that raised or whose worker vanished (its heartbeat lapsed) up to JOB_RETRIES times; when
none are left, the failure callback ends the copydesk job as failed, with the reason.
"""

from __future__ import annotations

import redis
from rq import Callback, Queue, Retry

from service.config import Settings
from service.jobs.store import JobStore

__all__ = [
    "CALLBACK_BACKOFF_S",
    "close_queue_clients",
    "enqueue_callback",
    "enqueue_chunks",
    "enqueue_fold",
    "job_queue",
    "job_store",
    "queue_client",
    "queue_depth",
]

# Seconds before each retry of a callback that failed (network error or non-2xx answer).
CALLBACK_BACKOFF_S = [10, 60, 300, 1800, 7200]
# The fold reads every result once: give it as long as many chunks take.
FOLD_TIMEOUT_S = 6 * 3600

# The API's reads of the queue Redis give up after this; a worker's never do, because RQ
# blocks on the queue for long spells by design.
API_SOCKET_TIMEOUT_S = 5.0

_clients: dict[tuple[str, bool], redis.Redis] = {}


def queue_client(settings: Settings, blocking: bool = False) -> redis.Redis:
    """One client (and connection pool) per queue URL and use, per process."""
    url = settings.queue_redis_url
    if not url:
        raise RuntimeError("no queue Redis: set QUEUE_REDIS_URL or REDIS_URL")
    if (url, blocking) not in _clients:
        _clients[url, blocking] = redis.Redis.from_url(
            url,
            socket_connect_timeout=2.0,
            socket_timeout=None if blocking else API_SOCKET_TIMEOUT_S,
            health_check_interval=30,
        )
    return _clients[url, blocking]


def close_queue_clients() -> None:
    """Close and forget every client (tests switch queue Redis servers between runs)."""
    for client in _clients.values():
        client.close()
    _clients.clear()


def job_store(settings: Settings) -> JobStore:
    return JobStore(queue_client(settings), settings.cache_prefix)


def job_queue(settings: Settings) -> Queue:
    return Queue(settings.job_queue, connection=queue_client(settings))


def queue_depth(settings: Settings) -> tuple[int, int]:
    """(chunks waiting, chunks running) on the job queue: what an autoscaler scales on."""
    queue = job_queue(settings)
    return queue.count, queue.started_job_registry.count


def enqueue_chunks(settings: Settings, job_id: str, chunks: int) -> None:
    queue = job_queue(settings)
    jobs = [
        Queue.prepare_data(
            "service.jobs.tasks.process_chunk",
            args=(job_id, number),
            job_id=f"{job_id}-chunk{number}",
            timeout=settings.job_chunk_timeout_s,
            result_ttl=0,
            failure_ttl=settings.job_ttl_s,
            retry=Retry(max=settings.job_retries),
            on_failure=Callback("service.jobs.tasks.chunk_failed"),
        )
        for number in range(chunks)
    ]
    for start in range(0, len(jobs), 500):
        queue.enqueue_many(jobs[start : start + 500])


def enqueue_fold(settings: Settings, job_id: str) -> None:
    job_queue(settings).enqueue(
        "service.jobs.tasks.fold_job",
        job_id,
        job_id=f"{job_id}-fold",
        job_timeout=FOLD_TIMEOUT_S,
        result_ttl=0,
        failure_ttl=settings.job_ttl_s,
        retry=Retry(max=settings.job_retries),
        on_failure=Callback("service.jobs.tasks.chunk_failed"),
        at_front=True,  # the job's results wait on it alone
    )


def enqueue_callback(settings: Settings, job_id: str) -> None:
    job_queue(settings).enqueue(
        "service.jobs.tasks.deliver_callback",
        job_id,
        job_id=f"{job_id}-callback",
        job_timeout=60,
        result_ttl=0,
        failure_ttl=settings.job_ttl_s,
        retry=Retry(max=len(CALLBACK_BACKOFF_S), interval=CALLBACK_BACKOFF_S),
    )
