"""API keys as tenants, rate limits, CORS, gzip bodies and input limits."""

from __future__ import annotations

import gzip
from pathlib import Path

from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app

TEXT = "Budget approved\n\nParliament approved the budget late on Wednesday night.\n"


def keyed_client(tmp_path: Path, **extra: object) -> FlaskClient:
    settings = Settings(cache_dir=str(tmp_path / "cache"), api_keys=("key-a", "key-b"), **extra)  # type: ignore[arg-type]
    return create_app(settings).test_client()


def post(client: FlaskClient, key: str | None, text: str = TEXT, header: str = "bearer"):  # type: ignore[no-untyped-def]
    headers = {}
    if key is not None:
        headers = {"Authorization": f"Bearer {key}"} if header == "bearer" else {"X-API-Key": key}
    return client.post("/v1/process", data=text, content_type="text/plain", headers=headers)


def test_keys_are_required_and_checked(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    missing = post(client, None)
    assert missing.status_code == 401 and missing.mimetype == "application/problem+json"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert post(client, "wrong").status_code == 401
    assert post(client, "key-a").status_code == 200
    assert post(client, "key-b", header="x-api-key").status_code == 200


def test_ops_endpoints_stay_open_unless_configured(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.yaml"):
        assert client.get(path).status_code == 200, path
    closed = keyed_client(tmp_path, open_ops_endpoints=False)
    assert closed.get("/metrics").status_code == 401
    assert closed.get("/metrics", headers={"X-API-Key": "key-a"}).status_code == 200


def test_tenants_cannot_read_or_probe_each_others_results(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    first = post(client, "key-a")
    text_hash = first.get_json()["content_hash"]
    assert post(client, "key-a").headers["X-Cache"] == "HIT"
    assert post(client, "key-b").headers["X-Cache"] == "MISS"  # no hint that A sent it
    url = f"/v1/results/{text_hash}"
    assert client.get(url, headers={"X-API-Key": "key-a"}).status_code == 200
    other = keyed_client(tmp_path)
    post(other, "key-b", "Different text\n\nNothing like the budget story at all here.\n")
    assert other.get(url, headers={"X-API-Key": "key-c"}).status_code == 401


def test_results_are_scoped_to_the_key_that_computed_them(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    text_hash = post(client, "key-a").get_json()["content_hash"]
    url = f"/v1/results/{text_hash}"
    assert client.get(url, headers={"X-API-Key": "key-b"}).status_code == 404


def test_rate_limit_per_key_answers_429_with_retry_after(tmp_path: Path) -> None:
    client = keyed_client(tmp_path, rate_limit="3/minute")
    statuses = [post(client, "key-a").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = post(client, "key-a")
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert post(client, "key-b").status_code == 200  # another tenant has its own budget
    assert client.get("/healthz").status_code == 200


def test_cors_is_off_by_default_and_allow_listed(tmp_path: Path) -> None:
    plain = create_app(Settings(cache_dir=str(tmp_path))).test_client()
    response = plain.get("/healthz", headers={"Origin": "https://cms.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    settings = Settings(cache_dir=str(tmp_path), cors_origins=("https://cms.example",))
    client = create_app(settings).test_client()
    preflight = client.options(
        "/v1/process",
        headers={
            "Origin": "https://cms.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://cms.example"
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_gzip_request_bodies_are_accepted_within_limits(tmp_path: Path) -> None:
    client = create_app(Settings(cache_dir=str(tmp_path), max_body_bytes=4096)).test_client()
    ok = client.post(
        "/v1/process",
        data=gzip.compress(TEXT.encode()),
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
    )
    assert ok.status_code == 200 and ok.get_json()["articles"][0]["title"] == "Budget approved"
    bomb = gzip.compress(b"a" * 50_000_000)  # 50 MB of text in ~50 kB
    refused = client.post(
        "/v1/process",
        data=bomb[:4000],
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
    )
    assert refused.status_code in {400, 413}
    small_bomb = gzip.compress(b"a" * 100_000)
    assert len(small_bomb) < 4096
    too_big = client.post(
        "/v1/process",
        data=small_bomb,
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
    )
    assert too_big.status_code == 413 and "Decompressed" in too_big.get_json()["detail"]
    assert (
        client.post(
            "/v1/process",
            data=b"garbage",
            content_type="text/plain",
            headers={"Content-Encoding": "gzip"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/v1/process", data=TEXT, content_type="text/plain", headers={"Content-Encoding": "br"}
        ).status_code
        == 415
    )


def test_large_results_are_compressed_when_asked(tmp_path: Path, seed_text: str) -> None:
    client = create_app(Settings(cache_dir=str(tmp_path))).test_client()
    response = client.post(
        "/v1/process",
        data=seed_text,
        content_type="text/plain",
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"content_hash" in gzip.decompress(response.data)
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers


def test_line_limits(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path), max_lines=10, max_line_chars=50)
    client = create_app(settings).test_client()
    many = client.post("/v1/process", data="a\n" * 11, content_type="text/plain")
    assert many.status_code == 413 and "lines" in many.get_json()["detail"]
    long = client.post("/v1/process", data="x" * 51, content_type="text/plain")
    assert long.status_code == 413 and "characters" in long.get_json()["detail"]
    assert client.post("/v1/process", data="a\n" * 9, content_type="text/plain").status_code == 200


def test_default_limits_take_the_hostile_inputs(client: FlaskClient) -> None:
    one_line = "word " * 200_000  # a 1 MB single line
    assert client.post("/v1/process", data=one_line, content_type="text/plain").status_code == 200
    tiny = "a\n" * 1_000_000  # 1M tiny lines
    response = client.post("/v1/process", data=tiny, content_type="text/plain")
    assert response.status_code == 200
    blanks = "Title\n" + "\n" * 100_000 + "Body line here.\n"
    assert client.post("/v1/process", data=blanks, content_type="text/plain").status_code == 200


def test_api_keys_from_a_file(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("# ops team\nfile-key\n\n")
    settings = Settings.from_env({"API_KEYS_FILE": str(keys), "API_KEYS": "env-key"})
    assert settings.api_keys == ("env-key", "file-key")
    assert "file-key" not in repr(settings)
