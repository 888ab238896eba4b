"""Canonical entities of one article: mentions merged, named, linked and ranked.

NER gives surface mentions; here "Putin", "Vladimir Putin" and "President Vladimir Putin"
become one PERSON, "the United States", "US" and "U.S." one GPE linked to ISO "US", and
headline-case guesses ("Modi Agree", "Widen India") are cut back to a name the article
confirms elsewhere, or dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from service.model import Amount, Entity, Mention
from service.pipeline.lineshape import is_data_line, is_fixture_row
from service.pipeline.link import Gazetteer, fold_name, load_gazetteer

__all__ = ["Found", "Text", "canonicalise"]

# Kinds of entity that are names: merged and linked. Dates, amounts etc. group by surface.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_KIND = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
# Blocks written in headline case: NER over-reads capitalised words there.
HEADLINE_KINDS = frozenset({"title", "heading"})
# Titles and honorifics before a person's name (curated; no package lists them).
_TITLE_WORDS = (
    "president vice prime minister foreign defence defense finance interior supreme leader "
    "general gen brigadier major maj lieutenant lt colonel col captain capt admiral adm "
    "commander sergeant sgt mr mrs ms miss dr prof professor sir dame lord lady king queen "
    "prince princess sheikh sheik ayatollah imam pope cardinal bishop rev reverend father "
    "senator sen rep representative congressman congresswoman governor gov mayor judge "
    "justice chancellor secretary chairman chairwoman chief executive ceo director former "
    "late ambassador envoy spokesman spokeswoman premier emir crown state"
)
PERSON_TITLES = frozenset(_TITLE_WORDS.split())
SURFACE_CACHE_SIZE = 1 << 13  # small: a worker's memory stays level once it is full
_TOKEN = re.compile(r"[\w][\w'.-]*", re.UNICODE)
# A credit in parentheses closing a caption, with a slash ("(Name/Agency)") or one short name.
CREDIT_AT_END = re.compile(r"\((?:[^()]*/[^()]*|[^()\s]+(?:\s[^()\s]+)?)\)\s*$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]*\b")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|s['\u2019])$")
# Salience: where the entity first appears, how often, and across how many blocks.
POSITION_WEIGHT = 0.35
FREQUENCY_WEIGHT = 0.4
SPREAD_WEIGHT = 0.25
TITLE_POSITION = 1.0  # a name in the headline is as prominent as it gets
LEAD_POSITION = 0.9  # the caption and first paragraph come next
# Below this much text outside the headlines, a headline name needs no second sighting.
SHORT_BODY = 200
STRAY_SHARE = 3  # a label given to at most a third as many mentions is NER noise
MIN_COMPLETED = 3  # shorter names are too often something else ("Li", "Ma")
_PLACE_OR_ORG = frozenset({"GPE", "LOC", "ORG", "NORP"})
_NAMES_OF_THINGS = _PLACE_OR_ORG | {"PERSON", "FAC"}
# A company or club word right before a name: the name is that company or club.
_COMPANY_BEFORE = re.compile(
    r"\b(?:brewer|brewery|maker|firm|company|group|bank|insurer|carrier|airline|retailer"
    r"|producer|miner|refiner|chain|manufacturer|conglomerate|distiller|publisher"
    r"|broadcaster|club|side|outfit|newspaper|daily|weekly|magazine|tabloid)\s+$",
    re.IGNORECASE,
)
# Words after a name no gazetteer knows that make it a company or a paper ("Sereipheap Thmei
# ( New Liberty ) newspaper", "Petofi general manager Laszlo Sebes"). After a known place
# they say where the thing is ("a Moscow newspaper"), so those are left alone.
_ORG_WORDS_AFTER = re.compile(
    r"\s*\)?\s*(?:newspaper|daily|weekly|magazine|tabloid|news agency|general manager"
    r"|managing director|chief executive|chairman|shareholders)\b",
    re.IGNORECASE,
)
# ... or a ground ("an ecstatic Ellis Park crowd"), as the last word of such a name does.
_VENUE_WORDS_AFTER = re.compile(r"\s*(?:stadium|crowd|arena|ground)\b", re.IGNORECASE)
# ... or a structure ("the Salang highway", "the Sierra hydroelectric facility", "a Kremlin
# residence"): a FAC, no town.
_STRUCTURE_WORDS_AFTER = re.compile(
    r"\s+(?:(?:hydroelectric|nuclear|power|gas|coal)\s+)?(?:highway|motorway|tunnel|bridge"
    r"|dam|canal|pipeline|plant|facility|refinery|reactor|power station|residence|palace)\b",
    re.IGNORECASE,
)
# ... or a field of oil or gas ("Heidrun oil output", "the Troll field"): a LOC, no town.
_FIELD_WORDS_AFTER = re.compile(
    r"\s+(?:(?:oil|gas)\s*)?(?:fields?|output|production|platforms?)\b", re.IGNORECASE
)
# ... or a made thing ("Indonesia 's Timor national car").
_PRODUCT_WORDS_AFTER = re.compile(
    r"\s*(?:national\s+)?(?:car|cars|jet|jets|airliner|airliners|rifle|rifles|pistol|pistols"
    r"|missile|missiles|helicopter|helicopters)\b",
    re.IGNORECASE,
)
_VENUE_LAST_WORDS = frozenset({"park", "stadium", "arena", "oval", "ground", "stadion"})
# The last word of a name that makes it a facility named after its town ("the Guantanamo Naval
# Base", "Heathrow Airport"): a FAC in the town's country, never the town itself.
_FACILITY_LAST_WORDS = frozenset(
    {"base", "airbase", "airport", "airfield", "camp", "prison", "jail", "barracks", "dam",
     "refinery"}
)  # fmt: skip
# Words after a name no cities' table knows that make it the seat of an institution speaking
# ("White House spokesman Mike McCurry", "Kremlin officials said"): no place to link. Typed
# FAC, the building, since CoNLL-2003 types these names LOC and its F1 is a figure we keep.
_INSTITUTION_WORDS_AFTER = re.compile(
    r"\s*(?:spokesman|spokeswoman|spokesmen|spokesperson|press secretary|chief of staff"
    r"|officials?|aides?|sources)\b",
    re.IGNORECASE,
)
# ... and a verb of saying, where a small town of the name would otherwise be linked ("the
# White House said": not White House, Tennessee); other names that say things ("Newmont
# said") are companies and people, and nothing links them anyway.
_SAID_AFTER = re.compile(r"\s*(?:said|says)\b", re.IGNORECASE)
# A tournament word after a name no gazetteer knows ("the Argentine Apertura championship").
_EVENT_WORDS_AFTER = re.compile(
    r"\s*(?:championships?|tournament|cup|trophy|rally|marathon|regatta|grand prix)\b",
    re.IGNORECASE,
)
# A preposition of place before a name: "near Chavakachcheri in Jaffna" puts a place in
# another, "this Godzilla Day in Hollywood" does not.
_PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:near|in|at|from|to|into|outside|around|across|towards?|through|via|inside)\s+$",
    re.IGNORECASE,
)
# "at Ubimini in oil-rich southern Nigeria": a few lower-case words may stand between
_IN_AFTER = re.compile(r" in (?:[a-z][\w-]* ){0,3}")
# A list of capitalised codes ("SALE LIMITS US / UK / CA"): each is a country's ISO code.
_CODE_LIST = re.compile(r"\b[A-Z]{2,3}(?:\s*[/,]\s*[A-Z]{2,3}\b)+")
_CODE_LIST_SEPARATOR = re.compile(r"\s*[/,]\s*")
_CODE = re.compile(r"[A-Z]{2}")
# A word after a place's name that makes it a first-level region ("Tunceli province",
# "Hokkaido prefecture"). Not "state": US states link by their GeoNames ids, by name alone.
_REGION_WORD_AFTER = re.compile(
    r"\s+(?:[Pp]rovince|[Pp]refecture|[Gg]overnorate|[Oo]blast|[Cc]anton)\b"
)
# ... or a plural one before a list of names that holds it ("the eastern provinces of
# Erzincan and Sivas"): each name of the list is such a region.
_REGION_LIST_BEFORE = re.compile(
    r"\b(?:provinces|prefectures|governorates|oblasts|cantons)\s+of\s+"
    r"(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*(?:\s*,\s*|\s+and\s+))*$"
)
REGION_LIST_CHARS = 80  # how far before a name its list's region word may stand
# In a sports report, a name no gazetteer knows where a match is played ("their match against
# Yorkshire at Headingley") is its ground, unless it is a town of the story's countries.
_AT_BEFORE = re.compile(r"\bat\s+(?:the\s+)?$", re.IGNORECASE)
# A line of the byline's shape: a name of two to four capitalised words and nothing else.
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'.-]*\s+){1,3}[A-Z][\w'.-]*$")
# The last word of a place-typed name that makes it a tournament ("the Hong Kong Open").
_EVENT_LAST_WORDS = frozenset(
    {"open", "cup", "championship", "championships", "classic", "masters", "trophy", "games",
     "prix", "marathon", "rally", "grand slam"}
)  # fmt: skip
# What a team does, right after its name in a sports report; in capitals in a headline,
# where the present tense is the rule ("WIGAN BEAT BRADFORD", "ST HELENS CLINCH TITLE").
_SPORT_VERB_AFTER = re.compile(
    r" (?:(?:has|have|had) )?(?:won|beat|lost|drew|scored|defeated|edged|routed|rallied"
    r"|clinched|blanked|swept|downed|trailed|outscored|overcame"
    r"|wins?|beats|clinch(?:es)?|edges?|routs?|sinks?|crush(?:es)?|thrash(?:es)?)\b",
    re.IGNORECASE,
)
# What was done to a team, right before its name ("beat BRADFORD", "beating the Phillies"),
# or what a side plays ("entertain Arizona", "the match between Tasmania and").
_SPORT_VERB_BEFORE = re.compile(
    r"\b(?:beat|beats|beating|defeated|edged|routed|blanked|downed|outscored|overcame"
    r"|thrashed|entertain|entertains|host|hosts|against|(?:match|game|tie|final)\s+between)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# ... and the other side of "between X and Y".
_BETWEEN_SIDES_BEFORE = re.compile(
    r"\b(?:match|game|tie|final)\s+between\s+(?:[A-Z][\w'.-]*\s+){1,3}and\s+$"
)
# How far before a name its bracket and the player's name before that may end.
_BRACKET_REACH = 6
# The nations inside a country that field sides of their own (a player's "( Scotland )").
_SIDE_NATIONS = frozenset({"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"})
# Words of a sports report: with this many of them, names in table rows are clubs.
_SPORTS_WORDS = frozenset(
    {
        "league", "standings", "halftime", "attendance", "scorers", "playoff", "playoffs",
        "innings", "wickets", "soccer", "basketball", "baseball", "hockey", "football",
        "rugby", "cricket", "nba", "nhl", "nfl", "goals", "division", "fixtures", "matches",
    }
)  # fmt: skip
SPORTS_MIN_WORDS = 2
# A result as match summaries print it: a side and its score, its scorers in brackets, the
# other side and its score ("Nice 1 ( Debbah 39th ) Bastia 1 ( Drobnjak 82nd ) .").
_RESULT_ROW = re.compile(
    r"^(?:[A-Z][\w'.-]*\s){1,4}\d{1,3}\s(?:\(.*?\)\s)?(?:[A-Z][\w'.-]*\s){1,4}\d{1,3}\b"
)
# Contexts whose names are no place to link, and the type each gives.
_CONTEXT_LABELS = {
    "company": "ORG",
    "venue": "FAC",
    "facility": "FAC",
    "institution": "FAC",
    "event": "EVENT",
    "product": "PRODUCT",
    "field": "LOC",
    "structure": "FAC",
}
_NOT_LINKED_CONTEXTS = frozenset({"team", *_CONTEXT_LABELS})
# A word of a name no package knows as a place that makes it an institution, an ORG.
_INSTITUTION_WORDS = frozenset(
    {"hospital", "school", "university", "college", "museum", "institute", "academy",
     "library", "seminary", "clinic", "observatory", "laboratory", "laboratories", "ministry"}
)  # fmt: skip
# The last word of such a name that makes it a natural feature, a LOC with no place id. Not
# "Gulf", "Sea" or "Coast": "the Middle East Gulf" is where "fob Gulf" prices are.
_FEATURE_LAST_WORDS = frozenset(
    {"reef", "panhandle", "peninsula", "plateau", "basin", "delta", "valley", "desert",
     "archipelago", "strait", "straits", "glacier", "canyon", "mountains", "hills", "river",
     "lake"}
)  # fmt: skip
# A person's name with initials, "Franklin D. Roosevelt".
_INITIALLED_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z]\.)+ [A-Z][a-z'’-]+$")
# A word for a settlement right before a name ("the western town of Indre", "the small village
# of Karin Gornji"): the name is a town, not the department it may share its name with, and
# one no package has is still a place, in the country the story is filed from.
_SETTLEMENT_BEFORE = re.compile(
    r"\b(?:town|city|village|port|hamlet|township|resort|suburb|municipality)\s+of\s+$",
    re.IGNORECASE,
)
# ... or right after it ("in Madhumalla village"); "town" and "city" there are more often
# part of the name ("Cape Town", "Mexico City") than a word about it.
_SETTLEMENT_AFTER = re.compile(r"\s+(?:village|hamlet)\b", re.IGNORECASE)
# A people's name joined to a participle ("the Tutsi-run military", "Serb-held"): an adjective
# of that people, no place, where no package knows the first part as one ("U.S.-led" stays).
_PEOPLE_COMPOUND = re.compile(
    r"^(?P<head>[A-Z][\w.']*)-(?:run|led|ruled|dominated|controlled|held|backed|majority)$"
)


@dataclass(frozen=True, slots=True)
class Found:
    """One NER mention; `where` holds the raw offset of each character of `surface`."""

    surface: str
    label: str
    start: int
    end: int
    position: int  # offset within the article's blocks laid end to end
    block: int  # index of the block in the article
    kind: str  # the block's kind
    where: tuple[int, ...]
    amount: Amount | None = None  # MONEY, PERCENT, QUANTITY: the value (amounts.py)
    # what the words around it make of it: "company" ("brewer Zywiec": an ORG, whatever NER
    # said), "team" (a name in a results table: no place id), "venue" (a ground: FAC, only
    # the story's country), "event" (a tournament), "product" (a made thing), "facility" (a
    # base or an airport: FAC, its town's country), "institution" (its seat speaking: FAC, no
    # id) or "code" (an ISO code in a list of codes: that country); "" when they say nothing
    context: str = ""


@dataclass(eq=False)  # clusters are compared and hashed by identity
class _Cluster:
    key: tuple[str, ...]
    mentions: list[Found]
    ids: dict[str, str]
    labels: dict[str, int]

    @property
    def label(self) -> str:
        return max(self.labels, key=lambda k: (self.labels[k], k == "PERSON"))


@dataclass(frozen=True, slots=True)
class Text:
    """One NER input of the article: its text, each character's raw offset, its block."""

    text: str
    where: tuple[int, ...]
    position: int
    block: int
    kind: str


def canonicalise(
    found: Sequence[Found],
    size: int,
    texts: Sequence[Text] = (),
    gazetteer: Gazetteer | None = None,
) -> tuple[Entity, ...]:
    """Merged, linked entities of one article sorted by salience; `size` is its length in
    characters, `texts` what NER read (to find the names it missed on a second sighting)."""
    gaz = gazetteer or load_gazetteer()
    mentions = _confirm_headline_mentions(_outside_credits(found, texts), texts, gaz)
    mentions = _typed_by_context(_bylines_are_people(mentions, texts, gaz), texts, gaz)
    mentions = _codes_in_lists(mentions, texts, gaz)
    clusters: dict[tuple[str, ...], _Cluster] = {}
    for f in mentions:
        key, ids, label = _key(f, gaz)
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = _Cluster(key, [], ids, {})
        cluster.mentions.append(f)
        cluster.labels[label] = cluster.labels.get(label, 0) + 1
    merged = _merge_short_forms(_merge_stray_labels(list(clusters.values())))
    _complete_people(merged, texts)
    countries = {c.ids["iso3166"] for c in merged if "iso3166" in c.ids and c.label != "NORP"}
    places = [
        c
        for c in merged
        if not c.ids and c.label in PLACE_LABELS and c.key[0] not in _NOT_LINKED_CONTEXTS
    ]
    for c in places:
        c.ids = gaz.locate(_name(c), countries)
    # "Urbana, Md.", "London, Ontario": the place named after the comma settles the country
    for c, (country, admin1) in _qualified(places, merged, texts, gaz).items():
        if c.ids.get("country") != country or (admin1 and not _in_state(c, admin1, gaz)):
            c.ids = gaz.locate_within(_name(c), country, admin1)
    # a town too small for the cities' table needs the story's countries: those it names and
    # those of its other places ("the village of Nandrin" in a story from Liege)
    where = countries | {c.ids["country"] for c in places if c.ids.get("country")}
    for c in places:
        if not c.ids:
            town = gaz.town(_name(c), where)
            if town is not None:
                c.ids = {"geonames": town.geonameid, "country": town.country or ""}
    # "near Chavakachcheri in Jaffna": a place no package has is in the country of the place
    # it is said to be in
    for c, country in _placed_in(places, merged, texts).items():
        c.ids = gaz.locate_within(_name(c), country)
    # "fighting in Tunceli province": the word after the name says it is the region, not
    # the region's capital of the same name
    by_block = {t.block: t for t in texts}
    for c in places:
        if any(
            _words_after(f, by_block, _REGION_WORD_AFTER)
            or _words_before(f, by_block, _REGION_LIST_BEFORE, REGION_LIST_CHARS)
            for f in c.mentions
        ):
            region = gaz.region(_name(c), where)
            if region is not None:
                c.ids = {"iso3166_2": region[0], "country": region[1]}
    _settle(places, merged, texts, where, gaz)
    for c in merged:
        if c.key[0] == "facility":  # "the Guantanamo Naval Base": in its town's country
            country = _facility_country(c, countries, where, gaz)
            c.ids = {"country": country} if country else {}
    # a name only a place of the story's peoples bears that way ("FRANKFURT" for Frankfurt
    # am Main, in a story of "German registrations"): a people is no evidence of where a
    # story is while a place can be linked without it ("American Nate Miller" in Dublin)
    peoples = {c.ids["iso3166"] for c in merged if c.label == "NORP" and "iso3166" in c.ids}
    if peoples - where:
        for c in places:
            if not c.ids:
                c.ids = gaz.locate(_name(c), peoples)
    for c in places:
        if not c.ids:  # "the U.S. Gulf": no package has it, but it is in the US
            iso = gaz.country_first(_name(c))
            if iso is not None:
                c.ids = {"country": iso}
    # a ground is in the country the story is about, where its places name one
    if len(where) == 1:
        for c in merged:
            if c.key[0] == "venue":
                c.ids = {"country": next(iter(where))}
    return _rank(merged, size, gaz)


def _settle(
    places: list[_Cluster],
    clusters: list[_Cluster],
    texts: Sequence[Text],
    where: set[str],
    gaz: Gazetteer,
) -> None:
    """Places a settlement word introduces ("the western town of Indre"): the town of that name
    in the story's countries, not the department it shares its name with; where no package
    has the town ("the small village of Karin Gornji"), the country of the story's dateline
    (wire copy is filed from the country it reports on), else the story's one country."""
    by_block = {t.block: t for t in texts}
    settled = [
        c
        for c in places
        if "geonames" not in c.ids
        and any(
            _words_before(f, by_block, _SETTLEMENT_BEFORE)
            or _words_after(f, by_block, _SETTLEMENT_AFTER)
            for f in c.mentions
        )
    ]
    if not settled:
        return
    filed_from = {
        c.ids.get("country") or c.ids.get("iso3166", "")
        for c in clusters
        if c.label in PLACE_LABELS and any(f.kind == "dateline" for f in c.mentions)
    } - {""}
    home = filed_from if len(filed_from) == 1 else where if len(where) == 1 else set()
    for c in settled:
        town = gaz.town(_name(c), where) if where else None
        if town is not None:
            c.ids = {"geonames": town.geonameid, "country": town.country or ""}
        elif not c.ids and home:
            c.ids = {"country": next(iter(home))}


def _placed_in(
    places: list[_Cluster], clusters: list[_Cluster], texts: Sequence[Text]
) -> dict[_Cluster, str]:
    """Unlinked places written "near Name in Place", where every such sighting names one
    country -> that country ("near Chavakachcheri in Jaffna": Sri Lanka)."""
    by_block = {t.block: t for t in texts}
    owner = {(f.block, f.position): c for c in clusters for f in c.mentions}
    out: dict[_Cluster, str] = {}
    for c in places:
        if c.ids:
            continue
        seen = set()
        for f in c.mentions:
            after = _match_after(f, by_block, _IN_AFTER)
            if after is None or not _words_before(f, by_block, _PLACE_PREPOSITION_BEFORE):
                continue
            q = owner.get((f.block, f.position + len(f.surface) + after))
            if q is not None and q is not c and q.label in PLACE_LABELS:
                country = q.ids.get("iso3166") or q.ids.get("country")
                if country:
                    seen.add(country)
        if len(seen) == 1:
            out[c] = seen.pop()
    return out


def _facility_country(c: _Cluster, countries: set[str], where: set[str], gaz: Gazetteer) -> str:
    """The country of the place a facility is named after ("Guantanamo" of the Guantanamo
    Naval Base), else the story's one country; "" when neither is known."""
    words = _name(c).split()
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        iso = gaz.country(head) or gaz.locate(head, countries).get("country")
        if not iso:
            town = gaz.town(head, where)
            iso = town.country if town is not None else None
        if iso:
            return iso
    return next(iter(where)) if len(where) == 1 else ""


def _qualified(
    places: list[_Cluster], clusters: list[_Cluster], texts: Sequence[Text], gaz: Gazetteer
) -> dict[_Cluster, tuple[str, str]]:
    """Towns written "Name, Qualifier", where every such sighting names the same country,
    region or US state -> (country, state code or ""). A city after the comma qualifies
    nothing ("Paris, London and Rome"), nor is a state or region qualified ("Texas,
    Oklahoma"), but for a region of another country before a US state ("Long Island, New
    York"), where a state named like its city counts as the state."""
    owner = {(f.block, f.position): c for c in clusters for f in c.mentions}
    out: dict[_Cluster, tuple[str, str]] = {}
    for c in places:
        if "fips" in c.ids or gaz.state_code(c.ids):
            continue
        # a region is qualified only by a US state of another country ("Long Island, New
        # York" is not the Bahamas' Long Island): copy's "Town, State"; a list of regions
        # ("Ontario, Quebec") names one country
        is_region = "iso3166_2" in c.ids
        seen = set()
        for f in c.mentions:
            after = f.position + len(f.surface)
            if _char_at(texts, f.block, after) == " ":
                after += 1  # tokenised copy: "HANOVER , Germany"
            q = owner.get((f.block, after + 2))
            if q is None or q is c or _char_at(texts, f.block, after) != ",":
                continue
            if not gaz.state_code(q.ids):
                state_id = _abbreviated_state(_name(q), q.ids, gaz)
                if state_id is not None:
                    q.ids = {"geonames": state_id, "country": "US"}
                    q.labels = {"GPE": sum(q.labels.values())}
            state = gaz.state_code(q.ids)
            if not state:
                state = _state_named_like_city(c, q, gaz)
                state_id = gaz.postal_state(state) if state and len(q.mentions) == 1 else None
                if state_id is not None:  # "COMMACK , New York": the state, named once
                    q.ids = {"geonames": state_id, "country": "US"}
            country = q.ids.get("iso3166") or (
                q.ids["country"] if state or "iso3166_2" in q.ids else None
            )
            if is_region and (not state or country == c.ids.get("country")):
                continue
            if not country and "geonames" in q.ids:
                # read as a city, but a region of that name in another country holds a town
                # of c's name: "London, Ontario" is not London near Ontario, California
                # (while "Sao Paulo, Rio de Janeiro" is a list of cities)
                region = gaz.region(_name(q), ())
                if (
                    region is not None
                    and region[1] != q.ids.get("country")
                    and gaz.locate_within(_name(c), region[1]).get("geonames")
                ):
                    q.ids = {"iso3166_2": region[0], "country": region[1]}
                    country = region[1]
            if country:
                seen.add((country, state))
        if len(seen) == 1:
            out[c] = seen.pop()
    return out


def _abbreviated_state(name: str, ids: Mapping[str, str], gaz: Gazetteer) -> str | None:
    """GeoNames id of the US state that a qualifier after a town and its comma abbreviates,
    read so only there ("OR", "IN" and "Pa" are words elsewhere): a postal code nothing else
    took ("Akron, OH"), or an AP abbreviation with the dot tokenised copy split off, over a
    town of its name but never a country ("HARLEYSVILLE , Pa ." is not Pa, Burkina Faso)."""
    if not ids and _CODE.fullmatch(name):
        return gaz.postal_state(name)
    state = gaz.state_abbreviations.get(name + ".")
    if state is None or "iso3166" in ids:
        return None
    return state.geonameid


def _state_named_like_city(c: _Cluster, q: _Cluster, gaz: Gazetteer) -> str:
    """The postal code of the US state that a qualifier read as its namesake city names
    ("Long Island, New York"), where the place before the comma is no city elsewhere (that is
    a list: "Paris, New York and Rome"); else ""."""
    if q.ids.get("country") != "US" or "geonames" not in q.ids:
        return ""
    if c.ids.get("geonames") and c.ids.get("country") != "US":
        return ""
    codes = [gaz.state_code({"geonames": p.geonameid}) for p in gaz.places.get(_folded(q), ())]
    return next((code for code in codes if code), "")


def _folded(c: _Cluster) -> str:
    return fold_name(_name(c))


def _char_at(texts: Sequence[Text], block: int, position: int) -> str:
    for t in texts:
        if t.block == block and t.position <= position < t.position + len(t.text):
            return t.text[position - t.position]
    return ""


def _in_state(c: _Cluster, admin1: str, gaz: Gazetteer) -> bool:
    place = next(
        (
            p
            for p in gaz.places.get(fold_name(_name(c)), ())
            if p.geonameid == c.ids.get("geonames")
        ),
        None,
    )
    return place is not None and place.admin1 == admin1


def _complete_people(clusters: list[_Cluster], texts: Sequence[Text]) -> None:
    """Add the sightings of a person's name or surname that NER missed ("Taeb's visit")."""
    forms: dict[str, _Cluster] = {}
    for c in clusters:
        if c.label != "PERSON":
            continue
        for f in c.mentions:
            bare = _strip_possessive(f.surface)
            words = bare.split()
            while len(words) > 1 and words[0].casefold().rstrip(".") in PERSON_TITLES:
                words = words[1:]
            for form in (" ".join(words), words[-1] if len(words) > 1 else ""):
                if len(form) >= MIN_COMPLETED and form[:1].isupper():
                    forms.setdefault(form, c)
    if not forms or not texts:
        return
    taken = {(f.start, f.end) for c in clusters for f in c.mentions}
    covered = sorted(taken)
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    for t in texts:
        for match in pattern.finditer(t.text):
            start, end = t.where[match.start()], t.where[match.end() - 1] + 1
            if any(s < end and start < e for s, e in covered):
                continue
            found = Found(
                match.group(1),
                "PERSON",
                start,
                end,
                t.position + match.start(),
                t.block,
                t.kind,
                t.where[match.start() : match.end()],
            )
            forms[match.group(1)].mentions.append(found)
            covered.append((start, end))


def _outside_credits(found: Sequence[Found], texts: Sequence[Text]) -> list[Found]:
    """Drop what NER read in a photo credit left on its caption: "(Name/Kremlin/dpa)" names
    the photographer and the agency, no subject of the story."""
    credits = [
        (t.position + m.start(), t.position + m.end())
        for t in texts
        if t.kind == "caption"
        for m in [CREDIT_AT_END.search(t.text)]
        if m is not None
    ]
    if not credits:
        return list(found)
    return [f for f in found if not any(s <= f.position < e for s, e in credits)]


def _confirm_headline_mentions(
    found: list[Found], texts: Sequence[Text], gaz: Gazetteer
) -> list[Found]:
    """Keep a headline-case name only as far as the rest of the article bears it out.

    "Modi Agree" becomes "Modi" when the body names Modi; "US-Iranian rivalry" tagged ORG in
    a subheading is dropped because the body writes "rivalry" in lower case, so it is a word;
    "Strengthen Friendship" because the body never writes "Friendship".
    """
    confirmed = {
        fold_name(t) for f in found if f.kind not in HEADLINE_KINDS for t in _name_forms(f)
    }
    # the body's words are read only for a name nothing else confirms: most articles have
    # none, and reading them cost more than the rest of this step
    body: str | None = None
    lower: set[str] = set()
    kept: list[Found] = []
    for f in found:
        if f.kind not in HEADLINE_KINDS or f.label not in NAME_LABELS:
            kept.append(f)
            continue
        bare = _strip_possessive(f.surface)
        if (
            fold_name(bare) in confirmed
            or gaz.country(bare)
            or gaz.demonym(bare)
            or (f.label in PLACE_LABELS and gaz.locate(bare, ()))
        ):
            kept.append(f)
            continue
        best = _longest_confirmed_part(f, confirmed)
        if best is not None:
            kept.append(best)
            continue
        if body is None:
            rest = [t.text for t in texts if t.kind not in HEADLINE_KINDS]
            lower = {w for text in rest for w in _LOWER_WORD.findall(text)}
            body = " ".join(rest)
        words = _TOKEN.findall(bare) or [bare]
        if not any(w.casefold() in lower for w in words) and (
            len(body) < SHORT_BODY or re.search(rf"\b{re.escape(words[-1])}\b", body)
        ):
            kept.append(f)  # no word of it is written in lower case elsewhere: a name
    return kept


def _bylines_are_people(found: list[Found], texts: Sequence[Text], gaz: Gazetteer) -> list[Found]:
    """A line holding only a name in a byline, or between the headline and the dateline (where
    wire copy puts the reporter's name: "Vera Haller" above "VENICE , Italy"), is a person,
    unless a package knows the name as a place."""
    dateline = min((t.where[0] for t in texts if t.kind == "dateline" and t.where), default=-1)
    lines = {
        t.block
        for t in texts
        if t.where
        and (t.kind == "byline" or (t.kind == "paragraph" and t.where[0] < dateline))
        and _NAME_LINE.match(t.text.strip())
    }
    if not lines:
        return found
    by_block = {t.block: t for t in texts}
    return [
        replace(f, label="PERSON")
        if f.block in lines
        and f.label in PLACE_LABELS
        and f.surface.strip() == by_block[f.block].text.strip()
        and not _known_place(f.surface, gaz)
        else f
        for f in found
    ]


def _typed_by_context(found: list[Found], texts: Sequence[Text], gaz: Gazetteer) -> list[Found]:
    """Names whose context says what they are, whatever NER said.

    A company or club word right before a name makes it that company or club, an ORG
    ("Polish brewer Zywiec", "Italian club Lazio"), and every other mention of the name
    follows: the article uses one name for one thing. In the rows of a sports article's
    results, standings and schedules ("Monaco 18 10 4 4 30 18 34", "MINNESOTA AT UTAH"),
    a town, state or country is a team: an ORG with no place id ("Monaco" the club is not
    the country; CoNLL-2003 types the home side of "MINNESOTA AT UTAH" LOC, the place of
    the game, and its F1 through the pipeline is 0.006 lower for it). A table whose names are mostly
    countries is one of national teams, and its names stay places. A name no gazetteer knows
    is a ground (FAC) where a sports report plays at it ("at Headingley") and it is no town of
    the story's countries, and a made thing (PRODUCT) before a word for one ("Timor national
    car"). A name no cities' table knows is a tournament before a tournament word ("the
    Apertura championship"), a facility when its last word names one ("the Guantanamo Naval
    Base"), the seat of an institution before one speaking ("White House spokesman"), and a
    people where the story writes it as one ("Tutsi" beside "Tutsis", "Tutsi-dominated"). A
    name no package knows is an oil or gas field (LOC) before "oil output" or "field" and a
    structure (FAC) before "highway" or "plant", with no place to link.
    """
    by_block = {t.block: t for t in texts}
    names = [fold_name(_strip_possessive(f.surface)) for f in found]
    company = {
        name
        for f, name in zip(found, names, strict=True)
        if f.label in _PLACE_OR_ORG | {"PERSON"}
        and _company_word_before(f, by_block)
        and not gaz.country(_strip_possessive(f.surface))  # "broadcaster India Today"
    }
    unknown = {
        name
        for f, name in zip(found, names, strict=True)
        if f.label in PLACE_LABELS and not _known_place(_strip_possessive(f.surface), gaz)
    }
    # "the Eagles organisation" where the story writes "the Philadelphia Eagles": a name no
    # gazetteer knows that ends an organisation's name is that organisation
    org_tails = {
        " ".join(words[k:])
        for f in found
        if f.label == "ORG"
        for words in [fold_name(_strip_possessive(f.surface)).split()]
        for k in range(1, len(words))
    }
    company.update(name for name in unknown if name in org_tails)

    def unknown_before(words: re.Pattern[str]) -> set[str]:
        """The names no gazetteer knows that `words` follow, at one mention or more."""
        return {
            name
            for f, name in zip(found, names, strict=True)
            if name in unknown and _words_after(f, by_block, words)
        }

    company.update(unknown_before(_ORG_WORDS_AFTER))
    venue = {
        name
        for f, name in zip(found, names, strict=True)
        if name in unknown
        and (
            name.rsplit(" ", 1)[-1] in _VENUE_LAST_WORDS
            or _words_after(f, by_block, _VENUE_WORDS_AFTER)
        )
    }
    # a sports report: it reads every paragraph's words, so once
    sports = _is_sports(texts)
    if unknown and sports:
        story_countries = _named_countries(found, gaz)
        venue.update(
            name
            for f, name in zip(found, names, strict=True)
            if name in unknown
            and _words_before(f, by_block, _AT_BEFORE)
            and not gaz.town_candidates(_strip_possessive(f.surface), story_countries)
        )
    event = {
        name for name in unknown if " " in name and name.rsplit(" ", 1)[-1] in _EVENT_LAST_WORDS
    }
    event.update(unknown_before(_EVENT_WORDS_AFTER))
    facility = {
        name for name in unknown if " " in name and name.rsplit(" ", 1)[-1] in _FACILITY_LAST_WORDS
    }
    institution = {
        name
        for f, name in zip(found, names, strict=True)
        if name in unknown
        and (
            _words_after(f, by_block, _INSTITUTION_WORDS_AFTER)
            or (_words_after(f, by_block, _SAID_AFTER) and name in gaz.towns)
        )
    }
    # "Tutsi" where the story writes "Tutsis" or "Tutsi-dominated": that people, no place
    peoples = {name for f, name in zip(found, names, strict=True) if f.label == "NORP"}
    compound_heads = {
        fold_name(compound.group("head"))
        for f in found
        for compound in [_PEOPLE_COMPOUND.match(_strip_possessive(f.surface))]
        if compound is not None
    }
    people = {name for name in unknown if name + "s" in peoples or name in compound_heads}
    product = unknown_before(_PRODUCT_WORDS_AFTER)
    field = unknown_before(_FIELD_WORDS_AFTER)
    structure = unknown_before(_STRUCTURE_WORDS_AFTER)
    teams: set[tuple[int, int]] = set()
    if sports:
        # "Los Angeles won for the seventh time", "WIGAN BEAT BRADFORD": a town that wins or
        # is beaten is its team, also where NER read the headline's capitals as a person's
        # name the story gives a place elsewhere (its dateline). Where a country wins or is
        # beaten, the sides are national ones ("Australia beat West Indies"): they stay places.
        places = {name for f, name in zip(found, names, strict=True) if f.label in PLACE_LABELS}
        sides = [
            (f, name)
            for f, name in zip(found, names, strict=True)
            if (f.label in PLACE_LABELS or (f.label == "PERSON" and name in places))
            and f.kind != "dateline"
            and (
                _words_after(f, by_block, _SPORT_VERB_AFTER)
                or _words_before(f, by_block, _SPORT_VERB_BEFORE)
                or _words_before(f, by_block, _BETWEEN_SIDES_BEFORE, reach=60)
            )
        ]
        if not any(_national(_strip_possessive(f.surface), gaz) for f, _ in sides):
            company.update(name for _, name in sides)
        company.update(_clubs_after_players(found, names, by_block, gaz))
        rows = {t.block for t in texts if t.kind == "paragraph" and _is_table_row(t.text)}
        in_rows = [f for f in found if f.block in rows and f.label in _PLACE_OR_ORG]
        countries = sum(1 for f in in_rows if gaz.country(_strip_possessive(f.surface)))
        if in_rows and countries * 2 < len(in_rows):
            teams = {(f.block, f.position) for f in in_rows}
    contexts = (company, venue, event, product, facility, institution, people, field, structure)
    if not teams and not any(contexts):
        return found
    out = []
    for f, name in zip(found, names, strict=True):
        if name in company and f.label in _NAMES_OF_THINGS and f.kind != "dateline":
            f = replace(f, label="ORG", context="company")
        elif (f.block, f.position) in teams:
            f = replace(f, label="ORG", context="team")
        elif name in venue and f.label in PLACE_LABELS:
            f = replace(f, label="FAC", context="venue")
        elif name in event and f.label in PLACE_LABELS:
            f = replace(f, label="EVENT", context="event")
        elif name in product and f.label in PLACE_LABELS:
            f = replace(f, label="PRODUCT", context="product")
        elif name in facility and f.label in PLACE_LABELS:
            f = replace(f, label="FAC", context="facility")
        elif name in institution and f.label in PLACE_LABELS:
            f = replace(f, label="FAC", context="institution")
        elif name in people and f.label in PLACE_LABELS:
            f = replace(f, label="NORP")
        elif name in field and f.label in PLACE_LABELS:
            f = replace(f, label="LOC", context="field")
        elif name in structure and f.label in PLACE_LABELS:
            f = replace(f, label="FAC", context="structure")
        out.append(f)
    return out


def _codes_in_lists(found: list[Found], texts: Sequence[Text], gaz: Gazetteer) -> list[Found]:
    """A two-letter ISO code no table reads as a country ("CA" is also California) is one
    in a list of codes beside one that is ("US / UK / CA")."""
    by_block = {t.block: t for t in texts}
    out = []
    for f in found:
        bare = f.surface.strip()
        located = _in_block(f, by_block)
        if (
            located is not None
            and f.label in PLACE_LABELS | {"ORG"}
            and _CODE.fullmatch(bare)
            and bare in gaz.country_names
            and gaz.country(bare) is None
            and _beside_a_country_code(*located, len(f.surface), gaz)
        ):
            f = replace(f, label="GPE", context="code")
        out.append(f)
    return out


def _beside_a_country_code(text: str, at: int, length: int, gaz: Gazetteer) -> bool:
    """Whether the list of codes holding text[at:at + length] has a code read as a country."""
    for m in _CODE_LIST.finditer(text):
        if m.start() <= at and at + length <= m.end():
            return any(gaz.country(c) is not None for c in _CODE_LIST_SEPARATOR.split(m.group()))
    return False


def _named_countries(found: Sequence[Found], gaz: Gazetteer) -> set[str]:
    """The countries a story's place names name or lie in."""
    out = set()
    for f in found:
        if f.label in PLACE_LABELS:
            bare = _strip_possessive(f.surface)
            iso = gaz.country(bare) or gaz.locate(bare, ()).get("country")
            if iso:
                out.add(iso)
    return out


def _words_before(
    f: Found, by_block: dict[int, Text], words: re.Pattern[str], reach: int = 20
) -> bool:
    """Whether `words` end right before `f`, within `reach` characters of it."""
    found = _in_block(f, by_block)
    if found is None:
        return False
    text, at = found
    return words.search(text, max(0, at - reach), at) is not None


def _known_place(surface: str, gaz: Gazetteer) -> bool:
    """Whether a package knows the name as a country, a people or a city or region (towns
    under the cities' floor do not count: too many words are some village's name)."""
    return bool(
        gaz.country(surface)
        or gaz.country_variant(surface)
        or gaz.demonym(surface)
        or gaz.locate(surface, ())
    )


def _words_after(f: Found, by_block: dict[int, Text], words: re.Pattern[str]) -> bool:
    return _match_after(f, by_block, words) is not None


def _match_after(f: Found, by_block: dict[int, Text], words: re.Pattern[str]) -> int | None:
    """How many characters `words` take right after `f`; None when they are not there."""
    found = _in_block(f, by_block)
    if found is None:
        return None
    text, at = found
    start = at + len(f.surface)
    m = words.match(text, start)
    return None if m is None else m.end() - start


def _clubs_after_players(
    found: list[Found], names: list[str], by_block: dict[int, Text], gaz: Gazetteer
) -> set[str]:
    """In a sports report, the towns written in brackets right after a player's name: his
    club ("Alan Shearer ( Newcastle )", "Paulo Bento ( Oviedo , Spain )"). A country there,
    or one of the nations inside the UK that field their own sides, is his national side and
    stays a place ("Frank Nobilo ( New Zealand )", "Peter Nicol ( Scotland )")."""
    player_ends = set()
    for f in found:
        located = _in_block(f, by_block) if f.label == "PERSON" else None
        if located is not None:
            player_ends.add((f.block, located[1] + len(f.surface)))
    clubs = set()
    for f, name in zip(found, names, strict=True):
        located = _in_block(f, by_block)
        if located is None or f.label not in PLACE_LABELS or f.kind == "dateline":
            continue
        text, at = located
        start = max(0, at - _BRACKET_REACH)  # a few characters back, however long the block
        before = text[start:at].rstrip()
        if not before.endswith("("):
            continue
        if (f.block, start + len(before[:-1].rstrip())) not in player_ends:
            continue
        if not _national(_strip_possessive(f.surface), gaz):
            clubs.add(name)
    return clubs


def _national(name: str, gaz: Gazetteer) -> bool:
    """Whether a side of this name is a nation's: a country's, or that of one of the UK's
    nations, which field their own ("Austria beat Scotland")."""
    region = gaz.region(name, ())
    return bool(gaz.country(name)) or (region is not None and region[0] in _SIDE_NATIONS)


def _in_block(f: Found, by_block: dict[int, Text]) -> tuple[str, int] | None:
    """The text of the NER input holding `f`, and where `f` starts in it."""
    text = by_block.get(f.block)
    return None if text is None else (text.text, f.position - text.position)


def _company_word_before(f: Found, by_block: dict[int, Text]) -> bool:
    found = _in_block(f, by_block)
    if found is None:
        return False
    text, at = found
    after = text[at + len(f.surface) : at + len(f.surface) + 2]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return False  # the name goes on past what NER read: its first word says nothing
    return _COMPANY_BEFORE.search(text, max(0, at - 30), at) is not None


def _is_sports(texts: Sequence[Text]) -> bool:
    words = {w.casefold() for t in texts for w in _TOKEN.findall(t.text[:20_000])}
    return len(words & _SPORTS_WORDS) >= SPORTS_MIN_WORDS


def _is_table_row(text: str) -> bool:
    return is_data_line(text) or is_fixture_row(text) or _RESULT_ROW.match(text) is not None


def _name_forms(f: Found) -> list[str]:
    forms = [_strip_possessive(f.surface)]
    tokens = forms[0].split()
    if f.label == "PERSON" and len(tokens) > 1:
        forms.append(tokens[-1])  # a surname confirms a surname in the headline
    return forms


def _longest_confirmed_part(f: Found, confirmed: set[str]) -> Found | None:
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(f.surface)]
    for width in range(len(spans) - 1, 0, -1):
        for i in range(len(spans) - width + 1):
            start, end = spans[i][0], spans[i + width - 1][1]
            piece = _strip_possessive(f.surface[start:end])
            end = start + len(piece)
            if fold_name(piece) in confirmed:
                return Found(
                    piece,
                    f.label,
                    f.where[start],
                    f.where[end - 1] + 1,
                    f.position + start,
                    f.block,
                    f.kind,
                    f.where[start:end],
                )
    return None


# Memoised: every stage of canonicalise strips each mention again (50,000 calls for 200
# stories, about 4,000 distinct surfaces)
@lru_cache(maxsize=SURFACE_CACHE_SIZE)
def _strip_possessive(surface: str) -> str:
    return _POSSESSIVE.sub("", surface.strip()) or surface


def _tokens(surface: str, label: str) -> tuple[str, ...]:
    tokens = [t.strip(".'\u2019").casefold() for t in _strip_possessive(surface).split()]
    tokens = [t for t in tokens if t]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if label == "PERSON":
        while len(tokens) > 1 and tokens[0].rstrip(".") in PERSON_TITLES:
            tokens = tokens[1:]
    if label in {"ORG", "NORP", "FAC"} and tokens and len(tokens[-1]) > 3:
        last = tokens[-1]
        if last.endswith("s") and not last.endswith("ss"):
            tokens[-1] = last[:-1]  # "Revolutionary Guards" and "Revolutionary Guard"
    return tuple(tokens)


def _key(f: Found, gaz: Gazetteer) -> tuple[tuple[str, ...], dict[str, str], str]:
    """The merge key of a mention, its ids, and the label it should carry."""
    if f.label not in NAME_LABELS:
        return ("~" + f.label, fold_name(f.surface)), {}, f.label
    bare = _strip_possessive(f.surface)
    if f.context == "code":  # "CA" in "US / UK / CA"
        return ("=iso", bare), {"iso3166": bare}, "GPE"
    if f.label in PLACE_LABELS and not f.context:
        f = replace(f, label=_not_a_place(bare, gaz) or f.label)
    if f.context:
        label = _CONTEXT_LABELS.get(f.context, f.label)
        words = _tokens(bare, label) or (fold_name(bare),)
        return (f.context, _KIND.get(label, label), *words), {}, label
    if f.label in {"GPE", "LOC", "NORP", "ORG"}:
        iso = gaz.country(bare)
        if iso is None and f.label in PLACE_LABELS:
            iso = gaz.country_variant(bare)  # "Kazakstan", "N. Korea": the same country
        if iso is not None and f.label != "NORP":
            return ("=iso", iso), {"iso3166": iso}, "GPE"
        iso = gaz.demonym(bare)
        if iso is not None:
            return ("=norp", iso), {"iso3166": iso}, "NORP"
        if iso is None and f.label == "NORP":
            iso = gaz.country(bare)
            if iso is not None:
                return ("=iso", iso), {"iso3166": iso}, "GPE"
    if f.label == "ORG":
        full = gaz.org(bare)
        if full is not None:
            return ("ORG", *_tokens(full, "ORG")), {}, "ORG"
    tokens = _tokens(bare, f.label)
    # "Santa Fe" the company and "Santa Fe" the city stay apart; a surname NER called a
    # place still finds its person through _merge_short_forms.
    return (_KIND.get(f.label, f.label), *(tokens or (fold_name(bare),))), {}, f.label


def _not_a_place(bare: str, gaz: Gazetteer) -> str:
    """The type of a name NER read as a place that the packages say is none: an organisation
    known by that name ("UNITED NATIONS" in a dateline: ORG, one entity with "the U.N."), or
    named as one ("Metropolitan Museum", "Royal Free Hospital School of Medicine"); a natural
    feature ("Leduc Reef", "Texas Panhandle": LOC, no place to link); a person's name with
    its initials ("Franklin D. Roosevelt"); a people's compound ("Tutsi-run": NORP); ""
    otherwise."""
    if _known_place(bare, gaz):
        return ""
    if gaz.org(bare) is not None:
        return "ORG"
    words = bare.casefold().split()
    if len(words) > 1 and not _INSTITUTION_WORDS.isdisjoint(words):
        return "ORG"
    if len(words) > 1 and words[-1] in _FEATURE_LAST_WORDS:
        return "LOC"
    if _INITIALLED_NAME.match(bare):
        return "PERSON"
    compound = _PEOPLE_COMPOUND.match(bare)
    if compound is not None and not _known_place(compound.group("head"), gaz):
        return "NORP"
    return ""


def _merge_stray_labels(clusters: list[_Cluster]) -> list[_Cluster]:
    """The same words under another kind join the main reading when they are a stray NER
    label (at most a third as many mentions); two real readings ("Santa Fe" the company and
    the city, both written often) stay apart."""
    by_words: dict[tuple[str, ...], list[_Cluster]] = {}
    for c in clusters:
        if not c.ids and not c.key[0].startswith(("~", "=")):
            by_words.setdefault(c.key[1:], []).append(c)
    absorbed: set[int] = set()
    for group in by_words.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: -len(c.mentions))
        main = group[0]
        for stray in group[1:]:
            if len(stray.mentions) * STRAY_SHARE <= len(main.mentions):
                main.mentions.extend(stray.mentions)
                for label, n in stray.labels.items():
                    main.labels[label] = main.labels.get(label, 0) + n
                absorbed.add(id(stray))
    return [c for c in clusters if id(c) not in absorbed]


def _merge_short_forms(clusters: list[_Cluster]) -> list[_Cluster]:
    """Fold a surname into the full name ending in it, and an acronym into its expansion."""
    longest_first = sorted(clusters, key=lambda c: -len(c.key))
    absorbed: set[int] = set()
    for short in sorted(clusters, key=lambda c: len(c.key)):
        if short.ids or short.key[0].startswith(("~", "=")):
            continue
        target = _full_form(short, longest_first, absorbed)
        if target is not None:
            target.mentions.extend(short.mentions)
            for label, n in short.labels.items():
                target.labels[label] = target.labels.get(label, 0) + n
            absorbed.add(id(short))
    return [c for c in clusters if id(c) not in absorbed]


def _full_form(short: _Cluster, candidates: list[_Cluster], absorbed: set[int]) -> _Cluster | None:
    words = short.key[1:]  # the key is (kind, *words)
    n = len(words)
    # a cluster's label is a vote over its labels: counted once here, not per candidate
    label = short.label
    acronym = n == 1 and label == "ORG" and len(words[0]) > 1
    best: _Cluster | None = None
    for long in candidates:
        if len(long.key) <= len(short.key) or id(long) in absorbed or long.ids or long is short:
            continue
        if long.key[0].startswith(("~", "=")):
            continue
        if long.key[-n:] == words and _compatible(label, long.label):
            suffix = True
        else:
            suffix = acronym and long.label == "ORG" and _acronym(long.key[1:]) == words[0]
        if suffix and (best is None or len(long.mentions) > len(best.mentions)):
            best = long
    return best


def _compatible(short: str, long: str) -> bool:
    if short == long:
        return True
    # a surname NER mislabels ("Modi" as GPE) still belongs to the person it names
    return long == "PERSON" and short in {"GPE", "ORG", "NORP", "LOC"}


def _acronym(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "the", "and", "for"})


def _name(c: _Cluster) -> str:
    """A person's fullest name without titles; for the rest the form written most often.
    Capitals only when nothing else was written."""
    person = c.label == "PERSON"
    counts: dict[str, int] = {}
    for f in c.mentions:
        words = _strip_possessive(f.surface).split()
        if words and words[0].casefold() == "the":
            words = words[1:]
        if person:
            while len(words) > 1 and words[0].casefold().rstrip(".") in PERSON_TITLES:
                words = words[1:]
        surface = " ".join(words) or f.surface
        counts[surface] = counts.get(surface, 0) + 1

    def rank(s: str) -> tuple[int, int, int, str]:
        shouting = s.isupper() and len(s) > 4
        if person:  # the full name, however often the surname alone is used
            return (int(shouting), -len(s.split()), -counts[s], s)
        return (int(shouting), -counts[s], -len(s.split()), s)  # "Revolutionary Guards"

    return min(counts, key=rank)


def _org_name(c: _Cluster, gaz: Gazetteer, label: str) -> str:
    """An organisation known by a short form gets its one canonical name ("UN")."""
    if label == "ORG":
        for f in c.mentions:
            full = gaz.org(_strip_possessive(f.surface))
            if full is not None:
                return full
    return _name(c)


def _rank(clusters: list[_Cluster], size: int, gaz: Gazetteer) -> tuple[Entity, ...]:
    if not clusters:
        return ()
    most = max(len(c.mentions) for c in clusters)
    widest = max(len({f.block for f in c.mentions}) for c in clusters)
    ranked: list[tuple[float, int, Entity]] = []
    for c in clusters:
        label = c.label
        first = min(c.mentions, key=lambda f: f.position)
        if any(f.kind == "title" for f in c.mentions):
            position = TITLE_POSITION
        elif first.kind == "caption" or first.block <= 2:
            position = LEAD_POSITION
        else:
            position = LEAD_POSITION * (1.0 - first.position / max(size, 1))
        frequency = math.log1p(len(c.mentions)) / math.log1p(most)
        spread = len({f.block for f in c.mentions}) / max(widest, 1)
        salience = (
            POSITION_WEIGHT * position + FREQUENCY_WEIGHT * frequency + SPREAD_WEIGHT * spread
        )
        iso = c.ids.get("iso3166")
        name = gaz.country_names[iso] if c.key[0] == "=iso" and iso else _org_name(c, gaz, label)
        state = gaz.state_abbreviations.get(name)
        if state is not None:
            name = state.name  # "Conn." -> "Connecticut"
        mentions = sorted({(f.start, f.end) for f in c.mentions})
        entity = Entity(
            name=name,
            type=label,
            count=len(mentions),
            salience=round(min(max(salience, 0.0), 1.0), 4),
            mentions=tuple(Mention(s, e) for s, e in mentions),
            ids=dict(c.ids),
            # an amount's mentions share one written form, so the first one's value holds
            amount=first.amount,
        )
        ranked.append((entity.salience, first.position, entity))
    ranked.sort(key=lambda t: (-t[0], t[1]))
    return tuple(e for _, _, e in ranked)
