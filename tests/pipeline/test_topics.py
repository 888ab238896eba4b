"""IPTC topics: every top-level topic is reachable, scores are well-formed, run() fills them."""

from __future__ import annotations

import dataclasses
import json

import pytest

from service.model import Options
from service.pipeline import run
from service.pipeline.topics import VOCABULARY_PATH, load_topic_model, rank_text, score_topics

# Short texts written for these tests, one per top-level topic, with the rank the topic
# must reach: first, for all seventeen, now that each has labelled news to learn from.
CASES = [
    (
        "medtop:01000000",
        1,
        "The director's new film premiered at the festival to a standing "
        "ovation. Critics praised the actors and the soundtrack, and the gallery will show the "
        "artist's paintings next month.",
    ),
    (
        "medtop:02000000",
        1,
        "A jury found the former mayor guilty of fraud and bribery. The judge "
        "will pass sentence next week; prosecutors asked for a long prison term after the police "
        "investigation.",
    ),
    (
        "medtop:03000000",
        1,
        "Rescuers pulled survivors from collapsed buildings after a powerful "
        "earthquake struck the region. Emergency services said dozens died and thousands were left "
        "homeless by the disaster.",
    ),
    (
        "medtop:04000000",
        1,
        "Shares in the bank fell after it reported a drop in quarterly profit. Investors "
        "worry that higher interest rates and weak consumer demand will hurt earnings and the "
        "wider economy.",
    ),
    (
        "medtop:05000000",
        1,
        "The school will hire more teachers next year. Pupils sat their final "
        "examinations this week, and the university announced changes to its curriculum and "
        "tuition.",
    ),
    (
        "medtop:06000000",
        1,
        "Scientists warned that climate change and air pollution are harming "
        "wildlife. Conservation groups called for protection of the forest and cuts in greenhouse "
        "gas emissions.",
    ),
    (
        "medtop:07000000",
        1,
        "Hospitals reported a rise in patients with the virus. Doctors urged "
        "people to get vaccinated, and the health ministry said the disease is spreading among the "
        "elderly.",
    ),
    (
        "medtop:08000000",
        1,
        "A couple married for 80 years celebrated their anniversary with "
        "family. Neighbours threw a party for the pair, who met at a dance as teenagers.",
    ),
    (
        "medtop:09000000",
        1,
        "Thousands of nurses walked out in a strike over pay. The union said "
        "members rejected the employer's offer and warned of further industrial action over "
        "working conditions.",
    ),
    (
        "medtop:10000000",
        1,
        "Enthusiasts gathered for the annual gardening show, where visitors "
        "picked up tips on growing vegetables. Others came for the cooking demonstrations and the "
        "craft fair.",
    ),
    (
        "medtop:11000000",
        1,
        "The prime minister called an early general election after the "
        "coalition collapsed. Opposition parties said parliament must vote on the budget before "
        "campaigning begins.",
    ),
    (
        "medtop:12000000",
        1,
        "Thousands of pilgrims gathered for the religious festival. The bishop "
        "led a service at the cathedral, and worshippers prayed at churches and mosques across the "
        "country.",
    ),
    (
        "medtop:13000000",
        1,
        "Researchers unveiled a faster computer chip and new software for "
        "artificial intelligence. The scientists said the technology could speed up research in "
        "physics and biology.",
    ),
    (
        "medtop:14000000",
        1,
        "Charities say homelessness and poverty are rising, with more families "
        "relying on food banks. Campaigners called for better welfare support and an end to "
        "discrimination against migrants.",
    ),
    (
        "medtop:15000000",
        1,
        "The striker scored twice as the home side won the cup final. The coach "
        "praised his players after the match, and the champions will now face the league leaders.",
    ),
    (
        "medtop:16000000",
        1,
        "Rebel fighters attacked an army base near the border, and the military "
        "responded with air strikes. Soldiers and civilians were killed as the war entered its "
        "third year; peace talks have stalled.",
    ),
    (
        "medtop:17000000",
        1,
        "Forecasters issued a warning for heavy snow and freezing temperatures. "
        "Strong winds and rain are expected across the north, with frost and fog in the morning.",
    ),
]


def _full_ranking(text: str) -> list[str]:
    return [t.code for t in rank_text(text)]


def test_the_17_top_level_topics_are_the_vocabulary_s() -> None:
    concepts = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["concepts"]
    top = {code for code, c in concepts.items() if c["broader"] is None}
    assert len(top) == 17
    assert set(load_topic_model().top_codes) == top


@pytest.mark.parametrize(("code", "rank", "text"), CASES, ids=[c for c, _, _ in CASES])
def test_each_top_level_topic_ranks_where_promised(code: str, rank: int, text: str) -> None:
    assert code in _full_ranking(text)[:rank]


def test_the_best_topic_is_returned_with_its_label_first() -> None:
    topics = score_topics(CASES[14][2]).topics
    assert topics[0].code == "medtop:15000000"
    assert topics[0].label == "sport"


def test_scores_are_probabilities_best_first() -> None:
    for _code, _rank, text in CASES:
        scores = [t.score for t in score_topics(text).topics]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_second_level_topics_only_under_a_reported_parent() -> None:
    concepts = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["concepts"]
    for _code, _rank, text in CASES:
        topics = score_topics(text).topics
        codes = {t.code for t in topics}
        for topic in topics:
            parent = concepts[topic.code]["broader"]
            assert parent is None or parent in codes


def test_no_words_no_topics_and_the_verdict_says_why() -> None:
    for text in ("", "12 34 56"):
        verdict = score_topics(text)
        assert verdict.topics == ()
        assert verdict.withheld is not None and "no word" in verdict.withheld


def test_under_the_confidence_floor_no_topic_is_given_and_the_verdict_says_so() -> None:
    model = load_topic_model()
    text = CASES[14][2]
    sure = score_topics(text, dataclasses.replace(model, floor=0.0))
    assert sure.topics and sure.withheld is None
    best = sure.topics[0]
    unsure = score_topics(text, dataclasses.replace(model, floor=min(1.0, best.score + 0.01)))
    assert unsure.topics == ()
    assert unsure.withheld is not None
    assert best.label in unsure.withheld and "floor" in unsure.withheld


def test_the_shipped_model_is_calibrated_and_has_a_floor() -> None:
    model = load_topic_model()
    assert 0.2 <= model.temperature <= 5.0
    # a floor near 1 would leave most articles without a topic: a broken fit, not caution
    assert 0.0 <= model.floor < 0.7


def test_the_model_loads_once() -> None:
    assert load_topic_model() is load_topic_model()


def test_run_attaches_topics_only_when_asked() -> None:
    dump = "Striker scores twice in cup final\n\n" + CASES[14][2] + "\n"
    tagged = run(dump, Options(tags=frozenset({"topics"}))).articles[0].tags
    assert tagged.topics[0].code == "medtop:15000000"
    assert tagged.keywords == ()
    assert tagged.topics_withheld is None
    untagged = run(dump, Options(tags=frozenset({"agencies"}))).articles[0].tags
    assert untagged.topics == ()
