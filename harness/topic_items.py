"""News items for topic labelling, named by id, their texts read from ../shared at run time.

The labels live in the repository (training/topics/labels.jsonl); the texts never do. An id
names where a text comes from:

    conll/<train|valid|test>/<n>   the n-th CoNLL-2003 document of that split
    bbc/<folder>/<file stem>       a BBC News file of the training half (files[1::2])
    semeval/<pair_id>/<1|2>        an English text of the SemEval-2022 task 8 sample
    reuters/<reut2-xxx>/<n>        the n-th story of a Reuters-21578 file
    zyte/<page id>                 an English page of the Zyte article-extraction benchmark:
                                   its og:title (or <title>) and its gold article body
    huffpost/<line>                a HuffPost News Category headline (section-labelled)

`annotation_pools()` fixes, deterministically, which items annotators label for training and
which for the test set. The two sides never share a story: CoNLL's test documents are a later
month than its training ones; SemEval texts are split by the pairs that link them (two
outlets' copies of one event fall on one side); Reuters stories by a hash of their text. The
Zyte pages (2019 news from many sites, a source no training item comes from) are test only;
a tenth of the HuffPost headlines, by hash, is too.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harness import CORPUS, ROOT
from harness.corpus import conll_documents, detokenise

__all__ = [
    "HUFFPOST_TO_IPTC",
    "LABELS_PATH",
    "TEST_SHARE",
    "LabelledItem",
    "annotation_pools",
    "bbc_training_half",
    "huffpost_items",
    "item_text",
    "labelled_items",
    "rare_topic_candidates",
    "training_texts",
]

TEST_SHARE = 0.5  # of SemEval components and Reuters stories, by hash
HUFFPOST_TEST_SHARE = 0.1
HUFFPOST_ANNOTATED = 2000  # training headlines that annotators label (any section)
HUFFPOST_ANNOTATED_MORE = 3000  # more of them, in the fourth round
HUFFPOST_AUDIENCE_ANNOTATED = 2500  # headlines of the audience sections, in the fifth
SHOWN_CHARS = 900  # what an annotator reads: the headline and the lead, as an editor would

# HuffPost sections that name one IPTC top-level topic (Misra 2022's 42 sections; the
# few-shot copy merges some). Sections about an audience ("WOMEN", "BLACK VOICES", "FIFTY",
# "IMPACT") or the whole world ("WORLD POST") span many topics and are left out.
_AUDIENCE_SECTIONS = frozenset(
    {"QUEER VOICES", "BLACK VOICES", "WOMEN", "LATINO VOICES", "IMPACT", "FIFTY", "GOOD NEWS"}
)
HUFFPOST_TO_IPTC = {
    "POLITICS": "medtop:11000000",
    "ENTERTAINMENT": "medtop:01000000",
    "TRAVEL TRIP": "medtop:10000000",
    "PARENTING": "medtop:14000000",
    "PARENTS": "medtop:14000000",
    "FOOD DRINK": "medtop:10000000",
    "TASTE": "medtop:10000000",
    "HOME LIVING": "medtop:10000000",
    "BUSINESS COMPANY": "medtop:04000000",
    "COMEDY": "medtop:01000000",
    "SPORTS": "medtop:15000000",
    "DIVORCE": "medtop:14000000",
    "CRIME": "medtop:02000000",
    "MEDIA": "medtop:01000000",
    "WEIRD NEWS": "medtop:08000000",
    "GREEN": "medtop:06000000",
    "ENVIRONMENT": "medtop:06000000",
    "RELIGION belief": "medtop:12000000",
    "SCIENCE": "medtop:13000000",
    "TECH TECHNOLOGY": "medtop:13000000",
    "MONEY": "medtop:04000000",
    "ARTS ART": "medtop:01000000",
    "ARTS CULTURE": "medtop:01000000",
    "CULTURE ARTS": "medtop:01000000",
    "EDUCATION": "medtop:05000000",
    "COLLEGE UNIVERSITY SCHOOL": "medtop:05000000",
}

# Words that make a story a likely example of a topic that wire copy rarely covers. They only
# choose which unlabelled stories annotators see; annotators label blind, and a candidate
# labelled otherwise simply counts under its own topic.
_RARE_TOPIC_WORDS = {
    "religion": r"church|pope|vatican|bishop|mosque|islamic|muslim|christian|religio|priest"
    r"|clergy|synagogue|jewish|hindu|buddhis|temple|pilgrim|ramadan|christmas|easter",
    "weather": r"weather|forecast|storm|hurricane|typhoon|rainfall|snow|heatwave|temperatures"
    r"|drought|monsoon|frost|cyclone|tornado|blizzard",
    "education": r"school|university|universities|student|teacher|pupil|education|college"
    r"|exam|campus|curriculum",
    "lifestyle": r"tourism|tourist|holiday|travel|restaurant|recipe|wine|fashion|hobby|lottery"
    r"|garden|vacation|festival|cruise|chef|fitness",
    "human interest": r"birthday|anniversary|royal|princess|prince|queen|wedding|celebrity"
    r"|zoo|oldest|award|record-breaking|funeral|dog|cat",
    "disaster": r"earthquake|crash|explosion|blaze|fire|flood|derail|collapse|sank|avalanche"
    r"|landslide|killed in|rescue|accident",
    "environment": r"pollution|environment|wildlife|conservation|climate|emission|endangered"
    r"|forest|species|recycling|ozone|oil spill",
    "health": r"disease|virus|hospital|aids|hiv|cancer|vaccine|epidemic|patients|health|drug"
    r"|medical|doctor|outbreak",
    "labour": r"strike|union|workers|wage|unemployment|jobless|employees|layoff|pension"
    r"|walkout|labour|labor",
    "society": r"immigra|refugee|poverty|homeless|abortion|discrimination|welfare|charity"
    r"|minority|gay|racism|elderly|family|children",
    "science": r"scientist|research|space|nasa|satellite|genetic|physics|astronom|laborator"
    r"|discovery|study found|technology",
    "crime": r"police|arrest|court|trial|sentenced|murder|fraud|prison|judge|smuggl|charged",
    "conflict": r"troops|rebel|army|military|bomb|attack|guerrilla|ceasefire|war|soldier"
    r"|protest|riot",
    "arts": r"film|music|album|concert|theatre|theater|museum|novel|artist|exhibition|opera"
    r"|actor|actress|television|newspaper",
}


# Topics with fewer than 50 annotated training items after the first round.
_SHORT_IN_TRAIN = (
    "education",
    "weather",
    "religion",
    "environment",
    "science",
    "society",
    "human interest",
    "lifestyle",
    "labour",
    "arts",
    "disaster",
)


def bbc_training_half() -> list[Path]:
    """BBC files[1::2] of the sorted paths (the half topic training reads) whose text is not
    also in the test half files[0::2]."""
    files = sorted((CORPUS / "bbc").rglob("*.txt"))
    test_texts = {p.read_text(encoding="utf-8").strip() for p in files[0::2]}
    return [p for p in files[1::2] if p.read_text(encoding="utf-8").strip() not in test_texts]


def _bbc_training_half() -> list[str]:
    return [f"bbc/{p.parent.name}/{p.stem}" for p in bbc_training_half()]


# Topics with fewer than 20 test items after the first labelling round.
_SHORT_IN_TEST = (
    "education",
    "weather",
    "religion",
    "environment",
    "science",
    "labour",
    "society",
    "disaster",
    "lifestyle",
    "human interest",
)


# Topics with fewer than 20 test items with a majority label after the second round.
_STILL_SHORT_IN_TEST = ("education", "labour", "weather", "religion", "environment", "science")


def _hash_share(key: str) -> float:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


# ---- texts by id


@lru_cache(maxsize=3)
def _conll_texts(split: str) -> tuple[str, ...]:
    """Each CoNLL document as text: the first sentence is its headline line."""
    texts = []
    for sentences in conll_documents(split):
        lines = [detokenise(s.split(" ")) for s in sentences]
        texts.append("\n".join(lines))
    return tuple(texts)


def _usable_conll(split: str) -> list[str]:
    texts = _conll_texts(split)
    return [f"conll/{split}/{n}" for n, text in enumerate(texts) if len(text.split("\n")) >= 4]


@lru_cache(maxsize=1)
def _semeval() -> tuple[dict[str, str], dict[str, str]]:
    """English SemEval texts by id, and each id's side ("train"/"test").

    Texts recur across pairs; a text keeps the id of its first occurrence. Pairs link texts
    into components (one event from several outlets), and a component's side follows the
    hash of its smallest id.
    """
    texts: dict[str, str] = {}
    first_id: dict[str, str] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    csv.field_size_limit(2**30)
    folder = CORPUS / "semeval2022_task8_sample"
    for name in ("training_set.csv", "testing_set.csv"):
        with open(folder / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                ids = []
                for k in "12":
                    if row[f"lang{k}"] != "en":
                        continue
                    text = row[f"text{k}"].strip()
                    if len(text) < 300:
                        continue
                    key = " ".join(text.split())[:2000]
                    item = first_id.setdefault(key, f"semeval/{row['pair_id']}/{k}")
                    texts[item] = text
                    ids.append(item)
                if len(ids) == 2:
                    parent[find(ids[0])] = find(ids[1])
    members: dict[str, list[str]] = {}
    for item in texts:
        members.setdefault(find(item), []).append(item)
    side = {}
    for group in members.values():
        group_side = "test" if _hash_share(min(group)) < TEST_SHARE else "train"
        side.update(dict.fromkeys(group, group_side))
    return texts, side


_REUTERS = re.compile(r"<REUTERS ([^>]*)>(.*?)</REUTERS>", re.S)


@lru_cache(maxsize=1)
def _reuters() -> dict[str, tuple[str, bool]]:
    """Reuters-21578 stories with a body by id: (text, has TOPICS labels)."""
    out = {}
    for path in sorted((CORPUS / "reuters21578").glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for n, m in enumerate(_REUTERS.finditer(raw)):
            block = m.group(2)
            body = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
            text = re.sub(r"\s*Reuter\s*\x03?\s*$", "", html.unescape(body.group(1))).strip()
            text = " ".join(text.split())
            head = " ".join(html.unescape(title.group(1)).split()) if title else ""
            labelled = bool(re.search(r"<TOPICS><D>", block))
            out[f"reuters/{path.stem}/{n}"] = (f"{head}\n{text}" if head else text, labelled)
    return out


@lru_cache(maxsize=1)
def _huffpost() -> tuple[tuple[str, str], ...]:
    """(headline, section) by line number of the HuffPost file."""
    names: dict[int, str] = {}
    lines = (CORPUS / "huffpost" / "hard_verbalizers.yaml").read_text(encoding="utf-8")
    block = lines.split("HuffPost:", 1)[1].split("\n\n", 1)[0]
    for found in re.finditer(r"^\s+(\d+): \[(.*)\]$", block, re.M):
        names[int(found.group(1))] = " ".join(re.findall(r'"([^"]*)"', found.group(2)))
    out = []
    path = CORPUS / "huffpost" / "huffpost.json"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append((detokenise(row["raw"].split()), names[row["label"]]))
    return tuple(out)


_OG_TITLE = re.compile(r'<meta[^>]+property="og:title"[^>]+content="([^"]*)"', re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@lru_cache(maxsize=1)
def _zyte() -> dict[str, str]:
    """English benchmark pages by id: headline line, then the gold article body."""
    folder = CORPUS / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = {}
    for page, gold in sorted(truth.items()):
        body = " ".join(gold["articleBody"].split())
        page_html = gzip.decompress((folder / "html" / f"{page}.html.gz").read_bytes())
        markup = page_html.decode("utf-8", "replace")
        found = _OG_TITLE.search(markup) or _TITLE.search(markup)
        title = " ".join(html.unescape(found.group(1)).split()) if found else ""
        if len(body) < 300 or not _mostly_english(body):
            continue
        out[f"zyte/{page}"] = f"{title}\n{body}" if title else body
    return out


# Common English words: a page where they are an eighth of the first 300 words is English.
_ENGLISH_WORDS = frozenset(
    {
        "the", "of", "and", "to", "in", "is", "that", "for",
        "on", "with", "was", "said", "it", "as", "by", "at",
    }
)  # fmt: skip


def _mostly_english(text: str) -> bool:
    words = text.lower().split()[:300]
    return sum(w in _ENGLISH_WORDS for w in words) >= 0.12 * len(words)


def _huffpost_reserved(item: str) -> bool:
    """A tenth of the headlines, by hash, is kept out of training for the test side."""
    return _hash_share("huffpost-test" + item) < HUFFPOST_TEST_SHARE


def _huffpost_sample(
    n: int, exclude: set[str], sections: frozenset[str] | None = None
) -> list[str]:
    """n training headlines (of these sections, or any), the lowest by a salted hash, in
    file order."""
    ids = [
        i
        for k, (_, section) in enumerate(_huffpost())
        if not _huffpost_reserved(i := f"huffpost/{k}")
        and i not in exclude
        and (sections is None or section in sections)
    ]
    chosen = set(sorted(ids, key=lambda i: _hash_share("huffpost-annotate" + i))[:n])
    return [i for i in ids if i in chosen]


def huffpost_items() -> list[tuple[str, str]]:
    """(id, IPTC top-level code) of the training headlines whose section maps to one topic."""
    return [
        (f"huffpost/{n}", HUFFPOST_TO_IPTC[section])
        for n, (_, section) in enumerate(_huffpost())
        if section in HUFFPOST_TO_IPTC and not _huffpost_reserved(f"huffpost/{n}")
    ]


def item_text(item: str) -> str:
    """The whole text of an item: its headline on the first line."""
    source, _, rest = item.partition("/")
    if source == "conll":
        split, _, n = rest.partition("/")
        return _conll_texts(split)[int(n)]
    if source == "semeval":
        head, sep, body = _semeval()[0][item].partition("  ")
        return f"{head.strip()}\n{body.strip()}" if sep else head
    if source == "reuters":
        return _reuters()[item][0]
    if source == "huffpost":
        return _huffpost()[int(rest)][0]
    if source == "zyte":
        return _zyte()[item]
    if source == "bbc":
        text = (CORPUS / "bbc" / f"{rest}.txt").read_text(encoding="utf-8")
        title, _, body = text.strip().partition("\n")
        return f"{title.strip()}\n{' '.join(body.split())}"
    raise KeyError(item)


# ---- what annotators label


def rare_topic_candidates(
    items: Iterable[str],
    per_topic: int,
    salt: str,
    topics: Iterable[str] = _RARE_TOPIC_WORDS,
    min_hits: int = 2,
) -> list[str]:
    """Up to per_topic items for each topic word list, chosen by a salted hash among the
    items whose headline and lead match it (most matches first)."""
    chosen: list[str] = []
    taken: set[str] = set()
    pool = list(items)
    leads = {item: item_text(item)[:SHOWN_CHARS].lower() for item in pool}
    for topic in topics:
        words = _RARE_TOPIC_WORDS[topic]
        pattern = re.compile(rf"\b(?:{words})")
        scored = []
        for item in pool:
            hits = len(pattern.findall(leads[item]))
            if hits >= min_hits and item not in taken:
                scored.append((-min(hits, 4), _hash_share(salt + topic + item), item))
        for _, _, item in sorted(scored)[:per_topic]:
            chosen.append(item)
            taken.add(item)
    return chosen


def _two_rounds(
    pool: list[str], per_topic: tuple[int, int], salt: str, short: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Candidates of every rare topic, then, among the stories left, more for the topics
    still short (salted "<salt>-more")."""
    first = rare_topic_candidates(pool, per_topic[0], salt)
    chosen = set(first)
    rest = [i for i in pool if i not in chosen]
    return first, rare_topic_candidates(rest, per_topic[1], f"{salt}-more", short)


@lru_cache(maxsize=1)
def annotation_pools() -> dict[str, tuple[str, ...]]:
    """The ids annotators label, by side: "train" (the student learns from them) and "test"
    (scored only; labelled by other annotators)."""
    texts, side = _semeval()
    reuters = _reuters()
    seen_reuters: set[str] = set()
    unlabelled = {"train": [], "test": []}  # type: dict[str, list[str]]
    for item, (text, labelled) in reuters.items():
        if labelled or len(text) < 400 or text in seen_reuters:
            continue
        seen_reuters.add(text)
        unlabelled["test" if _hash_share(text) < TEST_SHARE else "train"].append(item)
    # The second round is for the topics that the first left with few training items: more
    # wire stories, and BBC stories whose five folders hide most of the seventeen topics.
    first_wire, more_wire = _two_rounds(unlabelled["train"], (25, 20), "train", _SHORT_IN_TRAIN)
    train = [
        *_usable_conll("train"),
        *_usable_conll("valid"),
        *sorted(i for i in texts if side[i] == "train"),
        *first_wire,
        *more_wire,
        *rare_topic_candidates(_bbc_training_half(), 25, "train-bbc", _SHORT_IN_TRAIN),
        # Headlines for the topics that no section names (their section's label is replaced
        # by the annotators').
        *rare_topic_candidates(
            [i for i, _ in huffpost_items()],
            25,
            "train-headlines",
            ("weather", "labour", "disaster", "human interest", "society"),
            min_hits=1,
        ),
    ]
    # A third round: the annotated news so far is mostly 1996 wire copy; recent web news in
    # headlines from every section, sampled by hash.
    train += _huffpost_sample(HUFFPOST_ANNOTATED, exclude=set(train))
    # A fourth round, for the same reason: every other BBC training file, and the next
    # headlines in the same hash order.
    taken = set(train)
    train += [i for i in _bbc_training_half() if i not in taken]
    train += _huffpost_sample(HUFFPOST_ANNOTATED_MORE, exclude=taken)
    # A fifth: society and human interest stay the weakest topics, and the sections about an
    # audience, which no section label maps, are where news of communities, rights,
    # migration and people's lives gathers.
    train += _huffpost_sample(
        HUFFPOST_AUDIENCE_ANNOTATED, exclude=set(train), sections=_AUDIENCE_SECTIONS
    )
    # The second round came after the first labels showed these topics short of 20 items.
    first_wire, more_wire = _two_rounds(unlabelled["test"], (12, 15), "test", _SHORT_IN_TEST)
    test = [
        *_usable_conll("test"),
        *sorted(i for i in texts if side[i] == "test"),
        *first_wire,
        *sorted(_zyte()),
        *more_wire,
        # A third round for the topics still short: headlines that training never sees.
        *rare_topic_candidates(
            [i for n in range(len(_huffpost())) if _huffpost_reserved(i := f"huffpost/{n}")],
            25,
            "test-headlines",
            _STILL_SHORT_IN_TEST,
            min_hits=1,
        ),
    ]
    # Outlets that print one agency story word for word escape the pair links: a test item
    # that opens like a training item is the same story, and leaves the test side.
    openings = {_opening(i) for i in train}
    test = [i for i in test if _opening(i) not in openings]
    return {"train": tuple(train), "test": tuple(test)}


def _opening(item: str) -> str:
    return " ".join(item_text(item).lower().split())[:300]


# ---- the merged labels


LABELS_PATH = ROOT / "training" / "topics" / "labels.jsonl"


@dataclass(frozen=True, slots=True)
class LabelledItem:
    id: str
    topic: str  # the majority main top-level code
    also: tuple[str, ...]  # other top-level codes two annotators gave
    second: str | None  # a second-level code two annotators gave


def labelled_items(side: str, path: Path = LABELS_PATH) -> list[LabelledItem]:
    """Items of one side ("train" or "test") that have a majority label, in file order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = row.get("gold")
        if row["side"] == side and gold:
            out.append(LabelledItem(row["id"], gold["topic"], tuple(gold["also"]), gold["second"]))
    return out


def training_texts() -> Iterator[str]:
    """Every text the topic model may learn from, and none of the test side's: annotated
    training items, training headlines, and Reuters-21578 stories off the test side."""
    yield from (item_text(i) for i in annotation_pools()["train"])
    yield from (item_text(i) for i, _ in huffpost_items())
    test = set(annotation_pools()["test"])
    for item, (text, _) in _reuters().items():
        if item not in test and _hash_share(text) >= TEST_SHARE:
            yield text
