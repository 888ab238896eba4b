"""Keyphrases of an article, ranked by how much more often the article uses them than English.

Candidates are runs of one to three content words inside a clause. A word's weight is its
count in the article times its rarity in general English (wordfreq's Zipf scale); names
count only when the article is about them (in the title, or repeated).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from service.model import Article, Keyword
from service.pipeline.words import STOP_WORDS, WORD_PATTERN, light_stem

__all__ = ["keywords_for", "load_keyword_model", "score_keywords"]

MIN_KEYWORDS = 5
MAX_KEYWORDS = 10
WORDS_PER_KEYWORD = 40  # one more keyphrase per this many words of text, within the bounds
MAX_PHRASE_WORDS = 3
# Zipf frequency (log10 per billion words): 7 is "the", 3 a word a reader meets monthly.
COMMON_ZIPF = 5.2  # a word this common cannot be a keyword on its own
UNKNOWN_ZIPF = 2.0  # words wordfreq lacks: rare, but also typos and codes; do not overrate
TOP_ZIPF = 7.0
# A name is the subject only if it is in the title or said this often.
NAME_MIN_COUNT = 3
# A phrase sharing this much of its stemmed words with a better one says the same thing.
NEAR_DUPLICATE_OVERLAP = 0.5
MAX_CHARS = 20_000
LONG_TEXT_WORDS = 150
VERB_ENDINGS = ("ing", "ed")
VERB_PENALTY = 0.5
# Clause breaks: a phrase never runs across them.
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’/|•–—]|\s-\s|\n")


@dataclass(slots=True)
class _Candidate:
    words: tuple[str, ...]  # lower case
    surfaces: Counter[str] = field(default_factory=Counter)  # as written, not at a clause start
    count: int = 0
    body_count: int = 0
    in_title: bool = False
    lowered: int = 0  # occurrences whose first word is written in lower case
    mixed: bool = False  # "analysts Jupiter Research": a name glued to a common word


@cache
def load_keyword_model() -> dict[str, float]:
    """English word frequencies, loaded once per process (call before forking workers)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def keywords_for(article: Article) -> tuple[Keyword, ...]:
    """The article's keyphrases, most specific first."""
    return score_keywords(article.title, article.body)


def score_keywords(title: str | None, body: str) -> tuple[Keyword, ...]:
    """Keyphrases of a title and body, most specific first."""
    frequencies = load_keyword_model()
    candidates = _candidates(title or "", body[:MAX_CHARS])
    if not candidates:
        return ()
    word_counts: Counter[str] = Counter()
    for candidate in candidates.values():
        for word in candidate.words:
            word_counts[word] += candidate.count
    rarity = {w: _rarity(w, frequencies) for w in word_counts}
    words = len(body.split()) + len((title or "").split())
    long_text = words >= LONG_TEXT_WORDS

    scored: list[tuple[float, _Candidate]] = []
    for candidate in candidates.values():
        if not _acceptable(candidate, rarity, long_text):
            continue
        # Each word: its rarity, boosted by how often the article uses it anywhere.
        weight = sum(rarity[w] * (1 + math.log(word_counts[w])) for w in candidate.words)
        weight /= len(candidate.words) ** 0.5
        weight *= 1 + math.log(candidate.count) + (1.0 if candidate.in_title else 0.0)
        if len(candidate.words) == 1 and candidate.words[0].endswith(VERB_ENDINGS):
            weight *= VERB_PENALTY  # "winning", "boosted": usually what happened, not the subject
        scored.append((weight, candidate))
    scored.sort(key=lambda item: (-item[0], item[1].words))

    wanted = max(MIN_KEYWORDS, min(MAX_KEYWORDS, words // WORDS_PER_KEYWORD))
    chosen: list[tuple[float, _Candidate]] = []
    for weight, candidate in scored:
        if not any(_near_duplicate(candidate, kept) for _, kept in chosen):
            chosen.append((weight, candidate))
        if len(chosen) == wanted:
            break
    best = chosen[0][0] if chosen else 1.0
    return tuple(Keyword(_display(c), round(w / best, 4)) for w, c in chosen)


def _rarity(word: str, frequencies: dict[str, float]) -> float:
    frequency = frequencies.get(word) or frequencies.get(word.replace("’", "'"))
    zipf = math.log10(frequency * 1e9) if frequency else UNKNOWN_ZIPF
    return max(0.0, TOP_ZIPF - max(zipf, UNKNOWN_ZIPF))


def _candidates(title: str, body: str) -> dict[tuple[str, ...], _Candidate]:
    found: dict[tuple[str, ...], _Candidate] = {}
    for text, is_title in ((title, True), (body, False)):
        for clause in CLAUSE_BREAK.split(text):
            run: list[tuple[str, bool]] = []
            for position, match in enumerate(WORD_PATTERN.finditer(clause)):
                surface = match.group()
                lower = surface.lower()
                if lower in STOP_WORDS or len(lower) < 2 or lower.endswith(("'s", "’s")):
                    _add_runs(found, run, is_title)
                    run = []
                    if lower.endswith(("'s", "’s")) and lower[:-2] not in STOP_WORDS:
                        run = [(surface[:-2], position > 0)]
                    continue
                # A capital at a clause start says nothing about a name.
                run.append((surface, position > 0))
            _add_runs(found, run, is_title)
    return found


def _add_runs(
    found: dict[tuple[str, ...], _Candidate], run: list[tuple[str, bool]], is_title: bool
) -> None:
    for size in range(1, MAX_PHRASE_WORDS + 1):
        for start in range(len(run) - size + 1):
            piece = run[start : start + size]
            words = tuple(s.lower() for s, _ in piece)
            candidate = found.setdefault(words, _Candidate(words))
            candidate.count += 1
            candidate.body_count += not is_title
            candidate.in_title |= is_title
            candidate.lowered += piece[0][0][0].islower()
            if piece[0][1] or start > 0:
                candidate.surfaces[" ".join(s for s, _ in piece)] += 1
            candidate.mixed |= piece[0][0][0].islower() and any(s[0].isupper() for s, _ in piece)


def _acceptable(candidate: _Candidate, rarity: dict[str, float], long_text: bool) -> bool:
    words = candidate.words
    if len(words) == 1:
        word = words[0]
        if TOP_ZIPF - rarity[word] > COMMON_ZIPF or len(word) < 3:
            return False
        # Without a tagger: "-ly" words are adverbs, never a subject.
        if word.endswith("ly") and not _is_name(candidate):
            return False
    # In a long text, what is said once (outside the title) is not what it is about; a
    # phrase must recur in the body, or it is a chance run of words (headlines are full).
    if (long_text or len(words) > 1) and candidate.body_count < 2:
        if len(words) > 1 or not candidate.in_title:
            return False
    if candidate.mixed or any(w.split("-")[-1] in STOP_WORDS for w in words):
        return False  # "year-old", "so-called"
    return not _is_name(candidate) or candidate.in_title or candidate.count >= NAME_MIN_COUNT


def _is_name(candidate: _Candidate) -> bool:
    """Written with capitals wherever it is not at a clause start, and at least once so."""
    return candidate.lowered == 0 and bool(candidate.surfaces)


def _near_duplicate(candidate: _Candidate, kept: _Candidate) -> bool:
    a = {light_stem(w) for w in candidate.words}
    b = {light_stem(w) for w in kept.words}
    return len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE_OVERLAP


def _display(candidate: _Candidate) -> str:
    """As most often written inside a clause ("Greenspan", "German war criminal")."""
    if candidate.surfaces:
        return candidate.surfaces.most_common(1)[0][0]
    return " ".join(candidate.words)
