"""`copydesk worker`: an RQ worker on the job queue, with the models loaded before it forks.

Each chunk runs in a work horse forked from this process, so the models are loaded once
and shared copy-on-write, and a chunk that crashes its horse costs that chunk alone (RQ
retries it). SIGTERM is RQ's warm shutdown: the current chunk finishes, then the worker
exits; a worker killed outright leaves its chunk to be retried once its heartbeat lapses.
"""

from __future__ import annotations

import logging
import time

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
            worker = Worker(
                [Queue(name, connection=client) for name in names],
                connection=client,
                maintenance_interval=settings.worker_maintenance_s,
                job_monitoring_interval=JOB_MONITORING_INTERVAL_S,
                # RQ blocks on an empty queue for worker_ttl - 15 s and only then does its
                # maintenance: an idle worker must wake as often as it looks for dead ones
                worker_ttl=settings.worker_maintenance_s + 15,
            )
            worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
            return 0
        except (redis.ConnectionError, redis.TimeoutError) as error:
            # a restarted or failed-over queue Redis: wait and register afresh
            log.warning(
                "queue Redis unreachable (%s); retrying in %.0f s", error, RECONNECT_PAUSE_S
            )
            time.sleep(RECONNECT_PAUSE_S)


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
