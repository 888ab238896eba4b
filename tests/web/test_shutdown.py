"""SIGTERM on a live server: readiness turns 503 at once, in-flight work completes, exit 0."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness.servers import start_server, stop

pytestmark = pytest.mark.slow

# Enough work to be in flight when SIGTERM lands, well within the graceful timeout (60 s).
DOCS = 12


def test_sigterm_drains_then_finishes_in_flight_requests(tmp_path: Path, seed_text: str) -> None:
    server = start_server(tmp_path, {"DRAIN_S": "2", "GRACEFUL_TIMEOUT_S": "60"}, workers=2)
    try:
        # distinct documents, so none is a cache hit: the batch takes a few seconds
        docs = [json.dumps({"text": f"{seed_text}\n\nEdition {n}\n"}) for n in range(DOCS)]
        batch = urllib.request.Request(
            server.url + "/v1/batch",
            ("\n".join(docs) + "\n").encode(),
            {"Content-Type": "application/x-ndjson"},
        )
        outcome: dict[str, object] = {}

        def post_batch() -> None:
            with urllib.request.urlopen(batch, timeout=120) as response:
                outcome["status"] = response.status
                outcome["lines"] = response.read().decode().splitlines()

        client = threading.Thread(target=post_batch)
        client.start()
        time.sleep(1.0)  # the batch is in flight
        assert client.is_alive()
        os.kill(server.proc.pid, signal.SIGTERM)
        time.sleep(0.3)
        try:
            with urllib.request.urlopen(server.url + "/readyz", timeout=5) as response:
                ready_status = response.status
        except urllib.error.HTTPError as error:
            ready_status = error.code
            assert "shutting down" in json.loads(error.read())["reasons"]
        assert ready_status == 503
        client.join(120)
        assert outcome["status"] == 200
        lines = outcome["lines"]
        assert isinstance(lines, list) and len(lines) == DOCS
        assert all("articles" in json.loads(line) for line in lines)
        assert server.proc.wait(60) == 0
    finally:
        stop(server.proc)
