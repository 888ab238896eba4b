"""Linking accuracy on 100 hand-checked GPE mentions from the corpus.

    PYTHONPATH=. python bench/eval_linking.py                  # score every labelled sample
    PYTHONPATH=. python bench/eval_linking.py --gold heldout   # score one of them
    PYTHONPATH=. python bench/eval_linking.py --sample dev     # draw a sample again (to label)

Seventeen samples, each labelled by hand:
- `dev` (bench/data/linking_gold.json, seed 20261126): stories from reuters21578 only.
- `dev2` (bench/data/linking_dev2.json, seed 20261127): stories from BBC News and
  reuters21578 together, leaving out the dev sample's stories.
- `heldout` (bench/data/linking_heldout.json, seed 20261128): drawn like dev2, leaving out
  the stories of both, after the fixes those two guided, and scored before any change.
- `fresh` (bench/data/linking_fresh.json, seed 20261129): 100 GPE *entities* (not mentions)
  of the CoNLL-2003 valid documents (one sentence a line, as bench/eval_ner.py sends them),
  drawn after the fixes of issue 18 (teams in tables, companies named like towns, datelines,
  other names, misspelt countries), which were made on other text; labelled before its
  first score. Here the type counts too: a team or a company typed GPE is wrong whatever
  its ids, and `expected` holds the right type (`"type"`) beside the ids.
- `fresh2` (bench/data/linking_fresh2.json, seed 20261130): drawn like fresh from the
  CoNLL-2003 valid documents fresh did not draw from, after the fixes fresh's errors guided.
- `fresh3` (bench/data/linking_fresh3.json, seed 20261201): drawn like fresh from the
  CoNLL-2003 valid documents neither fresh nor fresh2 drew from (73 of 216 were left, with
  198 GPE entities), after the fixes fresh2's errors guided (towns under 15,000 people, English
  names of regions, long historic country names, typing from context); labelled and
  committed before its first score.
- `fresh4` (bench/data/linking_fresh4.json, seed 20261202): drawn like fresh, but from the
  CoNLL-2003 *train* documents (ids "conll/train/N"), after the fixes fresh3's errors guided
  (territory codes, Arabic articles, historic peoples, a country opening a place, bylines,
  grounds, products); labelled and committed before its first score. Linking was never tuned
  on these documents; the NER model was trained on them, which does not matter here: the
  figure is the linker's, and its input is whatever the NER found.
- `fresh5` (bench/data/linking_fresh5.json, seed 20261230): drawn like fresh4 from the
  CoNLL-2003 train documents fresh4 did not draw from, after the fixes fresh4's errors guided
  (settlement words, organisations and peoples' compounds read as places); labelled and
  committed before its first score (0.91, held out).
- `fresh6` (bench/data/linking_fresh6.json, seed 20261231): drawn like fresh4 from the
  CoNLL-2003 train documents neither fresh4 nor fresh5 drew from, after the fixes fresh5's
  errors guided (institutions speaking, facilities, "X in Y", tournament words, codes in
  lists, English names of regions, spelling variants of smaller cities, "X and Y" countries);
  labelled by hand, each entity by reading its document, and committed before its first score
  (0.92, held out: three schedule-row clubs typed GPE, the trade kept for CoNLL-2003 F1, and
  five places missed or linked too coarsely).
- `fresh7` (bench/data/linking_fresh7.json, seed 20261232): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh6 drew from, after the fixes fresh6's errors
  guided (abbreviated heads, "ST. LOUIS" and "Ft. Worth"; both sides of a schedule row typed
  ORG; a match preview's fixtures kept); labelled blind (without the pipeline's answers),
  each entity by reading its document, before its first score: 0.89, then 0.93 once the five
  US states the labelling brief had given ISO 3166-2 codes got their GeoNames ids, as in every
  earlier sample. Held out; misses: two provinces of Turkey, a state's postal code ("OH" in
  a bond table), a Polish town found only to its country, and three names that are no place
  (a newspaper, an airport in a table, a baseball division).
- `fresh8` (bench/data/linking_fresh8.json, seed 20261233): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh7 drew from, after the fixes fresh7's errors
  guided (letters Unicode does not decompose, "X province", "Town, ST" postal codes);
  labelled blind by an annotator reading each document, before its first score: 0.82, held
  out. Ten of its 18 misses are names typed GPE that are none: a president, a club in a
  results summary and one in a headline, a hospital school, a museum, a building, a farm, a
  reef, a region of a state, two names joined ("Tikhomirov-Maskhadov talks"); the others are
  a canton and a province in "the cantons/provinces of A and B", two villages no package has
  (their country alone is right), "Former Yugoslavia", "Spa-Francorchamps" (twice) and
  "Zaire" (ZR, the code of its time, where the annotator wrote today's CD).
- `fresh9` (bench/data/linking_fresh9.json, seed 20261234): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh8 drew from, after the fixes fresh8's errors
  guided (names shaped as no place, lists after a plural region word, "X village", match
  summary rows, former countries); labelled blind like fresh8, one label set to fresh5's
  convention for "At Colorado" before the first score: 0.91, held out. Misses: a club in a
  headline ("ST HELENS CLINCH ..."), an airport, a stadium that GeoNames also lists as a
  place (Old Trafford), two products, an oilfield, Monte Carlo unlinked, a town one of two
  of its name, a region no package has (its country alone is right).
- `fresh10` (bench/data/linking_fresh10.json, seed 20261235): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh9 drew from, after the fixes fresh9's errors
  guided (hyphenated towns written with a space, a headline's present tense making a town its
  team, oil and gas fields); labelled blind like fresh8: 0.94 at its first score, held out.
  Misses: "New York" after a town and a comma read as the city, not the state (twice), a
  FRANKFURT dateline unlinked, a small Chechen town found only to its country, a town no
  package has left without its country, and a fort in a dateline.
- `fresh11` (bench/data/linking_fresh11.json, seed 20261236): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh10 drew from, after the fixes fresh10's
  errors guided (a people's country for a name only its place bears that way, a US state
  after a town and its comma); labelled blind like fresh8: 0.91 at its first score, held
  out. Misses: five names that are no place (a highway, a power plant, an interest rate, a
  film, "ENGLISH"), a misspelt town found only to its country ("JYVASKLYA"), "Wisc ."
  unlinked, Charleston, West Virginia read as the larger Charleston, and a Congo of the 1960s
  given the Republic's code where the annotator wrote the Democratic Republic's.
- `fresh12` (bench/data/linking_fresh12.json, seed 20261237): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh11 drew from, after the fixes fresh11's
  errors guided (the peoples of the UK's parts, structures such as a highway or a plant);
  labelled blind like fresh8, one label set to the convention for a seat of power speaking
  ("the Kremlin press service", as "White House spokesman") before the first score: 0.92,
  held out. Misses: a FRANKFURT dateline in a story naming no German thing, the Kremlin, a
  club ("Feyenoord Rotterdam"), Oxford standing for its university, a prosecutor named
  Salamanca, "U.S." of "U.S. Open", Preston in Australia read as the English town, and a
  village no package has left without its country.
- `fresh13` (bench/data/linking_fresh13.json, seed 20261238): drawn like fresh4 from the
  CoNLL-2003 train documents none of fresh4-fresh12 drew from, after the fixes fresh12's
  errors guided (8234f01); labelled blind by two annotators independently, each entity by
  reading its document (they agreed on 99 of 100; the other settled by the convention for a
  national side, England GB-ENG), and committed before its first score: 0.91, held out.
  Misses: AP state abbreviations after a town ("RICHMOND , Va .", and "HARLEYSVILLE , Pa ."
  read as Pa in Burkina Faso, its town unlinked), "a Kremlin residence" typed GPE, three
  places misspelt by one letter ("ABDERDEEN , Scotland", "Ramle", "Mpumulanga"), a team
  ("game against New York") and two groups of countries (CIS, NIS).
- `fresh14` (bench/data/linking_fresh14.json, seed 20261239): 100 GPE entities of the
  CoNLL-2003 *test* documents (the train documents the earlier samples left held only 73),
  drawn after the fixes fresh13's errors guided (74f1a23); labelled blind by two annotators
  independently (they agreed on all 100), committed before its first score: 0.85, held out.
  Linking was never tuned on these documents; they are the NER figure's test set, which each
  linking change was checked not to lower. Fourteen of its 15 misses are names typed GPE that
  are none: five teams (two clubs in brackets after a player, a state's cricket side, two US
  college or NFL sides), two brewers, a crude grade, a ship, two people, a ground, a coast
  and a cricket side named by its region; and "Caribs" in tanker shorthand, unlinked.
- `fresh15` (bench/data/linking_fresh15.json, seed 20261240): drawn like fresh14 from the
  CoNLL-2003 test documents fresh14 did not draw from, after the fixes fresh14's errors guided
  (0d45635); labelled blind by two annotators independently (99 of 100 agreed; the other
  settled by fresh3's convention for "U.S. Amateur"), committed before its first score: 0.85,
  held out. Misses: names typed GPE that are none (a people's adjective "Montenegrin", two
  ships, two regions no package has as one, "Canadian West Coast" and "Goma-Bukavu", two
  teams and the clipped "South Wales" of "New South Wales", "Wallaby jersey", a rating "Baa"
  read as a town), datelines of a city-state and a city named like its country (SINGAPORE,
  LUXEMBOURG, read as the countries), and three places no package has (a gas hub, a
  historic province, a small town) left without their country.
The errors of dev, dev2 and fresh to fresh14 guided fixes to the linker, so heldout, fresh12
and fresh15 are the fair tests (fresh4 to fresh14 were, when first scored).

A sample: the stories (harness/corpus, title and body as the text) shuffled with its seed;
every GPE mention our pipeline finds in the first 300, shuffled with the seed again; the
first 100. Each record keeps the story id, the mention's offsets in that text, its
context and the ids a person checked it should get (`expected`; {} when no id is right, e.g.
a mention that is no place). Scoring runs the current pipeline on each story again and
compares the ids of the entity holding that mention: for a country the ISO code, for a
place the GeoNames id. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import Story, bbc, conll_documents, reuters  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402

DATA = ROOT / "bench" / "data"
SAMPLES = {
    "dev": (DATA / "linking_gold.json", 20261126),
    "dev2": (DATA / "linking_dev2.json", 20261127),
    "heldout": (DATA / "linking_heldout.json", 20261128),
    "fresh": (DATA / "linking_fresh.json", 20261129),
    "fresh2": (DATA / "linking_fresh2.json", 20261130),
    "fresh3": (DATA / "linking_fresh3.json", 20261201),
    "fresh4": (DATA / "linking_fresh4.json", 20261202),
    "fresh5": (DATA / "linking_fresh5.json", 20261230),
    "fresh6": (DATA / "linking_fresh6.json", 20261231),
    "fresh7": (DATA / "linking_fresh7.json", 20261232),
    "fresh8": (DATA / "linking_fresh8.json", 20261233),
    "fresh9": (DATA / "linking_fresh9.json", 20261234),
    "fresh10": (DATA / "linking_fresh10.json", 20261235),
    "fresh11": (DATA / "linking_fresh11.json", 20261236),
    "fresh12": (DATA / "linking_fresh12.json", 20261237),
    "fresh13": (DATA / "linking_fresh13.json", 20261238),
    "fresh14": (DATA / "linking_fresh14.json", 20261239),
    "fresh15": (DATA / "linking_fresh15.json", 20261240),
}
# The CoNLL-2003 split each entity sample draws from; the others draw from valid.
CONLL_SPLIT = {f"fresh{k}": "train" for k in range(4, 14)} | {"fresh14": "test", "fresh15": "test"}
SIZE = 100
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
STORIES = 300
OPTIONS = Options(dedupe="off", tags=frozenset({"entities"}))


def story_text(title: str, paragraphs: tuple[str, ...]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def conll_texts(split: str = "valid") -> dict[str, str]:
    """CoNLL-2003 documents of a split by id, one sentence a line (the fresh samples' news)."""
    documents = conll_documents(split)
    return {f"conll/{split}/{k}": "\n".join(doc) + "\n" for k, doc in enumerate(documents)}


def texts_of(name: str) -> dict[str, str]:
    if name.startswith("fresh"):
        return conll_texts(CONLL_SPLIT.get(name, "valid"))
    return {s.id: story_text(s.title, s.paragraphs) for s in bbc() + reuters()}


def linked(text: str) -> dict[tuple[int, int], tuple[str, dict[str, str]]]:
    """(start, end) of each mention -> (entity type, entity ids)."""
    out = {}
    for article in run(text, OPTIONS).articles:
        for e in article.tags.entities:
            for m in e.mentions:
                out[(m.start, m.end)] = (e.type, dict(e.ids))
    return out


def drawn_before(name: str) -> set[str]:
    """The stories the samples listed before `name` in SAMPLES drew from (by that order, not
    by name: "fresh10" sorts before "fresh2"). Story ids of the corpora never meet, so one
    set serves the story samples and the CoNLL entity samples alike."""
    earlier = list(SAMPLES)[: list(SAMPLES).index(name)]
    return {
        g["story"]
        for e in earlier
        for g in json.loads(SAMPLES[e][0].read_text(encoding="utf-8"))["mentions"]
    }


def stories_of(name: str) -> list[Story]:
    if name == "dev":
        return reuters()
    used = drawn_before(name)
    return [s for s in bbc() + reuters() if s.id not in used]


def sample_entities(name: str) -> list[dict[str, Any]]:
    """GPE entities, one record each at its first mention, over every document."""
    rng = random.Random(SAMPLES[name][1])
    used = drawn_before(name)
    found = []
    for story, text in conll_texts(CONLL_SPLIT.get(name, "valid")).items():
        if story in used:
            continue
        for article in run(text, OPTIONS).articles:
            for e in article.tags.entities:
                if e.type != "GPE":
                    continue
                m = e.mentions[0]
                found.append(
                    {
                        "story": story,
                        "start": m.start,
                        "end": m.end,
                        "mention": text[m.start : m.end],
                        "context": " ".join(text[max(0, m.start - 80) : m.end + 80].split()),
                        "predicted": dict(e.ids),
                    }
                )
    rng.shuffle(found)
    return found[:SIZE]


def sample(name: str) -> list[dict[str, Any]]:
    if name.startswith("fresh"):
        return sample_entities(name)
    rng = random.Random(SAMPLES[name][1])
    stories = stories_of(name)
    rng.shuffle(stories)
    found = []
    for s in stories[:STORIES]:
        text = story_text(s.title, s.paragraphs)
        for (start, end), (kind, ids) in sorted(linked(text).items()):
            if kind == "GPE":
                found.append(
                    {
                        "story": s.id,
                        "start": start,
                        "end": end,
                        "mention": text[start:end],
                        "context": " ".join(text[max(0, start - 60) : end + 60].split()),
                        "predicted": ids,
                    }
                )
    rng.shuffle(found)
    return found[:SIZE]


def same(expected: dict[str, Any], got: dict[str, str], kind: str = "GPE") -> bool:
    types = expected.get("type", [kind])
    if kind not in types:
        return False  # a team or a company typed as a place
    if "type" in expected and kind not in PLACE_TYPES:
        # a person, a company, a people: the type is the answer (no place id to check; a
        # demonym's NORP entity carries its country's code, which is no error)
        return True
    expected = {k: v for k, v in expected.items() if k != "type"}
    if not expected:
        return not got
    if got.get("geonames") in expected.get("not_geonames", ()):
        return False
    for scheme in ("iso3166", "geonames", "iso3166_2"):
        if scheme in expected:
            return bool(got.get(scheme) == expected[scheme])
    # a place no package we use has: a link must at least be in the right country
    return bool(got) and got.get("country") == expected["country"]


def score(name: str) -> dict[str, Any]:
    gold = json.loads(SAMPLES[name][0].read_text(encoding="utf-8"))["mentions"]
    texts = texts_of(name)
    right = 0
    wrong = []
    for g in gold:
        kind, got = linked(texts[g["story"]]).get((g["start"], g["end"]), ("", {}))
        if same(g["expected"], got, kind):
            right += 1
        else:
            wrong.append(
                {"mention": g["mention"], "expected": g["expected"], "got": got, "type": kind}
            )
    return {
        "sample": name,
        "mentions": len(gold),
        "correct": right,
        "accuracy": round(right / max(len(gold), 1), 4),
        "errors": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", choices=sorted(SAMPLES), help="draw this sample again")
    parser.add_argument("--gold", choices=sorted(SAMPLES), help="score only this sample")
    args = parser.parse_args()
    if args.sample:
        print(json.dumps(sample(args.sample), indent=1, ensure_ascii=False))
        return
    for name in [args.gold] if args.gold else sorted(SAMPLES):
        if SAMPLES[name][0].exists():
            print(json.dumps(score(name), ensure_ascii=False))


if __name__ == "__main__":
    main()
