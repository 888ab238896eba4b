"""A real gunicorn (`copydesk serve`, the container's entrypoint) on a loopback port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import ROOT, SHARED
from harness.servers import LiveServer

pytestmark = pytest.mark.slow


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    # A new connection per request, so gunicorn spreads them over its workers.
    request = urllib.request.Request(
        url, data=data, headers={"Connection": "close", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_embedded_cache_is_shared_by_every_worker(live_server: LiveServer, seed_text: str) -> None:
    status, headers, body = call(
        live_server.url + "/v1/process",
        seed_text.encode(),
        {"Content-Type": "text/plain; charset=utf-8"},
    )
    assert status == 200 and headers["X-Cache"] == "MISS"
    url = f"{live_server.url}/v1/results/{json.loads(body)['content_hash']}"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: call(url), range(40)))
    # a per-worker cache would answer 404 from every worker but the one that computed it
    assert [a[0] for a in answers] == [200] * 40
    entries = [json.loads(ln) for ln in live_server.log.read_text().splitlines() if ln[:1] == "{"]
    pids = {e["pid"] for e in entries if e.get("path", "").startswith("/v1/results")}
    assert len(pids) == 2, f"requests should reach both workers, saw {pids}"


def test_errors_are_problem_json_over_http(live_server: LiveServer) -> None:
    status, headers, body = call(live_server.url + "/nowhere")
    assert status == 404 and headers["Content-Type"] == "application/problem+json"
    status, headers, body = call(
        live_server.url + "/v1/process", b"\xff\xfe", {"Content-Type": "text/plain"}
    )
    assert status == 400 and json.loads(body)["status"] == 400


def test_a_client_that_sends_the_whole_body_first_still_reads_its_413(
    live_server: LiveServer,
) -> None:
    # urllib writes all 20 MiB before it reads a byte: unless the server reads the body it
    # refuses, the client sees a broken pipe, not the problem
    status, headers, body = call(
        live_server.url + "/v1/process", b"x" * (20 * 2**20), {"Content-Type": "text/plain"}
    )
    assert status == 413 and headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["title"] == "Content Too Large"
    # and the worker answers the next request as usual
    status, _, _ = call(
        live_server.url + "/v1/process", b"Headline\n\nBody text.\n", {"Content-Type": "text/plain"}
    )
    assert status == 200


def test_gunicorn_s_own_refusals_are_problem_json_too(live_server: LiveServer) -> None:
    # a request line over gunicorn's limit never reaches the app: gunicorn answers it
    long_query = "?tags=" + ",".join(["entities"] * 1000)
    status, headers, body = call(live_server.url + "/v1/results/sha256:" + "0" * 64 + long_query)
    assert status == 414 and headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["status"] == 414


def test_dev_scorer_against_the_served_app_loses_no_line(live_server: LiveServer) -> None:
    eval_dir = SHARED / "eval"
    out = subprocess.run(
        [
            sys.executable,
            str(eval_dir / "score.py"),
            "--dumps",
            str(eval_dir / "dumps"),
            "--gold",
            str(eval_dir / "gold"),
            "--url",
            live_server.url,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    totals = json.loads(out.stdout.strip().splitlines()[-1])
    assert totals["dumps"] == 80
    assert totals["lost_lines"] == 0


def test_metrics_aggregate_over_workers(live_server: LiveServer) -> None:
    for _ in range(6):
        call(live_server.url + "/healthz")
    status, _, body = call(live_server.url + "/metrics")
    assert status == 200
    text = body.decode()
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith('copydesk_requests_total{method="GET",route="/healthz",status="200"}')
    )
    assert float(line.split()[-1]) == 6.0


def test_cli_process_and_batch(tmp_path: Path, seed_text: str) -> None:
    env = {**os.environ, "CACHE_DIR": str(tmp_path / "cache")}
    dump = tmp_path / "seed.txt"
    dump.write_text(seed_text, encoding="utf-8", newline="")
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "process", str(dump), "--dedupe", "exact"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    result = json.loads(out.stdout)
    assert result["content_hash"].startswith("sha256:") and len(result["articles"]) >= 1

    batch = tmp_path / "in.ndjson"
    batch.write_text(
        "\n".join(json.dumps(d) for d in [{"id": "s", "text": seed_text}, {"text": ""}]) + "\n"
    )
    results = tmp_path / "out.ndjson"
    run = subprocess.run(
        [sys.executable, "-m", "service.cli", "batch", str(batch), "-o", str(results)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert rows[0]["id"] == "s" and rows[0]["articles"] == result["articles"]
    assert rows[1]["status"] == 422
    assert "2/2" in run.stderr  # the progress bar

    bad = subprocess.run(
        [sys.executable, "-m", "service.cli", "process", str(dump), "--near-threshold", "5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert bad.returncode == 2 and "near_threshold" in bad.stderr
