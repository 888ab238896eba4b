"""Start and stop servers and drive them with wrk, for the benchmarks: free loopback ports,
every process stopped by its PID. The servers start as the tests start them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port, start_server, stop  # noqa: E402

__all__ = ["free_port", "run_wrk", "served"]


@contextmanager
def served(workers: int, cache_dir: Path, **env: str) -> Iterator[str]:
    """The base URL of `copydesk serve` (the container's entrypoint), ready to answer; its
    cache and log live under `cache_dir`."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    # a loaded machine can take longer than a test allows to load the models
    server = start_server(cache_dir, {"ACCESS_LOG": "", **env}, workers, ready_s=120)
    try:
        yield server.url
    finally:
        stop(server.proc, timeout_s=60)


def run_wrk(
    url: str,
    script: Path,
    seconds: int,
    connections: int,
    threads: int,
    env: Mapping[str, str],
) -> dict[str, Any]:
    """Debian's wrk on `url` with a Lua `script` that prints its figures as one JSON line;
    those figures and requests_per_s."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 90,
        env={**os.environ, **env},
        check=True,
    )
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    figures["requests_per_s"] = round(figures["requests"] / figures["seconds"], 1)
    return figures
