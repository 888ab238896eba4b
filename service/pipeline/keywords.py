"""Keyphrases of an article: the noun phrases and names an editor would keep, ranked by how
much more often the article uses them than English does.

Candidates are runs of one to three content words inside a clause, and the names NER found,
whole: a part of a longer name ("Essex" of "Sue Essex") or a one-word nationality ("Welsh")
is never a keyphrase alone, nor are the words of dates and amounts. No tagger runs at request
time, so the article's own word order says what a word is: a word with an adjective's,
adverb's or verb's ending ("reasonable", "woeful", "arrested") ends a keyphrase only where
the article also writes it as a noun ("the meeting.": a determiner or possessive before it,
no content word after); a word written after "he", "will" or "to", or before "the", is a
verb; one written mostly after a number is a unit ("cents"); one only ever written before
another content word ("nuclear" of "nuclear plant") is no keyphrase alone.
A word's weight is its count in the article times its rarity in general English (wordfreq's
Zipf scale); a phrase must recur; names count only when the article is about them (in the
title, or repeated). Written as whole-list passes rather than per-token objects: it runs on
every article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import compress

from service.model import Article, Entity, Keyword
from service.pipeline.words import (
    STOP_WORDS,
    WORD_CACHE_SIZE,
    WORD_PATTERN,
    light_stem,
    tokens_with_breaks,
)

__all__ = ["keywords_for", "load_keyword_model", "score_keywords"]

MIN_KEYWORDS = 5
MAX_KEYWORDS = 10
WORDS_PER_KEYWORD = 20  # one more keyphrase per this many words of text, within the bounds
# Zipf frequency (log10 per billion words): 7 is "the", 3 a word a reader meets monthly.
TOP_ZIPF = 7.0
COMMON_ZIPF = 5.6  # a word this common cannot be a keyword on its own
UNKNOWN_ZIPF = 2.0  # words wordfreq lacks: rare, but also typos and codes; do not overrate
NAME_MIN_COUNT = 3  # a name is the subject only if it is in the title or said this often
LONG_TEXT_WORDS = 150  # past this, a word said once (outside the title) is not the subject
TITLE_CHECK_WORDS = 50  # past this, a headline's word the story never uses is not the subject
TITLE_BONUS = 1.0
NEAR_DUPLICATE_OVERLAP = 0.5  # share of stemmed words that makes two phrases one
MAX_CHARS = 20_000
UNIT_SHARE = 0.5  # a word written after a number at least this often is a unit ("cents")
VERB_SHARE = 0.5  # a word written as a verb at least this often is a verb

# Endings of adjectives ("reasonable", "famous", "massive", "local", "woeful", "toxic"),
# adverbs and verb forms. Nouns share them ("festival", "detective", "meeting"), so such a
# word is a keyphrase's head only where the article also writes it as a noun.
ADJECTIVE_ENDINGS = ("able", "ible", "ous", "ive", "al", "ful", "less", "ic", "ish")
VERB_ENDINGS = ("ed", "ing")
# Endings only nouns have: "immigration", "insurance", "security" are nouns even where the
# article only writes them before another noun ("immigration officials").
NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism")
SUSPECT_ENDINGS = (*ADJECTIVE_ENDINGS, *VERB_ENDINGS, "ly")
# Closed word classes, written as text (split below) to read as prose.
# Before a noun: "the rebanding", "its funding", "a festival"; not "that", as often a
# relative pronoun ("a movie that delivers"), nor "her" ("left her unable to").
_DETERMINERS_TEXT = "the a an this these those its his their our my your no each every any"
# Before a verb: "he rises", "will halt", "to reconsider", "didn't return".
_VERB_CUES_TEXT = """
i he she it we they who will would can could may might must shall should to does did do not
cannot didn't doesn't don't won't wouldn't can't couldn't
"""
# After a verb: "seeks the", "detects a", "told him". Not "that" or "to": nouns take them
# too ("the report that", "a plan to").
_OBJECT_CUES_TEXT = "the a an his her its their our my your him them me us"
# Irregular past forms, which no ending gives away ("leapt", "wore", "risen"); those that
# are also nouns in news copy ("left", "shot", "found") stay out.
_IRREGULAR_PAST_TEXT = """
arose arisen ate eaten awoke awoken beat beaten became begun began bent bit bitten bled blew
blown bore borne bought bred broke broken brought built burnt caught chose chosen clung
crept dealt dived drank drew drawn dreamt drove driven dug fed fell fallen fled flung flew
flown forbade forbidden forgave forgiven forgot forgotten fought froze frozen gave given
grew grown hid hidden held hung knelt knew laid leapt led lent lit lost meant met overcame
overtook ridden risen rose rung sang sank sat sent shook shaken shone shrank slept slid sold
sought spent spoke spoken spun sprang stole stolen stood struck stuck stung strove swore
sworn swept swam swung taught tore torn threw thrown understood undertook upheld woke woken
wore worn wove woven wept withdrew withdrawn withheld wrote written rewritten rewrote
"""
# Before an adjective standing alone: "was guilty", "is pregnant with", "very reasonable".
_ADJECTIVE_CUES_TEXT = """
is was are were be been being am very so too more most less least seems seemed become
became remains remained looks looked
"""
DETERMINERS = frozenset(_DETERMINERS_TEXT.split())
VERB_CUES = frozenset(_VERB_CUES_TEXT.split())
OBJECT_CUES = frozenset(_OBJECT_CUES_TEXT.split())
IRREGULAR_PAST = frozenset(_IRREGULAR_PAST_TEXT.split())
ADJECTIVE_CUES = frozenset(_ADJECTIVE_CUES_TEXT.split())
# Names that are keyphrases in their own right; dates, amounts and ordinals never are.
NAME_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
MEASURE_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
_POSSESSIVE = ("'s", "’s")
_JOINS = frozenset({"and", "or"})
_ENTITY_REFERENCE = re.compile(r"&#?(\w{1,8});")
# A word right after a number: "27 cents", "216,000 jobs", "4 killed" (the token stream has
# no numbers, so they are read from the text).
_AFTER_NUMBER = re.compile(r"\d\s+([^\W\d_]+)")
# A headline in title case capitalises its little words ("Phish Phavors New York With ..."):
# its capitals then say nothing about which words are names.
_CAPITALISED_LITTLE_WORD = re.compile(r"\s(?:With|In|Of|For|To|On|At|And|The|From|By|Is)\s")


@cache
def load_keyword_model() -> dict[str, float]:
    """English word frequencies, loaded once per process (call before forking workers)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def keywords_for(article: Article, entities: Sequence[Entity] = ()) -> tuple[Keyword, ...]:
    """The article's keyphrases, most specific first; `entities` are its tagged names."""
    return score_keywords(article.title, article.body, entities)


class _Text:
    """One pass over a text: content-word keys (None at breaks and stop words), casing, and
    how each word is used (after a determiner, a number, a verb's subject or auxiliary)."""

    def __init__(self, text: str, case_known: bool = True) -> None:
        # topics read the same texts: the tokens come from their cache
        surfaces = tokens_with_breaks(text)
        # in text order, not a set's: which of "DANCING" and "Dancing" a key keeps below
        # must not depend on the process's string hashing
        lowered = {w: w.lower() for w in dict.fromkeys(surfaces)}
        keys_of = {w: _key(low) for w, low in lowered.items()}
        if "&" in text:  # "&amp;", "&#039;": markup left in copied text, never its words
            markup = {name.lower() for name in _ENTITY_REFERENCE.findall(text)}
            keys_of.update((w, None) for w, low in lowered.items() if low in markup)
        self.keys = list(map(keys_of.__getitem__, surfaces))
        # Possessives count as their word but end a phrase ("Blair's plan" is no phrase).
        counted = {w: key or _possessive(lowered[w]) for w, key in keys_of.items()}
        words: Counter[str | None] = Counter(map(counted.__getitem__, surfaces))
        del words[None]
        self.words: Counter[str] = Counter({w: n for w, n in words.items() if w is not None})
        self.uses = _Uses.read(list(map(lowered.__getitem__, surfaces)), self.keys)
        self.uses.after_number.update(map(str.lower, _AFTER_NUMBER.findall(text)))
        self.capitalised: Counter[str] = Counter()
        self.lower_case: set[str] = set()
        self.capital_only: dict[str, str] = {}
        if not case_known:
            return
        # Written after another word, not after a break: a capital there marks a name.
        self.capitalised = Counter(compress(surfaces[1:], surfaces))
        del self.capitalised[""]
        self.lower_case = {low for w, low in lowered.items() if w[:1].islower()}
        # Seen only at clause starts and never in lower case: keep the capital ("Kowalczyk").
        self.capital_only = {}
        for w, low in lowered.items():  # the first form written wins
            if w[:1].isupper() and low not in self.lower_case:
                self.capital_only.setdefault(low, w)

    def ngrams(self, size: int) -> dict[tuple[str, ...], int]:
        keys = self.keys
        # Count every window in C, then keep those without a break or stop word.
        grams = Counter(zip(*(keys[i:] for i in range(size)), strict=False))
        return {g: n for g, n in grams.items() if all(g)}


class _Uses:
    """Where a text shows a word's part of speech, for the words whose ending hides it."""

    def __init__(self) -> None:
        self.as_noun: set[str] = set()  # "the funding.": a determiner, no content word after
        self.after_determiner: set[str] = set()  # "the proposed merger" too
        self.heads: set[str] = set()  # once or more with no content word after it
        self.as_verb: Counter[str] = Counter()  # "he rises", "to reconsider", "seeks the"
        self.as_adjective: set[str] = set()  # "was guilty.", "very reasonable"
        self.after_number: Counter[str] = Counter()

    @classmethod
    def read(cls, low: list[str], keys: list[str | None]) -> _Uses:
        """`low`: the tokens in lower case; `keys`: their content-word keys (None for the rest)."""
        uses = cls()
        around = zip(["", *low], low, [*low[1:], ""], [*keys[1:], None], strict=False)
        # Only content words can be keyphrases: compress skips the rest in C.
        for before, word, after, after_key in compress(around, keys):
            # "and", "or" join adjectives as readily as nouns ("an educational and ...")
            ends = after_key is None and after not in _JOINS
            if ends:
                uses.heads.add(word)
            if before in DETERMINERS or before.endswith(_POSSESSIVE):
                uses.after_determiner.add(word)
                if ends:
                    uses.as_noun.add(word)
            elif before in VERB_CUES or after in OBJECT_CUES:
                uses.as_verb[word] += 1
            elif before in ADJECTIVE_CUES and ends:
                uses.as_adjective.add(word)
        return uses

    def __or__(self, other: _Uses) -> _Uses:
        both = _Uses()
        for name, mine in vars(self).items():
            theirs = getattr(other, name)
            if isinstance(mine, Counter):
                total = mine.copy()
                total.update(theirs)  # counts add up
                setattr(both, name, total)
            else:
                setattr(both, name, mine | theirs)
        return both


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _key(lower: str) -> str | None:
    if len(lower) < 2 or lower in STOP_WORDS or lower.endswith(_POSSESSIVE):
        return None
    return lower


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _possessive(lower: str) -> str | None:
    base = lower[:-2]
    return base if lower.endswith(_POSSESSIVE) and _key(base) else None


def score_keywords(
    title: str | None, body: str, entities: Sequence[Entity] = ()
) -> tuple[Keyword, ...]:
    """Keyphrases of a title and body, most specific first; `entities` are the names NER
    found in them (kept whole, never split)."""
    # Wire headlines in capitals, and headlines in title case, say nothing about names.
    title = title or ""
    text = _Text(body[:MAX_CHARS])
    head = _Text(title, case_known=not _headline_case(title))
    if not text.words and not head.words:
        return ()
    words = text.words + head.words
    rarity = {w: _rarity(w) for w in words}
    # Each word: its rarity, boosted by how often the article uses it anywhere.
    strength = {w: r * (1 + math.log(words[w])) for w, r in rarity.items()}
    body_words = len(body.split())
    names = _names(text, head)
    lower_case = text.lower_case | head.lower_case
    # Never written in lower case: a name, whose part of speech no ending tells
    proper = names | (head.capital_only.keys() | text.capital_only.keys()) - lower_case
    uses = text.uses | head.uses
    found = _Found.of(entities)

    candidates: dict[tuple[str, ...], tuple[int, bool]] = {}
    for word in words:
        if rarity[word] >= TOP_ZIPF - COMMON_ZIPF:
            candidates[(word,)] = (text.words[word], word in head.words)
    for size in (2, 3):
        title_grams = head.ngrams(size)
        for gram, count in text.ngrams(size).items():
            # A phrase said once is a chance run of words, unless the headline says it too.
            if count >= 2 or gram in title_grams:
                candidates[gram] = (count, gram in title_grams)

    scored: list[tuple[float, tuple[str, ...]]] = []
    for gram, (count, in_title) in candidates.items():
        if gram in found.whole:
            continue  # scored below, as NER wrote it
        if gram in found.fragments and proper.issuperset(gram):
            continue  # "Essex" of "Sue Essex" (but "bee" of "Jack Bee" may be a bee)
        if not _acceptable(gram, count, in_title, rarity, names, body_words, found):
            continue
        if not _noun_phrase(gram, proper, uses, count):
            continue
        scored.append((_weight(gram, count, in_title, strength), gram))
    texts: dict[tuple[str, ...], str] = {}
    title_keys = f" {' '.join(k or '' for k in head.keys)} "
    for gram, (surface, count) in found.whole.items():
        in_title = f" {' '.join(gram)} " in title_keys
        if count < NAME_MIN_COUNT and not in_title:
            continue
        for w in gram:
            if w not in strength:
                strength[w] = _rarity(w)
        scored.append((_weight(gram, count, in_title, strength), gram))
        texts[gram] = surface
    scored.sort(key=lambda item: (-item[0], item[1]))

    wanted = max(MIN_KEYWORDS, min(MAX_KEYWORDS, body_words // WORDS_PER_KEYWORD))
    chosen: list[tuple[float, tuple[str, ...]]] = []
    kept: list[set[str]] = []  # the chosen phrases' stems
    for weight, gram in scored:
        stems = {light_stem(w) for w in gram}
        if not any(_near_duplicate(stems, other) for other in kept):
            chosen.append((weight, gram))
            kept.append(stems)
            if len(chosen) == wanted:
                break
    if not chosen:
        return ()
    best = chosen[0][0]
    forms = {
        w: f for w, f in {**head.capital_only, **text.capital_only}.items() if w not in lower_case
    }
    needed = {w for _, gram in chosen for w in gram}
    forms.update(_written_forms(needed, text.capitalised, head.capitalised))
    return tuple(
        Keyword(texts.get(gram) or " ".join(forms.get(w, w) for w in gram), round(w / best, 4))
        for w, gram in chosen
    )


class _Found:
    """What NER says about the article's words: its names, whole; the parts of longer names
    ("Essex" of "Sue Essex", "Motors" of "Mitsubishi Motors") and one-word nationalities
    ("Welsh": an adjective), which are no keyphrase alone; the words of dates and amounts."""

    def __init__(self) -> None:
        self.whole: dict[tuple[str, ...], tuple[str, int]] = {}  # key words: (name, count)
        self.fragments: set[tuple[str, ...]] = set()
        self.measures: set[str] = set()

    @classmethod
    def of(cls, entities: Sequence[Entity]) -> _Found:
        found = cls()
        for entity in entities:
            gram = _name_key(entity.name)
            if entity.type in MEASURE_TYPES:
                found.measures.update(gram)
            elif entity.type not in NAME_TYPES or not gram:
                continue
            elif entity.type == "NORP" and len(gram) == 1 and not gram[0].endswith("s"):
                found.fragments.add(gram)  # "Democrats" is a noun
            else:
                found.fragments.update(_parts(gram))
                if _name_edges_clean(entity.name):
                    _, count = found.whole.get(gram, ("", 0))
                    found.whole[gram] = (entity.name, count + entity.count)
        # a name NER also saw whole ("Essex" the county beside "Sue Essex") is no fragment
        found.fragments -= found.whole.keys()
        return found


def _parts(gram: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every shorter run of a name's words: "sue", "essex" of ("sue", "essex")."""
    size = len(gram)
    return {gram[i:j] for i in range(size) for j in range(i + 1, size + 1) if j - i < size}


def _name_key(name: str) -> tuple[str, ...]:
    words = (w.lower() for w in WORD_PATTERN.findall(name))
    return tuple(k for k in map(_key_or_possessive, words) if k)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _key_or_possessive(lower: str) -> str | None:
    return _key(lower) or _possessive(lower)


def _name_edges_clean(name: str) -> bool:
    """NER over headline case runs on ("Phish Phavors New York With"): a name starts and
    ends with a word of its own, not a little word or a figure."""
    words = name.split()
    return bool(words) and all(
        w[:1].isalpha() and w.lower().strip(".,") not in STOP_WORDS for w in (words[0], words[-1])
    )


def _headline_case(title: str) -> bool:
    if title.isupper():
        return True
    if _CAPITALISED_LITTLE_WORD.search(f" {title} "):
        return True
    words = [w for w in WORD_PATTERN.findall(title) if w.lower() not in STOP_WORDS]
    return len(words) >= 4 and all(w[0].isupper() for w in words)


def _weight(gram: tuple[str, ...], count: int, in_title: bool, strength: dict[str, float]) -> float:
    weight: float = sum(map(strength.__getitem__, gram)) / len(gram) ** 0.5
    return weight * (1 + math.log(max(count, 1)) + (TITLE_BONUS if in_title else 0.0))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _rarity(word: str) -> float:
    frequency = load_keyword_model().get(word)
    zipf = math.log10(frequency * 1e9) if frequency else UNKNOWN_ZIPF
    return max(0.0, TOP_ZIPF - max(zipf, UNKNOWN_ZIPF))


def _names(text: _Text, head: _Text) -> set[str]:
    """Words never written in lower case and capitalised at least once inside a clause."""
    lower_case = text.lower_case | head.lower_case
    capitalised = {w.lower() for w in text.capitalised if w[0].isupper()}
    capitalised |= {w.lower() for w in head.capitalised if w[0].isupper()}
    return capitalised - lower_case


def _acceptable(
    gram: tuple[str, ...],
    count: int,
    in_title: bool,
    rarity: dict[str, float],
    names: set[str],
    body_words: int,
    found: _Found,
) -> bool:
    if len(gram) == 1:
        word = gram[0]
        if TOP_ZIPF - rarity[word] > COMMON_ZIPF or len(word) < 3:
            return False
        if body_words >= LONG_TEXT_WORDS and count < 2 and not in_title:
            return False
        if count == 0 and body_words >= TITLE_CHECK_WORDS:
            return False  # a headline's word the story never uses: wordplay, or its verb
    if all(w in found.measures for w in gram):
        return False  # "Friday", "cents", "billion"
    if any(w.split("-")[-1] in STOP_WORDS for w in gram):
        return False  # "year-old", "so-called"
    named = [w in names for w in gram]
    if not named[0] and any(named):
        return False  # "analysts Jupiter Research": a name glued to a common word
    return not all(named) or in_title or count >= NAME_MIN_COUNT


def _noun_phrase(gram: tuple[str, ...], proper: set[str], uses: _Uses, count: int) -> bool:
    """Ends in a noun and opens with no verb or adverb, as far as the article shows: never
    "reasonable", "arrested", "cents", "index gained", "stopped construction work"."""
    last = gram[-1]
    if last not in proper and not _noun(last, len(gram) == 1, uses, count):
        return False
    for word in gram[:-1]:
        if word in proper or word in uses.after_determiner:
            continue  # "the proposed merger"
        if word.endswith(("ly", "ed")) or (word.endswith("ing") and word is gram[0]):
            return False
    return True


def _noun(word: str, alone: bool, uses: _Uses, count: int) -> bool:
    if word.endswith(SUSPECT_ENDINGS) and word not in uses.as_noun:
        return False  # "reasonable", "woeful", "arrested", "winning", unless "the meeting."
    if alone and word not in uses.heads and not word.endswith(NOUN_ENDINGS):
        return False  # "nuclear" of "nuclear plant": only ever before another word
    if word in uses.as_adjective and word not in uses.as_noun:
        return False  # "was guilty."
    if VERB_SHARE * max(count, 1) <= uses.as_verb[word] and word not in uses.after_determiner:
        return False  # "to reconsider", "seeks the"; not "give consumers the" once in three
    if word in IRREGULAR_PAST:
        return False
    return uses.after_number[word] < UNIT_SHARE * max(count, 1)  # "cents", "percent"


def _near_duplicate(a: set[str], b: set[str]) -> bool:
    return len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE_OVERLAP


def _written_forms(needed: set[str], *capitalised: Counter[str]) -> dict[str, str]:
    """Each word as most often written inside a clause ("Greenspan", "German war criminal")."""
    counts: Counter[str] = Counter()
    for counter in capitalised:
        for surface, n in counter.items():
            if surface.lower() in needed:
                counts[surface] += n
    forms: dict[str, str] = {}
    # on a tie, lower case: "economic crisis" beside one "Palestinian Economic Crisis"
    for surface, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0].islower() ^ 1)):
        forms.setdefault(surface.lower(), surface)
    return forms
