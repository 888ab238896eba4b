"""Word tokens and stop words shared by the topic classifier and the keyword extractor."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

__all__ = [
    "STOP_WORDS",
    "TOKEN_PATTERN",
    "WORD_CACHE_SIZE",
    "WORD_PATTERN",
    "article_text",
    "light_stem",
    "tokens_with_breaks",
    "topic_features",
    "word_key",
]

# Letters with inner apostrophes, hyphens or dots ("U.S.", "e-mail"); numbers stay out.
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*", re.UNICODE)
# Per-word results are memoised across articles: news vocabulary repeats. Small, so each
# cache is full within the first hundred requests and a worker's memory then stays level
# (at 1 << 17 entries the four caches still grew by ~30 MB between request 1,000 and 4,000).
WORD_CACHE_SIZE = 1 << 13
# A word, or a clause break that no keyphrase runs across.
TOKEN_PATTERN = re.compile(
    rf"{WORD_PATTERN.pattern}|[.,;:!?()\[\]{{}}\"“”/|•–—]|\s-\s|\n", re.UNICODE
)

# Function words and news-copy filler; neither a topic nor a keyphrase rests on them.
_STOP_WORDS_TEXT = """
a about above according across after afterwards again against ago all almost alone along
already also although always am among amongst an and another any anybody anyone anything
anyway anywhere are around as at away back be became because become becomes been before
beforehand behind being below beside besides between beyond both but by can cannot could
did do does doing done down during each either else elsewhere enough etc even ever every
everyone everything everywhere except few first for former formerly from further get gets
getting give given go goes going got had has have having he hence her here hereby herein
hers herself him himself his how however i if in indeed instead into is it its itself just
last later least less let like likely made make makes many may me meanwhile might mine more
moreover most mostly much must my myself near nearly neither never nevertheless next no
nobody none noone nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own per perhaps put quite rather re really said
same say saying says see seem seemed seems several she should since so some somehow someone
something sometimes somewhere still such take than that the their theirs them themselves
then thence there thereafter thereby therefore therein these they this those though through
throughout thus to together too toward towards two under unless until up upon us used very
via was we well were what whatever when whence whenever where whereas whereby wherein
whether which while whither who whoever whole whom whose why will with within without would
yet you your yours yourself yourselves mr mrs ms dr told added including new year years
week weeks month months day days time times way ways lot lots want wanted use using says
saying asked ask tell make making think thought know known went come came three four five
six seven eight nine ten hundred thousand million billion mln bn pct cts dlrs inc corp ltd
co plc reuter reuters s t don didn doesn isn wasn aren won can't don't it's i'm he's she's
that's there's they're we're you're i've we've they've i'd he'd she'd we'd they'd i'll
he'll she'll we'll they'll let's isn't aren't wasn't weren't hasn't haven't hadn't won't
wouldn't shouldn't couldn't mustn't
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def article_text(title: str | None, body: str) -> str:
    """Title and body as one text; the title counts twice, as it names the subject."""
    title = title or ""
    return f"{title}\n{title}\n{body}" if title else body


def word_key(word: str) -> str:
    """A word as the topic model reads it, both its stems and its word vectors: lower case,
    with typographic apostrophes made plain."""
    return word.lower().replace("’", "'")


def light_stem(word: str) -> str:
    """Fold plain English plurals ("elections" → "election") so definitions meet articles."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4)
def tokens_with_breaks(text: str) -> tuple[str, ...]:
    """Words as written, and "" for each clause break; cached: topics and keywords share it."""
    found = TOKEN_PATTERN.findall(text)
    # Words start with a letter; anything else matched is a break.
    as_token = {t: t if t[0].isalpha() else "" for t in set(found)}
    return tuple(map(as_token.__getitem__, found))


def topic_features(*parts: str) -> list[str]:
    """Lower-cased, stemmed content words and the bigrams of adjacent ones, over all parts.

    The parts are read as one text joined by newlines (article_text's form).
    """
    words = [w for part in parts for w in filter(None, tokens_with_breaks(part))]
    # Stem each distinct word once: an article repeats most of its words.
    stems = {w: _topic_stem(w) for w in set(words)}
    tokens = list(map(stems.__getitem__, words))
    features = list(filter(None, tokens))
    features.extend([f"{a} {b}" for a, b in pairwise(tokens) if a and b])
    return features


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _topic_stem(word: str) -> str | None:
    word = word_key(word)
    if len(word) < 2 or word in STOP_WORDS:
        return None
    return light_stem(word.replace(".", ""))
