"""Stage 3: turn each draft into an article; every dropped piece is reported with its reason.

Decisions come from evidence: a line printed again a few lines on (headline and caption
blocks), a line recurring across distinct articles of the same dump (site chrome), the
shape of a line (rules, share bars, counters, CMS labels, credits, bylines, datelines), and
what surrounds it (a subheading sits between paragraphs and leads into prose). When the
evidence is thin the line stays in the article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from service.model import Article, Block, Draft, Image, Line, Removed, Section, Span
from service.pipeline.lineshape import (
    CHROME_MAX_CHARS,
    CLOSERS,
    CREDIT_MAX_WORDS,
    TAIL_WINDOW,
    WRAP_SLACK,
    bracket_credit,
    byline_name,
    chrome_shape,
    dateline_line,
    dateline_prefix,
    field_label,
    is_bare_date,
    is_data_line,
    is_fixture_row,
    is_heading_shaped,
    is_lead_in,
    is_link_list_head,
    is_menu_label,
    is_paragraph_shaped,
    is_table_row,
    is_teaser_shaped,
    link_list_length,
    sign_off,
    tail_credit,
    title_bounds,
    wrap_width,
)
from service.pipeline.normalise import (
    LONG_LINE_CHARS,
    LineTexts,
    fold_for_compare,
    normalise,
    normalise_with_map,
)

__all__ = ["DumpModel", "build_dump_model", "clean"]

# A line recurring in this many distinct articles of one dump is site chrome...
CHROME_MIN_ARTICLES = 3
# ...where two drafts sharing this many long lines are copies of one article, not two.
COPY_MIN_SHARED = 2
# Lines this long are sentences that identify an article (copies share them, chrome rarely).
LONG_LINE_WORDS = 8
# A long line in more drafts than this is chrome, not evidence that drafts are copies.
COPY_MAX_SPREAD = 6
# A short line repeated this close is a doubled print; further apart it may be content.
SHORT_REPEAT_WINDOW = 3
SHORT_LINE_WORDS = 4
# Column labels over a table row are fewer words than this ("Curr Wk YTD Yr Ago").
TABLE_HEADER_MAX_WORDS = 12
# The headline block (headline, caption, logo text, headline again) is this many lines at most.
HEADER_BLOCK_LINES = 8
# ...and holds at most this many stray short lines (logo alt text, a kicker) besides captions.
HEADER_FRAGMENTS = 2
# A first line this long is body text: the article has no headline.
TITLE_MAX_WORDS = 40
# A record is a CMS export when it has a title field or this many kinds of field.
CMS_MIN_FIELDS = 2
# Subheadings are short (is_heading_shaped has the full test).
HEADING_MAX_CHARS = 90
# A credit line of its own credits the caption at most this many lines above it.
CREDIT_LOOKBACK = 3
# Wrapped paragraphs open on an indent where at least this share of lines is indented.
INDENTED_PARAGRAPH_SHARE = 0.08
# A dateline prefix is split off only when a real sentence follows it.
DATELINE_MIN_REST_WORDS = 5
# This many headlines in a row inside a body are a list of links to other stories.
LINK_RUN_MIN = 3
# ...and this many bare labels in a row are a site's navigation menu.
MENU_RUN_MIN = 5
# Without prose beside them, lines of fewer words on average are a notice's fields.
NOTICE_WORDS = 5
# A paragraph of this many words ending on ":" introduces a list of the story's own.
LIST_INTRO_MIN_WORDS = 4
# What separates the fields of a list's items: "June 9 – Tampa, FL @ Amphitheatre",
# "Chen Gang ( China ) beat Ong Ewe Hock ( Malaysia ) 15-12 15-6".
ITEM_SEPARATORS = frozenset(",;–—@|•/()")


@dataclass(frozen=True, slots=True)
class DumpModel:
    """What the dump as a whole says about its lines."""

    chrome_keys: frozenset[str]  # lines recurring across distinct articles
    wrap_width: int | None  # the hard-wrap width, when paragraphs are wrapped
    indented: bool = False  # wrapped paragraphs open on an indented line (old wire copy)


@dataclass(slots=True)
class _Row:
    # Not frozen, though never changed: one is built per input line, and a frozen dataclass
    # costs three times as much to build. Slots read faster than a NamedTuple's fields.
    line: Line
    text: str  # normalised
    key: str  # fold_for_compare


def clean(
    drafts: Sequence[Draft], views: LineTexts | None = None
) -> tuple[tuple[Article, ...], tuple[Removed, ...]]:
    """Articles from drafts, with every dropped line or part of a line in `removed`."""
    removed: list[Removed] = []
    for draft in drafts:
        if draft.outside:
            removed.extend(_outside_removals(draft, views))
    inside = [d for d in drafts if not d.outside]
    rows = [_rows(d, views, removed) for d in inside]
    model = build_dump_model(rows)
    articles: list[Article] = []
    sole = len(inside) == 1
    shapes: dict[str, _Shape] = {}
    for draft, draft_rows in zip(inside, rows, strict=True):
        if not draft_rows:
            continue
        article, dropped = _clean_one(draft_rows, model, draft.furniture, sole, shapes)
        removed.extend(dropped)
        if article is not None:
            articles.append(article)
    return tuple(articles), tuple(_compact(removed))


def _outside_removals(draft: Draft, views: LineTexts | None) -> list[Removed]:
    """Every line of an outside draft, with its chrome reason where its shape gives one."""
    out = []
    for line in draft.lines:
        text = views.texts[line.number - 1] if views is not None else normalise(line.text)
        if not text and (not line.text or line.text.isspace()):
            continue
        reason = chrome_shape(text) or "outside_article" if text else "boilerplate"
        out.append(_removal(line, reason))
    return out


def _rows(draft: Draft, views: LineTexts | None, invisible: list[Removed]) -> list[_Row]:
    """The draft's non-blank lines; lines of invisible characters only go to `invisible`."""
    out = []
    texts, keys = (views.texts, views.keys) if views is not None else ((), ())
    for line in draft.lines:
        if views is not None:
            text, key = texts[line.number - 1], keys[line.number - 1]
        else:
            text = normalise(line.text)
            key = fold_for_compare(text)
        if text:
            out.append(_Row(line, text, key))
        elif line.text and not line.text.isspace():
            invisible.append(_removal(line, "boilerplate"))
    return out


def build_dump_model(drafts: Sequence[Sequence[_Row]]) -> DumpModel:
    """Chrome keys (lines in several distinct articles) and the wrap width of the dump."""
    # One pass over every row gathers what the three questions need. For each line, the
    # drafts it is in: the first one, then all of them once it is seen in a second one
    # (most lines are in one draft only and never pay for a list or a set).
    lengths: list[int] = []
    indents = 0
    first_long: dict[str, int] = {}
    long_in: dict[str, list[int]] = {}  # long lines and headlines: copies share them
    first_seen: dict[str, int] = {}
    seen_in: dict[str, set[int]] = {}  # every line but a headline: chrome recurs
    for d, rows in enumerate(drafts):
        if not rows:
            continue
        title = "\0title\0" + rows[0].key
        was = first_long.setdefault(title, d)
        if was != d:
            long_in.setdefault(title, [was]).append(d)
        for k, row in enumerate(rows):
            text, key = row.text, row.key
            lengths.append(len(text))
            raw = row.line.text
            if raw[:2] == "  " or raw[:1] == "\t":
                indents += 1
            # a draft's first line is its headline, never chrome by recurrence
            if k and first_seen.setdefault(key, d) != d:
                seen_in.setdefault(key, {first_seen[key]}).add(d)
            if len(text) > 40 and text.count(" ") + 1 >= LONG_LINE_WORDS:
                was = first_long.setdefault(key, d)
                if was != d:
                    hits = long_in.setdefault(key, [was])
                    if hits[-1] != d:
                        hits.append(d)
    groups = _copy_groups(long_in, len(drafts))
    chrome = frozenset(
        key
        for key, ds in seen_in.items()
        if len(ds) >= CHROME_MIN_ARTICLES and len({groups[d] for d in ds}) >= CHROME_MIN_ARTICLES
    )
    width = wrap_width(lengths)
    indented = width is not None and indents >= INDENTED_PARAGRAPH_SHARE * len(lengths)
    return DumpModel(chrome, width, indented)


def _copy_groups(long_in: dict[str, list[int]], n: int) -> list[int]:
    """Group id per draft; drafts sharing long lines (copies of one story) share a group.

    `long_in` lists, for each long line or headline seen in more than one draft, its drafts.
    """
    shared: Counter[tuple[int, int]] = Counter()
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, hits in long_in.items():
        if len(hits) > COPY_MAX_SPREAD:
            continue
        weight = COPY_MIN_SHARED if key.startswith("\0title\0") else 1
        for a in range(len(hits)):
            for b in range(a + 1, len(hits)):
                shared[(hits[a], hits[b])] += weight
    for (a, b), count in shared.items():
        if count >= COPY_MIN_SHARED:
            parent[find(a)] = find(b)
    return [find(d) for d in range(n)]


# ---------------------------------------------------------------------------------------------
# One draft


@dataclass(slots=True)
class _Piece:
    """A kept piece of a line: its normalised text and raw range (never changed; see _Row)."""

    text: str
    start: int
    end: int


def _clean_one(
    rows: list[_Row],
    model: DumpModel,
    furniture: frozenset[int] = frozenset(),
    sole: bool = False,
    shapes: dict[str, _Shape] | None = None,
) -> tuple[Article | None, list[Removed]]:
    """One draft's article. `furniture` lines (by number) are never body text: they may
    give a byline, a caption or a subheading, and are dropped as boilerplate otherwise.
    A draft without a body is page furniture unless it is the `sole` one of its dump (a
    headline sent alone is still what the caller sent). `shapes` keeps _short_shape()'s
    answers across the drafts of one dump."""
    shapes = {} if shapes is None else shapes
    n = len(rows)
    role: list[str | None] = [None] * n  # title caption credit byline content, or "x:<reason>"
    piece: list[_Piece | None] = [None] * n
    removed: list[Removed] = []
    title_i: int | None = None
    byline: _Piece | None = None
    dateline: _Piece | None = None
    images: list[tuple[int, str, str | None]] = []  # (row, caption, credit)

    # 1. chrome by shape, CMS fields, chrome by recurrence across articles
    labels = [field_label(r.text) for r in rows]
    kinds = {label[0] for label in labels if label is not None}
    if "title" not in kinds and len(kinds) < CMS_MIN_FIELDS:
        labels = [None] * n  # one "Source: ..." line is prose, not a CMS export
    chrome_keys = model.chrome_keys
    for i, row in enumerate(rows):
        label = labels[i]
        if label is not None:
            kind, value, _ = label
            if kind == "title" and title_i is None and value:
                title_i = i
                role[i] = "title"
                _tail_piece(row, value, removed, "field_label")  # reports the label
                piece[i] = _title_piece(row, removed, start=max(row.text.rfind(value), 0))
            elif kind == "byline" and value:
                byline = byline or _value_piece(row, value)
                role[i] = "x:byline"
            elif kind == "dateline" and value:
                dateline = dateline or _value_piece(row, value)
                role[i] = "x:dateline"
            elif kind == "caption" and value:
                role[i] = "caption"
                piece[i] = _tail_piece(row, value, removed, "field_label")
                images.append((i, piece[i].text, None))  # type: ignore[union-attr]
            elif kind == "credit" and value:
                role[i] = "x:credit"
                if images and images[-1][2] is None:
                    images[-1] = (images[-1][0], images[-1][1], value)
            elif kind == "body" and value:
                role[i] = "content"
                piece[i] = _tail_piece(row, value, removed, "field_label")
            else:
                role[i] = "x:field_label"
            continue
        reason = None
        if len(row.text) <= CHROME_MAX_CHARS:
            chrome, signs_off, _ = _short_shape(row.text, shapes)
            reason = chrome or ("sign_off" if i and signs_off else None)
        if reason is None and row.key in chrome_keys and not _data_context(rows, i):
            reason = "boilerplate"
        if reason is not None:
            role[i] = "x:" + reason

    # a list of links to other stories, inside one block of lines
    k = 0
    while k < n:
        # the head may recur across articles already; its links rarely do
        text = rows[k].text
        if (
            role[k] in (None, "x:boilerplate")
            and len(text) <= CHROME_MAX_CHARS
            and _short_shape(text, shapes)[2]
        ):
            end = k + _link_list_length(rows, k)
            for j in range(k, end):
                role[j] = role[j] or "x:boilerplate"
            k = max(end, k + 1)
        else:
            k += 1

    # 2. the headline: a "Title:" field, else the first line left
    if title_i is None:
        for i in range(n):
            if role[i] is not None:
                continue
            name = byline_name(rows[i].text)
            if name is not None and byline is None:
                byline = _value_piece(rows[i], name)
                role[i] = "x:byline"
                continue
            if rows[i].text.count(" ") < TITLE_MAX_WORDS:
                title_i = i
                role[i] = "title"
                piece[i] = _title_piece(rows[i], removed)
            break
    title_key = rows[title_i].key if title_i is not None else None
    if title_i is not None and piece[title_i] is not None:
        title_key = _fold_piece(rows[title_i], piece[title_i].text)  # type: ignore[union-attr]

    # 3. repeats, captions and bylines, in reading order
    seen: dict[str, int] = {}
    if title_key:
        seen[title_key] = -1
    prose_seen = False
    last_title_repeat = -1
    for i, row in enumerate(rows):
        key = row.key
        if role[i] is not None:
            if key and role[i] in ("caption", "content"):
                seen.setdefault(key, i)
            continue
        first = seen.get(key) if key else None
        if first is not None:
            reason = _repeat_reason(rows, role, i, first)
            if reason is not None:
                role[i] = "x:" + reason
                if reason == "repeated_title":
                    last_title_repeat = i
                continue
        elif key:
            seen[key] = i
        text = row.text
        window = max(0, len(text) - TAIL_WINDOW)
        caption = (
            tail_credit(text)
            if text.find(":", window) >= 0 or text.find(" by ", window) >= 0
            else None
        )
        if caption is None and text[-1] != ")":
            pass
        elif caption is None and _doubled(rows, i):
            caption = bracket_credit(row.text)
        elif caption is None and not prose_seen:
            caption = bracket_credit(row.text)
            if caption is not None and not is_paragraph_shaped(caption[0]):
                caption = None
        if caption is not None and not caption[0] and caption[1].count(" ") < CREDIT_MAX_WORDS:
            # a credit on a line of its own ("Photo: AP") belongs to the line above
            role[i] = "x:credit"
            above = _last_content(role, i)
            if above is not None and above != title_i:
                role[above] = "caption"
                images.append((above, rows[above].text, caption[1]))
                # an uncredited line only became a caption now: its twin below is body text
                if seen.get(rows[above].key) == above:
                    del seen[rows[above].key]
            continue
        if caption is not None and caption[0].count(" ") >= 2:
            role[i] = "caption"
            piece[i] = _head_piece(row, caption[2], removed, "credit")
            images.append((i, caption[0], caption[1]))
            continue
        if not prose_seen and byline is None and text[0] == "B":
            name = byline_name(row.text)
            if name is not None:
                byline = _value_piece(row, name)
                role[i] = "x:byline"
                continue
        if not prose_seen and dateline is None:
            named = dateline_line(text)
            if named is not None:
                dateline = _value_piece(row, named)
                role[i] = "x:dateline"
                continue
        # a fixture heads its part of a match preview ("Lazio ( 12 ) v AS Roma ( 7 ) 1930"),
        # a short label ending in a colon leads into the text below it ("Teams :", "Squad :")
        if (
            row.line.number in furniture
            and not (is_heading_shaped(text) or is_fixture_row(text))
            and not _leads_into_text(rows, i, furniture)
        ):
            role[i] = "x:boilerplate"
            continue
        role[i] = "content"
        if not prose_seen and is_paragraph_shaped(text):
            prose_seen = True

    # 4. inside the headline block, short leftovers (a logo's alt text) are chrome
    if title_i is not None and 0 <= last_title_repeat - title_i <= HEADER_BLOCK_LINES:
        between = range(title_i + 1, last_title_repeat)
        fragments = [i for i in between if role[i] == "content" and _is_fragment(rows[i].text)]
        pictured = any(role[i] in ("caption", "x:repeated_caption") for i in between)
        if pictured and len(fragments) <= HEADER_FRAGMENTS:
            for i in fragments:
                role[i] = "x:boilerplate"

    # 5. the body's paragraphs, wrapped lines joined; a run of headlines among them is a
    # list of links to other stories ("Most popular", "Related coverage"), not the story
    content = [i for i, r in enumerate(role) if r == "content"]
    paras = _paragraphs(rows, content, piece, model.wrap_width, model.indented)
    linked = _link_run_rows(content, paras)
    if linked:
        for i in linked:
            role[i] = "x:boilerplate"
        paras = [p for p in paras if p[2] not in linked]

    # 6. report the dropped lines; the dateline is split off the first paragraph
    removed += [_removal(rows[i].line, r[2:]) for i, r in enumerate(role) if r and r[:2] == "x:"]
    if paras:
        split = _split_dateline(rows, paras[0])
        if split is not None:
            place, prefix, rest = split
            removed.append(_part_removal(rows[paras[0][2]].line, prefix, "dateline"))
            paras[0] = (rest, paras[0][1], paras[0][2])
            if dateline is None:
                dateline = place

    if not paras and title_i is not None and _is_sentence(rows[title_i].text):
        # a text of one sentence is a body without a headline, not a headline without a body
        paras = [(_whole_piece(rows[title_i]), rows[title_i].line, title_i)]
        removed = [r for r in removed if r.line != rows[title_i].line.number]
        title_i = None
    if paras and all(is_bare_date(p.text) for p, _, _ in paras):
        # a headline over its date is a teaser card, not a story: the date is no body
        for _, _, i in paras:
            role[i] = "x:boilerplate"
            removed.append(_removal(rows[i].line, "boilerplate"))
        paras = []
    if not paras and not sole:
        # no body: a headline alone, a label, a caption is page furniture, not an article
        kept = {rows[i].line.number for i, r in enumerate(role) if not (r or "").startswith("x:")}
        removed = [r for r in removed if r.line not in kept]
        removed += [
            _removal(rows[i].line, "outside_article")
            for i in range(n)
            if rows[i].line.number in kept
        ]
        return None, removed
    if title_i is None and not paras and not images:
        return None, removed
    title_piece = piece[title_i] if title_i is not None else None
    return _article(rows, title_piece, paras, images, piece, byline, dateline), removed


def _link_run_rows(content: list[int], paras: list[tuple[_Piece, Line, int]]) -> set[int]:
    """The rows of paragraphs that make a list of links: LINK_RUN_MIN or more headlines in a
    row (no sentence among them), or MENU_RUN_MIN or more menu labels, with the short
    label just above ("Top stories").

    A story's prose ends its sentences and a subheading leads into prose; only lists of
    other stories' headlines (teasers, "Related", "Most read") stack headlines, and only a
    site's navigation stacks bare labels ("Florida", "Health Check", "Promise Kept"),
    unless the list is the story's own (_story_list)."""
    texts = [p.text for p, _, _ in paras]
    candidates = [
        *_runs([is_teaser_shaped(t) for t in texts], LINK_RUN_MIN),
        *_runs([is_menu_label(t) for t in texts], MENU_RUN_MIN),
    ]
    if not candidates:
        return set()
    prose = any(map(is_paragraph_shaped, texts))
    runs = []
    for k, end in candidates:
        above = texts[k - 1] if k else ""
        below = texts[end] if end < len(texts) else ""
        if not _story_list(texts[k:end], above, below, prose):
            label = k > 0 and _is_fragment(above)
            runs.append(range(k - 1 if label else k, end))
    # a paragraph's rows: from its first row up to the next paragraph's first row
    at = {i: n for n, i in enumerate(content)}
    bounds = [at[p[2]] for p in paras] + [len(content)]
    return {content[n] for run in runs for k in run for n in range(bounds[k], bounds[k + 1])}


def _runs(shaped: list[bool], least: int) -> list[tuple[int, int]]:
    """(start, end) of each run of at least `least` consecutive True values."""
    out = []
    k = 0
    while k < len(shaped):
        end = k
        while end < len(shaped) and shaped[end]:
            end += 1
        if end - k >= least:
            out.append((k, end))
        k = max(end, k + 1)
    return out


def _story_list(run: list[str], above: str, below: str, prose: bool) -> bool:
    """Whether a run of headline-shaped lines is the story's own list or table, not links
    to other stories: the story announces it ("In the interview he also said:"), or a
    label does over figures ("Scorers :"); it heads table rows (column labels; "Pretax
    profit includes -" above "Agribusiness 28.3 mln vs 22.5 mln"); its items are fixtures
    ("Austria at Croatia"), share one structure ("June 9 – Tampa, FL @ Amphitheatre")
    or end on a figure (a score, a total); or, with no prose beside it, its items are a
    notice's short fields ("Pay April one", "Record March 13") where headlines are
    written out."""
    if above.endswith(":") and above.count(" ") >= LIST_INTRO_MIN_WORDS - 1:
        return True
    if is_lead_in(above) and sum(map(_has_digit, run)) * 2 >= len(run):
        return True
    if is_table_row(below):
        return True
    if not prose and sum(t.count(" ") + 1 for t in run) < NOTICE_WORDS * len(run):
        return True
    if sum(map(is_fixture_row, run)) * 3 >= len(run) * 2:
        return True
    skeletons = Counter("".join(ch for ch in t if ch in ITEM_SEPARATORS) for t in run)
    skeleton, count = skeletons.most_common(1)[0]
    if skeleton and count * 3 >= len(run) * 2:
        return True
    return sum(1 for t in run if t[-1].isdigit()) * 2 >= len(run)


def _split_dateline(
    rows: list[_Row], para: tuple[_Piece, Line, int]
) -> tuple[_Piece, _Piece, _Piece] | None:
    """(place, removed prefix, rest of the paragraph) when the paragraph opens with a dateline."""
    p, _line, i = para
    found = dateline_prefix(p.text)
    if found is None or len(p.text[found[1] :].split()) < DATELINE_MIN_REST_WORDS:
        return None
    place_text, cut = found
    row = rows[i]
    mapped = normalise_with_map(row.line.text, row.line.start)
    where = mapped[1]
    lead = bisect_left(where, p.start)
    if lead + cut >= len(where) or row.text[lead : lead + cut] != p.text[:cut]:
        return None
    place = _sub_piece(row, lead, lead + len(place_text), mapped)
    prefix = _sub_piece(row, lead, lead + cut, mapped)
    rest_text = p.text[cut:].lstrip()
    rest_start = _sub_piece(row, lead + cut, len(row.text), mapped).start
    return place, prefix, _Piece(rest_text, rest_start, p.end)


# First letters of LINK_LIST_HEAD's phrases: other lines skip the regex.
_LINK_LIST_FIRST = frozenset("rRsSaAmMyY")

# What a short line's shape alone says: (its chrome reason, a sign-off, a link list's head).
_Shape = tuple[str | None, bool, bool]


def _short_shape(text: str, shapes: dict[str, _Shape]) -> _Shape:
    """The shape of a line of at most CHROME_MAX_CHARS, tested once per distinct text
    (short lines repeat: chrome, rules, one line pasted a million times)."""
    found = shapes.get(text)
    if found is None:
        found = shapes[text] = (
            chrome_shape(text),
            sign_off(text),
            text[0] in _LINK_LIST_FIRST and is_link_list_head(text),
        )
    return found


def _link_list_length(rows: list[_Row], i: int) -> int:
    """link_list_length() over the rows from i that sit on consecutive lines."""
    texts = [rows[i].text]
    for j in range(i + 1, len(rows)):
        if rows[j].line.number != rows[j - 1].line.number + 1 or len(texts) > 30:
            break
        texts.append(rows[j].text)
    return link_list_length(texts, 0) if len(texts) > 1 else 0


def _fold_piece(row: _Row, text: str) -> str:
    """fold_for_compare(text) for a piece of the row: the row's own key when it is all of it.

    The key of a row of at most LONG_LINE_CHARS is that fold already (normalising a
    normalised text changes nothing); a longer row's key is only case-folded.
    """
    if text == row.text and len(text) <= LONG_LINE_CHARS:
        return row.key
    return fold_for_compare(text)


def _repeat_reason(rows: list[_Row], role: list[str | None], i: int, first: int) -> str | None:
    """Why a line printed again is dropped, or None when it may be content after all."""
    if first == -1:
        return "repeated_title"
    if role[first] == "caption":
        return "repeated_caption"
    if role[first] == "title":
        return "repeated_title"
    if _heads_table(rows, i):
        return None  # each division of a standings table prints its column labels again
    if len(rows[i].text.split()) >= SHORT_LINE_WORDS or i - first <= SHORT_REPEAT_WINDOW:
        return "repeated_line"
    return None


def _heads_table(rows: list[_Row], i: int) -> bool:
    """A short line of labels, no figures, right above a table row ("W L PCT GB")."""
    text = rows[i].text
    return (
        i + 1 < len(rows)
        and text.count(" ") < TABLE_HEADER_MAX_WORDS
        and not _has_digit(text)
        and is_table_row(rows[i + 1].text)
    )


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _last_content(role: list[str | None], i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 1 - CREDIT_LOOKBACK), -1):
        if role[j] == "content":
            return j
        if role[j] is None or not role[j].startswith("x:"):  # type: ignore[union-attr]
            return None
    return None


def _doubled(rows: list[_Row], i: int) -> bool:
    key = rows[i].key
    return (i + 1 < len(rows) and rows[i + 1].key == key) or (i > 0 and rows[i - 1].key == key)


def _is_fragment(text: str) -> bool:
    return len(text.split()) <= SHORT_LINE_WORDS and not text.endswith((".", "!", "?", '"'))


def _is_sentence(text: str) -> bool:
    """A line that ends as a sentence does, with three words or more."""
    return text.count(" ") >= 2 and text.rstrip(CLOSERS).endswith((".", "!", "?"))


def _leads_into_text(rows: list[_Row], i: int, furniture: frozenset[int]) -> bool:
    """A label of a few words ending in a colon, right above text of the story ("Teams :"
    over the line-ups, "- Pacific Coast :" over its forecast)."""
    return (
        is_lead_in(rows[i].text) and i + 1 < len(rows) and rows[i + 1].line.number not in furniture
    )


def _data_context(rows: list[_Row], i: int) -> bool:
    """A short line between table rows ("Year", "Nine mths") is a table label, not chrome."""
    if rows[i].text.count(" ") > 2:  # normalised text: one space between words
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(rows) and is_data_line(rows[j].text) and chrome_shape(rows[j].text) is None:
            return True
    return False


def _paragraphs(
    rows: list[_Row],
    content: list[int],
    piece: list[_Piece | None],
    wrap: int | None,
    indented: bool = False,
) -> list[tuple[_Piece, Line, int]]:
    """(piece, first line, first row) per paragraph; wrapped lines are joined.

    Where paragraphs open on an indent (`indented`), an indented line starts a new one and
    every other line goes on the one above, however short the line above is.
    """
    if wrap is None:  # every line is a paragraph: no groups to build
        return [(piece[i] or _whole_piece(rows[i]), rows[i].line, i) for i in content]
    groups: list[list[_Piece]] = []
    heads: list[int] = []
    prev = -2
    for i in content:
        row = rows[i]
        p = piece[i] or _whole_piece(row)
        follows = groups and prev == i - 1 and rows[prev].line.number == row.line.number - 1
        if indented:  # paragraphs open on an indent, and only there
            joins = follows and row.line.text[:1] not in (" ", "\t")
        else:
            joins = follows and len(rows[prev].text) >= wrap - WRAP_SLACK
        if joins:
            groups[-1].append(p)
        else:
            groups.append([p])
            heads.append(i)
        prev = i
    out = []
    for group, i in zip(groups, heads, strict=True):
        first = group[0]
        if len(group) > 1:  # joined once, at the end: a long wrapped paragraph stays linear
            first = _Piece(" ".join([x.text for x in group]), first.start, group[-1].end)
        out.append((first, rows[i].line, i))
    return out


def _article(
    rows: list[_Row],
    title: _Piece | None,
    paras: list[tuple[_Piece, Line, int]],
    images: list[tuple[int, str, str | None]],
    piece: list[_Piece | None],
    byline: _Piece | None,
    dateline: _Piece | None,
) -> Article:
    blocks: list[Block] = []
    if title is not None:
        blocks.append(Block("title", title.text, ((title.start, title.end),)))
    for i, caption, _credit in images:
        p = piece[i] or _whole_piece(rows[i])
        blocks.append(Block("caption", caption, ((p.start, p.end),)))
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    last = len(paras) - 1
    for k, (p, _line, _row) in enumerate(paras):
        text = p.text
        heading = (
            0 < k < last
            and len(text) <= HEADING_MAX_CHARS
            and is_heading_shaped(text)
            and is_paragraph_shaped(paras[k + 1][0].text)
            and not is_heading_shaped(paras[k - 1][0].text)
        )
        if heading:
            sections.append((text, []))
            blocks.append(Block("heading", text, ((p.start, p.end),)))
        else:
            sections[-1][1].append(text)
            blocks.append(Block("paragraph", text, ((p.start, p.end),)))
    at = 1 if title else 0
    for kind, found in (("byline", byline), ("dateline", dateline)):
        if found is not None:
            blocks.insert(at, Block(kind, found.text, ((found.start, found.end),)))
            at += 1
    first, end = rows[0].line, rows[-1].line
    return Article(
        span=Span(first.start, end.end, first.number, end.number),
        title=title.text if title else None,
        sections=tuple(Section(h, tuple(ps)) for h, ps in sections if h is not None or ps),
        blocks=tuple(blocks),
        byline=byline.text if byline else None,
        dateline=dateline.text if dateline else None,
        images=_unique_images(images),
    )


def _unique_images(images: Iterable[tuple[int, str, str | None]]) -> tuple[Image, ...]:
    out: dict[str, Image] = {}
    for _, caption, credit in images:
        key = fold_for_compare(caption)
        if key not in out:
            out[key] = Image(caption, credit)
    return tuple(out.values())


# ---------------------------------------------------------------------------------------------
# Pieces of lines and their raw offsets


def _whole_piece(row: _Row) -> _Piece:
    raw = row.line.text
    if raw == row.text:
        return _Piece(raw, row.line.start, row.line.end)
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw.rstrip())
    return _Piece(row.text, row.line.start + lead, row.line.start + max(trail, lead))


def _title_piece(row: _Row, removed: list[Removed], start: int = 0) -> _Piece:
    """The headline of a title row from normalised offset `start` (past a "Title:" label);
    list numbers, Markdown and "FW:" marks around it are reported as markup."""
    a, b = title_bounds(row.text[start:])
    a, b, end = a + start, b + start, len(row.text)
    if a == start and b == end:
        return _sub_piece(row, start, end) if start else _whole_piece(row)
    mapped = normalise_with_map(row.line.text, row.line.start)
    for lo, hi in ((start, a), (b, end)):
        if hi > lo:
            part = _sub_piece(row, lo, hi, mapped)
            if part.text:
                removed.append(_part_removal(row.line, part, "markup"))
    return _sub_piece(row, a, b, mapped)


def _sub_piece(
    row: _Row, a: int, b: int, mapped: tuple[str, tuple[int, ...]] | None = None
) -> _Piece:
    """The piece of a row between normalised offsets a and b, with its raw range.

    `mapped` is the row's normalise_with_map(), when the caller already has it.
    """
    text, where = mapped or normalise_with_map(row.line.text, row.line.start)
    a, b = max(0, min(a, len(text))), max(0, min(b, len(text)))
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    if a >= b:
        at = where[a] if a < len(where) else row.line.end
        return _Piece("", at, at)
    return _Piece(text[a:b], where[a], where[b - 1] + 1)


def _value_piece(row: _Row, value: str) -> _Piece:
    at = max(row.text.rfind(value), 0)
    return _sub_piece(row, at, at + len(value))


def _tail_piece(row: _Row, value: str, removed: list[Removed], reason: str) -> _Piece:
    """Keep the end of a line from where `value` starts; report the head as removed."""
    cut = max(row.text.rfind(value), 0) if value else len(row.text)
    mapped = normalise_with_map(row.line.text, row.line.start)
    if cut > 0:
        head = _sub_piece(row, 0, cut, mapped)
        removed.append(_part_removal(row.line, head, reason))
    return _sub_piece(row, cut, len(row.text), mapped)


def _head_piece(row: _Row, cut: int, removed: list[Removed], reason: str) -> _Piece:
    """Keep the start of a line up to normalised offset `cut`; report the tail as removed."""
    mapped = normalise_with_map(row.line.text, row.line.start)
    tail = _sub_piece(row, cut, len(row.text), mapped)
    removed.append(_part_removal(row.line, tail, reason))
    return _sub_piece(row, 0, cut, mapped)


def _removal(line: Line, reason: str) -> Removed:
    return Removed(line.number, line.start, line.end, line.text, reason)


def _part_removal(line: Line, piece: _Piece, reason: str) -> Removed:
    """A removed part of a line: its text as sent (raw), not as normalised."""
    raw = line.text[piece.start - line.start : piece.end - line.start]
    return Removed(line.number, piece.start, piece.end, raw, reason)


def _compact(removed: list[Removed]) -> list[Removed]:
    """Fold runs of identical whole-line removals, and runs of lines outside every article,
    into one entry with `line_end` (its text is the first line's)."""
    out: list[Removed] = []
    head: Removed | None = None  # the first entry of the run being folded
    last = end = 0  # the run's last line and end offset so far
    for r in sorted(removed, key=attrgetter("start", "end")):
        if (
            head is not None
            and head.reason == r.reason
            and (head.text == r.text or r.reason == "outside_article")
            and last + 1 <= r.line
            and r.line - last <= 2
        ):
            last, end = r.line, r.end  # one entry is built per run, when it ends
            continue
        if head is not None:
            out.append(_folded(head, last, end))
        head, last, end = r, r.line_end or r.line, r.end
    if head is not None:
        out.append(_folded(head, last, end))
    return out


def _folded(head: Removed, last: int, end: int) -> Removed:
    """The run from `head` to line `last` (ending at offset `end`) as one entry."""
    if last == (head.line_end or head.line):
        return head  # nothing was folded into it
    return Removed(head.line, head.start, end, head.text, head.reason, last)
