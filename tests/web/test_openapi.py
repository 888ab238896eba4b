"""openapi.yaml is a valid OpenAPI 3.1 document and the responses conform to it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from service.model import REMOVAL_REASONS
from tests.conftest import ROOT

SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
_REGISTRY = Registry().with_resource(
    "spec", Resource.from_contents(SPEC, default_specification=DRAFT202012)
)


def schema_validator(name: str) -> Draft202012Validator:
    ref = {"$ref": f"spec#/components/schemas/{name}"}
    return Draft202012Validator(ref, registry=_REGISTRY)


def assert_conforms(name: str, body: Any) -> None:
    errors = sorted(schema_validator(name).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_spec_is_valid_openapi_31() -> None:
    validate(SPEC)
    assert SPEC["openapi"] == "3.1.0"


def test_served_spec_is_the_file(client: FlaskClient) -> None:
    assert client.get("/openapi.yaml").data == (ROOT / "openapi.yaml").read_bytes()


def test_removal_reasons_in_the_spec_match_the_code() -> None:
    enum = SPEC["components"]["schemas"]["RemovalReason"]["enum"]
    assert set(enum) == set(REMOVAL_REASONS)


def test_every_route_is_documented(client: FlaskClient) -> None:
    app = client.application
    routes = {
        re.sub(
            r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.replace("<path:text_hash>", "{content_hash}")
        )
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    }
    assert routes == set(SPEC["paths"])


def test_process_result_conforms(client: FlaskClient, seed_text: str) -> None:
    body = client.post("/v1/process", data=seed_text.encode(), content_type="text/plain").get_json()
    assert_conforms("ProcessResult", body)


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("post", "/v1/process", {"data": b"{", "content_type": "application/json"}),
        ("post", "/v1/process", {"json": {"text": ""}}),
        ("post", "/v1/process", {"data": b"x", "content_type": "image/png"}),
        ("get", "/v1/results/sha256:" + "1" * 64, {}),
        ("get", "/nowhere", {}),
    ],
)
def test_problems_conform(client: FlaskClient, method: str, url: str, kwargs: dict) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.mimetype == "application/problem+json"
    assert_conforms("Problem", json.loads(response.data))


def test_batch_slots_conform(client: FlaskClient) -> None:
    docs = [{"text": "Title here\n\nSome body text for the article.\n"}, {"text": ""}]
    results = client.post("/v1/batch", json={"documents": docs}).get_json()["results"]
    for slot in results:
        assert_conforms("BatchSlot", slot)


def test_readiness_conforms(client: FlaskClient) -> None:
    assert_conforms("Readiness", client.get("/readyz").get_json())


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    source = (ROOT / "service" / "config.py").read_text()
    source += (ROOT / "service" / "gunicorn_settings.py").read_text()
    names = set(re.findall(r'"([A-Z][A-Z0-9_]{2,})"', source)) - {"INFO"}
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"README config table lacks {missing}"
