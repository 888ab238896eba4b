"""What the boundary model sees of each line: generic features of the line and its neighbours.

Nothing here names a site or a layout. A line is described by its own shape (length, case,
punctuation, markup, field labels, bylines, sign-offs), by where it sits in THIS dump
(blank runs measured against the dump's own rhythm, indentation, hard-wrap width, lines
printed again nearby, furniture that recurs at intervals), by the shapes of the lines
around it, and by lexical cohesion: how much vocabulary the lines above share with the
lines below (TextTiling, Hearst 1997). The model learns what these mean from generated
dumps of many layouts; see scripts/train_segmenter.py.

Only non-blank lines are described; blank runs are features of the lines around them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import accumulate
from operator import attrgetter, itemgetter, or_

import numpy as np

from service.model import Line
from service.pipeline.lineshape import (
    bracket_credit,
    byline_name,
    chrome_shape,
    dateline_prefix,
    field_label,
    header_furniture,
    is_data_line,
    is_heading_shaped,
    is_link_list_head,
    is_paragraph_shaped,
    is_title_shaped,
    sign_off,
    starts_capital,
    tail_credit,
    title_bounds,
    wrap_width,
)
from service.pipeline.normalise import LineTexts

__all__ = ["ARTICLE_FEATURES", "FEATURE_NAMES", "article_features", "line_features"]

# Rules of any character: "----", "* * *", "————", "~~~~", "═══", "###".
RULE = re.compile(r"^\W{3,}$")
MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\(")
LIST_NUMBER = re.compile(r"^\(?\d{1,3}[.)][ \t]+\S")
BULLET = re.compile(r"^[-•*·–▪►>][ \t]+\S")
EMPHASIS = re.compile(r"^([*_]{1,2})\S.*\S\1$")
MAIL_HEADER = re.compile(
    r"^(?:from|to|cc|bcc|date|sent|subject|reply-to|objet|de|para)[ \t]*:[ \t]", re.I
)
SUBJECT = re.compile(r"^subject[ \t]*:", re.I)
FORWARD_MARK = re.compile(
    r"^[-_=> ]*(?:forwarded message|original message|begin forwarded message)", re.I
)
URL = re.compile(r"(?:https?://|www\.)\S", re.I)
TIME_STAMP = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[A-Z]{2,4})?|\d+\s+(?:min|mins|minutes|hours?|"
    r"days?|hrs?)\s+ago|updated|just now)\b",
    re.I,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# WORD's matches of more than three characters, exactly (a match is a maximal run, and no
# shorter run holds a longer one): the words cohesion and the article check compare.
CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")
LONG_WORD = re.compile(r"\b[A-Za-z][\w'’-]{3,}")
CAPITALISED_WORD = re.compile(r"\b[A-Z][\w'’-]{3,}")
DIGIT = re.compile(r"\d")
# Words a headline does not end on but a hard-wrapped line of prose often does.
FUNCTION_ENDINGS = frozenset(
    (
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
        "but", "as", "that", "which", "who", "its", "their", "his", "her", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "will", "would",
    )
)  # fmt: skip
# First characters of the markup title_bounds strips, and of bullets.
_MARKUP_FIRST = frozenset("#*_(0123456789SsFfRr")
_BULLET_FIRST = frozenset("-•*·–▪►>")
# Function words: prose is dense with them, menus, headlines and labels are not.
_STOPWORD_TEXT = """a about after against all also an and are as at be because been before but
    by can
    could did do does for from had has have he her his how i if in into is it its more most
    not of on one or our out over said says she so some than that the their them then there
    these they this those to up was we were what when which while who will with would you"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Line-local features, in order.
_LOCAL = (
    "log_chars",
    "words_1",
    "words_2_3",
    "words_4_7",
    "words_8_15",
    "words_16_30",
    "words_31_up",
    "ends_sentence",
    "ends_colon",
    "ends_question",
    "ends_open",
    "ends_function_word",  # "... throughout the week in": a wrapped line, not a headline
    "starts_capital",
    "starts_lower",
    "starts_digit",
    "all_caps",
    "capitalised_share",
    "stopword_share",
    "digit_share",
    "data_line",
    "rule",
    "markdown_heading",
    "markdown_image",
    "list_number",
    "bullet",
    "emphasis",
    "field_title",
    "field_byline",
    "field_other",
    "mail_header",
    "subject",
    "forward_mark",
    "byline",
    "dateline",
    "date_stamp",
    "time_stamp",
    "sign_off",
    "chrome",
    "link_list_head",
    "url",
    "kicker",
    "title_shaped",
    "title_shaped_loose",
    "decorated",
    "paragraph_shaped",
    "heading_shaped",
    "credit",
    "indented",
)
# Features of the line in its dump.
_PLACE = (
    "blank_before",
    "blank_after",
    "gap_before_long",  # a blank run longer than this dump's usual paragraph gap
    "gap_after_long",
    "no_gap_before",
    "spaced_dump",  # most blocks are one line: paragraphs are blank-separated
    "wrapped_dump",
    "full_width",  # ends near the dump's wrap width: the paragraph goes on below
    "prev_full_width",
    "indent_dump",  # paragraphs here open with an indent
    "repeat_any",
    "repeat_ahead",  # printed again within a few lines below
    "repeat_behind",
    "repeat_distance",  # how far above this line was printed before (1: never)
    "recurs_spread",  # page furniture: the same shape at intervals
    "first_line",
    "last_line",
    "prose_ahead",
    "prose_behind",
    "short_ahead",
    "short_behind",
    "to_prose",
    "cohesion_gap",
    "cohesion_depth",
)
# Features of the neighbours, by the local feature they copy.
_NEIGHBOUR_LOCAL = (
    "log_chars",
    "ends_sentence",
    "ends_open",
    "ends_function_word",
    "all_caps",
    "rule",
    "markdown_heading",
    "list_number",
    "field_title",
    "field_other",
    "mail_header",
    "byline",
    "dateline",
    "date_stamp",
    "sign_off",
    "chrome",
    "kicker",
    "title_shaped",
    "title_shaped_loose",
    "decorated",
    "paragraph_shaped",
    "credit",
    "indented",
)
_NEIGHBOURS = ("prev2", "prev", "next", "next2")
_NEIGHBOUR_PLACE = (
    "blank_before",
    "gap_before_long",
    "repeat_any",
    "cohesion_depth",
    "full_width",
)

FEATURE_NAMES: tuple[str, ...] = (
    *_LOCAL,
    *_PLACE,
    *(f"{n}.{f}" for n in _NEIGHBOURS for f in (*_NEIGHBOUR_LOCAL, *_NEIGHBOUR_PLACE)),
    "bias",
)
_LOCAL_AT = {name: i for i, name in enumerate(_LOCAL)}
_PARAGRAPH = _LOCAL_AT["paragraph_shaped"]
_PLACE_AT = {name: i for i, name in enumerate(_PLACE)}
_NEIGHBOUR_COLUMNS = [_LOCAL_AT[f] for f in _NEIGHBOUR_LOCAL]
_NEIGHBOUR_PLACE_COLUMNS = [_PLACE_AT[f] for f in _NEIGHBOUR_PLACE]

# Window sizes, in non-blank lines.
PROSE_WINDOW = 5
REPEAT_WINDOW = 6
REPEAT_FAR = 60  # a line printed again this far below its first print is a copy of a story
COHESION_WINDOW = 6
COHESION_BITS = 4096
COHESION_CHARS = 240  # a line's opening words say what it is about
ARTICLE_WORDS = 150  # what the article check compares of two neighbouring articles
TO_PROSE_CAP = 10
# Lines this long are prose, whatever else: they skip the costly shape tests.
LONG_LINE = 200
# A recurring line is furniture when its copies are at least this far apart on average.
RECUR_MIN_SPREAD = 8
RECUR_MIN_COUNT = 3


def line_features(lines: Sequence[Line], views: LineTexts) -> tuple[list[int], np.ndarray]:
    """(index of every non-blank line, one feature row per such line, FEATURE_NAMES order)."""
    texts = views.texts
    keep = [i for i, t in enumerate(texts) if t]
    n = len(keep)
    if n == 0:
        return keep, np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    kept = list(map(texts.__getitem__, keep))
    local = _local_rows(kept)
    # only a line opening on a space or a tab can be indented: find those at C speed
    raws = list(map(attrgetter("text"), map(lines.__getitem__, keep)))
    firsts = "".join(map(itemgetter(0), raws)).encode("utf-32-le")
    opening = np.frombuffer(firsts, dtype=np.uint32)
    for k in np.flatnonzero(np.isin(opening, _INDENT_CODES)).tolist():
        local[k, _LOCAL_AT["indented"]] = _indent(raws[k])
    # written a column at a time: column-major, so each column is one run of memory
    place = np.zeros((n, len(_PLACE)), dtype=np.float32, order="F")
    _place(views, keep, kept, local, place)
    # the rows assembled in one matrix, each part copied once (a million lines: 740 MB)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    out[:, : len(_LOCAL)] = local
    out[:, len(_LOCAL) : len(_LOCAL) + len(_PLACE)] = place
    at = len(_LOCAL) + len(_PLACE)
    neighbour_local = local[:, _NEIGHBOUR_COLUMNS]
    neighbour_place = place[:, _NEIGHBOUR_PLACE_COLUMNS]
    for shift in (-2, -1, 1, 2):
        # row k gets row k+shift's values; rows past either end keep their zeros
        lo = max(0, -shift)
        hi = max(lo, min(n, n - shift))
        mine, theirs = slice(lo, hi), slice(lo + shift, hi + shift)
        width = len(_NEIGHBOUR_COLUMNS)
        out[mine, at : at + width] = neighbour_local[theirs]
        at += width
        width = len(_NEIGHBOUR_PLACE_COLUMNS)
        out[mine, at : at + width] = neighbour_place[theirs]
        at += width
    out[:, at] = 1.0  # bias
    return keep, out


# What a raw line starts with when _indent can find it indented, as code points.
_INDENT_CODES = np.array([ord(c) for c in " \t\u00a0"], dtype=np.uint32)


def _local_rows(texts: list[str]) -> np.ndarray:
    """The _local() row of each text, each distinct text described once (short lines
    repeat: chrome, bylines, rules)."""
    distinct = dict.fromkeys(texts, 0)
    table = np.array(list(map(_local, distinct)), dtype=np.float32)
    if len(distinct) == len(texts):
        return table
    for k, text in enumerate(distinct):
        distinct[text] = k
    which = np.fromiter(map(distinct.__getitem__, texts), dtype=np.intp, count=len(texts))
    return table[which]


def _indent(raw: str) -> float:
    if not raw or raw[0] not in " \t\u00a0":
        return 0.0
    lead = len(raw) - len(raw.lstrip(" \t\u00a0"))
    return 1.0 if lead >= 2 or raw[0] == "\t" else 0.5


def _local(text: str) -> list[float]:
    """The line-local features of one normalised, non-empty line, in _LOCAL order (tests
    as bools: the float32 matrix reads them as 1.0 and 0.0).

    Every test is guarded by what it needs (a first character, a colon, a short line), so
    the common long line of prose pays for a few counts only.
    """
    chars = len(text)
    words = text.split()
    count = len(words)
    end = text.rstrip("\"'’”)]*_")
    last = end[-1] if end else ""
    first = text[0]
    short = chars < LONG_LINE
    lower_words = text.lower().split() if short else text[:400].lower().split()
    stop = sum(map(STOPWORDS.__contains__, lower_words)) / max(1, len(lower_words))
    head = text if short else text[:400]
    long_words = len(LONG_WORD.findall(head))
    capitalised = len(CAPITALISED_WORD.findall(head)) / long_words if long_words else 0.0
    paragraph = is_paragraph_shaped(text)
    ends_sentence = last in ".…"
    ends_colon = last == ":"
    ends_question = last in "?!"
    ends_open = last.isalnum()
    capital = starts_capital(text)
    lower = first.islower()
    buckets = [
        count == 1,
        2 <= count <= 3,
        4 <= count <= 7,
        8 <= count <= 15,
        16 <= count <= 30,
        count > 30,
    ]
    counts = [
        math.log1p(chars) / 6.0,
        *buckets,
        ends_sentence,
        ends_colon,
        ends_question,
        ends_open,
        ends_open and lower_words[-1] in FUNCTION_ENDINGS,
        capital,
        lower,
    ]
    if not short:
        # long prose: never a headline, a label or chrome; the counts only
        row = [*counts, 0.0, 0.0, capitalised, stop]  # starts_digit, all_caps: 0
        row += [0.0] * (len(_LOCAL) - len(row))
        row[_PARAGRAPH] = paragraph
        return row
    all_caps = text.isupper() and sum(map(str.isalpha, text)) >= 3
    digits = len(DIGIT.findall(text))
    colon = text.find(":", 0, 30) > 0
    label = field_label(text) if colon or chars <= 40 else None
    role = label[0] if label is not None else None
    furniture = header_furniture(text) if chars <= 120 else None
    a, b = title_bounds(text) if first in _MARKUP_FIRST or colon else (0, chars)
    bare = text[a:b]
    bare_end = bare.rstrip("\"'’”)")
    credit = (
        furniture == "credit"
        or (last == ")" and bracket_credit(text) is not None)
        or tail_credit(text) is not None
    )
    row = [
        *counts,
        first.isdigit(),
        all_caps,
        capitalised,
        stop,
        digits / chars,
        digits >= 2 and is_data_line(text),
        not first.isalnum() and RULE.match(text) is not None,
        first == "#" and MARKDOWN_HEADING.match(text) is not None,
        first == "!" and MARKDOWN_IMAGE.match(text) is not None,
        first in "(0123456789" and LIST_NUMBER.match(text) is not None,
        first in _BULLET_FIRST and BULLET.match(text) is not None,
        first in "*_" and EMPHASIS.match(text) is not None,
        role == "title",
        role == "byline",
        role is not None and role not in ("title", "byline"),
        colon and MAIL_HEADER.match(text) is not None,
        colon and SUBJECT.match(text) is not None,
        "essage" in text and FORWARD_MARK.match(text) is not None,
        first in "Bb" and (text[:3].lower() == "by " or byline_name(text) is not None),
        dateline_prefix(text) is not None,
        furniture == "date",
        TIME_STAMP.match(text) is not None,
        sign_off(text),
        chrome_shape(text) is not None,
        is_link_list_head(text),
        "://" in text or "www." in text,
        count <= 3 and chars <= 30 and all_caps,
        is_title_shaped(bare, True),
        2 <= len(bare.split()) <= 25 and not bare_end.endswith((".", ",", ";", ":")),
        a > 0 or b < chars,
        paragraph,
        chars <= 90 and is_heading_shaped(text),
        credit,
        0.0,  # indented: set from the raw line by the caller
    ]
    return row


def _place(
    views: LineTexts, keep: list[int], kept: list[str], local: np.ndarray, out: np.ndarray
) -> None:
    """Features of each non-blank line (`keep`, texts `kept`) in its dump (see _PLACE),
    into `out` (zeros)."""
    n = len(keep)
    at = _PLACE_AT
    texts, keys = views.texts, views.keys

    # blank runs before and after each line, against the dump's usual gap
    before = np.empty(n, dtype=np.float32)
    after = np.empty(n, dtype=np.float32)
    gaps = np.diff(np.asarray(keep)) - 1
    before[0] = keep[0]
    before[1:] = gaps
    after[:-1] = gaps
    after[-1] = len(texts) - keep[-1] - 1
    inner = before[1:]
    usual = float(np.median(inner)) if len(inner) else 0.0
    out[:, at["blank_before"]] = np.minimum(before, 4) / 4
    out[:, at["blank_after"]] = np.minimum(after, 4) / 4
    out[:, at["gap_before_long"]] = before > usual
    out[:, at["gap_after_long"]] = after > usual
    out[:, at["no_gap_before"]] = before == 0
    out[:, at["spaced_dump"]] = float(len(inner) > 0 and float(np.mean(inner > 0)) >= 0.5)

    # hard wrap: lines ending near one width go on below
    lengths = list(map(len, kept))
    width = wrap_width(lengths)
    if width is not None:
        out[:, at["wrapped_dump"]] = 1.0
        full = (np.asarray(lengths) >= width - 15).astype(np.float32)
        out[:, at["full_width"]] = full
        out[1:, at["prev_full_width"]] = full[:-1]
    indented = local[:, _LOCAL_AT["indented"]]
    out[:, at["indent_dump"]] = float(np.mean(indented > 0) >= 0.15)

    # lines printed again: anywhere, just below, just above; and furniture at intervals
    # one id per compare key (its first row), -1 where lines are not compared
    keyed = list(map(keys.__getitem__, keep))
    first_row: dict[str, int] = {}
    line_ids = np.fromiter(map(first_row.setdefault, keyed, range(n)), dtype=np.intp, count=n)
    unkeyed = np.fromiter(map(len, keyed), dtype=np.intp, count=n) == 0
    line_ids[unkeyed | (np.asarray(lengths) >= LONG_LINE)] = -1
    _repeats(line_ids, out)
    out[0, at["first_line"]] = 1.0
    out[-1, at["last_line"]] = 1.0

    # prose and short lines in the windows above and below; distance to the next prose
    # prose: a paragraph on its line, or a hard-wrapped line of one (full width, many words)
    many_words = local[:, _LOCAL_AT["words_8_15"]] + local[:, _LOCAL_AT["words_16_30"]]
    prose = np.maximum(
        local[:, _LOCAL_AT["paragraph_shaped"]], out[:, at["full_width"]] * many_words
    )
    short = (local[:, _LOCAL_AT["words_1"]] + local[:, _LOCAL_AT["words_2_3"]]).astype(np.float32)
    out[:, at["prose_ahead"]] = _window_mean(prose, 1, PROSE_WINDOW)
    out[:, at["prose_behind"]] = _window_mean(prose, -PROSE_WINDOW, -1)
    out[:, at["short_ahead"]] = _window_mean(short, 1, PROSE_WINDOW)
    out[:, at["short_behind"]] = _window_mean(short, -PROSE_WINDOW, -1)
    # rows to the next prose row below, TO_PROSE_CAP at most
    rows = np.arange(n)
    prose_at = np.where(prose != 0, rows, n + TO_PROSE_CAP)
    next_prose = np.full(n, n + TO_PROSE_CAP)
    next_prose[:-1] = np.minimum.accumulate(prose_at[:0:-1])[::-1]
    distance = np.minimum(next_prose - rows, TO_PROSE_CAP).astype(np.float32)
    out[:, at["to_prose"]] = distance / TO_PROSE_CAP
    out[:, at["cohesion_gap"]], out[:, at["cohesion_depth"]] = _cohesion(texts, keep)


def _repeats(line_ids: np.ndarray, out: np.ndarray) -> None:
    """The repeat features of each row, from the id of its line (-1: never compared).

    Rows are sorted by line, in dump order within one line: each row's previous and next
    print are then its neighbours in that order.
    """
    at = _PLACE_AT
    n = len(line_ids)
    order = np.argsort(line_ids, kind="stable")
    ids = line_ids[order]
    has_prev = np.zeros(n, dtype=bool)  # in sorted order: printed before
    has_prev[1:] = (ids[1:] == ids[:-1]) & (ids[1:] >= 0)
    has_next = np.zeros(n, dtype=bool)
    has_next[:-1] = has_prev[1:]
    step = np.zeros(n, dtype=np.intp)  # rows since the previous print
    step[1:] = order[1:] - order[:-1]
    next_step = np.zeros(n, dtype=np.intp)
    next_step[:-1] = step[1:]
    repeated = has_prev | has_next
    out[order, at["repeat_any"]] = repeated
    # the first print (nothing above) and a line never repeated: as far as can be
    out[order, at["repeat_distance"]] = np.where(
        has_prev, np.minimum(step, REPEAT_FAR) / REPEAT_FAR, 1.0
    )
    out[order, at["repeat_ahead"]] = has_next & (next_step <= REPEAT_WINDOW)
    out[order, at["repeat_behind"]] = has_prev & (step <= REPEAT_WINDOW)
    # furniture: a line printed RECUR_MIN_COUNT times or more, at wide intervals on average
    firsts = np.flatnonzero(repeated & ~has_prev)
    lasts = np.flatnonzero(repeated & ~has_next)
    prints = lasts - firsts + 1
    many = prints >= RECUR_MIN_COUNT
    spread = (order[lasts[many]] - order[firsts[many]]) / (prints[many] - 1)
    recurs = np.zeros(len(firsts), dtype=bool)
    recurs[many] = spread >= RECUR_MIN_SPREAD
    # +1 where a recurring line's prints start in sorted order, -1 past where they end
    edges = np.zeros(n + 1, dtype=np.intp)
    edges[firsts[recurs]] += 1
    edges[lasts[recurs] + 1] -= 1
    out[order, at["recurs_spread"]] = np.cumsum(edges[:n]) > 0


def _window_mean(values: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Mean of values[k+lo .. k+hi] per k (inclusive, clipped at the ends; 0 when empty)."""
    n = len(values)
    sums = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    k = np.arange(n)
    a = np.clip(k + lo, 0, n)
    b = np.clip(k + hi + 1, 0, n)
    width = b - a
    total = sums[b] - sums[a]
    return np.where(width > 0, total / np.maximum(width, 1), 0.0).astype(np.float32)


def _cohesion(texts: tuple[str, ...], keep: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per line, (1 - similarity, depth) of the vocabulary above and below the gap before it.

    Similarity is the overlap of the content words of the COHESION_WINDOW lines above and
    below, over the geometric mean of their sizes; depth is how far it dips below the
    highest similarity on either side within the window (TextTiling's depth score, Hearst
    1997): a story ends where the talk changes, whatever this dump's usual level.
    """
    n = len(keep)
    # each line's content words as bits of one int (bit = the word's index in this dump,
    # folded at COHESION_BITS); a window's vocabulary is the OR of its lines' ints
    index: dict[str, int] = {}
    known: dict[str, int] = {}  # short lines repeat: each is read once
    masks: list[int] = []
    for i in keep:
        head = texts[i][:COHESION_CHARS]
        mask = known.get(head)
        if mask is None:
            mask = 0
            for w in CONTENT_WORD.findall(head.lower()):
                if w not in STOPWORDS:
                    mask |= 1 << (index.setdefault(w, len(index)) & (COHESION_BITS - 1))
            if len(head) < COHESION_CHARS:
                known[head] = mask
        masks.append(mask)
    vocabulary = _window_ors(masks, COHESION_WINDOW)  # of the window from each line on
    opening = list(accumulate(masks[:COHESION_WINDOW], or_))  # of the first lines
    similarity = np.zeros(n, dtype=np.float32)
    for k in range(1, n):
        below = vocabulary[k]
        above = vocabulary[k - COHESION_WINDOW] if k >= COHESION_WINDOW else opening[k - 1]
        if above and below:
            shared = (above & below).bit_count()
            similarity[k] = shared / math.sqrt(above.bit_count() * below.bit_count())
    # the highest similarity within the window on each side, the gap's own included
    padded = np.concatenate(([0.0] * COHESION_WINDOW, similarity, [0.0] * COHESION_WINDOW))
    windows = np.lib.stride_tricks.sliding_window_view(padded, COHESION_WINDOW + 1)
    left = windows[:n].max(axis=1)
    right = windows[COHESION_WINDOW : COHESION_WINDOW + n].max(axis=1)
    depth = (left - similarity) + (right - similarity)
    depth[0] = 0.0
    return 1.0 - similarity, np.minimum(depth, 1.0)


def _window_ors(masks: list[int], width: int) -> list[int]:
    """OR of masks[s : s + width] for every s (fewer at the end).

    Within blocks of `width`, ORs from each mask to its block's end and from its block's
    start give every window in one OR of two, instead of `width` ORs.
    """
    n = len(masks)
    to_end = masks[:]
    from_start = masks[:]
    for s in range(n):
        if s % width:
            from_start[s] |= from_start[s - 1]
    for s in range(n - 2, -1, -1):
        if (s + 1) % width:
            to_end[s] |= to_end[s + 1]
    last_block = (n - 1) // width
    out = to_end[:]  # a window that starts a block, or starts in the last one
    for s in range(n):
        if s % width and s // width < last_block:
            out[s] |= from_start[min(s + width - 1, n - 1)]
    return out


# What the article check sees of one decoded article (a headline and the lines after it).
ARTICLE_FEATURES = (
    "log_lines",
    "log_body_lines",
    "log_body_words",
    "log_prose_lines",
    "furniture_share",
    "body_words_share_of_largest",
    "mean_body_probability",
    "title_probability",
    "mean_outside_probability",
    "title_shaped",
    "title_words_1",
    "title_words_2_3",
    "title_all_caps",
    "title_ends_colon",
    "title_decorated",
    "title_field",
    "log_outside_before",
    "log_outside_after",
    "furniture_after_title",
    "follows_an_article",  # no outside line between it and the article above
    "shared_with_previous",  # vocabulary it shares with the article above
    "title_shared_with_previous",  # its headline's words in the article above's headline
    "bias",
)
_TITLE_COLUMNS = [
    _LOCAL_AT[name]
    for name in (
        "title_shaped",
        "words_1",
        "words_2_3",
        "all_caps",
        "ends_colon",
        "decorated",
        "field_title",
    )
]


def article_features(
    features: np.ndarray,
    probabilities: np.ndarray,
    states: list[int],
    texts: list[str],
    runs: list[tuple[int, int]],
    body: int,
    furniture: int,
    outside: int,
) -> np.ndarray:
    """One row of ARTICLE_FEATURES per decoded article `runs` (row ranges, end exclusive).

    `body`, `furniture`, `outside` are the state indices; `texts` are the rows' texts. A
    run that shares its story's words with the article right above it, under a headline
    of its own, is that story going on under a subheading; a copy repeats the headline too.
    """
    words = [t.count(" ") + 1 for t in texts]
    out = np.zeros((len(runs), len(ARTICLE_FEATURES)), dtype=np.float32)
    if not runs:
        return out
    prose_col = _LOCAL_AT["paragraph_shaped"]
    body_words = []
    for a, b in runs:
        body_words.append(sum(words[k] for k in range(a, b) if states[k] == body))
    largest = max(max(body_words), 1)
    n = len(states)
    vocab = [_content_words(texts, a + 1, b) for a, b in runs]
    titles = [_content_words(texts, a, a + 1) for a, _ in runs]
    for r, ((a, b), bw) in enumerate(zip(runs, body_words, strict=True)):
        body_rows = [k for k in range(a + 1, b) if states[k] == body]
        furn = sum(1 for k in range(a + 1, b) if states[k] == furniture)
        before = 0
        k = a - 1
        while k >= 0 and states[k] == outside:
            before += 1
            k -= 1
        after = 0
        k = b
        while k < n and states[k] == outside:
            after += 1
            k += 1
        out[r, :9] = (
            math.log1p(b - a),
            math.log1p(len(body_rows)),
            math.log1p(bw),
            math.log1p(sum(features[k, prose_col] for k in body_rows)),
            furn / max(1, b - a - 1),
            bw / largest,
            float(np.mean(probabilities[body_rows, body])) if body_rows else 0.0,
            float(probabilities[a, 1]),
            float(np.mean(probabilities[a:b, outside])),
        )
        out[r, 9:16] = features[a, _TITLE_COLUMNS]
        out[r, 16] = math.log1p(before)
        out[r, 17] = math.log1p(after)
        out[r, 18] = float(a + 1 < b and states[a + 1] == furniture)
        if r and a > 0 and states[a - 1] != outside:
            out[r, 19] = 1.0
            out[r, 20] = _overlap(vocab[r], vocab[r - 1])
            out[r, 21] = _overlap(titles[r], titles[r - 1])
        out[r, 22] = 1.0
    return out


def _content_words(texts: list[str], a: int, b: int) -> frozenset[str]:
    """Content words of rows a..b (the first ARTICLE_WORDS of them)."""
    found: list[str] = []
    for k in range(a, b):
        found += CONTENT_WORD.findall(texts[k][:COHESION_CHARS].lower())
        if len(found) >= ARTICLE_WORDS:
            break
    return frozenset(w for w in found[:ARTICLE_WORDS] if w not in STOPWORDS)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
