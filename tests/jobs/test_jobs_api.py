"""The jobs API against a real (private) queue Redis and a real RQ worker run in-process."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import redis
from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app
from service.web.batch import run_batch
from service.web.ndjson import ndjson_documents

STORY = (
    "Flood warnings issued across Wales\n\n"
    "Heavy rain is expected to bring flooding to parts of Wales over the weekend, the "
    "Met Office said on Friday, as rivers in Powys and Ceredigion rose quickly.\n\n"
    "Residents near the River Severn were told to move belongings upstairs.\n"
)
OTHER = (
    "Bank raises interest rates again\n\n"
    "The Bank of England raised interest rates by a quarter point on Thursday, its third "
    "rise this year, saying inflation was still too high.\n\n"
    "Seven of the nine members of the Monetary Policy Committee voted for the rise, while "
    "two wanted to leave the rate where it was until the spring.\n\n"
    "Mortgage lenders said they would pass the increase on to borrowers with tracker "
    "loans within a month, adding about twenty pounds to a typical monthly payment.\n\n"
    "Economists had expected the move after figures last week showed prices in the shops "
    "rising faster than wages for the sixth month in a row.\n"
)


def _ndjson(docs: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(d).encode() + b"\n" for d in docs)


def _submit(client: FlaskClient, body: bytes, **headers: str) -> Any:
    return client.post(
        "/v1/jobs", data=body, headers={"Content-Type": "application/x-ndjson", **headers}
    )


def _results(client: FlaskClient, job_id: str, start: int = 0) -> list[dict[str, Any]]:
    response = client.get(f"/v1/jobs/{job_id}/results?from={start}&wait=0")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.data.splitlines()]


def _without_timing(result: dict[str, Any]) -> dict[str, Any]:
    result.get("stats", {}).pop("elapsed_ms", None)
    return result


def test_a_job_is_accepted_run_and_gives_the_batch_answer(
    jobs_client: FlaskClient, run_worker: Callable[[], None], queue_env: dict[str, str]
) -> None:
    docs: list[dict[str, Any]] = [
        {"id": "a", "text": STORY},
        {"id": "b", "text": OTHER},
        {"id": "c", "text": STORY},  # a copy of a, two chunks later
        {"text": "x"},
        {"id": "e", "text": OTHER.replace("third", "fourth")},  # a near copy of b
        {"id": "f", "text": ""},  # refused alone, as in a batch
    ]
    body = _ndjson(docs) + b'{"text": "not closed\n'
    response = _submit(jobs_client, gzip.compress(body), **{"Content-Encoding": "gzip"})
    assert response.status_code == 202, response.json
    job = response.json
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued" and job["documents"]["total"] == 7
    assert job["chunks"]["total"] == 2  # JOB_CHUNK_DOCUMENTS=4

    run_worker()

    status = jobs_client.get(f"/v1/jobs/{job['id']}").json
    assert status["status"] == "done", status
    assert status["documents"] == {"total": 7, "done": 7, "failed": 2}
    assert status["results_ready"] == 7 and status["finished_at"]
    got = [_without_timing(r) for r in _results(jobs_client, job["id"])]
    expected = [
        _without_timing(json.loads(slot))
        for slot in run_batch(ndjson_documents(body.split(b"\n")), max_doc_bytes=2 * 2**20)
    ]
    assert got == expected
    assert [r["id"] for r in got] == ["a", "b", "c", "3", "e", "f", "6"]
    (fold,) = got[2]["duplicates"]
    assert fold["document"] == "a" and fold["kind"] == "exact"
    assert got[4]["duplicates"][0]["document"] == "b"
    assert got[5]["status"] == 422 and got[6]["status"] == 400
    assert status["articles"] == sum(len(r.get("articles", [])) for r in got)
    assert status["duplicates"] == sum(len(r.get("duplicates", [])) for r in got)
    # resumed from a position
    assert [r["id"] for r in _results(jobs_client, job["id"], start=5)] == ["f", "6"]


def test_a_dump_job_is_cut_into_parts_with_their_offsets(
    jobs_client: FlaskClient, run_worker: Callable[[], None], queue_env: dict[str, str]
) -> None:
    stories = [STORY.replace("Wales", f"Wales {i}") for i in range(60)]
    stories.append(stories[0])
    text = "\n\n\n".join(stories)
    app = create_app(Settings.from_env())
    app.extensions["copydesk"].settings = Settings.from_env(
        {**queue_env, "JOB_CHUNK_BYTES": "4096"}
    )
    client = app.test_client()
    response = client.post(
        "/v1/jobs?dedupe=exact", data=text.encode(), content_type="text/plain; charset=utf-8"
    )
    assert response.status_code == 202, response.json
    assert response.json["kind"] == "dump" and response.json["chunks"]["total"] > 2
    run_worker()
    parts = _results(client, response.json["id"])
    assert [p["id"] for p in parts] == [f"part-{i:06d}" for i in range(len(parts))]
    for part in parts:
        for article in part["articles"]:
            start = part["text_offset"] + article["span"]["start"]
            assert text[start:].startswith(article["title"])
    titles = [a["title"] for p in parts for a in p["articles"]]
    assert len(titles) == 60  # the last story is a copy of the first, folded across parts
    assert parts[-1]["duplicates"][-1]["document"] == "part-000000"


def test_a_repeated_submit_with_its_idempotency_key_is_the_same_job(
    jobs_client: FlaskClient,
) -> None:
    body = _ndjson([{"text": STORY}])
    first = _submit(jobs_client, body, **{"Idempotency-Key": "upload-7"})
    again = _submit(jobs_client, body, **{"Idempotency-Key": "upload-7"})
    other = _submit(jobs_client, body, **{"Idempotency-Key": "upload-8"})
    assert first.status_code == again.status_code == other.status_code == 202
    assert again.json["id"] == first.json["id"] != other.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers


def test_a_job_belongs_to_its_tenant(queue_env: dict[str, str]) -> None:
    app = create_app(Settings.from_env({**queue_env, "API_KEYS": "key-one,key-two"}))
    client = app.test_client()
    one = {"Authorization": "Bearer key-one"}
    job = _submit(client, _ndjson([{"text": STORY}]), **one).json
    assert client.get(f"/v1/jobs/{job['id']}", headers=one).status_code == 200
    for path in ("", "/results"):
        other = client.get(f"/v1/jobs/{job['id']}{path}", headers={"X-API-Key": "key-two"})
        assert other.status_code == 404 and other.mimetype == "application/problem+json"
    assert (
        client.delete(f"/v1/jobs/{job['id']}", headers={"X-API-Key": "key-two"}).status_code == 404
    )


def test_a_cancelled_job_runs_no_chunk_and_keeps_no_data(
    jobs_client: FlaskClient,
    run_worker: Callable[[], None],
    queue_env: dict[str, str],
) -> None:
    job = _submit(jobs_client, _ndjson([{"text": STORY}] * 3 + [{"text": OTHER}] * 9)).json
    cancelled = jobs_client.delete(f"/v1/jobs/{job['id']}")
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    run_worker()
    status = jobs_client.get(f"/v1/jobs/{job['id']}").json
    assert status["status"] == "cancelled" and status["documents"]["done"] == 0
    with redis.Redis.from_url(queue_env["QUEUE_REDIS_URL"]) as client:
        left = list(client.scan_iter(f"copydesk:job:{{{job['id']}}}*"))
        assert left == [f"copydesk:job:{{{job['id']}}}".encode()]  # the record, for an hour
        assert 0 < client.ttl(left[0]) <= 3600


def test_bad_submits_are_problems_and_leave_nothing_behind(
    jobs_client: FlaskClient, queue_env: dict[str, str]
) -> None:
    cases = [
        (_ndjson([{"id": "a", "text": STORY}, {"id": "a", "text": OTHER}]), {}, 400),
        (b"\n\n", {}, 400),
        (b"not gzip", {"Content-Encoding": "gzip"}, 400),
        (gzip.compress(b"x")[:-6], {"Content-Encoding": "gzip"}, 400),
        (b"{}", {"Content-Encoding": "br"}, 415),
        (b"{}", {"Content-Type": "application/json"}, 415),
        (_ndjson([{"text": STORY}]), {"X-Query": "dedupe=off"}, 422),
    ]
    for body, headers, status in cases:
        path = "/v1/jobs?dedupe=off" if headers.pop("X-Query", None) else "/v1/jobs"
        response = jobs_client.post(
            path, data=body, headers={"Content-Type": "application/x-ndjson", **headers}
        )
        assert response.status_code == status, (body[:40], response.json)
        assert response.mimetype == "application/problem+json"
    with redis.Redis.from_url(queue_env["QUEUE_REDIS_URL"]) as client:
        assert not list(client.scan_iter("copydesk:job:*"))


def test_a_job_over_the_limit_is_413_even_when_it_inflates_past_it(
    queue_env: dict[str, str],
) -> None:
    app = create_app(Settings.from_env({**queue_env, "MAX_JOB_BYTES": "100000"}))
    client = app.test_client()
    big = _ndjson([{"text": "word " * 1000}] * 30)
    for body, headers in ((big, {}), (gzip.compress(big), {"Content-Encoding": "gzip"})):
        response = _submit(client, body, **headers)
        assert response.status_code == 413, response.json
        assert response.mimetype == "application/problem+json"


def test_callback_urls_must_be_allowed(jobs_client: FlaskClient) -> None:
    body = _ndjson([{"text": STORY}])
    for url in ("http://example.com/hook", "ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/"):
        response = jobs_client.post(
            "/v1/jobs",
            query_string={"callback_url": url},
            data=body,
            content_type="application/x-ndjson",
        )
        assert response.status_code == 422, url
        assert response.json["errors"][0]["field"] == "callback_url"


def test_without_a_queue_redis_jobs_answer_503(client: FlaskClient) -> None:
    response = client.post("/v1/jobs", data=b"{}\n", content_type="application/x-ndjson")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert client.get("/v1/jobs/job_" + "0" * 32).status_code == 503


def test_unknown_jobs_are_404(jobs_client: FlaskClient) -> None:
    for job_id in ("job_" + "0" * 32, "nope", "job_../../x"):
        assert jobs_client.get(f"/v1/jobs/{job_id}").status_code == 404


def test_metrics_report_the_queue_length(jobs_client: FlaskClient) -> None:
    _submit(jobs_client, _ndjson([{"text": STORY}] * 9))  # three chunks of four at most
    text = jobs_client.get("/metrics").data.decode()
    assert 'copydesk_jobs_queue_length{queue="copydesk-jobs"} 3.0' in text
    assert 'copydesk_jobs_running_chunks{queue="copydesk-jobs"} 0.0' in text
