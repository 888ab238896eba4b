"""Gzip responses: deflated once per result, the client id spliced in, q-values honoured."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.config import Settings
from service.web import processing
from service.web.app import create_app
from service.web.encoding import gzip_payload, gzip_with_id, prefers_gzip
from service.web.processing import NearCache, splice_id
from tests.conftest import TWO_ARTICLES

PLAIN = "text/plain; charset=utf-8"
GZIP = {"Accept-Encoding": "gzip, deflate"}  # python-requests' default


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    # every result is large enough to compress, so small texts exercise the gzip path
    settings = Settings(cache_dir=str(tmp_path / "cache"), compress_min_bytes=0)
    return create_app(settings).test_client()


def post(client: FlaskClient, headers: dict[str, str] | None = None, **json_body: object):  # type: ignore[no-untyped-def]
    if json_body:
        return client.post("/v1/process", json={"text": TWO_ARTICLES, **json_body}, headers=headers)
    return client.post(
        "/v1/process", data=TWO_ARTICLES.encode(), content_type=PLAIN, headers=headers
    )


def one_member(data: bytes) -> bytes:
    """Decode `data` as a single gzip member, as clients that stop after one do (curl)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = inflater.decompress(data)
    assert inflater.eof and inflater.unused_data == b""
    return out


def test_gzip_miss_and_hits_decode_to_the_identity_body(client: FlaskClient) -> None:
    miss = post(client, GZIP)
    identity = post(client)
    hit = post(client, GZIP)
    assert [r.headers["X-Cache"] for r in (miss, identity, hit)] == ["MISS", "HIT", "HIT"]
    assert "Content-Encoding" not in identity.headers
    for response in (miss, hit):
        assert response.headers["Content-Encoding"] == "gzip"
        assert int(response.headers["Content-Length"]) == len(response.data)
        assert response.headers.getlist("Vary") == ["Accept-Encoding"]  # said once
        assert gzip.decompress(response.data) == identity.data
        assert one_member(response.data) == identity.data
    assert identity.headers.getlist("Vary") == ["Accept-Encoding"]
    assert len(hit.data) < len(identity.data)


@pytest.mark.parametrize(
    "client_id",
    ["doc-1", 'quote " and \\ back', "ünïcödé 📰", "x" * 256, "", None],
)
def test_gzip_carries_each_client_id(client: FlaskClient, client_id: str | None) -> None:
    post(client, GZIP, id="warm")  # the gzip form is cached for another id first
    identity = post(client, id=client_id)
    gzipped = post(client, GZIP, id=client_id)
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert one_member(gzipped.data) == identity.data
    assert gzip.decompress(gzipped.data) == identity.data


def test_gzip_is_deflated_once_per_result(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counted(payload: bytes):  # type: ignore[no-untyped-def]
        calls.append(len(payload))
        return gzip_payload(payload)

    monkeypatch.setattr(processing, "gzip_payload", counted)
    bodies = {gzip.decompress(post(client, GZIP, id=str(n)).data) for n in range(3)}
    bodies |= {gzip.decompress(post(client, GZIP).data) for _ in range(3)}
    content_hash = post(client).get_json()["content_hash"]
    got = client.get(f"/v1/results/{content_hash}", headers=GZIP)
    assert gzip.decompress(got.data) in bodies
    assert len(calls) == 1
    assert len(bodies) == 4  # three ids and the id-less one, each spliced in


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("*", True),
        ("deflate, gzip;q=0.5", True),
        ("identity;q=0, gzip;q=0.1", True),
        ("gzip;q=0.5, *;q=0", True),
        ("gzip;q=1, identity;q=1", True),  # a tie: the smaller body
        ("", False),
        ("identity", False),
        ("br, zstd", False),
        ("gzip;q=0", False),
        ("gzip; q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("gzip;q=0.5, identity", False),
    ],
)
def test_accept_encoding_q_values(client: FlaskClient, accept_encoding: str, gzipped: bool) -> None:
    assert prefers_gzip(accept_encoding) is gzipped
    response = post(client, {"Accept-Encoding": accept_encoding})
    assert (response.headers.get("Content-Encoding") == "gzip") is gzipped
    assert "Accept-Encoding" in response.headers["Vary"]
    # a result flask-compress compresses per request follows the same choice
    content_hash = post(client).get_json()["content_hash"]
    got = client.get(f"/v1/results/{content_hash}", headers={"Accept-Encoding": accept_encoding})
    assert (got.headers.get("Content-Encoding") == "gzip") is gzipped


def test_etag_differs_per_encoding_and_is_stable(client: FlaskClient) -> None:
    gzip_miss, identity, gzip_hit = post(client, GZIP), post(client), post(client, GZIP)
    tag = identity.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    assert gzip_miss.headers["ETag"] == gzip_hit.headers["ETag"] == tag[:-1] + ':gzip"'
    with_id = post(client, GZIP, id="doc-1")
    assert with_id.headers["ETag"] not in {tag, gzip_hit.headers["ETag"]}
    assert with_id.headers["ETag"] == post(client, id="doc-1").headers["ETag"][:-1] + ':gzip"'


def test_results_304_per_encoding(client: FlaskClient) -> None:
    content_hash = post(client).get_json()["content_hash"]
    url = f"/v1/results/{content_hash}"
    identity = client.get(url)
    gzipped = client.get(url, headers=GZIP)
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.data) == identity.data
    identity_tag, gzip_tag = identity.headers["ETag"], gzipped.headers["ETag"]
    assert gzip_tag != identity_tag
    assert client.get(url, headers={"If-None-Match": identity_tag}).status_code == 304
    again = client.get(url, headers={**GZIP, "If-None-Match": gzip_tag})
    assert again.status_code == 304 and again.data == b""
    # the identity validator does not match the gzip representation, nor the reverse
    assert client.get(url, headers={**GZIP, "If-None-Match": '"other"'}).status_code == 200
    assert client.get(url, headers={"If-None-Match": gzip_tag}).status_code == 200
    head = client.head(url, headers=GZIP)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == gzipped.headers["Content-Length"]


def test_seen_marks_are_still_gzipped_per_request(client: FlaskClient) -> None:
    first = post(client, GZIP, options={"seen_scope": "desk"})
    second = post(client, GZIP, options={"seen_scope": "desk"})
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.data) != gzip.decompress(second.data)  # now marked seen


def test_small_results_are_not_gzipped(tmp_path: Path) -> None:
    client = create_app(Settings(cache_dir=str(tmp_path))).test_client()  # 16 kB minimum
    assert "Content-Encoding" not in post(client, GZIP).headers
    assert "Content-Encoding" not in post(client, GZIP).headers  # nor on the hit


def test_gzip_with_id_is_the_gzip_of_the_spliced_body() -> None:
    payload = b'{"a":' + b"[1,2,3]," * 20_000 + b'"z":0}'  # several deflate blocks
    gzipped = gzip_payload(payload)
    for client_id in (None, "doc", "\u2028" * 300):
        assert one_member(gzip_with_id(gzipped, payload, client_id)) == splice_id(
            payload, client_id
        )
    # an id over one stored block (65,535 bytes) still splits into valid blocks
    assert one_member(gzip_with_id(gzipped, payload, "é" * 20_000)) == splice_id(
        payload, "é" * 20_000
    )


def test_near_cache_counts_the_gzip_forms() -> None:
    payload = b'{"a":"' + b"x" * 20 + b'"}'
    gzipped = gzip_payload(payload)
    both = len(payload) + len(gzipped.member)
    near = NearCache(max_bytes=4 * both, ttl_s=60)
    for key in "abcd":
        near.put(key, payload)
    for key in "abcd":
        near.put_gzipped(key, gzipped)
    assert near.get_gzipped("b") == gzipped  # "a" is now the least recent
    # a fifth payload fits the budget only if the gzip forms were not counted
    assert 5 * len(payload) <= 4 * both
    near.put("e", payload)
    assert near.get("a") is None and near.get_gzipped("a") is None
    assert near.get("e") == payload
    near.put_gzipped("missing", gzipped)  # only beside a payload that is kept
    assert near.get_gzipped("missing") is None
    tight = NearCache(max_bytes=4 * both - 4, ttl_s=60)
    tight.put("a", payload)
    tight.put_gzipped("a", gzipped)  # both together over a quarter of it: not kept
    assert tight.get("a") == payload and tight.get_gzipped("a") is None


def test_near_cache_counts_the_bodies_kept_for_requests_without_an_id() -> None:
    payload = b'{"a":"' + b"x" * 20 + b'"}'
    plain = splice_id(payload, None)
    both = len(payload) + len(plain)
    near = NearCache(max_bytes=4 * both, ttl_s=60)
    for key in "abcd":
        near.put(key, payload)
        near.put_plain(key, plain)
    assert near.get_plain("a") == plain
    # the budget is full only because the plain bodies are counted: a fifth payload
    # pushes out the least recent entry ("b") with its plain body
    near.put("e", payload)
    assert near.get("b") is None and near.get_plain("b") is None
    assert near.get_plain("a") == plain and near.get_plain("e") is None
    near.put_plain("missing", plain)  # only beside a payload that is kept
    assert near.get_plain("missing") is None
    tight = NearCache(max_bytes=4 * both - 4, ttl_s=60)
    tight.put("a", payload)
    tight.put_plain("a", plain)  # both together over a quarter of it: not kept
    assert tight.get("a") == payload and tight.get_plain("a") is None
