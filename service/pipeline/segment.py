"""Stage 2: cut the dump's lines into drafts, one per article.

The blank-line rhythm of the dump decides first: where paragraphs are separated by single
blanks, longer blank runs separate articles; where paragraphs sit on consecutive lines,
every blank run does. Inside what the rhythm leaves together, evidence of an article start
cuts again: a headline printed twice a few lines apart, a "Title:" field, a rule followed
by a headline. A piece that opens mid-prose is glued back to the article before it, since
keeping text in an article beats inventing a headless one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

from service.model import Draft, Line
from service.pipeline.lineshape import (
    SEPARATOR,
    WRAP_MAX_WIDTH,
    WRAP_SLACK,
    chrome_shape,
    field_label,
    header_furniture,
    is_data_line,
    is_paragraph_shaped,
    is_title_shaped,
    starts_capital,
    wrap_width,
)
from service.pipeline.normalise import LineTexts, describe_lines

__all__ = ["segment"]

# Blocks (runs of non-blank lines) of one line each: paragraphs are blank-separated.
SINGLE_LINE_BLOCK_SHARE = 0.5
# A headline printed again within this many lines opens a headline block...
REPEAT_AHEAD = 6
# ...unless the same line was already printed this close before (then it is the reprint).
REPEAT_BEHIND = 12
# A headline over this many lines of prose, with no blank between, is a whole story.
WHOLE_ARTICLE_LINES = 4
# ...and so is a headline over this many lines, all of them prose.
SHORT_WHOLE_ARTICLE_LINES = 3
# Longer lines are never headlines.
TITLE_MAX_CHARS = 200
# A piece opening with prose this long is a continuation, not an article.
CONTINUATION_WORDS = 20


def segment(lines: Sequence[Line], views: LineTexts | None = None) -> tuple[Draft, ...]:
    """Split the dump into drafts by blank rhythm, then by evidence of article starts."""
    views = views or describe_lines(lines)
    blocks, gaps = _blocks(lines)
    if not blocks:
        return ()
    wrapped = wrap_width([len(line.text) for b in blocks for line in b]) is not None
    split_gap = _article_gap(blocks, gaps, wrapped)
    # paragraphs are blank-separated in this dump, and each sits on one line
    spaced = split_gap != 1 and not wrapped
    pieces: list[list[Line]] = []
    for k, (block, gap) in enumerate(zip(blocks, gaps, strict=True)):
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        whole = (
            spaced
            and len(block) >= SHORT_WHOLE_ARTICLE_LINES  # the cheap test of most blocks
            and _is_whole_article(block, after, views)
        )
        cut = split_gap is not None and gap >= split_gap
        if cut and split_gap == 1 and gap == 1 and _spaced_paragraph(block, views):
            cut = False  # a region of blank-spaced paragraphs inside a compact dump
        if not pieces or cut or whole:
            pieces.append([])
        pieces[-1].extend(block)
        if whole:
            pieces.append([])  # what follows a pasted-in compact story is not part of it
    pieces = [p for p in pieces if p]
    drafts: list[list[Line]] = []
    for piece in pieces:
        drafts.extend(_split_on_evidence(piece, views))
    return tuple(Draft(tuple(d)) for d in _glue_continuations(drafts, views))


def _is_whole_article(block: list[Line], after: list[Line] | None, views: LineTexts) -> bool:
    """A block that is a story on its own: a headline over several lines of prose.

    In a dump whose paragraphs are blank-separated, such a block was pasted from a page that
    puts one paragraph per line (an earnings table counts, if a sentence is among it); a
    subheading leads one paragraph, not a run of lines. The caller has checked that the
    block has at least SHORT_WHOLE_ARTICLE_LINES lines.
    """
    if _looks_wrapped(block):
        return False
    head = views.texts[block[0].number - 1]
    if not is_title_shaped(head, True) or field_label(head) is not None:
        return False  # a CMS record's fields sit together above its blank-spaced body
    if after is not None and is_paragraph_shaped(views.texts[after[0].number - 1]):
        return False  # the story goes on below
    prose = [is_paragraph_shaped(views.texts[line.number - 1]) for line in block[1:]]
    return all(prose) if len(block) < WHOLE_ARTICLE_LINES else any(prose)


def _looks_wrapped(block: list[Line]) -> bool:
    """A hard-wrapped paragraph: every line but the last of about one width, at most 100."""
    widths = [len(line.text) for line in block[:-1]]
    return max(widths) <= WRAP_MAX_WIDTH and max(widths) - min(widths) <= WRAP_SLACK


def _blocks(lines: Sequence[Line]) -> tuple[list[list[Line]], list[int]]:
    """Runs of non-blank lines, with the length of the blank run before each."""
    blocks: list[list[Line]] = []
    gaps: list[int] = []
    blank = 0
    current: list[Line] | None = None
    for line in lines:
        raw = line.text
        if not raw or raw.isspace():  # Line.blank, inlined: this loop sees every line
            blank += 1
            current = None
            continue
        if current is None:
            current = []
            blocks.append(current)
            gaps.append(blank)
        current.append(line)
        blank = 0
    return blocks, gaps


def _article_gap(blocks: list[list[Line]], gaps: list[int], wrapped: bool) -> int | None:
    """The shortest blank run that separates articles in this dump; None: no run does."""
    inner = gaps[1:]
    if not inner:
        return None
    # a hard-wrapped paragraph is one paragraph too, whatever the rest of the dump does
    single = sum(1 for b in blocks if len(b) == 1 or _looks_wrapped(b)) / len(blocks)
    if single < SINGLE_LINE_BLOCK_SHARE and not wrapped:
        return 1  # paragraphs sit on consecutive lines, so any blank run ends an article
    paragraph_gap = min(inner)
    longer = [g for g in inner if g > paragraph_gap]
    return min(longer) if longer else None


def _split_on_evidence(piece: list[Line], views: LineTexts) -> list[list[Line]]:
    """Cut a piece where a new article visibly starts."""
    texts = [views.texts[line.number - 1] for line in piece]
    keys = [
        views.keys[line.number - 1] if len(t) <= 300 else ""
        for line, t in zip(piece, texts, strict=True)
    ]
    # lines that may be headlines (the cheap test); only their keys need positions
    candidates = [
        i
        for i in range(1, len(texts))
        if texts[i] and len(texts[i]) <= TITLE_MAX_CHARS and texts[i][-1] not in ".,;"
    ]
    wanted = {keys[i] for i in candidates}
    wanted.discard("")
    seen_at: dict[str, list[int]] = {}
    if wanted:
        for i, key in enumerate(keys):
            if key in wanted:
                seen_at.setdefault(key, []).append(i)
    blank_free = piece[-1].number - piece[0].number + 1 == len(piece)
    # a "Title:" field opens a record only once something but fields and chrome came before
    first_content = next(
        (k for k, t in enumerate(texts) if chrome_shape(t) is None and field_label(t) is None),
        len(texts),
    )
    starts = [0]
    for i in candidates:
        opens_block = blank_free or piece[i - 1].number != piece[i].number - 1
        if _starts_article(texts, keys, i, seen_at, opens_block, first_content):
            starts.append(i)
    starts.append(len(piece))
    return [piece[a:b] for a, b in pairwise(starts) if a < b]


def _starts_article(
    texts: list[str],
    keys: list[str],
    i: int,
    seen_at: dict[str, list[int]],
    opens_block: bool,
    first_content: int,
) -> bool:
    """Whether line i visibly starts an article.

    A headline reprinted a few lines on only counts where a blank line precedes it (or the
    dump has none): inside a block of consecutive lines it is a repeated table header.
    """
    text = texts[i]
    if text.find(":", 0, 30) > 0:
        label = field_label(text)
        if label is not None:
            return label[0] == "title" and first_content < i
    if not starts_capital(text):
        return False  # no headline, whatever the evidence below: the cheapest test first
    # then the evidence (cheap, and absent for almost every line), the headline shape last
    after_rule = len(texts[i - 1]) <= 40 and SEPARATOR.match(texts[i - 1]) is not None
    reprinted = False
    if not after_rule and opens_block:
        key = keys[i]
        later = seen_at.get(key, ())
        if len(later) > 1:
            at = bisect_right(later, i)  # positions are sorted: no scan of a long list
            before = later[at - 2] if at >= 2 else None  # later[at - 1] is i itself
            nxt = later[at] if at < len(later) else None
            # printed again after other lines (a doubled line is a caption), and not itself
            # the reprint of a headline just above
            reprinted = nxt is not None and i + 1 < nxt <= i + REPEAT_AHEAD
            reprinted = reprinted and (before is None or i - before > REPEAT_BEHIND)
    furnished = not (after_rule or reprinted) and _furniture_follows(texts, i, opens_block)
    if not (after_rule and i + 1 < len(texts)) and not reprinted and not furnished:
        return False
    return is_title_shaped(text, True) and not is_data_line(text)


def _furniture_follows(texts: list[str], i: int, opens_block: bool) -> bool:
    """Whether what a page prints under a headline follows line i.

    A byline or a date stamp right under it, or a photo credit under the caption below
    it; the credit only where a blank line precedes line i, since a caption block can
    sit inside an article too.
    """
    if i + 1 >= len(texts):
        return False
    below = header_furniture(texts[i + 1])
    if below in ("byline", "date"):
        return True
    if not opens_block or below is not None or i + 2 >= len(texts):
        return False
    return header_furniture(texts[i + 2]) == "credit" and not is_title_shaped(texts[i + 1])


def _glue_continuations(drafts: list[list[Line]], views: LineTexts) -> list[list[Line]]:
    """Append a draft that opens mid-prose to the draft before it."""
    out: list[list[Line]] = []
    for draft in drafts:
        draft = list(draft)
        first = _first_content(draft, views)
        opens_mid_prose = first is not None and (
            is_paragraph_shaped(first) and len(first.split()) >= CONTINUATION_WORDS
        )
        if out and opens_mid_prose:
            out[-1].extend(draft)  # in place: a run of glued pieces stays linear
        else:
            out.append(draft)
    return out


def _spaced_paragraph(block: list[Line], views: LineTexts) -> bool:
    """A block that is one paragraph of prose: a compact story opens on a headline instead."""
    if len(block) > 1 and not _looks_wrapped(block):
        return False
    text = views.texts[block[0].number - 1]
    if not text or text[-1] not in ".!?\"'" or text.count(" ") < 3:
        return False
    return not is_title_shaped(text, True) and field_label(text) is None


def _first_content(draft: list[Line], views: LineTexts) -> str | None:
    for line in draft:
        text = views.texts[line.number - 1]
        if chrome_shape(text) is None:
            return text
    return None
