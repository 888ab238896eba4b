"""The playground page, the API docs page and their assets: plain files, no build step.

Everything here is open even when API keys are configured: the page holds no data, and
the requests it makes to /v1 carry the key the user types into it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from flask import Blueprint, Response, current_app, render_template, send_from_directory

__all__ = ["ASSET_PREFIX", "PUBLIC_PATHS", "bp"]

ASSET_PREFIX = "/playground/"
PUBLIC_PATHS = frozenset({"/", "/docs"})
_HERE = Path(__file__).resolve().parent
_STATIC = _HERE / "static"

# The pages load nothing from elsewhere: no CDN, no inline script, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

bp = Blueprint("playground", __name__, template_folder="templates")


def _page(template: str) -> Response:
    edge = current_app.extensions["copydesk"]
    html = render_template(template, keys_required=bool(edge.settings.api_keys))
    response = Response(html, 200, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/")
def playground() -> Response:
    return _page("playground.html")


@bp.get("/docs")
def docs() -> Response:
    return _page("docs.html")


@bp.get("/playground/<path:asset>")
def asset(asset: str) -> Response:
    # send_from_directory refuses paths that leave the folder (404)
    response = send_from_directory(_STATIC, asset, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@cache
def _spec_json() -> bytes:
    spec = yaml.safe_load(resources.files("service").joinpath("openapi.yaml").read_text("utf-8"))
    return json.dumps(spec, ensure_ascii=False).encode()


@bp.get("/openapi.json")
def openapi_json() -> Response:
    # The same document as /openapi.yaml, so a browser can read it without a YAML parser.
    return Response(_spec_json(), 200, mimetype="application/json")
