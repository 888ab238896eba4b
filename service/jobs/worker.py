"""`copydesk worker`: an RQ worker on the job queue, with the models loaded before it forks.

Each chunk runs in a work horse forked from this process, so the models are loaded once
and shared copy-on-write, and a chunk that crashes its horse costs that chunk alone (RQ
retries it). SIGTERM is RQ's warm shutdown: the current chunk finishes, then the worker
exits; a worker killed outright leaves its chunk to be retried once its heartbeat lapses.
A lost queue Redis never ends the process: it registers a fresh worker once Redis is back.
"""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType

import redis
from rq import Queue, Worker

from service.config import Settings
from service.jobs import tasks
from service.jobs.queue import queue_client
from service.pipeline import warm_up
from service.pipeline.entities import load_nlp
from service.web.logs import configure_logging

__all__ = ["run_worker"]

log = logging.getLogger(__name__)

# How often a running chunk's heartbeat is renewed: a dead worker's chunk is retried
# about this long plus RQ's fixed 60 s after its last beat.
JOB_MONITORING_INTERVAL_S = 10
RECONNECT_PAUSE_S = 2.0


def run_worker(queue_names: list[str], burst: bool = False) -> int:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    if settings.nlp_model:
        load_nlp(settings.nlp_model)
    warm_up()
    tasks.prepare()
    client = queue_client(settings, blocking=True)
    names = queue_names or [settings.job_queue]
    while True:
        try:
            _warn_if_evicting(client)
            worker = _StoppableWorker(
                [Queue(name, connection=client) for name in names],
                connection=client,
                maintenance_interval=settings.worker_maintenance_s,
                job_monitoring_interval=JOB_MONITORING_INTERVAL_S,
                # RQ blocks on an empty queue for worker_ttl - 15 s and only then does its
                # maintenance: an idle worker must wake as often as it looks for dead ones
                worker_ttl=settings.worker_maintenance_s + 15,
            )
            worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            fault = str(error)
        else:
            if burst or worker.stop_asked:
                return 0
            # RQ's work loop also returns, having logged why, when it loses its Redis
            # mid-chunk (a restart or a failover): only a stop request ends the process
            fault = "RQ's work loop quit"
        log.warning("worker stopped (%s); registering afresh in %.0f s", fault, RECONNECT_PAUSE_S)
        _pause_before_reconnecting()


class _StoppableWorker(Worker):
    """RQ's worker, remembering whether SIGTERM or SIGINT asked it to stop."""

    stop_asked = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_asked = True
        super().request_stop(signum, frame)  # type: ignore[no-untyped-call]


def _pause_before_reconnecting() -> None:
    """Wait out a restart; a stop asked meanwhile ends the process at once, as no chunk runs
    between two workers (RQ's own handlers belong to the worker that has just quit)."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit_now)
    time.sleep(RECONNECT_PAUSE_S)


def _exit_now(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _warn_if_evicting(client: redis.Redis) -> None:
    """A queue Redis that evicts loses queued chunks and job input without a trace."""
    try:
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.ResponseError:  # CONFIG is often disabled on managed Redis
        return
    if policy not in (None, "noeviction", b"noeviction"):
        log.warning(
            "the queue Redis has maxmemory-policy %s: queued work can be evicted; "
            "give jobs their own Redis with noeviction (deploy/k8s/README.md)",
            policy,
        )
