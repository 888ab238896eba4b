"""The playground and docs pages as HTTP resources: served, self-contained, open, documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app
from tests.conftest import ROOT
from tests.web.test_openapi import assert_conforms

STATIC = ROOT / "service" / "web" / "static"
TEMPLATES = ROOT / "service" / "web" / "templates"
CANNED = Path(__file__).parent / "data" / "playground_canned.json"


def test_playground_page_is_served_with_a_strict_policy(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    html = response.get_data(as_text=True)
    assert '<script src="/playground/playground.js"' in html
    assert 'id="key-field" hidden' in html  # no keys configured: no key field


def test_docs_page_and_assets(client: FlaskClient) -> None:
    assert client.get("/docs").status_code == 200
    for name, mimetype in [
        ("playground.js", "text/javascript"),
        ("docs.js", "text/javascript"),
        ("copydesk.css", "text/css"),
    ]:
        with client.get(f"/playground/{name}") as response:  # closes the file it streams
            assert response.status_code == 200 and response.mimetype == mimetype, name
    missing = client.get("/playground/nope.js")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert client.get("/playground/../app.py").status_code == 404


def test_openapi_json_is_the_yaml_document(client: FlaskClient) -> None:
    response = client.get("/openapi.json")
    assert response.mimetype == "application/json"
    assert response.get_json() == yaml.safe_load((ROOT / "openapi.yaml").read_text())


def test_pages_stay_open_when_api_keys_are_configured(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path / "cache"), api_keys=("k1",), rate_limit="")
    client = create_app(settings).test_client()
    for path in ["/", "/docs", "/playground/playground.js", "/playground/copydesk.css"]:
        with client.get(path) as response:
            assert response.status_code == 200, path
    assert 'id="key-field" hidden' not in client.get("/").get_data(as_text=True)
    assert client.post("/v1/process", json={"text": "x"}).status_code == 401
    processed = client.post(
        "/v1/process", json={"text": "Title\n\nBody.\n"}, headers={"X-API-Key": "k1"}
    )
    assert processed.status_code == 200


def test_pages_load_nothing_from_elsewhere() -> None:
    for path in [*STATIC.iterdir(), *TEMPLATES.iterdir()]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", text), path
        assert not re.search(r"(?:fetch|import)\(\s*[\"'](?:https?:)?//", text), path
        assert "<script>" not in text and " style=" not in text, f"inline code in {path}"


def test_canned_result_fixture_follows_the_contract() -> None:
    canned = json.loads(CANNED.read_text(encoding="utf-8"))
    assert_conforms("ProcessResult", canned["result"])
    raw = canned["raw"]
    for entity in canned["result"]["articles"][0]["tags"]["entities"]:
        for mention in entity["mentions"]:  # Python slices code points, as the API counts
            assert raw[mention["start"] : mention["end"]] in entity["name"]
