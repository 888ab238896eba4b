"""No Docker engine here: the container files are linted and validated against schemas
shipped inside packages, and their entrypoint is the command the live tests run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} must be installed by the test extras (fail, never skip)"
    return found


def test_dockerfile_passes_hadolint() -> None:
    out = subprocess.run(
        [_tool("hadolint"), "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_compose_file_matches_the_compose_spec() -> None:
    out = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(ROOT / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_entrypoint_is_copydesk_serve_and_runs_as_non_root() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    # exec form, so PID 1 is copydesk; the worker role replaces only CMD (`copydesk worker`)
    entrypoints = re.findall(r"^ENTRYPOINT (.+)$", dockerfile, re.M)
    cmds = re.findall(r"^CMD (.+)$", dockerfile, re.M)  # not the HEALTHCHECK's indented CMD
    assert len(entrypoints) == 1 and len(cmds) == 1
    entrypoint, cmd = json.loads(entrypoints[0]), json.loads(cmds[0])
    assert entrypoint == ["copydesk"]
    assert entrypoint + cmd == ["copydesk", "serve"]
    users = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) >= 2  # multi-stage


def test_files_the_dockerfile_copies_exist() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.M):
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), source


def test_compose_wires_the_api_to_a_healthy_bounded_redis() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    api, redis = compose["services"]["api"], compose["services"]["redis"]
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert api["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert "healthcheck" in redis and "allkeys-lru" in redis["command"]
    assert "maxmemory" in redis["command"] and redis["deploy"]["resources"]["limits"]["memory"]


def test_compose_queue_redis_never_evicts_persists_and_feeds_the_workers() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    api, worker, queue, cache = (services[n] for n in ("api", "worker", "queue", "redis"))
    # the queue Redis: never evicts, append-only file fsynced every second, on a named volume
    command = queue["command"].split()
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] == "everysec"
    volume = next(v for v in queue["volumes"] if v.split(":")[1] == "/data")
    assert volume.split(":")[0] in compose["volumes"]
    assert "healthcheck" in queue
    # a Redis apart from the cache, which stays an evicting cache without persistence
    assert "noeviction" not in cache["command"] and "--appendonly no" in cache["command"]
    for service in (api, worker):
        env = service["environment"]
        assert env["QUEUE_REDIS_URL"].startswith("redis://queue:")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert service["depends_on"]["queue"]["condition"] == "service_healthy"
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"
    # the worker: the api's image and build, its `worker` role, no ports, a grace period
    assert worker["image"] == api["image"] and worker["build"] == api["build"]
    assert worker["command"] == ["worker"] and "ports" not in worker
    grace = re.fullmatch(r"(\d+)s", worker["stop_grace_period"])
    assert grace and int(grace.group(1)) >= 60
    assert worker["restart"] == "unless-stopped"
    # not the image's HTTP health check: the worker has no HTTP
    assert "/healthz" not in str(worker["healthcheck"]["test"])
