"""The Kubernetes manifests validate against the API schemas that kubernetes-validate ships."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT

MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
K8S_VERSION = "1.31"


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_probes_and_grace_period_match_the_server() -> None:
    deployment = yaml.safe_load((ROOT / "deploy" / "k8s" / "deployment.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/readyz"
    env = {e["name"]: e.get("value") for e in container["env"]}
    drain = float(env["DRAIN_S"]) + float(env["GRACEFUL_TIMEOUT_S"])
    pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pod["terminationGracePeriodSeconds"] > drain + pre_stop
    assert container["resources"]["limits"]["memory"] and container["resources"]["requests"]


def _documents() -> list[dict[str, Any]]:
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text()) if doc]


def _find(kind: str, name: str) -> dict[str, Any]:
    found = [d for d in _documents() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind} {name}"
    return found[0]


def _env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container["env"]}


def test_the_manifests_cover_the_api_and_the_jobs_workers() -> None:
    assert {p.name for p in MANIFESTS} >= {
        "deployment.yaml",
        "service.yaml",
        "hpa.yaml",
        "worker-deployment.yaml",
        "worker-hpa.yaml",
        "queue-redis.yaml",
    }
    kinds = {doc["kind"] for doc in _documents()}
    assert kinds == {"Deployment", "Service", "HorizontalPodAutoscaler", "StatefulSet"}


def test_the_worker_runs_the_api_image_and_its_autoscaler_targets_it() -> None:
    api = _find("Deployment", "copydesk")["spec"]["template"]["spec"]
    worker_deployment = _find("Deployment", "copydesk-worker")
    worker = worker_deployment["spec"]["template"]["spec"]
    (api_container,) = api["containers"]
    (container,) = worker["containers"]
    assert container["image"] == api_container["image"]
    assert container["args"] == ["worker"] and "command" not in container
    assert "ports" not in container
    # the Service selects the api pods only, never a worker
    service = _find("Service", "copydesk")
    worker_labels = worker_deployment["spec"]["template"]["metadata"]["labels"]
    assert not service["spec"]["selector"].items() <= worker_labels.items()
    # the same secrets as the api: the cache, and the queue Redis (required, not optional)
    env, api_env = _env(container), _env(api_container)
    assert env["REDIS_URL"]["valueFrom"] == api_env["REDIS_URL"]["valueFrom"]
    queue_url = env["QUEUE_REDIS_URL"]["valueFrom"]["secretKeyRef"]
    assert queue_url == api_env["QUEUE_REDIS_URL"]["valueFrom"]["secretKeyRef"]
    assert queue_url["name"] != env["REDIS_URL"]["valueFrom"]["secretKeyRef"]["name"]
    assert not queue_url.get("optional", False)
    # SIGTERM finishes the running chunk: the grace period covers one chunk's timeout
    chunk_timeout = float(env["JOB_CHUNK_TIMEOUT_S"]["value"])
    assert chunk_timeout == float(api_env["JOB_CHUNK_TIMEOUT_S"]["value"])
    assert worker["terminationGracePeriodSeconds"] > chunk_timeout
    assert container["resources"]["limits"]["memory"] and container["resources"]["requests"]
    assert worker["securityContext"]["runAsNonRoot"] is True
    assert worker["securityContext"]["runAsUser"] == api["securityContext"]["runAsUser"]
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    # no HTTP to probe: the liveness probe is a command, checking RQ's registration
    probe = container["livenessProbe"]
    assert "httpGet" not in probe and probe["exec"]["command"][:2] == ["python", "-c"]
    assert "rq.Worker" in probe["exec"]["command"][2]
    # the autoscaler: the worker Deployment, on the queue length per pod
    hpa = _find("HorizontalPodAutoscaler", "copydesk-worker")["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "copydesk-worker",
    }
    assert hpa["minReplicas"] >= 1 and hpa["maxReplicas"] > hpa["minReplicas"]
    (metric,) = hpa["metrics"]
    assert metric["type"] == "External"
    assert metric["external"]["metric"]["name"] == "copydesk_jobs_queue_length"
    assert metric["external"]["target"]["type"] == "AverageValue"


def test_the_queue_redis_never_evicts_and_persists() -> None:
    statefulset = _find("StatefulSet", "copydesk-queue")
    (container,) = statefulset["spec"]["template"]["spec"]["containers"]
    args = container["args"]
    assert args[args.index("--maxmemory-policy") + 1] == "noeviction"
    assert args[args.index("--appendonly") + 1] == "yes"
    assert args[args.index("--appendfsync") + 1] == "everysec"
    (claim,) = statefulset["spec"]["volumeClaimTemplates"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts[claim["metadata"]["name"]] == "/data"
    assert statefulset["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    service = _find("Service", statefulset["spec"]["serviceName"])
    labels = statefulset["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["port"] == 6379
