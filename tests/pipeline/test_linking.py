"""Canonical, linked entities and the agencies behind each story."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.model import Article, Block, Entity, Image, Options, Result, Span
from service.pipeline import MODEL_LOADERS, run
from service.pipeline.agencies import agency_sources
from service.pipeline.canonical import Found, Text, canonicalise
from service.pipeline.entities import entities_for
from service.pipeline.link import fold_name, load_gazetteer
from tests.conftest import SEED_PEOPLE

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed" / "seed.txt"
SEED_COUNTRIES = {
    "Iraq": "IQ",
    "Iran": "IR",
    "Syria": "SY",
    "Taiwan": "TW",
    "China": "CN",
    "France": "FR",
    "India": "IN",
    "Russia": "RU",
    "United States": "US",
}


@pytest.fixture(scope="module")
def seed_text() -> str:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="module")
def seed_result(seed_text: str) -> Result:
    return run(seed_text)


def _entities(result: Result) -> list[tuple[int, Entity]]:
    return [(i, e) for i, a in enumerate(result.articles) for e in a.tags.entities]


def test_each_seed_person_is_one_entity_per_article(seed_text: str, seed_result: Result) -> None:
    seen: set[str] = set()
    for article in seed_result.articles:
        for person in SEED_PEOPLE:
            surname = person.split()[-1]
            holding = [
                e
                for e in article.tags.entities
                if e.type == "PERSON"
                and any(surname in seed_text[m.start : m.end].title() for m in e.mentions)
            ]
            if not holding:
                continue
            assert [e.name for e in holding] == [person]
            seen.add(person)
            # every written "Taeb" of the article's blocks lies inside a mention of that entity
            spans = [(m.start, m.end) for m in holding[0].mentions]
            for block in article.blocks:
                for start, end in block.parts:
                    for hit in re.finditer(rf"\b{surname}\b", seed_text[start:end], re.I):
                        at = start + hit.start()
                        assert any(s <= at < e for s, e in spans), (person, at)
    assert seen == set(SEED_PEOPLE)


def test_putin_mentions_merge_titles_and_surnames(seed_text: str, seed_result: Result) -> None:
    putin = [e for _, e in _entities(seed_result) if e.name == "Vladimir Putin"]
    assert len(putin) == 1
    forms = {seed_text[m.start : m.end].casefold() for m in putin[0].mentions}
    assert {"putin", "vladimir putin"} <= forms
    assert putin[0].count == len(putin[0].mentions) >= 5


def test_seed_countries_link_to_iso(seed_result: Result) -> None:
    linked = {e.name: e.ids.get("iso3166") for _, e in _entities(seed_result) if e.type == "GPE"}
    for name, iso in SEED_COUNTRIES.items():
        assert linked.get(name) == iso, name


def test_us_short_forms_are_one_entity(seed_text: str, seed_result: Result) -> None:
    first = seed_result.articles[0]
    us = [e for e in first.tags.entities if e.ids.get("iso3166") == "US" and e.type == "GPE"]
    assert len(us) == 1
    forms = {seed_text[m.start : m.end] for m in us[0].mentions}
    assert {"US", "United States"} <= forms


def test_demonyms_are_norp_linked_to_their_country(seed_result: Result) -> None:
    norp = {e.name: e.ids.get("iso3166") for _, e in _entities(seed_result) if e.type == "NORP"}
    assert norp["Iranian"] == "IR"
    assert norp["Iraqi"] == "IQ"
    assert norp["Indian"] == "IN"
    assert norp["Russian"] == "RU"
    assert norp["American"] == "US"


def test_cities_link_to_geonames_with_country(seed_result: Result) -> None:
    places = {e.name: dict(e.ids) for _, e in _entities(seed_result)}
    assert places["New Delhi"] == {"geonames": "1261481", "country": "IN"}
    assert places["Baghdad"]["country"] == "IQ"
    assert places["Vienna"]["country"] == "AT"  # the US is named, but Vienna, VA is small


def test_revolutionary_guards_merge(seed_text: str, seed_result: Result) -> None:
    guards = [
        e
        for e in seed_result.articles[0].tags.entities
        if any("revolutionary guard" in seed_text[m.start : m.end].casefold() for m in e.mentions)
    ]
    assert len(guards) == 1 and guards[0].type == "ORG"
    assert guards[0].count >= 3


def test_no_credit_or_subheading_entities(seed_text: str, seed_result: Result) -> None:
    putin_article = seed_result.articles[3]
    names = {e.name for e in putin_article.tags.entities}
    assert not names & {"Kremlin", "Konstantin Zavrazhin", "dpa"}
    for _, e in _entities(seed_result):
        for m in e.mentions:
            assert "US-Iranian rivalry" not in seed_text[m.start : m.end] or e.type != "ORG"
    headline_junk = {"Modi Agree", "Widen India", "Strengthen Friendship", "Expand"}
    assert not names & headline_junk


def test_entities_sorted_by_salience_with_title_names_on_top(seed_result: Result) -> None:
    for article in seed_result.articles:
        saliences = [e.salience for e in article.tags.entities]
        assert saliences == sorted(saliences, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in saliences)
    top = [e.name for e in seed_result.articles[3].tags.entities[:4]]
    assert "Vladimir Putin" in top and "India" in top


def test_seed_agencies_with_where(seed_text: str, seed_result: Result) -> None:
    agencies = {a for art in seed_result.articles for a in art.tags.agencies}
    assert agencies == {"Reuters", "AFP", "dpa"}
    for article in seed_result.articles:
        assert article.tags.agencies == tuple(
            dict.fromkeys(s.name for s in article.tags.agency_sources)
        )
        for s in article.tags.agency_sources:
            assert seed_text[s.start : s.end].casefold() == s.name.casefold()
    dpa = [s for s in seed_result.articles[3].tags.agency_sources if s.name == "dpa"]
    assert [s.where for s in dpa] == ["credit"]
    wheres = {(s.name, s.where) for s in seed_result.articles[0].tags.agency_sources}
    assert {("Reuters", "credit"), ("Reuters", "body")} <= wheres


def _article(text: str, kinds: tuple[str, ...]) -> Article:
    blocks = []
    start = 0
    for kind, line in zip(kinds, text.split("\n"), strict=False):
        blocks.append(Block(kind, line, ((start, start + len(line)),)))
        start += len(line) + 1
    return Article(Span(0, len(text), 1, len(blocks)), None, (), tuple(blocks), language="en")


def test_dateline_byline_and_ambiguous_ap() -> None:
    text = (
        "BEIRUT (Reuters) - Talks resumed on Monday, an official told AP.\n"
        "By Jane Doe, AFP\n"
        "The AP Stylebook was cited; apples are not agencies.\n"
    )
    article = _article(text, ("paragraph", "byline", "paragraph"))
    found = [(s.name, s.where, text[s.start : s.end]) for s in agency_sources(article, text)]
    assert found == [
        ("Reuters", "dateline", "Reuters"),
        ("AP", "body", "AP"),
        ("AFP", "byline", "AFP"),
    ]


def test_credit_split_off_a_caption() -> None:
    text = "Putin arrives in Delhi. (Konstantin Zavrazhin/Kremlin/dpa)\n"
    caption = "Putin arrives in Delhi."
    article = Article(
        Span(0, len(text), 1, 1),
        None,
        (),
        (Block("caption", caption, ((0, len(caption)),)),),
        images=(Image(caption, "Konstantin Zavrazhin/Kremlin/dpa"),),
        language="en",
    )
    (source,) = agency_sources(article, text)
    assert (source.name, source.where, text[source.start : source.end]) == ("dpa", "credit", "dpa")


def _found(surface: str, label: str, at: int, kind: str = "paragraph", block: int = 1) -> Found:
    return Found(
        surface, label, at, at + len(surface), at, block, kind, tuple(range(at, at + len(surface)))
    )


def test_short_forms_merge_and_link() -> None:
    found = [
        _found("President Vladimir Putin", "PERSON", 0),
        _found("Putin's", "PERSON", 40),
        _found("the U.S.", "GPE", 60),
        _found("United States", "GPE", 80),
        _found("UN", "ORG", 100),
        _found("United Nations", "ORG", 120),
        _found("International Monetary Fund", "ORG", 140),
        _found("IMF", "ORG", 180),
        _found("Iranians", "NORP", 200),
    ]
    entities = {e.name: e for e in canonicalise(found, 300)}
    assert entities["Vladimir Putin"].count == 2
    assert entities["United States"].ids == {"iso3166": "US"}
    assert entities["United States"].count == 2
    assert entities["United Nations"].count == 2
    assert entities["International Monetary Fund"].count == 2
    assert entities["Iranians"].ids == {"iso3166": "IR"} and entities["Iranians"].type == "NORP"


def test_ambiguous_city_prefers_a_country_in_the_article() -> None:
    gaz = load_gazetteer()
    assert gaz.place("Birmingham", []).country == "GB"  # type: ignore[union-attr]
    assert gaz.place("Birmingham", ["US"]).country == "US"  # type: ignore[union-attr]
    assert gaz.place("Paris", ["US"]).country == "FR"  # type: ignore[union-attr]


def test_regions_cities_and_counties_in_context() -> None:
    gaz = load_gazetteer()
    # a region beats a foreign city of its name only where the article names its country
    assert gaz.locate("Ontario", ["CA"]) == {"iso3166_2": "CA-ON", "country": "CA"}
    assert gaz.locate("Ontario", ["US"])["country"] == "US"
    assert gaz.locate("Baghdad", ["IQ"])["geonames"]  # the city, not the governorate
    assert gaz.locate("Anbar", ["IQ"]) == {"iso3166_2": "IQ-AN", "country": "IQ"}
    assert gaz.locate("Wales", []) == {"iso3166_2": "GB-WLS", "country": "GB"}
    assert gaz.locate("County Durham", []) == {"iso3166_2": "GB-DUR", "country": "GB"}
    assert gaz.locate("County Cork", []) == {"iso3166_2": "IE-CO", "country": "IE"}
    assert gaz.locate("Allegheny County", []) == {"fips": "42003", "country": "US"}
    assert gaz.locate("Washington County", []) == {}  # thirty states have one
    assert gaz.locate("Conn.", []) == gaz.locate("Connecticut", [])
    assert gaz.locate("New York", [])["geonames"] == "5128581"  # the city
    assert gaz.locate("Kansas", [])["geonames"] != gaz.locate("Kansas City", [])["geonames"]


def test_a_place_after_the_comma_settles_the_town() -> None:
    text = (
        "Storms hit towns\n\nPower was cut in Urbana, Md., and in London, Ontario, and "
        "Birmingham, Alabama. Texas, Oklahoma and Kansas were spared, as were Paris, Rome and "
        "Madrid. Banks in Sao Paulo, Rio de Janeiro and Porto Alegre shut.\n"
    )
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    ids = {e.name: e.ids for e in result.articles[0].tags.entities}
    # not Urbana, Illinois (a city of 40,000): the town of 9,000 in Maryland
    assert ids["Urbana"] == {"geonames": "4372201", "country": "US"}
    towns = load_gazetteer().town_candidates("Urbana", ["US"])
    assert {p.geonameid: p.admin1 for p in towns}["4372201"] == "MD"
    assert ids["London"] == {"geonames": "6058560", "country": "CA"}
    assert ids["Birmingham"]["country"] == "US"
    assert ids["Texas"] == load_gazetteer().locate("Texas", [])  # a state is not qualified
    assert ids["Paris"]["country"] == "FR"  # a city after the comma qualifies nothing
    assert "geonames" in ids["Rio de Janeiro"]  # the city, in a list of cities


def test_country_names_copy_uses() -> None:
    gaz = load_gazetteer()
    assert gaz.country("Britain") == gaz.country("Great Britain") == "GB"
    assert gaz.country_names["GB"] == "United Kingdom"  # not "Wales", filed under GB too
    assert gaz.country("Wales") is None
    assert gaz.country("Côte d'Ivoire") == gaz.country("Cote d'Ivoire") == "CI"
    assert gaz.country("Democratic Republic of Congo") == "CD"  # ISO: "Congo, The ... of the"
    assert gaz.country_names["MM"] == "Myanmar" and gaz.country("Burma") == "MM"


def test_state_abbreviation_named_in_full() -> None:
    text = "Storm in Hartford, Conn.\n\nPower was cut in Hartford, Conn., on Monday.\n"
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    names = {e.name: e for e in result.articles[0].tags.entities}
    assert names["Connecticut"].ids == {"geonames": "4831725", "country": "US"}


def test_fold_name_and_country_codes() -> None:
    gaz = load_gazetteer()
    assert fold_name("the U.S.") == "us"
    # letters Unicode does not decompose are written as English text writes them
    assert fold_name("Bełchatów") == fold_name("BELCHATOW") == "belchatow"
    assert gaz.locate("BELCHATOW", ["PL"])["geonames"] == "3103709"
    assert gaz.country("U.S.") == gaz.country("US") == gaz.country("the United States") == "US"
    assert gaz.country("us") is None  # the pronoun, not the country
    assert gaz.demonym("Iranian") == "IR"


def test_gazetteer_loads_before_fork() -> None:
    load, loaded = MODEL_LOADERS["gazetteer"]
    load()
    assert loaded()


def test_headline_name_cut_to_what_the_body_confirms() -> None:
    found = [
        _found("Modi Agree", "PERSON", 0, kind="title", block=0),
        _found("Widen India", "ORG", 20, kind="title", block=0),
        _found("US-Iranian rivalry", "ORG", 40, kind="heading", block=2),
        _found("Narendra Modi", "PERSON", 100),
        _found("India", "GPE", 121),
    ]
    body = "Narendra Modi met in India. The US-Iranian rivalry goes on." + " and so on" * 20
    texts = [Text(body, tuple(range(100, 100 + len(body))), 100, 1, "paragraph")]
    entities = {e.name: e for e in canonicalise(found, 200, texts)}
    assert set(entities) == {"Narendra Modi", "India"}
    assert [(m.start, m.end) for m in entities["Narendra Modi"].mentions] == [(0, 4), (100, 113)]
    assert [(m.start, m.end) for m in entities["India"].mentions] == [(26, 31), (121, 126)]


def test_options_without_agencies() -> None:
    (article,) = run("Talks went on, a source told Reuters.\n", Options(tags=frozenset())).articles
    assert article.tags.agencies == () and article.tags.agency_sources == ()


def test_credit_left_on_a_caption_yields_no_entities() -> None:
    text = "Vladimir Putin arrives in New Delhi. (Konstantin Zavrazhin/Kremlin/dpa)\n"
    line = text.rstrip("\n")
    block = Block("caption", line, ((0, len(line)),))
    article = Article(Span(0, len(text), 1, 1), None, (), (block,), language="en")
    (found,) = entities_for([article], text)
    names = {e.name for e in found}
    assert "Vladimir Putin" in names
    assert not names & {"Konstantin Zavrazhin", "Kremlin", "dpa"}
    (source,) = agency_sources(article, text)
    assert (source.name, source.where) == ("dpa", "credit")


def _linked(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each mention's surface -> (its entity's type, ids), over every article of `text`."""
    out = {}
    for article in run(text, Options(dedupe="off", tags=frozenset({"entities"}))).articles:
        for e in article.tags.entities:
            for m in e.mentions:
                out[text[m.start : m.end]] = (e.type, dict(e.ids))
    return out


def test_a_dateline_country_settles_its_town() -> None:
    text = "Fair opens\nHANOVER, Germany 1996-08-22\nThe trade fair opened on Thursday .\n"
    kind, ids = _linked(text)["HANOVER"]
    assert kind == "GPE"
    assert ids["country"] == "DE" and "geonames" in ids  # not Hanover, Maryland


def test_an_other_name_needs_its_country_in_the_story() -> None:
    text = "Fed holds\nWASHINGTON 1996-08-22\nThe White House said on Thursday it would wait .\n"
    assert _linked(text)["White House"][1].get("country") != "MA"  # Casablanca's old name
    gaz = load_gazetteer()
    assert gaz.locate("White House", ()) == {}
    assert gaz.locate("Hanover", ["DE"])["country"] == "DE"  # Hannover's English name
    assert gaz.locate("Hanover", ())["country"] == "US"  # towns that bear it as their own
    assert gaz.locate("New Delhi", ["IN"])["geonames"] == "1261481"  # not Delhi's other name


def test_old_spellings_and_abbreviations_find_their_country() -> None:
    text = (
        "Grain deals\nTraders said Chile , Kazakstan and N. Ireland bought wheat . "
        "The minister flew to Malysia on Monday . Malaysia and Singapore signed the deal .\n"
    )
    linked = _linked(text)
    assert linked["Kazakstan"][1] == {"iso3166": "KZ"}
    assert linked["N. Ireland"][1] == {"iso3166_2": "GB-NIR", "country": "GB"}
    assert linked["Malysia"] == linked["Malaysia"] == ("GPE", {"iso3166": "MY"})
    assert linked["Chile"][1] == {"iso3166": "CL"}


def test_a_name_opening_on_an_abbreviation_is_one_place() -> None:
    # the model reads the dot as a sentence end: "ST" alone, "LOUIS" apart or not at all
    text = (
        "Shoe maker moves\nThe company based in ST. LOUIS said prices were steady. "
        "Fans in Ft. Worth cheered and St. Lucia sent a team.\n"
    )
    linked = _linked(text)
    assert "ST" not in linked and "LOUIS" not in linked
    assert linked["ST. LOUIS"] == ("GPE", {"geonames": "4407066", "country": "US"})
    assert linked["Ft. Worth"][1]["country"] == "US"  # Fort Worth, Texas
    assert linked["St. Lucia"][1] == {"iso3166": "LC"}


def test_a_province_named_as_one_is_the_region_not_its_capital() -> None:
    text = (
        "Clashes in Turkey\nTroops killed 20 rebels in Tunceli province on Monday , "
        "officials said . The army also raided villages in Sirnak province .\n"
    )
    linked = _linked(text)
    assert linked["Tunceli"][1] == {"iso3166_2": "TR-62", "country": "TR"}
    assert linked["Sirnak"][1] == {"iso3166_2": "TR-73", "country": "TR"}


def test_a_state_postal_code_after_a_town_settles_the_town() -> None:
    text = "Bond sale\nSpringfield, IL and Akron, OH sold bonds on Monday .\n"
    linked = _linked(text)
    assert linked["Springfield"][1]["geonames"] == "4250542"  # Illinois, not Missouri
    assert linked["IL"] == ("GPE", {"geonames": "4896861", "country": "US"})
    assert linked["OH"][1]["geonames"] == "5165418"


def test_a_company_named_like_its_town_is_a_company() -> None:
    text = (
        "Brewer bids\nWARSAW 1996-08-22\nPolish brewer Zywiec said its profit rose . "
        "Zywiec shares rose on Thursday .\n"
    )
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    zywiec = [e for e in result.articles[0].tags.entities if e.name == "Zywiec"]
    assert [(e.type, dict(e.ids), e.count) for e in zywiec] == [("ORG", {}, 2)]


def test_clubs_in_a_standings_table_get_no_place_but_national_teams_keep_theirs() -> None:
    clubs = (
        "SOCCER - FRENCH LEAGUE STANDINGS .\nPARIS 1996-12-06\n"
        "Standings in the French first division after Friday 's matches :\n"
        "Paris St Germain 19 11 6 2 31 13 39\nMonaco 18 10 4 4 30 18 34\n"
        "Lens 18 9 5 4 27 19 32\nBordeaux 18 8 5 5 25 20 29\n"
    )
    linked = _linked(clubs)
    assert linked["Monaco"] == linked["Bordeaux"] == ("ORG", {})  # clubs, not places
    schedule = (
        "ICE HOCKEY - NHL SCHEDULE .\nNEW YORK 1996-12-06\n"
        "National Hockey League games to be played on Saturday ( home team in CAPS ) :\n"
        "OTTAWA AT EDMONTON\nDALLAS AT CHICAGO\n"
    )
    fixtures = _linked(schedule)
    assert fixtures["EDMONTON"] == fixtures["CHICAGO"] == ("ORG", {})  # the home side too
    summaries = (
        "SOCCER - FRENCH LEAGUE SUMMARIES .\nPARIS 1996-08-24\n"
        "Summaries of French first division matches on Saturday :\n"
        "Nice 1 ( Debbah 39th ) Bastia 1 ( Drobnjak 82nd ) .\n"
        "Guingamp 2 ( Wreh 15th , 42nd ) Monaco 1 ( Scifo 35th ) .\n"
    )
    results = _linked(summaries)
    assert results["Monaco"] == results["Nice"] == ("ORG", {})  # sides with their scorers
    assert linked["PARIS"][1]["country"] == "FR"  # the dateline is no table row
    nations = (
        "SOCCER - WORLD CUP QUALIFYING STANDINGS .\nLONDON 1996-12-06\n"
        "Standings in European group one after Friday 's matches :\n"
        "Denmark 4 3 1 0 9 2 10\nGreece 4 2 1 1 5 3 7\nCroatia 3 1 2 0 4 2 5\n"
        "Slovenia 4 0 1 3 2 9 1\n"
    )
    linked = _linked(nations)
    assert linked["Greece"][1] == {"iso3166": "GR"}
    assert linked["Slovenia"][1] == {"iso3166": "SI"}


def test_a_nationality_is_no_evidence_of_where_a_story_is() -> None:
    text = (
        "BOXING - MILLER DEFENDS TITLE .\nDUBLIN 1996-08-31\n"
        "American Nate Miller successfully defended his title on Saturday .\n"
    )
    assert _linked(text)["DUBLIN"][1]["country"] == "IE"  # not Dublin, California


def test_tokenised_state_abbreviations_and_short_lookalikes() -> None:
    gaz = load_gazetteer()
    assert gaz.locate("Fla", ())["geonames"] == gaz.locate("Florida", ())["geonames"]
    assert gaz.country_variant("Alania") is None  # a club, not Albania less a letter


def test_a_town_that_wins_is_its_team_but_the_dateline_stays_a_place() -> None:
    text = (
        "BASEBALL - DODGERS BEAT PHILLIES .\nLOS ANGELES 1996-08-30\n"
        "Todd Hollandsworth homered and Los Angeles won for the seventh time in eight games "
        "in the National League , beating the Phillies 7-6 .\n"
        "Los Angeles has scored 40 runs this week in the league .\n"
    )
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    kinds = {
        (text[m.start : m.end], m.start < text.index("1996")): (e.type, bool(e.ids))
        for e in result.articles[0].tags.entities
        for m in e.mentions
    }
    assert kinds[("LOS ANGELES", True)] == ("GPE", True)
    assert kinds[("Los Angeles", False)] == ("ORG", False)
    # a headline's present tense says the same: the club, and the town keeps its dateline
    headline = (
        "RUGBY LEAGUE - ST HELENS CLINCH SUPER LEAGUE TITLE .\nST HELENS , England 1996-08-26\n"
        "St Helens completed the league and cup double on Sunday , beating Warrington 66-14 .\n"
    )
    result = run(headline, Options(dedupe="off", tags=frozenset({"entities"})))
    kinds = {
        m.start: (e.type, bool(e.ids)) for e in result.articles[0].tags.entities for m in e.mentions
    }
    assert kinds[headline.index("ST HELENS")] == ("ORG", False)
    assert kinds[headline.index("ST HELENS , England")] == ("GPE", True)


def _story(*blocks: tuple[str, str]) -> tuple[list[Text], int]:
    """NER inputs of invented blocks (kind, text), laid end to end, and their length."""
    texts, at = [], 0
    for number, (kind, text) in enumerate(blocks):
        texts.append(Text(text, tuple(range(at, at + len(text))), at, number, kind))
        at += len(text) + 1
    return texts, at


def _mention(texts: list[Text], surface: str, label: str, block: int, nth: int = 0) -> Found:
    t = texts[block]
    at = t.position + [m.start() for m in re.finditer(re.escape(surface), t.text)][nth]
    return _found(surface, label, at, kind=t.kind, block=block)


def test_a_small_town_links_only_where_the_story_bears_it_out() -> None:
    gaz = load_gazetteer()
    nandrin = gaz.town("Nandrin", ["BE"])  # a village of 559, under the cities' floor
    assert nandrin is not None and nandrin.country == "BE"
    assert gaz.town("Nandrin", ["US"]) is None  # no such town where the story is
    # "Stansted" is Stansted Mountfitchet's name shortened; Stanstead, Quebec, only has it as
    # a spelling, which is not read
    assert gaz.town("Stansted", ["GB"]).geonameid == "2637052"  # type: ignore[union-attr]
    assert gaz.town("Stansted", ["CA"]) is None
    texts, size = _story(
        ("title", "Girls missing"),
        ("paragraph", "Police in Belgium said the girls never reached the village of Nandrin ."),
    )
    found = [_mention(texts, "Belgium", "GPE", 1), _mention(texts, "Nandrin", "GPE", 1)]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    assert ids["Nandrin"] == {"geonames": nandrin.geonameid, "country": "BE"}


def test_english_names_of_regions_and_long_historic_country_names() -> None:
    gaz = load_gazetteer()
    assert gaz.locate("Chechnya", []) == {"iso3166_2": "RU-CE", "country": "RU"}
    assert gaz.locate("North Ossetia", [])["iso3166_2"] == "RU-SE"
    assert gaz.locate("Dagestan", [])["iso3166_2"] == "RU-DA"  # ISO: "Dagestan, Respublika"
    assert gaz.country("Federal Republic of Yugoslavia") == "YU"
    assert gaz.country("Socialist Federal Republic of Yugoslavia") == "YU"


def test_words_around_an_unknown_name_say_it_is_no_place() -> None:
    texts, size = _story(
        ("title", "Editor freed"),
        (
            "paragraph",
            "The editor of the Samleng Thmei ( Bright Morning ) newspaper was freed . "
            "Output fell at Zarkovo , one of its units , said Zarkovo general manager Ivan Pell . "
            "The Lions organisation thanked the fans of the Portmoor Lions before an ecstatic "
            "Grindle Park crowd . He lost in the Kessling Open .",
        ),
    )
    found = [
        _mention(texts, "Bright Morning", "GPE", 1),
        _mention(texts, "Zarkovo", "GPE", 1),
        _mention(texts, "Zarkovo", "GPE", 1, nth=1),
        _mention(texts, "Lions", "GPE", 1),
        _mention(texts, "Portmoor Lions", "ORG", 1),
        _mention(texts, "Grindle Park", "GPE", 1),
        _mention(texts, "Kessling Open", "GPE", 1),
    ]
    gaz = load_gazetteer()
    assert not any(gaz.locate(f.surface, ()) for f in found)  # invented names
    typed = {e.name: (e.type, e.ids) for e in canonicalise(found, size, texts)}
    assert typed["Bright Morning"] == ("ORG", {})
    assert typed["Zarkovo"] == ("ORG", {})
    assert typed["Lions"] == ("ORG", {})
    assert typed["Grindle Park"] == ("FAC", {})
    assert typed["Kessling Open"] == ("EVENT", {})


def test_a_town_beaten_in_a_headline_is_its_club_but_countries_stay_places() -> None:
    texts, size = _story(
        ("title", "RUGBY LEAGUE - LEEDS BEAT HALIFAX 30-12 IN SEMIFINAL ."),
        ("dateline", "LEEDS , England"),
        ("paragraph", "Result of the rugby league semifinal played on Saturday : Leeds 30"),
    )
    found = [
        _mention(texts, "LEEDS", "PERSON", 0),  # NER reads headline capitals as anything
        _mention(texts, "HALIFAX", "GPE", 0),
        _mention(texts, "LEEDS", "GPE", 1),
        _mention(texts, "England", "GPE", 1),
    ]
    by_start = {
        m.start: (e.type, e.ids) for e in canonicalise(found, size, texts) for m in e.mentions
    }
    assert by_start[found[0].start] == ("ORG", {})
    assert by_start[found[1].start] == ("ORG", {})
    assert by_start[found[2].start][1]["country"] == "GB"  # the dateline is the town
    texts, size = _story(
        ("title", "CRICKET - AUSTRALIA BEAT WEST INDIES BY FIVE WICKETS ."),
        ("paragraph", "Australia beat West Indies in the cricket league match on Friday ."),
    )
    found = [
        _mention(texts, "AUSTRALIA", "GPE", 0),
        _mention(texts, "WEST INDIES", "LOC", 0),
        _mention(texts, "West Indies", "LOC", 1),
    ]
    types = {e.name: e.type for e in canonicalise(found, size, texts)}
    assert types["West Indies"] == "LOC"  # a national side, as CoNLL-2003 types it


def test_territory_codes_arabic_articles_and_historic_peoples() -> None:
    gaz = load_gazetteer()
    # a territory's code is the territory, not the one city of its name within it
    assert gaz.country("HK") == "HK" and gaz.country("SG") == "SG"
    assert gaz.country("hk") is None  # only capitals are codes
    # ISO writes "Ash Sharqiyah"; copy drops the article, and the story's country chooses
    assert gaz.locate("Sharqiyah", ["EG"]) == {"iso3166_2": "EG-SHR", "country": "EG"}
    assert gaz.locate("Sharqiyah", ["SA"])["iso3166_2"] == "SA-04"
    assert gaz.locate("Sharqiyah", []) == {}  # two countries have one, and nothing chooses
    assert gaz.demonym("Yugoslav") == gaz.demonym("Yugoslavs") == "YU"
    assert gaz.demonym("Czechoslovak") == "CS"


def test_a_code_a_byline_and_an_adjective_in_capitals() -> None:
    texts, size = _story(
        ("title", "SOCCER - YUGOSLAV CUP DRAW ."),
        ("paragraph", "Jana Kowalczyk"),
        ("dateline", "TALLINN , Estonia"),
        ("paragraph", "HK and Estonia signed a shipping pact , officials in Tallinn said ."),
    )
    # the dateline's raw offsets come after the byline's, as in wire copy
    found = [
        _mention(texts, "YUGOSLAV", "GPE", 0),
        _mention(texts, "Jana Kowalczyk", "GPE", 1),
        _mention(texts, "TALLINN", "GPE", 2),
        _mention(texts, "Estonia", "GPE", 2),
        _mention(texts, "HK", "GPE", 3),
        _mention(texts, "Estonia", "GPE", 3),
        _mention(texts, "Tallinn", "GPE", 3),
    ]
    by_start = {
        m.start: (e.type, e.ids) for e in canonicalise(found, size, texts) for m in e.mentions
    }
    assert by_start[found[0].start] == ("NORP", {"iso3166": "YU"})
    assert by_start[found[1].start] == ("PERSON", {})
    assert by_start[found[4].start] == ("GPE", {"iso3166": "HK"})
    assert by_start[found[2].start][1]["country"] == "EE"  # a place on a line stays a place


def test_a_name_line_after_the_dateline_is_no_byline() -> None:
    texts, size = _story(
        ("title", "Talks resume"),
        ("dateline", "TALLINN"),
        ("paragraph", "Jana Kowalczyk"),
    )
    found = [_mention(texts, "Jana Kowalczyk", "GPE", 2)]
    (entity,) = canonicalise(found, size, texts)
    assert entity.type == "GPE"  # no byline shape where it stands: NER's type is kept


def test_a_country_opening_an_unknown_place_gives_the_country() -> None:
    texts, size = _story(
        ("title", "Rigs idle"),
        (
            "paragraph",
            "Drilling slowed in the U.K. Dogger Shelf , U.S. officials said , and in Kessmoor .",
        ),
    )
    found = [
        _mention(texts, "U.K. Dogger Shelf", "GPE", 1),
        _mention(texts, "U.S. officials", "GPE", 1),
        _mention(texts, "Kessmoor", "GPE", 1),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    assert ids["U.K. Dogger Shelf"] == {"country": "GB"}
    assert ids["U.S. officials"] == {}  # no place: the word after the country is lower case
    assert ids["Kessmoor"] == {}  # nothing names its country


def test_a_sports_match_at_an_unknown_name_is_at_a_ground() -> None:
    texts, size = _story(
        ("title", "CRICKET - NORTHSHIRE HOLD ON ."),
        ("dateline", "LONDON"),
        (
            "paragraph",
            "Northshire drew their cricket match against Eastmoor at Quorndle , and the "
            "league leaders won at Tunbridge Wells by five wickets . At the Brambley Lane "
            "ground the innings closed on 290 . Zarvek national car sales rose .",
        ),
    )
    found = [
        _mention(texts, "LONDON", "GPE", 1),
        _mention(texts, "Quorndle", "GPE", 2),
        _mention(texts, "Tunbridge Wells", "GPE", 2),
        _mention(texts, "Brambley Lane", "GPE", 2),
        _mention(texts, "Zarvek", "GPE", 2),
    ]
    typed = {e.name: (e.type, e.ids) for e in canonicalise(found, size, texts)}
    assert typed["Quorndle"] == ("FAC", {"country": "GB"})  # the story's one country
    assert typed["Brambley Lane"] == ("FAC", {"country": "GB"})
    # a town of the story's country is no ground: Royal Tunbridge Wells, by its short form
    assert typed["Tunbridge Wells"] == ("GPE", {"geonames": "2639022", "country": "GB"})
    assert typed["Zarvek"] == ("PRODUCT", {})


def test_an_unknown_name_after_at_outside_sport_stays_a_place() -> None:
    texts, size = _story(
        ("title", "Talks end"),
        ("paragraph", "The ministers met at Quorndle on Monday and talks ended without a deal ."),
    )
    found = [_mention(texts, "Quorndle", "GPE", 1)]
    (entity,) = canonicalise(found, size, texts)
    assert (entity.type, entity.ids) == ("GPE", {})


def test_a_settlement_word_makes_a_name_a_town() -> None:
    texts, size = _story(
        ("title", "Workers march"),
        ("dateline", "PARIS"),
        (
            "paragraph",
            "Workers in France marched in the eastern village of Doubs , while the Doubs "
            "council met . Farmers met in the small hamlet of Quorndle near the border .",
        ),
    )
    found = [
        _mention(texts, "PARIS", "GPE", 1),
        _mention(texts, "France", "GPE", 2),
        _mention(texts, "Doubs", "GPE", 2),
        _mention(texts, "Quorndle", "GPE", 2),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    # the village of 2,384, not the department FR-25 that a bare "Doubs" is
    assert ids["Doubs"] == {"geonames": "3020991", "country": "FR"}
    # no package has it: a place in the country the story is filed from
    assert ids["Quorndle"] == {"country": "FR"}
    bare = _story(("title", "Vote"), ("paragraph", "Voters in Doubs in France backed him ."))
    found = [_mention(bare[0], "Doubs", "GPE", 1), _mention(bare[0], "France", "GPE", 1)]
    ids = {e.name: e.ids for e in canonicalise(found, bare[1], bare[0])}
    assert ids["Doubs"] == {"iso3166_2": "FR-25", "country": "FR"}


def test_an_unknown_name_without_a_settlement_word_stays_unlinked() -> None:
    texts, size = _story(
        ("title", "Talks"),
        ("dateline", "PARIS"),
        ("paragraph", "Quorndle said on Monday that the talks with France would go on ."),
    )
    found = [
        _mention(texts, "PARIS", "GPE", 1),
        _mention(texts, "Quorndle", "GPE", 2),
        _mention(texts, "France", "GPE", 2),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    assert ids["Quorndle"] == {}


def test_organisations_and_peoples_read_as_places_are_neither() -> None:
    texts, size = _story(
        ("title", "Envoys meet"),
        ("dateline", "NATO"),
        (
            "paragraph",
            "NATO envoys said the Zorvani-led army and the U.S.-led force would meet .",
        ),
    )
    found = [
        _mention(texts, "NATO", "GPE", 1),
        _mention(texts, "NATO", "ORG", 2),
        _mention(texts, "Zorvani-led", "GPE", 2),
        _mention(texts, "U.S.-led", "GPE", 2),
    ]
    typed = {e.name: (e.type, e.count) for e in canonicalise(found, size, texts)}
    assert typed["NATO"] == ("ORG", 2)  # one organisation, dateline and body
    assert typed["Zorvani-led"] == ("NORP", 1)
    assert typed["U.S.-led"][0] == "GPE"  # a country's compound is left to the linker


def test_an_institution_speaking_and_a_facility_named_after_a_town_are_no_town() -> None:
    texts, size = _story(
        ("title", "Aid plan"),
        (
            "paragraph",
            "The United States will send aid , White House spokesman Tom Reed said . Ships "
            "left the Jaffna Naval Base on Monday .",
        ),
    )
    found = [
        _mention(texts, "United States", "GPE", 1),
        _mention(texts, "White House", "GPE", 1),
        _mention(texts, "Jaffna Naval Base", "GPE", 1),
    ]
    typed = {e.name: (e.type, e.ids) for e in canonicalise(found, size, texts)}
    # not White House, Tennessee, a town of the story's country: the seat of government
    assert typed["White House"] == ("FAC", {})
    # a base in the country of the town it is named after, not that town
    assert typed["Jaffna Naval Base"] == ("FAC", {"country": "LK"})


def test_a_place_in_another_gets_its_country() -> None:
    texts, size = _story(
        ("title", "Clash"),
        (
            "paragraph",
            "Two soldiers died near Quorndle in Jaffna . The mayor proclaimed this Zarvek Day "
            "in Jaffna .",
        ),
    )
    found = [
        _mention(texts, "Quorndle", "GPE", 1),
        _mention(texts, "Jaffna", "GPE", 1),
        _mention(texts, "Zarvek Day", "GPE", 1),
        _mention(texts, "Jaffna", "GPE", 1, nth=1),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    assert ids["Quorndle"] == {"country": "LK"}
    assert ids["Zarvek Day"] == {}  # no preposition of place before it: no place in Jaffna


def test_a_tournament_word_after_a_name_makes_it_an_event() -> None:
    texts, size = _story(
        ("title", "Soccer"),
        ("paragraph", "Results of the opening weekend of the Argentine Quorndle championship :"),
    )
    (entity,) = canonicalise([_mention(texts, "Quorndle", "GPE", 1)], size, texts)
    assert (entity.type, entity.ids) == ("EVENT", {})


def test_a_code_in_a_list_of_country_codes_is_a_country() -> None:
    texts, size = _story(
        ("title", "Bond terms"),
        ("paragraph", "SALE LIMITS US / UK / CA NEG PLG . GOV LAW GERMAN"),
        ("paragraph", "Sales in CA rose ."),
    )
    found = [_mention(texts, "CA", "GPE", 1), _mention(texts, "CA", "GPE", 2)]
    linked = [(e.type, e.ids, e.count) for e in canonicalise(found, size, texts)]
    assert ("GPE", {"iso3166": "CA"}, 1) in linked  # the listed one only: alone, "CA" is no code


def test_a_people_written_alone_is_no_place() -> None:
    texts, size = _story(
        ("title", "Refugees"),
        ("paragraph", "The Zorvanis fled the Zorvani-dominated army ; one Zorvani stayed ."),
    )
    found = [
        _mention(texts, "Zorvanis", "NORP", 1),
        _mention(texts, "Zorvani", "GPE", 1, nth=2),
    ]
    typed = {(e.type, e.count) for e in canonicalise(found, size, texts)}
    assert typed == {("NORP", 2)}  # one people, plural and singular


def test_english_region_names_country_parts_and_spelling_variants() -> None:
    gaz = load_gazetteer()
    # pycountry's English catalogue ("Bayern") and the curated English names ("Toscana");
    # a first-level region beats a Calgary suburb of 19,700 when neither country is named
    assert gaz.locate("Bavaria", ()) == {"iso3166_2": "DE-BY", "country": "DE"}
    assert gaz.locate("Tuscany", ()) == {"iso3166_2": "IT-52", "country": "IT"}
    assert gaz.locate("Tuscany", ["CA"])["country"] == "CA"  # the story is in Canada
    # the first part of an "X and Y" country, never a people's plural
    assert gaz.country_variant("Bosnia") == "BA"
    assert gaz.country_variant("Turks") is None
    assert gaz.country_variant("New Zealands") == "NZ"  # "New Zealands South Island"
    # a city of 53,000's other spelling, read as a town's name with the story's evidence
    alexandroupoli = gaz.town("Alexandroupolis", ["GR"])
    assert alexandroupoli is not None and alexandroupoli.geonameid == "736928"
    assert gaz.town("Alexandroupolis", ["US"]) is None


def test_a_us_state_after_the_comma_settles_a_foreign_region_but_not_a_city() -> None:
    text = (
        "Debris found\n\nDebris went to investigators in Long Island, New York, on Monday. "
        "Flights from Paris, New York and Rome were cut.\n"
    )
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    ids = {e.name: e.ids for e in result.articles[0].tags.entities}
    # the state of New York, though the name reads as the city: not the Bahamas' Long Island
    assert ids["Long Island"]["country"] == "US"
    assert ids["Paris"]["country"] == "FR"  # a list of cities


def test_a_list_after_a_plural_region_word_holds_regions() -> None:
    texts, size = _story(
        ("title", "Rebels stop buses"),
        (
            "paragraph",
            "Rebels stopped two buses on the road linking the eastern provinces of Erzincan "
            "and Sivas , near Turkey 's border .",
        ),
    )
    found = [
        _mention(texts, "Erzincan", "GPE", 1),
        _mention(texts, "Sivas", "GPE", 1),
        _mention(texts, "Turkey", "GPE", 1),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    # both provinces, not their capitals of the same names
    assert ids["Erzincan"] == {"iso3166_2": "TR-24", "country": "TR"}
    assert ids["Sivas"] == {"iso3166_2": "TR-58", "country": "TR"}


def test_a_village_no_package_has_is_in_the_story_country() -> None:
    texts, size = _story(
        ("title", "Elephant kills woman"),
        ("dateline", "KATHMANDU"),
        (
            "paragraph",
            "An elephant crashed into a house in Quorndle village . Cholera has killed 21 "
            "people at Zarvek in oil-rich southern Nigeria .",
        ),
    )
    found = [
        _mention(texts, "KATHMANDU", "GPE", 1),
        _mention(texts, "Quorndle", "GPE", 2),
        _mention(texts, "Zarvek", "GPE", 2),
        _mention(texts, "Nigeria", "GPE", 2),
    ]
    ids = {e.name: e.ids for e in canonicalise(found, size, texts)}
    assert ids["Quorndle"] == {"country": "NP"}  # the country the story is filed from
    assert ids["Zarvek"] == {"country": "NG"}  # "in" a country, past its adjectives


def test_names_shaped_as_no_place_are_typed_by_their_shape() -> None:
    texts, size = _story(
        ("title", "Jars found"),
        (
            "paragraph",
            "A team from the Quorndle Museum and the Zarvek Hospital School found the jars "
            "on the Quorndle Reef , the first such find since the days of Franklin D. "
            "Zarvek . Aid went to Former Yugoslavia .",
        ),
    )
    found = [
        _mention(texts, "Quorndle Museum", "GPE", 1),
        _mention(texts, "Zarvek Hospital School", "GPE", 1),
        _mention(texts, "Quorndle Reef", "GPE", 1),
        _mention(texts, "Franklin D. Zarvek", "GPE", 1),
        _mention(texts, "Former Yugoslavia", "GPE", 1),
    ]
    typed = {e.name: (e.type, e.ids) for e in canonicalise(found, size, texts)}
    assert typed["Quorndle Museum"] == ("ORG", {})
    assert typed["Zarvek Hospital School"] == ("ORG", {})
    assert typed["Quorndle Reef"] == ("LOC", {})
    assert typed["Franklin D. Zarvek"][0] == "PERSON"
    assert ("GPE", {"iso3166": "YU"}) in typed.values()  # "Former Yugoslavia": of its time


def test_a_field_of_oil_is_no_town_and_a_hyphenated_town_is_found_without_its_hyphen() -> None:
    texts, size = _story(
        ("title", "Well repairs to lift Quorndle oil output"),
        ("paragraph", "The photographs were taken 15 km from Monte Carlo ."),
    )
    found = [_mention(texts, "Quorndle", "GPE", 0), _mention(texts, "Monte Carlo", "GPE", 1)]
    typed = {e.name: (e.type, e.ids) for e in canonicalise(found, size, texts)}
    assert typed["Quorndle"] == ("LOC", {})
    assert typed["Monte Carlo"][1] == {"geonames": "2992741", "country": "MC"}  # "Monte-Carlo"
    works = _story(
        ("title", "Highway reopening put off"),
        ("paragraph", "The reopening of the northern Zarvek highway has been put off ."),
    )
    (entity,) = canonicalise([_mention(works[0], "Zarvek", "GPE", 1)], works[1], works[0])
    assert (entity.type, entity.ids) == ("FAC", {})  # a structure, no town


def test_a_people_settles_a_name_only_its_country_bears_and_a_state_qualifies_a_town() -> None:
    registrations = (
        "Car registrations up .\nFRANKFURT 1996-08-22\n"
        "German first-time registrations of motor vehicles jumped 14.2 percent in July .\n"
    )
    kind, ids = _linked(registrations)["FRANKFURT"]
    assert (kind, ids.get("country")) == ("GPE", "DE")  # Frankfurt am Main's other name
    tennis = (
        "TENNIS - RESULTS AT HAMLET CUP .\nCOMMACK , New York 1996-08-21\n"
        "Results from the Hamlet Cup tennis tournament on Wednesday .\n"
    )
    gaz = load_gazetteer()
    assert _linked(tennis)["New York"][1]["geonames"] == gaz.postal_state("NY")  # the state


def test_the_peoples_of_the_uk_parts_are_peoples() -> None:
    gaz = load_gazetteer()
    assert gaz.demonym("ENGLISH") == gaz.demonym("Welsh") == "GB"
    texts, size = _story(
        ("title", "SOCCER - ENGLISH FIRST DIVISION RESULTS ."), ("paragraph", "Results :")
    )
    (entity,) = canonicalise([_mention(texts, "ENGLISH", "GPE", 0)], size, texts)
    assert entity.type == "NORP"


def test_an_ap_state_abbreviation_after_a_town_is_the_state_over_a_town_of_its_name() -> None:
    text = (
        "Harleysville Group ups dividend .\nHARLEYSVILLE , Pa .\n1996-08-28\n"
        "The insurer raised its quarterly dividend .\n"
        "Best sees loss .\nRICHMOND , Va .\n1996-08-22\nBest Products Co expects a loss .\n"
    )
    linked = _linked(text)
    # Pennsylvania, not the town of Pa in Burkina Faso; Virginia, which nothing else took
    assert linked["Pa"] == ("GPE", {"geonames": "6254927", "country": "US"})
    assert linked["HARLEYSVILLE"][1] == {"geonames": "5192662", "country": "US"}
    assert linked["Va"] == ("GPE", {"geonames": "6254928", "country": "US"})
    assert linked["RICHMOND"][1]["geonames"] == "4781708"  # Richmond, Virginia


def test_a_place_misspelt_by_one_letter_is_the_place_of_the_storys_countries() -> None:
    gaz = load_gazetteer()
    aberdeen = {"geonames": "2657832", "country": "GB"}
    assert gaz.locate_within("ABDERDEEN", "GB") == aberdeen  # a letter added
    assert gaz.locate("Ramle", ["IL"]) == {"geonames": "293768", "country": "IL"}  # changed
    assert gaz.locate("Abredeen", ["GB"]) == aberdeen  # two swapped
    # never in a country the story does not name, nor for a short name
    assert gaz.locate("Ramle", ["FR"]) == {}
    assert gaz.locate_within("Nise", "FR") == {"country": "FR"}  # Nice? Four letters: no


def test_a_name_before_a_residence_is_a_building() -> None:
    text = (
        "Yeltsin rests\nMOSCOW 1996-08-22\n"
        "The president was in a Kremlin residence near Moscow , Interfax said .\n"
    )
    linked = _linked(text)
    assert linked["Kremlin"] == ("FAC", {})


def test_a_town_in_brackets_after_a_player_is_his_club_a_country_his_nation() -> None:
    texts, size = _story(
        ("title", "SOCCER - LEADING GOALSCORERS"),
        (
            "paragraph",
            "Leading goalscorers in the premier league : 9 - Alan Shearer ( Newcastle ) , "
            "Gordon Strachan ( Scotland ) , Frank Nobilo ( New Zealand ) , Newcastle goals .",
        ),
    )
    found = [
        _mention(texts, "Alan Shearer", "PERSON", 1),
        _mention(texts, "Newcastle", "GPE", 1),  # as NER reads a town, alone
        _mention(texts, "Gordon Strachan", "PERSON", 1),
        _mention(texts, "Scotland", "GPE", 1),
        _mention(texts, "Frank Nobilo", "PERSON", 1),
        _mention(texts, "New Zealand", "GPE", 1),
        _mention(texts, "Newcastle", "GPE", 1, nth=1),
    ]
    entities = {e.name: e for e in canonicalise(found, size, texts)}
    newcastle = entities["Newcastle"]
    assert (newcastle.type, newcastle.ids, len(newcastle.mentions)) == ("ORG", {}, 2)
    assert entities["New Zealand"].ids == {"iso3166": "NZ"}
    assert entities["Scotland"].ids == {"iso3166_2": "GB-SCT", "country": "GB"}


def test_a_side_a_team_plays_is_a_team_unless_the_sides_are_nations() -> None:
    texts, size = _story(
        ("title", "NFL - Cowboys lose"),
        (
            "paragraph",
            "The Dallas Cowboys go on the road against the New York Jets and then entertain "
            "Arizona . The football league 's playoff race tightened .",
        ),
    )
    found = [_mention(texts, "Arizona", "GPE", 1)]
    arizona = canonicalise(found, size, texts)[0]
    assert (arizona.type, arizona.ids) == ("ORG", {})
    # where one side is a nation's, the sides are national ones and stay places
    texts, size = _story(
        ("title", "RUGBY UNION - Italy recall Cuttitta"),
        (
            "paragraph",
            "Italy recalled Marcello Cuttitta for their friendly against Scotland at "
            "Murrayfield . The rugby league and football fixtures were also announced .",
        ),
    )
    found = [_mention(texts, "Italy", "GPE", 1), _mention(texts, "Scotland", "GPE", 1)]
    entities = {e.name: e for e in canonicalise(found, size, texts)}
    assert entities["Scotland"].ids == {"iso3166_2": "GB-SCT", "country": "GB"}
    assert entities["Italy"].ids == {"iso3166": "IT"}
