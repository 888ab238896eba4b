"""schemathesis against openapi.yaml on a live server: no 5xx, every response as documented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from harness import ROOT
from harness.servers import LiveServer, RedisServer, free_port, start_server, stop

pytestmark = pytest.mark.slow

# A request refused before it reaches the app is refused all the same: gunicorn answers an
# over-long request line with 414 (problem+json, from service/gunicorn_settings), which
# schemathesis does not count among the refusals of invalid data by default.
_DEFAULTS = SchemathesisConfig().projects.default.checks.negative_data_rejection
_REFUSALS = [*_DEFAULTS.expected_statuses, "414"]
schema = schemathesis.openapi.from_path(
    ROOT / "openapi.yaml",
    config=SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": _REFUSALS}}}
    ),
)


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: schemathesis.SerializationContext, value: object) -> dict[str, bytes]:
    # the spec gives NDJSON bodies as a string of lines: send it as is
    text = value if isinstance(value, str) else json.dumps(value)
    return {"data": text.encode("utf-8", "surrogatepass")}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    # the jobs endpoints need a queue Redis: a private one, gone with the module
    queue = RedisServer(free_port(), tmp)
    queue.start()
    # a short deadline keeps any slow generated dump from holding the run up
    env = {"REQUEST_TIMEOUT_S": "20", "QUEUE_REDIS_URL": queue.url}
    server = start_server(tmp, env, workers=2)
    yield server
    assert stop(server.proc) == 0
    queue.stop()


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_spec(case: schemathesis.Case, fuzz_server: LiveServer) -> None:
    excluded = []
    if case.media_type == "application/x-ndjson":
        # on the wire NDJSON is only text: a "wrongly typed" body cannot exist, and a bad
        # line is answered in its own slot by design rather than refusing the batch
        excluded.append(negative_data_rejection)
    if case.method == "POST" and case.path == "/v1/jobs":
        # what a submit may carry depends on more than its schema: a callback_url only to a
        # host this deployment allows, option parameters only with a text/plain dump (an
        # NDJSON document carries its own) — each refused with a 422 saying so
        excluded.append(positive_data_acceptance)
    case.call_and_validate(base_url=fuzz_server.url, timeout=60, excluded_checks=excluded)
