"""The Flask app factory: settings, cache, blueprints, problem handlers, request ids."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, g, request
from flask_compress import Compress

from service.config import Settings
from service.pipeline import warm_up
from service.pipeline.entities import load_nlp
from service.web import api, jobs_api, ops, playground
from service.web.cache import make_cache
from service.web.encoding import client_prefers_gzip
from service.web.errors import register_problem_handlers
from service.web.hit_path import HitShortcut
from service.web.logs import REQUEST_ID_HEADER, configure_logging, request_id
from service.web.metrics import count_request
from service.web.processing import Processor
from service.web.security import install_security

__all__ = ["Edge", "create_app"]


@dataclass
class Edge:
    """What the views share: settings, the processor (and its cache), the drain flag."""

    settings: Settings
    processor: Processor
    draining: bool = False


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    if settings.nlp_model:
        load_nlp(settings.nlp_model)  # the configured NER model becomes the active one
    warm_up()  # before gunicorn forks when the app is preloaded: one copy of every model
    # No implicit /static route: the playground blueprint serves its assets, documented.
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The views set their own lower limits; this bounds anything else that reads a body.
    app.config["MAX_CONTENT_LENGTH"] = max(settings.max_body_bytes, settings.max_batch_bytes)
    # Large results go out compressed when the client asks; the NDJSON stream is left alone.
    app.config.update(
        COMPRESS_MIMETYPES=["application/json"],
        COMPRESS_MIN_SIZE=settings.compress_min_bytes,
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_LEVEL=5,
        COMPRESS_STREAMS=False,
        # its own after_request picks gzip even for `gzip;q=0`: ours asks it only when the
        # client prefers gzip (see _compress_when_preferred)
        COMPRESS_REGISTER=False,
    )
    processor = Processor(settings, make_cache(settings))
    app.extensions["copydesk"] = Edge(settings, processor)
    register_problem_handlers(app)
    install_security(app, settings)
    app.register_blueprint(ops.bp)
    app.register_blueprint(playground.bp)
    app.register_blueprint(api.bp, url_prefix="/v1")
    app.register_blueprint(jobs_api.bp, url_prefix="/v1")
    _track_requests(app, Compress(app))
    app.wsgi_app = HitShortcut(app.wsgi_app, processor)  # type: ignore[method-assign]
    return app


def _compress_when_preferred(
    response: Response, environ: Mapping[str, Any], compress: Compress
) -> Response:
    if client_prefers_gzip(environ):
        return compress.after_request(response)
    # the body depends on Accept-Encoding either way, so caches must key on it (a plain
    # header write: response.vary parses and rewrites the header, twice the cost)
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept-Encoding"
    return response


def _track_requests(app: Flask, compress: Compress) -> None:
    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        g.request_id = request_id(request.environ)

    # One hook for everything a response gets on its way out: Flask pays a dispatch for
    # each hook on every request.
    @app.after_request
    def _finish(response: Response) -> Response:
        rule = request.url_rule
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        route = rule.rule if rule else "unmatched"
        count_request(route, request.method, response.status_code, elapsed)
        # gunicorn's JSON access log writes this header into each request's line
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        return _compress_when_preferred(response, request.environ, compress)
