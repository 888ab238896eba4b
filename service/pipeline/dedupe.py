"""Stage 4: fold repeated articles into their first occurrence; report every fold.

Two articles are copies when their folded bodies are identical ("exact"), or when LSH
banding over MinHash signatures of their 2-word shingles makes them candidates and the
exact containment of their shingle sets, |A ∩ B| / min(|A|, |B|), reaches `near_threshold`
("near"); in a dump of at most ALL_PAIRS_MAX articles every earlier one is a candidate, as
LSH misses copies cut short. Containment, not Jaccard: a second outlet's version is often a
cut of the first, and cutting a third of an article leaves containment at ~1.0 but Jaccard
at ~0.67. A near fold also needs the names and figures of the paragraphs the two share to
agree (`keywords_agree`), and briefs under SHORT_WORDS words meet stricter rules
(`fold_similarity`): template wire copy shares most shingles.

The same machinery folds across the documents of one batch (`fold_across_documents`) and,
via `service.seen`, across requests; both start from an `ArticleText` (title, body, span),
which a cached JSON result still has.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from service.model import Article, Fold, Result, Span
from service.pipeline.normalise import fold_for_compare

__all__ = [
    "FULLER_MIN_EXTRA_WORDS",
    "FULLER_RATIO",
    "LSH_BANDS",
    "LSH_ROWS",
    "NUMBER_WORDS",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "SHORT_TITLE_MIN_SHARE",
    "SHORT_WORDS",
    "ArticleText",
    "BatchFolder",
    "CrossFolds",
    "Signature",
    "apply_cross_folds",
    "article_text",
    "band_keys",
    "body_key",
    "dedupe",
    "fold_across_documents",
    "fold_similarity",
    "keywords_agree",
    "shingle_hashes",
    "sign",
    "similarity",
]

# Measured in bench/measure_dedupe.py (bench/DEDUPE.md): at 0.8, containment of 2-word
# shingles keeps 99.8% of near-copies (edits, cuts, reflows); 5-word shingles keep 77% (an
# edit breaks five shingles), Jaccard of 2-word shingles 52% (a cut version is smaller).
SHINGLE_WORDS = 2
# 128 permutations as 32 bands of 4 rows: a pair is a candidate with probability 0.95 at
# Jaccard 0.55 and 0.7 at 0.45, and with 0.003 at 0.1 (same-topic stories), so candidate
# checks stay near-linear. A version cut to 60% of the original (Jaccard 0.6) is found with
# probability 0.99; one cut to 40% only with 0.2 (bench/DEDUPE.md: the remaining misses).
NUM_PERM = 128
LSH_BANDS = 32
LSH_ROWS = 4
_SEED = 1
# Names and figures ("keywords": capitalised or numeric tokens) tell template stories apart
# where shingles cannot: "U.S. to sell 13.2 billion dlrs in bills" one week and 12.8 the next
# share 83% of their shingles but only 67% of their keywords. Of the smaller keyword set at
# least KEYWORD_MIN_SHARE must be in the larger; copies measured keep 0.89 or more.
KEYWORD_MIN_SHARE = 0.75
# Only paragraphs with a counterpart in the other article (at least this share of their
# shingles found there) speak for names and figures: a byline, a share bar or a "related
# stories" list that one site's page left in its copy has none, and its names are that
# site's, not the story's. A template paragraph with other figures still has one.
COUNTERPART_MIN_SHARE = 0.3
# Below this many words a brief is mostly stock phrases ("Qtly div 25 cts vs 25 cts prior
# Pay May 15 Record April 15"), so two different briefs share most of their shingles. There
# each keyword of the brief with fewer keywords must occur in the other at least as often
# ("30 cts ... Pay April 30" is not "30 cts ... Pay April 16"), and similarity must reach at
# least SHORT_MIN_SIMILARITY whatever the threshold.
SHORT_WORDS = 50
SHORT_MIN_SIMILARITY = 0.8
# A brief's body often never names its subject ("Qtly div four cts vs four cts prior Pay
# April 15"): only the title does. So two titled briefs must also share at least this share
# of the shorter title's words.
SHORT_TITLE_MIN_SHARE = 0.5
_NUMBER_WORDS_TEXT = (
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty"
    " hundred thousand million billion half quarter first second third fourth"
)
NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b")
# A later copy is "fuller" when it has at least 20% and at least 25 more words than the
# article it folds into: a restored paragraph, not a reworded sentence or an added credit.
FULLER_RATIO = 1.2
FULLER_MIN_EXTRA_WORDS = 25
MAX_BUCKET_LINKS = 64
# LSH proposes pairs by Jaccard similarity, but a copy cut to two thirds and printed in
# another site's chrome keeps a high containment at a Jaccard under 0.4, which LSH rarely
# proposes; up to this many articles (a dump of pages, not a batch) every earlier article
# is a candidate: a few hundred exact checks, each behind the cheap MinHash filter.
ALL_PAIRS_MAX = 48

_WORD = re.compile(r"\w+")
# From the first character that is not a lower-case ASCII letter to the end of its word:
# capitals, digits, letters of other scripts ("McDonald" whole, "iPhone" as "Phone": the same
# in every text, which is all a comparison needs). One regex pass, no per-token Python.
_KEYWORD = re.compile(r"[^\W_a-z\u00df-\u00f6\u00f8-\u00ff]\w*")
_MASK32 = np.uint64(0xFFFFFFFF)
# Pairs of word hashes are mixed into one shingle hash with a 64-bit multiplier (golden ratio).
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2.0.0's "affine32" permutations (MinHash(num_perm, seed)), bit for bit.

    Rebuilt rather than imported: importing datasketch imports redis (its LSH storage),
    and the pipeline stays free of storage libraries. A test compares with datasketch.
    """
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


# Built once per process (before gunicorn forks when preloaded), never per request.
_PERM_A, _PERM_B = _permutations(NUM_PERM, _SEED)
_EMPTY_SIGNATURE = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
_word_hashes: dict[str, int] = {}
# Cleared when full: 500k entries were ~60 MB a worker filled slowly over thousands of
# requests; a crc32 costs little more than the look-up, so a small cache loses little.
_WORD_CACHE_LIMIT = 1 << 15


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What folding needs of an article; a cached JSON result still has all of it."""

    title: str | None
    body: str
    span: Span


@dataclass(frozen=True, eq=False)  # arrays inside: identity, not value, comparison
class Signature:
    """An article reduced to what comparing it costs: computed once, compared many times."""

    key: str  # content hash: "sha256:" of the folded words; equal for exact copies
    words: int
    shingles: np.ndarray  # sorted unique uint32 shingle hashes
    minhash: np.ndarray  # NUM_PERM uint32 values, datasketch "affine32" scheme
    bands: np.ndarray  # LSH_BANDS uint64 hashes of the signature's bands
    # the text, as the paragraphs the article already holds: no joined copy kept alive
    parts: tuple[str, ...] = field(default=(), repr=False, compare=False)
    stored_keywords: Mapping[str, int] | None = field(default=None, repr=False, compare=False)
    title_words: frozenset[str] = frozenset()

    @cached_property
    def keywords(self) -> Mapping[str, int]:
        """Names and figures with their counts; computed only for pairs that get that far."""
        if self.stored_keywords is not None:
            return self.stored_keywords
        return _keywords("\n\n".join(self.parts))


@dataclass(frozen=True, slots=True)
class CrossFolds:
    """How one document's cached result changes when earlier documents of the batch are seen.

    `kept` lists the indexes (into the cached `articles`) that stay articles, in order; an
    article's new index is its position in `kept`. `moved` maps each other index to the fold
    that replaces it, with `document` and `duplicate_of` naming the original's final place.
    """

    kept: tuple[int, ...]
    moved: dict[int, Fold]

    def target(self, index: int) -> tuple[int, str | None]:
        """Where a within-document fold pointing at cached article `index` now points.

        (new index, None) when that article stayed; (index there, document id) when it moved.
        """
        if index in self.moved:
            fold = self.moved[index]
            return fold.duplicate_of, fold.document
        return self.kept.index(index), None

    def kept_index(self, index: int | None) -> int | None:
        """The new index of cached article `index`, None when it moved (or was None)."""
        return None if index is None or index in self.moved else self.kept.index(index)


def article_text(article: Article) -> ArticleText:
    return ArticleText(article.title, article.body, article.span)


def body_key(article: Article) -> str:
    """Normalised body under which exact copies compare equal (NFKC, quotes, case, spaces)."""
    return fold_for_compare(article.body or article.title or "")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _keywords(text: str) -> Counter[str]:
    """Names and figures with their counts: capitalised or numeric tokens, and number words."""
    text = unicodedata.normalize("NFKC", text)
    found = Counter(w.casefold() for w in _KEYWORD.findall(text))
    found.update(_NUMBER_WORD.findall(text.casefold()))
    return found


def _hash_words(words: Sequence[str]) -> np.ndarray:
    cache = _word_hashes
    if len(cache) > _WORD_CACHE_LIMIT:
        cache.clear()  # bounded: a long-running worker must not grow without end
    for w in set(words).difference(cache):
        cache[w] = zlib.crc32(w.encode())
    return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


def shingle_hashes(words: Sequence[str]) -> np.ndarray:
    """Sorted unique 32-bit hashes of the SHINGLE_WORDS-word shingles (stable across processes)."""
    if not words:
        return np.zeros(0, dtype=np.uint32)
    hw = _hash_words(words)
    if len(hw) < SHINGLE_WORDS:
        mixed = hw  # one word: its own hash stands for the text
    else:
        mixed = hw[: len(hw) - SHINGLE_WORDS + 1].copy()
        for k in range(1, SHINGLE_WORDS):
            mixed = mixed * _MIX ^ hw[k : len(hw) - SHINGLE_WORDS + 1 + k]
        mixed ^= mixed >> np.uint64(32)
    return np.unique((mixed & _MASK32).astype(np.uint32))


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """The datasketch MinHash (scheme affine32) of already hashed shingles, in one numpy pass."""
    if len(shingles) == 0:
        return _EMPTY_SIGNATURE
    hv = shingles.reshape(-1, 1)
    # MurmurHash3 fmix32, as datasketch applies before its affine permutations
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    return np.asarray((hv * _PERM_A + _PERM_B).min(axis=0), dtype=np.uint32)


def sign(body: str | Sequence[str], title: str | None = None) -> Signature:
    """Signature of an article body, whole or as paragraphs (the title stands in when empty)."""
    parts = (body,) if isinstance(body, str) else tuple(body)
    text = "\n\n".join(parts)
    if not text.strip():
        parts = (title or "",)
        text = parts[0]
    words = _words(text)
    shingles = shingle_hashes(words)
    key = "sha256:" + hashlib.sha256(" ".join(words).encode()).hexdigest()
    minhash = _minhash(shingles)
    title_words = frozenset(_words(title)) if title else frozenset()
    return Signature(key, len(words), shingles, minhash, _bands(minhash), parts, None, title_words)


def _bands(minhash: np.ndarray) -> np.ndarray:
    rows = minhash[: LSH_BANDS * LSH_ROWS].astype(np.uint64).reshape(LSH_BANDS, LSH_ROWS)
    h = np.zeros(LSH_BANDS, dtype=np.uint64)
    for r in range(LSH_ROWS):
        h = (h ^ rows[:, r]) * _MIX  # an odd multiplier: the 128 bits fold into 64 evenly
    return h


def band_keys(signature: Signature) -> tuple[str, ...]:
    """One key per LSH band ("<band>:<hash>"): signatures sharing any key are candidates."""
    return tuple(f"{i}:{h:016x}" for i, h in enumerate(signature.bands.tolist()))


def similarity(a: Signature, b: Signature) -> float:
    """Exact containment of the shingle sets: |A ∩ B| / min(|A|, |B|)."""
    if a.key == b.key:
        return 1.0
    na, nb = len(a.shingles), len(b.shingles)
    if not na or not nb:
        return 0.0
    common = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    return common / min(na, nb)


def keywords_agree(a: Signature, b: Signature) -> bool:
    """Names and figures agree: the smaller keyword set is (for briefs wholly) in the larger.

    Beyond briefs, the smaller set is read from the paragraphs that have a counterpart in
    the other article (`COUNTERPART_MIN_SHARE`), so page furniture one copy kept does not
    count against the story both tell.
    """
    (small_sig, small), (large_sig, large) = sorted(
        ((a, a.keywords), (b, b.keywords)), key=lambda pair: sum(pair[1].values())
    )
    if min(a.words, b.words) < SHORT_WORDS:
        return all(large.get(w, 0) >= n for w, n in small.items())
    if small_sig.parts:
        small = _counterpart_keywords(small_sig, large_sig)
    if not small:
        return True
    return sum(1 for w in small if w in large) / len(small) >= KEYWORD_MIN_SHARE


def _counterpart_keywords(own: Signature, other: Signature) -> Counter[str]:
    """Keywords of `own`'s paragraphs that share COUNTERPART_MIN_SHARE of their shingles
    with `other`."""
    found: Counter[str] = Counter()
    for part in own.parts:
        shingles = shingle_hashes(_words(part))
        if len(shingles) and (
            np.isin(shingles, other.shingles, assume_unique=True).mean() >= COUNTERPART_MIN_SHARE
        ):
            found.update(_keywords(part))
    return found


def _estimate_ok(a: Signature, b: Signature, threshold: float) -> bool:
    """Cheap filter before the exact check: the MinHash Jaccard can rule a pair out, never in.

    Containment c with size ratio r <= 1 means Jaccard >= c*r / (1 + r - c*r); the estimate
    may err by ~0.15 at 128 permutations, so only pairs far below that bound are dropped.
    """
    small, large = sorted((max(len(a.shingles), 1), max(len(b.shingles), 1)))
    r = small / large
    bound = threshold * r / (1 + r - threshold * r)
    estimate = float(np.count_nonzero(a.minhash == b.minhash)) / NUM_PERM
    return estimate >= bound - 0.15


def fold_similarity(a: Signature, b: Signature, threshold: float) -> float | None:
    """The similarity when `a` and `b` are copies at `threshold`, else None (exact checks only)."""
    if a.key == b.key:
        return 1.0
    short = min(a.words, b.words) < SHORT_WORDS
    sim = similarity(a, b)
    if sim < (max(threshold, SHORT_MIN_SIMILARITY) if short else threshold):
        return None
    if short and not _titles_agree(a.title_words, b.title_words):
        return None
    return sim if keywords_agree(a, b) else None


def _titles_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return True  # an untitled brief has only its body to go by
    return len(a & b) / min(len(a), len(b)) >= SHORT_TITLE_MIN_SHARE


def _candidate_pairs(signatures: Sequence[Signature]) -> dict[int, list[int]]:
    """For each position, the earlier positions sharing at least one LSH band, ascending
    (every earlier position when there are at most ALL_PAIRS_MAX).

    All bands of all signatures at once, by sorting each band's hashes: no per-article
    Python loop over bands and no hash tables of millions of entries (100,000 articles are
    3.2 million band entries). A bucket links a newcomer to its first MAX_BUCKET_LINKS
    members only: a band shared by hundreds of articles is boilerplate, and checking every
    pair in it would be quadratic.
    """
    # An exact copy of an earlier article folds by its key alone: only the first of each
    # key enters LSH, so a flood of identical articles costs no candidate pairs at all.
    first_of_key: set[str] = set()
    positions = []
    for n, s in enumerate(signatures):
        if len(s.shingles) and s.key not in first_of_key:
            first_of_key.add(s.key)
            positions.append(n)
    if len(positions) <= ALL_PAIRS_MAX:
        return {n: positions[:k] for k, n in enumerate(positions) if k}
    usable = np.array(positions, dtype=np.int64)
    bands = np.stack([signatures[n].bands for n in usable.tolist()])
    m = len(usable)
    earlier: list[np.ndarray] = []
    later: list[np.ndarray] = []
    for b in range(LSH_BANDS):
        order = np.argsort(bands[:, b], kind="stable")  # stable: equal hashes keep input order
        col = bands[order, b]
        same = col[1:] == col[:-1]
        if not same.any():
            continue
        pos = np.flatnonzero(same) + 1  # sorted positions that have an equal predecessor
        earlier.append(order[pos - 1])
        later.append(order[pos])
        starts = np.maximum.accumulate(np.where(np.r_[True, ~same], np.arange(m), 0))
        for p in pos[pos - starts[pos] > 1].tolist():  # buckets of three or more: rare
            members = order[starts[p] : min(p - 1, starts[p] + MAX_BUCKET_LINKS)]
            earlier.append(members)
            later.append(np.full(len(members), order[p]))
    if not earlier:
        return {}
    pairs = np.unique(np.concatenate(later) * m + np.concatenate(earlier))
    out: dict[int, list[int]] = {}
    for key in pairs.tolist():
        out.setdefault(int(usable[key // m]), []).append(int(usable[key % m]))
    return out


def _best_original(
    signature: Signature,
    candidates: Sequence[int],
    signatures: Sequence[Signature],
    originals: Mapping[int, object],
    by_key: Mapping[str, int],
    mode: str,
    threshold: float,
) -> tuple[int, str, float]:
    """The original a signature folds into: (position, kind, similarity), or (-1, "", 0.0).

    Only positions in `originals` count; the most similar wins, on a tie the first.
    """
    exact = by_key.get(signature.key)
    if exact is not None:
        return exact, "exact", 1.0
    best, best_sim = -1, 0.0
    if mode != "near":
        return best, "", best_sim
    for n in candidates:
        if n not in originals:
            continue
        original = signatures[n]
        if not _estimate_ok(signature, original, threshold):
            continue
        sim = fold_similarity(signature, original, threshold)
        if sim is not None and sim > best_sim:
            best, best_sim = n, sim
    return best, "near", best_sim


def _fold(
    original: Signature,
    copy: Signature,
    kind: str,
    sim: float,
    title: str | None,
    span: Span,
    duplicate_of: int,
    document: str | None = None,
) -> Fold:
    fuller = (
        copy.words >= original.words * FULLER_RATIO
        and copy.words - original.words >= FULLER_MIN_EXTRA_WORDS
    )
    return Fold(duplicate_of, kind, round(sim, 4), title, span, fuller, document)


def dedupe(
    articles: Sequence[Article], mode: str, near_threshold: float
) -> tuple[tuple[Article, ...], tuple[Fold, ...]]:
    """Keep the first copy of each article; later copies become folds pointing at it."""
    # one article has nothing to fold into: its signature (a MinHash of every shingle) was
    # 1% of a one-article request's time and answered no question
    if mode == "off" or len(articles) < 2:
        return tuple(articles), ()
    signatures = [sign(a.paragraphs, a.title) for a in articles]
    candidates = _candidate_pairs(signatures) if mode == "near" else {}
    kept_at: dict[int, int] = {}  # position of a kept article -> its index in `kept`
    by_key: dict[str, int] = {}
    kept: list[Article] = []
    folds: list[Fold] = []
    for n, (article, signature) in enumerate(zip(articles, signatures, strict=True)):
        i, kind, sim = _best_original(
            signature, candidates.get(n, ()), signatures, kept_at, by_key, mode, near_threshold
        )
        if i >= 0:
            original = signatures[i]
            folds.append(
                _fold(original, signature, kind, sim, article.title, article.span, kept_at[i])
            )
            continue
        kept_at[n] = len(kept)
        by_key.setdefault(signature.key, n)
        kept.append(article)
    return tuple(kept), tuple(folds)


class BatchFolder:
    """Folds each document of a batch into copies kept by the documents before it.

    Incremental, so a streamed batch can emit document k as soon as it is done: `add()`
    sees only what came earlier. Its LSH index is a dict of band keys; a band shared by
    more than MAX_BUCKET_LINKS articles is boilerplate and links no further ones.
    """

    def __init__(self) -> None:
        self._signatures: list[Signature] = []
        self._buckets: dict[tuple[int, int], list[int]] = {}
        self._originals: dict[int, tuple[str, int]] = {}  # position -> (document, index)
        self._by_key: dict[str, int] = {}

    def add(
        self, doc_id: str, doc: Sequence[ArticleText], mode: str, near_threshold: float
    ) -> CrossFolds:
        """How this document's result changes under its own dedupe options; then remember
        what it keeps (whatever its options, so later documents can fold into it)."""
        start = len(self._signatures)
        signatures = [sign(t.body, t.title) for t in doc]
        self._signatures.extend(signatures)
        kept: list[int] = []
        moved: dict[int, Fold] = {}
        for i, (text, signature) in enumerate(zip(doc, signatures, strict=True)):
            found, kind, sim = (-1, "", 0.0)
            if mode != "off":
                found, kind, sim = _best_original(
                    signature,
                    self._candidates(signature) if mode == "near" else [],
                    self._signatures,
                    self._originals,
                    self._by_key,
                    mode,
                    near_threshold,
                )
            if found >= 0:
                where_doc, where_index = self._originals[found]
                moved[i] = _fold(
                    self._signatures[found],
                    signature,
                    kind,
                    sim,
                    text.title,
                    text.span,
                    where_index,
                    where_doc,
                )
            else:
                kept.append(i)
        # registered after the document is done: its own articles were deduplicated already
        for new_index, i in enumerate(kept):
            n = start + i
            self._originals[n] = (doc_id, new_index)
            self._by_key.setdefault(signatures[i].key, n)
            if len(signatures[i].shingles):
                for band, h in enumerate(signatures[i].bands.tolist()):
                    bucket = self._buckets.setdefault((band, h), [])
                    if len(bucket) < MAX_BUCKET_LINKS:
                        bucket.append(n)
        return CrossFolds(tuple(kept), moved)

    def _candidates(self, signature: Signature) -> list[int]:
        if not len(signature.shingles):
            return []
        found: set[int] = set()
        for band, h in enumerate(signature.bands.tolist()):
            found.update(self._buckets.get((band, h), ()))
        return sorted(found)


def fold_across_documents(
    docs: Sequence[tuple[str, Sequence[ArticleText]]], mode: str, near_threshold: float
) -> list[CrossFolds]:
    """Fold each document's articles into copies found in earlier documents of the batch.

    `docs` are (document id, that document's cached unique articles) in batch order. The
    first document never changes; an article of a later one that repeats an article kept
    by an earlier one leaves `articles` and becomes a fold with `document` set to the
    earlier id and `duplicate_of` its index there after that document's own renumbering.
    Pure: the per-document results it reads stay cacheable, and its output is not.
    """
    folder = BatchFolder()
    return [folder.add(doc_id, doc, mode, near_threshold) for doc_id, doc in docs]


def apply_cross_folds(result: Result, cross: CrossFolds) -> Result:
    """The document's result after cross-document folding (a new Result; never cache it).

    Kept articles are renumbered by their position in `cross.kept`; the document's own folds
    follow their original: renumbered when it stayed, pointed at the earlier document when
    it moved. Duplicates are listed in input order (by span start).
    """
    folds: list[Fold] = []
    for fold in result.duplicates:
        if fold.document is not None:
            folds.append(fold)
        else:
            index, document = cross.target(fold.duplicate_of)
            folds.append(replace(fold, duplicate_of=index, document=document))
    folds.extend(cross.moved.values())
    folds.sort(key=lambda f: f.span.start)
    articles = tuple(result.articles[i] for i in cross.kept)
    main = cross.kept_index(result.main_article)  # a moved main story is a duplicate now
    return replace(result, articles=articles, duplicates=tuple(folds), main_article=main)
