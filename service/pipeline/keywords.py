"""Keyphrases of an article, ranked by how much more often the article uses them than English.

Candidates are runs of one to three content words inside a clause. A word's weight is its
count in the article times its rarity in general English (wordfreq's Zipf scale); a phrase
must recur; names count only when the article is about them (in the title, or repeated).
Written as whole-list passes rather than per-token objects: it runs on every article.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache, lru_cache
from itertools import compress

from service.model import Article, Keyword
from service.pipeline.words import (
    STOP_WORDS,
    WORD_CACHE_SIZE,
    light_stem,
    tokens_with_breaks,
)

__all__ = ["keywords_for", "load_keyword_model", "score_keywords"]

MIN_KEYWORDS = 5
MAX_KEYWORDS = 10
WORDS_PER_KEYWORD = 40  # one more keyphrase per this many words of text, within the bounds
# Zipf frequency (log10 per billion words): 7 is "the", 3 a word a reader meets monthly.
TOP_ZIPF = 7.0
COMMON_ZIPF = 5.2  # a word this common cannot be a keyword on its own
UNKNOWN_ZIPF = 2.0  # words wordfreq lacks: rare, but also typos and codes; do not overrate
NAME_MIN_COUNT = 3  # a name is the subject only if it is in the title or said this often
LONG_TEXT_WORDS = 150  # past this, a word said once (outside the title) is not the subject
VERB_ENDINGS = ("ing", "ed")
VERB_PENALTY = 0.5  # "winning", "boosted": usually what happened, not what it is about
TITLE_BONUS = 1.0
NEAR_DUPLICATE_OVERLAP = 0.5  # share of stemmed words that makes two phrases one
MAX_CHARS = 20_000
_POSSESSIVE = ("'s", "’s")


@cache
def load_keyword_model() -> dict[str, float]:
    """English word frequencies, loaded once per process (call before forking workers)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def keywords_for(article: Article) -> tuple[Keyword, ...]:
    """The article's keyphrases, most specific first."""
    return score_keywords(article.title, article.body)


class _Text:
    """One pass over a text: content-word keys (None at breaks and stop words), casing."""

    def __init__(self, text: str) -> None:
        surfaces = tokens_with_breaks(text)
        lowered = {w: w.lower() for w in set(surfaces)}
        keys_of = {w: _key(low) for w, low in lowered.items()}
        self.keys = list(map(keys_of.__getitem__, surfaces))
        # Possessives count as their word but end a phrase ("Blair's plan" is no phrase).
        counted = {w: key or _possessive(lowered[w]) for w, key in keys_of.items()}
        found: Counter[str | None] = Counter(map(counted.__getitem__, surfaces))
        del found[None]
        self.words: Counter[str] = Counter({w: n for w, n in found.items() if w is not None})
        # Written after another word, not after a break: a capital there marks a name.
        self.capitalised = Counter(compress(surfaces[1:], surfaces))
        del self.capitalised[""]
        self.lower_case = {lowered[w] for w in set(surfaces) if w[:1].islower()}
        # Seen only at clause starts and never in lower case: keep the capital ("Kowalczyk").
        self.capital_only = {
            low: w for w, low in lowered.items() if w[:1].isupper() and low not in self.lower_case
        }

    def ngrams(self, size: int) -> dict[tuple[str, ...], int]:
        keys = self.keys
        # Count every window in C, then keep those without a break or stop word.
        grams = Counter(zip(*(keys[i:] for i in range(size)), strict=False))
        return {g: n for g, n in grams.items() if all(g)}


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _key(lower: str) -> str | None:
    if len(lower) < 2 or lower in STOP_WORDS or lower.endswith(_POSSESSIVE):
        return None
    return lower


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _possessive(lower: str) -> str | None:
    base = lower[:-2]
    return base if lower.endswith(_POSSESSIVE) and _key(base) else None


def score_keywords(title: str | None, body: str) -> tuple[Keyword, ...]:
    """Keyphrases of a title and body, most specific first."""
    if title and title.isupper():
        title = title.lower()  # wire headlines in capitals say nothing about names
    text = _Text(body[:MAX_CHARS])
    head = _Text(title or "")
    if not text.words and not head.words:
        return ()
    words = text.words + head.words
    rarity = {w: _rarity(w) for w in words}
    # Each word: its rarity, boosted by how often the article uses it anywhere.
    strength = {w: r * (1 + math.log(words[w])) for w, r in rarity.items()}
    body_words = len(body.split())
    long_text = body_words >= LONG_TEXT_WORDS
    names = _names(text, head)

    scored: list[tuple[float, tuple[str, ...]]] = []
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

    for gram, (count, in_title) in candidates.items():
        if not _acceptable(gram, count, in_title, rarity, names, long_text):
            continue
        weight = sum(map(strength.__getitem__, gram)) / len(gram) ** 0.5
        weight *= 1 + math.log(max(count, 1)) + (TITLE_BONUS if in_title else 0.0)
        if len(gram) == 1 and gram[0].endswith(VERB_ENDINGS) and gram[0] not in names:
            weight *= VERB_PENALTY
        scored.append((weight, gram))
    scored.sort(key=lambda item: (-item[0], item[1]))

    wanted = max(MIN_KEYWORDS, min(MAX_KEYWORDS, body_words // WORDS_PER_KEYWORD))
    chosen: list[tuple[float, tuple[str, ...]]] = []
    for weight, gram in scored:
        if not any(_near_duplicate(gram, kept) for _, kept in chosen):
            chosen.append((weight, gram))
            if len(chosen) == wanted:
                break
    if not chosen:
        return ()
    best = chosen[0][0]
    lower_case = text.lower_case | head.lower_case
    forms = {
        w: f for w, f in {**head.capital_only, **text.capital_only}.items() if w not in lower_case
    }
    needed = {w for _, gram in chosen for w in gram}
    forms.update(_written_forms(needed, text.capitalised, head.capitalised))
    return tuple(
        Keyword(" ".join(forms.get(w, w) for w in gram), round(w / best, 4)) for w, gram in chosen
    )


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
    long_text: bool,
) -> bool:
    if len(gram) == 1:
        word = gram[0]
        if TOP_ZIPF - rarity[word] > COMMON_ZIPF or len(word) < 3:
            return False
        if word.endswith("ly") and word not in names:
            return False  # without a tagger: "-ly" words are adverbs, never a subject
        if long_text and count < 2 and not in_title:
            return False
    if any(w.split("-")[-1] in STOP_WORDS for w in gram):
        return False  # "year-old", "so-called"
    named = [w in names for w in gram]
    if not named[0] and any(named):
        return False  # "analysts Jupiter Research": a name glued to a common word
    return not all(named) or in_title or count >= NAME_MIN_COUNT


def _near_duplicate(gram: tuple[str, ...], kept: tuple[str, ...]) -> bool:
    a = {light_stem(w) for w in gram}
    b = {light_stem(w) for w in kept}
    return len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE_OVERLAP


def _written_forms(needed: set[str], *capitalised: Counter[str]) -> dict[str, str]:
    """Each word as most often written inside a clause ("Greenspan", "German war criminal")."""
    counts: Counter[str] = Counter()
    for counter in capitalised:
        for surface, n in counter.items():
            if surface.lower() in needed:
                counts[surface] += n
    forms: dict[str, str] = {}
    for surface, _ in counts.most_common():
        forms.setdefault(surface.lower(), surface)
    return forms
