"""Prometheus metrics in multiprocess mode, as gunicorn's forked workers write them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from harness import ROOT

# Runs in a fresh interpreter: the metrics module picks its mode at import.
_FORKING_WRITERS = """
import json, os, sys
from prometheus_client import CollectorRegistry, multiprocess
from service.web import metrics

metrics.count_request("/v1/process", "POST", 200, 0.001)  # the master, before forking
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        metrics.count_request("/v1/process", "POST", 200, 0.001)
        metrics.count_cache_event("hit")
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
registry = CollectorRegistry()
multiprocess.MultiProcessCollector(registry)
totals = {
    sample.name: sample.value
    for family in registry.collect()
    for sample in family.samples
    if sample.name in {"copydesk_requests_total", "copydesk_cache_total"}
}
print(json.dumps({"files": sorted(os.listdir(os.environ["PROMETHEUS_MULTIPROC_DIR"])),
                  "children": children, "totals": totals}))
"""


def test_forked_workers_write_their_own_files_and_add_up(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _FORKING_WRITERS],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    # each child noticed the fork: its samples went to a file named by its own pid
    for pid in report["children"]:
        assert f"counter_{pid}.db" in report["files"]
    assert report["totals"] == {"copydesk_requests_total": 3.0, "copydesk_cache_total": 2.0}
