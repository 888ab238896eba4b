"""Operational endpoints: liveness, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

import json
import logging
from importlib import resources

import redis
from flask import Blueprint, Response, current_app

from service.jobs.queue import queue_depth
from service.pipeline import models_ready, pipeline_version
from service.web.metrics import CONTENT_TYPE_LATEST, job_queue_metrics, render_metrics

__all__ = ["bp"]

log = logging.getLogger(__name__)

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return Response(json.dumps({"status": "ok"}), 200, mimetype="application/json")


@bp.get("/readyz")
def readyz() -> Response:
    edge = current_app.extensions["copydesk"]
    missing = models_ready()
    cache_up = edge.processor.cache.ping()
    reasons = [f"model not loaded: {name}" for name in missing]
    if edge.draining:
        reasons.append("shutting down")
    if not cache_up and edge.settings.cache_required:
        reasons.append("cache down and CACHE_REQUIRED=true")
    body = {
        "status": "not ready" if reasons else "ready",
        "reasons": reasons,
        "cache": "up" if cache_up else "down",
        "cache_backend": "redis" if edge.settings.redis_url else "embedded",
        "pipeline_version": pipeline_version(),
    }
    status = 503 if reasons else 200
    response = Response(json.dumps(body), status, mimetype="application/json")
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


@bp.get("/metrics")
def metrics() -> Response:
    body = render_metrics()
    settings = current_app.extensions["copydesk"].settings
    if settings.queue_redis_url:
        try:
            body += job_queue_metrics(settings.job_queue, *queue_depth(settings))
        except redis.RedisError:
            log.warning("/metrics: the queue Redis cannot be reached; no job queue gauges")
    return Response(body, 200, content_type=CONTENT_TYPE_LATEST)


@bp.get("/openapi.yaml")
def openapi() -> Response:
    spec = resources.files("service").joinpath("openapi.yaml").read_bytes()
    return Response(spec, 200, mimetype="application/yaml")
