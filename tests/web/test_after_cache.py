"""Batch-wide folds and seen scopes: applied to cached results, never stored with them."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from service.config import Settings
from service.web.app import create_app
from tests.conftest import redis_url

STORY_TITLE = "Last of twelve trapped miners brought to the surface after four days"
OTHER_TITLE = "City opens its first tram line in half a century"
STORY = (
    f"{STORY_TITLE}\n"
    "By Anna Nowak\n"
    "Rescuers brought the last of the twelve trapped miners to the surface early on Sunday, "
    "ending a four-day operation in the northern province that officials called the longest "
    "in the country's history. The men were taken to hospital in Tarnow for checks, and "
    "doctors said all of them were in a stable condition despite dehydration and exhaustion. "
    "The mine's operator said it would suspend work at the shaft while inspectors looked "
    "for the cause of the collapse, which happened on Wednesday during a routine shift.\n"
    "Relatives who had waited at the pithead for four days cheered as the last of the men "
    "stepped out of the cage, and the regional governor thanked the rescue teams.\n"
)
OTHER = (
    f"{OTHER_TITLE}\n"
    "By Tomasz Wolski\n"
    "The city's first tram line in half a century opened to passengers on Monday, linking "
    "the railway station with the university campus and the new hospital in the east. "
    "The mayor rode the first tram and said the twelve-kilometre line had come in under "
    "budget, though a year late after disputes with the contractor over track supplies.\n"
    "Trams will run every six minutes at peak hours, and tickets bought for the city's buses "
    "will be valid on the new line from the first day of service.\n"
)

LATER = (
    "Work on a second line, to the airport in the west, is due to start next spring, and the "
    "council has asked the national government to pay for half of it from the fund for "
    "regional transport, which was set up three years ago and has so far paid for bus lanes.\n"
)

BRIEF_TITLE = "Council approves four new cycle lanes"
BRIEF = (
    f"{BRIEF_TITLE}\n"
    "By Ewa Lis\n"
    "The council approved four new cycle lanes on Tuesday after a short debate, and the "
    "first of them, along the river, will open before the summer holidays begin.\n"
)


def batch(client: FlaskClient, docs: list[dict], **headers: str) -> list[dict]:  # type: ignore[type-arg]
    response = client.post("/v1/batch", json={"documents": docs}, headers=headers)
    assert response.status_code == 200, response.data
    return list(response.get_json()["results"])


def test_an_article_repeating_an_earlier_document_is_folded_there(client: FlaskClient) -> None:
    results = batch(
        client,
        [{"id": "mon", "text": OTHER + "\n" + STORY}, {"id": "tue", "text": STORY}],
    )
    assert [a["title"] for a in results[0]["articles"]] == [OTHER_TITLE, STORY_TITLE]
    tuesday = results[1]
    assert tuesday["articles"] == []
    fold = tuesday["duplicates"][0]
    assert (fold["document"], fold["duplicate_of"], fold["kind"]) == ("mon", 1, "exact")
    assert tuesday["stats"]["articles"] == 0 and tuesday["stats"]["duplicates"] == 1


def test_main_article_follows_the_renumbering_and_a_moved_main_story(client: FlaskClient) -> None:
    results = batch(
        client,
        [
            {"id": "mon", "text": STORY},
            # the story moves out; OTHER, longer here, is the main story and becomes 0
            {"id": "tue", "text": STORY + "\n" + OTHER + LATER},
            {"id": "wed", "text": STORY + "\n" + BRIEF},  # the main story moves out
        ],
    )
    assert results[0]["main_article"] == 0
    assert [a["title"] for a in results[1]["articles"]] == [OTHER_TITLE]
    assert results[1]["main_article"] == 0
    assert [a["title"] for a in results[2]["articles"]] == [BRIEF_TITLE]
    assert results[2]["main_article"] is None


def test_cross_document_folds_never_reach_the_cache(client: FlaskClient) -> None:
    batch(client, [{"id": "a", "text": STORY}, {"id": "b", "text": STORY}])
    alone = client.post("/v1/process", data=STORY, content_type="text/plain")
    assert alone.headers["X-Cache"] == "HIT"
    assert [a["title"] for a in alone.get_json()["articles"]] == [STORY_TITLE]
    assert alone.get_json()["duplicates"] == []


def test_a_near_copy_in_a_later_document_and_renumbering(client: FlaskClient) -> None:
    edited = STORY.replace(STORY_TITLE, "All twelve miners rescued").replace(
        "early on Sunday", "on Sunday morning"
    )
    results = batch(
        client, [{"id": "x", "text": STORY}, {"id": "y", "text": OTHER + "\n" + edited}]
    )
    later = results[1]
    assert [a["title"] for a in later["articles"]] == [OTHER_TITLE]
    assert later["articles"][0]["index"] == 0
    fold = later["duplicates"][0]
    assert fold["document"] == "x" and fold["kind"] == "near" and 0.8 <= fold["similarity"] < 1


def test_ndjson_batches_fold_across_documents_too(client: FlaskClient) -> None:
    lines = [json.dumps({"id": "1", "text": STORY}), json.dumps({"id": "2", "text": STORY})]
    response = client.post("/v1/batch", data="\n".join(lines), content_type="application/x-ndjson")
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert rows[1]["duplicates"][0]["document"] == "1"


def test_dedupe_off_documents_are_not_folded_across(client: FlaskClient) -> None:
    docs = [{"id": "a", "text": STORY}, {"id": "b", "text": STORY, "options": {"dedupe": "off"}}]
    assert batch(client, docs)[1]["articles"][0]["title"] == STORY_TITLE


def seen_post(client: FlaskClient, text: str, scope: str, **headers: str) -> dict:  # type: ignore[type-arg]
    body = {"text": text, "options": {"seen_scope": scope}}
    response = client.post("/v1/process", json=body, headers=headers)
    assert response.status_code == 200, response.data
    return dict(response.get_json())


def check_seen_scopes(client: FlaskClient, scope: str) -> None:
    first = seen_post(client, STORY, scope)
    assert first["articles"][0]["seen_before"] is None
    later = seen_post(client, OTHER + "\n" + STORY, scope)
    tram, mine = later["articles"]
    assert tram["seen_before"] is None
    assert mine["seen_before"]["content_hash"] == first["content_hash"]
    assert mine["seen_before"]["first_seen"] > 1.7e9
    # marked, not dropped; and a new scope knows nothing
    assert len(later["articles"]) == 2
    assert seen_post(client, STORY, scope + "-other")["articles"][0]["seen_before"] is None
    # a cache hit still consults the scope
    again = client.post("/v1/process", json={"text": STORY, "options": {"seen_scope": scope}})
    assert again.headers["X-Cache"] == "HIT"
    assert again.get_json()["articles"][0]["seen_before"] is not None


def test_seen_scope_on_the_embedded_store(client: FlaskClient) -> None:
    check_seen_scopes(client, "hourly-feed")


def test_seen_scope_on_redis(redis_prefix: str, tmp_path: Path) -> None:
    settings = Settings(redis_url=redis_url(), cache_prefix=redis_prefix)
    check_seen_scopes(create_app(settings).test_client(), "hourly-feed")


def test_seen_scopes_are_per_tenant(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path), api_keys=("k1", "k2"))
    client = create_app(settings).test_client()
    seen_post(client, STORY, "feed", **{"X-API-Key": "k1"})
    other_tenant = seen_post(client, STORY, "feed", **{"X-API-Key": "k2"})
    assert other_tenant["articles"][0]["seen_before"] is None


def test_seen_scope_is_no_part_of_the_cache_key(client: FlaskClient) -> None:
    seen_post(client, STORY, "a")
    plain = client.post("/v1/process", data=STORY, content_type="text/plain")
    assert plain.headers["X-Cache"] == "HIT"
    assert plain.get_json()["articles"][0]["seen_before"] is None
