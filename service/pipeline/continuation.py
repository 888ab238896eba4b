"""Does a decoded article go on the story right above it? What its words say, whatever the
layout.

A subheading, a photo caption or the blank lines of an advert slot between two paragraphs
can look just like a headline, and the article check (segment.check_articles) only sees how
the lines look. Words tell them apart: text that goes on a story talks about what the text
above talked about, names the people and places it named, and does not start over with the
lead it opened with, as a copy of the story does.

A small boosted forest over those measures, learned from the corpus's own stories
(harness.continuation_training): a story cut between two paragraphs goes on; two different
stories (often of the same section or wire), a list of teasers, and a story followed by its
own trimmed copy, do not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

import numpy as np

from service.pipeline.boundary_features import CAPITALISED_WORD, CONTENT_WORD, STOPWORDS
from service.pipeline.topics import load_word_vectors
from service.pipeline.words import word_key

__all__ = [
    "CONTINUATION_FEATURES",
    "content_words",
    "continuation_features",
    "continuation_rows",
]

CONTINUATION_FEATURES = (
    "meaning_cosine",  # the word vectors of the text above against those of the text below
    "words_seen",  # share of the below's content words the text above used
    "names_seen_share",  # share of the below's names the text above named
    "log_names_seen",
    "lead_overlap",  # the below's opening words against the above's: a copy starts over
    "log_words_below",
    "log_words_above",
    "title_words_seen",  # the below's headline (or subheading) words in the text above
    "log_new_names_first",  # names the below's first line brings that the above never had
    "first_names_seen",  # share of the below's first-line names the above had (0.5: none)
)

# How much of each side is compared: the end of the story above (what a continuation picks
# up from), the start of the text below (what a new story opens with).
ABOVE_WORDS = 200
BELOW_WORDS = 150
LEAD_WORDS = 40
ABOVE_NAME_ROWS = 12
BELOW_NAME_ROWS = 4
# At most this many lines of each side are read (a line of prose holds a few words at least).
ABOVE_ROWS = 40
BELOW_ROWS = 40
# Words whose vectors are summed in one go: a bounded block of int8 rows, whatever the dump.
MEANING_BLOCK_WORDS = 16_384
# The word vectors' leading dimensions (principal components, largest first) carry what a
# passage is about; the rest costs four times as much for little more.
MEANING_DIMENSIONS = 64
# What ends a sentence just before a capitalised word: that word opens it, it is no name.
_SENTENCE_ENDS = (". ", '" ', "? ", "! ")


def continuation_rows(pairs: Sequence[tuple[Sequence[str], Sequence[str], str]]) -> np.ndarray:
    """One row of CONTINUATION_FEATURES per (above, below, title): the body lines (or
    paragraphs) `below` of an article under the headline `title`, right after the body
    lines `above` of another. What each line holds is worked out once for all pairs: the
    text above one article is the text below the one before."""
    lines = _Lines()
    sides = [lines.sides(above, below) for above, below, _ in pairs]
    lines.add_meanings(
        [t for above_rows, _, below_rows, _ in sides for t in above_rows + below_rows]
    )
    out = np.zeros((len(pairs), len(CONTINUATION_FEATURES)), dtype=np.float64)
    for k, ((above, below, title), side) in enumerate(zip(pairs, sides, strict=True)):
        out[k] = lines.features(above, below, title, side)
    return out


def continuation_features(above: Sequence[str], below: Sequence[str], title: str) -> list[float]:
    """CONTINUATION_FEATURES of one (above, below, title), as continuation_rows reads it."""
    return [float(v) for v in continuation_rows([(above, below, title)])[0]]


def content_words(text: str) -> list[str]:
    """The words of four letters or more, save stop words, lower-cased, in order."""
    return [w for w in CONTENT_WORD.findall(text.lower()) if w not in STOPWORDS]


_Side = tuple[list[str], list[str], list[str], list[str]]


class _Lines:
    """The content words, names and word-vector sums of the lines read, each once."""

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, frozenset[str]] = {}
        self._meanings: dict[str, np.ndarray] = {}

    def words(self, text: str) -> tuple[str, ...]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = tuple(content_words(text))
        return found

    def names(self, text: str) -> frozenset[str]:
        """Capitalised words that do not open a sentence: names, in English news copy."""
        found = self._names.get(text)
        if found is None:
            found = self._names[text] = frozenset(
                m.group().lower()
                for m in CAPITALISED_WORD.finditer(text)
                if m.start()
                and not text[max(0, m.start() - 2) : m.start()].endswith(_SENTENCE_ENDS)
            )
        return found

    def sides(self, above: Sequence[str], below: Sequence[str]) -> _Side:
        """The lines compared (the end of the text above, the start of the text below) and
        their content words, ABOVE_WORDS and BELOW_WORDS of them."""
        above_rows: list[str] = []
        above_words: list[str] = []
        for text in reversed(above[-ABOVE_ROWS:]):
            above_rows.append(text)
            above_words = [*self.words(text), *above_words]
            if len(above_words) >= ABOVE_WORDS:
                break
        below_rows: list[str] = []
        below_words: list[str] = []
        for text in below[:BELOW_ROWS]:
            below_rows.append(text)
            below_words += self.words(text)
            if len(below_words) >= BELOW_WORDS:
                break
        return above_rows, above_words[-ABOVE_WORDS:], below_rows, below_words[:BELOW_WORDS]

    def add_meanings(self, lines: Sequence[str]) -> None:
        """Each line's content words' vectors summed (lines with none have none), a block
        of lines at a time in a few array operations: one call per line cost more than the
        rest of the continuation model."""
        index = load_word_vectors().index
        kept: list[str] = []
        found: list[int] = []
        starts: list[int] = []
        for text in dict.fromkeys(lines):
            if text in self._meanings:
                continue
            ids = [i for w in self.words(text) if (i := index.get(word_key(w))) is not None]
            if ids:
                kept.append(text)
                starts.append(len(found))
                found += ids
            if len(found) >= MEANING_BLOCK_WORDS:
                self._sum(kept, found, starts)
                kept, found, starts = [], [], []
        if kept:
            self._sum(kept, found, starts)

    def _sum(self, lines: list[str], found: list[int], starts: list[int]) -> None:
        vectors, scale = _leading_dimensions()
        sums = np.add.reduceat(vectors[found], starts, axis=0, dtype=np.int32)
        self._meanings.update(zip(lines, sums.astype(np.float32) * scale, strict=True))

    def meaning(self, rows: Sequence[str]) -> np.ndarray | None:
        parts = [m for text in rows if (m := self._meanings.get(text)) is not None]
        return np.sum(parts, axis=0) if parts else None

    def features(
        self, above: Sequence[str], below: Sequence[str], title: str, side: _Side
    ) -> list[float]:
        above_rows, above_words, below_rows, below_words = side
        seen, fresh = set(above_words), set(below_words)

        names_above = frozenset().union(*(self.names(t) for t in above[-ABOVE_NAME_ROWS:]))
        names_below = frozenset().union(*(self.names(t) for t in below[:BELOW_NAME_ROWS]))
        names_first = self.names(below[0]) if below else frozenset()

        lead_above: list[str] = []
        for text in above:
            lead_above += self.words(text)
            if len(lead_above) >= LEAD_WORDS:
                break
        lead_a, lead_b = set(lead_above[:LEAD_WORDS]), set(below_words[:LEAD_WORDS])

        title_words = set(content_words(title))
        shared_names = names_below & names_above
        return [
            _cosine(self.meaning(above_rows), self.meaning(below_rows)),
            len(fresh & seen) / len(fresh) if fresh else 0.0,
            len(shared_names) / len(names_below) if names_below else 0.0,
            math.log1p(len(shared_names)),
            len(lead_a & lead_b) / min(len(lead_a), len(lead_b)) if lead_a and lead_b else 0.0,
            math.log1p(len(fresh)),
            math.log1p(len(seen)),
            len(title_words & seen) / len(title_words) if title_words else 0.0,
            math.log1p(len(names_first - names_above)),
            len(names_first & names_above) / len(names_first) if names_first else 0.5,
        ]


@cache
def _leading_dimensions() -> tuple[np.ndarray, np.ndarray]:
    """The word vectors' leading MEANING_DIMENSIONS, contiguous, and their scales."""
    table = load_word_vectors()
    dims = slice(0, MEANING_DIMENSIONS)
    return np.ascontiguousarray(table.vectors[:, dims]), table.scale[dims]


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    if a is None or b is None:
        return 0.0
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norms if norms else 0.0
