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
# Clause breaks: a phrase never runs across them.
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’/|•–—]|\s-\s|\n")


@dataclass(slots=True)
class _Candidate:
    words: tuple[str, ...]  # lower case
    surfaces: Counter[str] = field(default_factory=Counter)
    count: int = 0
    in_title: bool = False
    capitalised: int = 0  # occurrences with every word capitalised, not at a clause start


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

    scored: list[tuple[float, _Candidate]] = []
    for candidate in candidates.values():
        if not _acceptable(candidate, rarity):
            continue
        # Each word: its rarity, boosted by how often the article uses it anywhere.
        weight = sum(rarity[w] * (1 + math.log(word_counts[w])) for w in candidate.words)
        weight /= len(candidate.words) ** 0.5
        weight *= 1 + math.log(candidate.count) + (1.0 if candidate.in_title else 0.0)
        scored.append((weight, candidate))
    scored.sort(key=lambda item: (-item[0], item[1].words))

    words = len(body.split()) + len((title or "").split())
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
                        run = [(surface[:-2], position > 0 and surface[0].isupper())]
                    continue
                # A capital at a clause start says nothing about a name.
                run.append((surface, position > 0 and surface[0].isupper()))
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
            candidate.in_title |= is_title
            candidate.surfaces[" ".join(s for s, _ in piece)] += 1
            candidate.capitalised += all(s[0].isupper() for s, _ in piece) and (
                piece[0][1] or start > 0
            )


def _acceptable(candidate: _Candidate, rarity: dict[str, float]) -> bool:
    words = candidate.words
    if len(words) == 1 and TOP_ZIPF - rarity[words[0]] > COMMON_ZIPF:
        return False
    if any(len(w) < 3 and not w.isupper() for w in words) and len(words) == 1:
        return False
    if len(words) > 1 and candidate.count < 2 and not candidate.in_title:
        return False  # a phrase said once is a coincidence of words, not a keyphrase
    is_name = candidate.capitalised > candidate.count / 2
    return not is_name or candidate.in_title or candidate.count >= NAME_MIN_COUNT


def _near_duplicate(candidate: _Candidate, kept: _Candidate) -> bool:
    a = {light_stem(w) for w in candidate.words}
    b = {light_stem(w) for w in kept.words}
    return len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE_OVERLAP


def _display(candidate: _Candidate) -> str:
    """Names keep their capitals; other phrases are shown in lower case."""
    surface, _ = candidate.surfaces.most_common(1)[0]
    if candidate.capitalised > candidate.count / 2 or surface.isupper():
        return surface
    return " ".join(candidate.words)
