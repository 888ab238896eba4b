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
    entrypoint = re.search(r"^ENTRYPOINT (.+)$", dockerfile, re.M)
    assert entrypoint and json.loads(entrypoint.group(1)) == ["copydesk", "serve"]
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
