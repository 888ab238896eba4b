"""Stage 2: cut the dump's lines into drafts, one per article, and set aside what is outside.

One straight path, the same for every layout: describe every non-blank line and its
surroundings (boundary_features), score how likely each line is to open an article, to
continue one, or to lie outside all of them (boundary_model), and decode the whole dump at
once. Then each decoded article must start a story of its own, by how its lines look and,
right below another article, by what its words say (continuation): one that goes on the
story above is a subheading of it, and one with nothing above (a menu label, a teaser) goes
outside. Last, a story the decoder opened on the furniture under its headline (a share bar,
a byline) opens on the headline above that its lead's words name. No layout is
special-cased here; the model learned what blank runs, rules, headings, field labels, mail
headers, kickers and sign-offs mean from dumps in many layouts, and what goes on a story
from the stories themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import numpy as np

from service.model import Draft, Line
from service.pipeline.boundary_features import (
    ARTICLE_FEATURES,
    CONTENT_WORD,
    STOPWORDS,
    article_features,
    line_features,
)
from service.pipeline.boundary_model import (
    STATES,
    BoundaryModel,
    Forest,
    decode,
    load_boundary_model,
)
from service.pipeline.continuation import continuation_rows
from service.pipeline.lineshape import (
    byline_name,
    chrome_shape,
    dateline_prefix,
    is_data_line,
    is_fixture_row,
    is_lead_in,
    is_paragraph_shaped,
    is_table_row,
    is_title_shaped,
)
from service.pipeline.normalise import LineTexts, describe_lines
from service.pipeline.words import light_stem

__all__ = [
    "announced_tables_kept",
    "article_runs",
    "check_articles",
    "closing_table_kept",
    "headline_first",
    "headline_named",
    "line_states",
    "segment",
]

_O, _T, _B, _C = (STATES.index(s) for s in ("O", "T", "B", "C"))
# Outside rows that may lie between a story and its next part: page chrome inside a body
# ("Story continues below gallery", "Advertisement") does not end the story above it
GAP_ROWS = 2
# A decoded article with this many paragraphs of prose is a story, however its start reads:
# what the check sends outside is a menu label or a teaser card, with one lead paragraph at
# most. Sending it outside would take a page's whole story out of the result (on real pages,
# a long footer below the story is what the check most holds against it).
STORY_PROSE_ROWS = 3
# A line longer than this is not a headline (is_title_shaped's bound).
HEADLINE_MAX_WORDS = 25
# Rows of a table closing a story (results, standings, prices) nearly all hold a figure;
# footers rarely do ("Terms of use", "Contact us", one "(c) 2024" among them).
TABLE_FIGURE_SHARE = 0.8
TABLE_MIN_ROWS = 2
# ...and a table the story announces with a colon has its section labels ("Division one",
# "Postponed : ...") among them.
ANNOUNCED_TABLE_SHARE = 0.6
# A line announcing it is a sentence's end of this many words or more, or a label.
ANNOUNCE_MIN_WORDS = 4
# A headline names what its story is about: where an article's first line shares no word
# with its lead, a headline-shaped line sharing this many, at most HEADER_ROWS rows away,
# is its headline. LEAD_WORDS content words are the lead; a line of fewer than
# HEADLINE_MIN_WORDS words is a label ("Michigan State"), not a headline.
HEADLINE_SHARED_WORDS = 2
HEADER_ROWS = 12
LEAD_WORDS = 80
HEADLINE_MIN_WORDS = 4


def segment(
    lines: Sequence[Line], views: LineTexts | None = None, model: BoundaryModel | None = None
) -> tuple[Draft, ...]:
    """Drafts in input order: one per article, and one per run of lines outside them all."""
    views = views or describe_lines(lines)
    rows, states = line_states(lines, views, model)
    drafts = _drafts(lines, rows, states)
    # lines of invisible characters only (control characters, zero-width spaces) say
    # nothing about articles, but must still be accounted for
    invisible = tuple(
        line
        for line, text in zip(lines, views.texts, strict=True)
        if not text and line.text and not line.text.isspace()
    )
    return (*drafts, Draft(invisible, outside=True)) if invisible else drafts


def line_states(
    lines: Sequence[Line], views: LineTexts, model: BoundaryModel | None = None
) -> tuple[list[int], list[int]]:
    """(index of every non-blank line, its decoded state as a STATES index)."""
    model = model or load_boundary_model()
    rows, features = line_features(lines, views)  # 1. what each line looks like
    probabilities = model.probabilities(features)  # 2. how likely each state is
    states = decode(probabilities, model)  # 3. the best reading of the whole dump
    # 4. each article must start a story: a subheading or a teaser does not
    texts = [views.texts[i] for i in rows]
    states = check_articles(features, probabilities, states, texts, model)
    # 5. a table the story announces or that closes the last story is its body; a story
    # sent alone opens on a headline
    states = closing_table_kept(announced_tables_kept(states, texts), texts)
    states = headline_first(states, texts, probabilities)
    # 6. a story opens on the headline that names it, not on the share bar next to it
    return rows, headline_named(states, texts)


def announced_tables_kept(states: list[int], texts: list[str]) -> list[int]:
    """States with a table that a story's body announces kept as that story's body.

    A body row ending in a colon, a few words or a label ("Results of Scottish league
    matches on Saturday :", "Scorers :"), announces what follows. When the rows below it,
    up to the next prose, are nearly all rows of figures or fixtures, with their labels
    ("Division one"), the trees' outside rows and the headlines they read into the results
    ("Clyde 0 Queen of South 2") are that table: a list of links announced so holds
    headlines, not figures.
    """
    out = list(states)
    k = 0
    while k < len(out) - 1:
        if not (out[k] == _B and _announces(texts[k]) and out[k + 1] != _B):
            k += 1
            continue
        end = k + 1
        while end < len(out) and not is_paragraph_shaped(texts[end]):
            if out[end] == _T and not _table_row(texts[end]):
                break  # a headline of its own: the next story
            end += 1
        rows = texts[k + 1 : end]
        if len(rows) >= TABLE_MIN_ROWS and sum(map(_table_row, rows)) >= (
            ANNOUNCED_TABLE_SHARE * len(rows)
        ):
            out[k + 1 : end] = [_B] * len(rows)
        k = end
    return out


def _announces(text: str) -> bool:
    """A sentence's end or a label that leads into what follows ("matches on Saturday :",
    "Scorers :"); a commenter's name over a comment ("mroklahoma says:") does not."""
    return text.endswith(":") and (text.count(" ") >= ANNOUNCE_MIN_WORDS - 1 or is_lead_in(text))


def _table_row(text: str) -> bool:
    if chrome_shape(text) is not None:
        return False  # "© Copyright Gannett 2018" closes a page, not a table
    return any(ch.isdigit() for ch in text) or is_fixture_row(text)


def closing_table_kept(states: list[int], texts: list[str]) -> list[int]:
    """States with a table that closes the text's last story kept as that story's body.

    The trees read a run of short rows after a story's prose as page furniture: a results
    table, a list of prices ("Essex 532-8 dec", "Lancashire 214 and 201-5") or a schedule
    ("MIAMI AT CHICAGO") then went to `removed`. A run of TABLE_MIN_ROWS or more outside
    rows that ends the text, right below a body row, and whose rows nearly all hold a figure
    or a fixture (TABLE_FIGURE_SHARE), its column labels aside, is the story's own table; a
    footer below the story seldom reads as either.
    """
    tail = len(states)
    while tail and states[tail - 1] == _O:
        tail -= 1
    rows = texts[tail:]
    if tail == 0 or states[tail - 1] != _B or len(rows) < TABLE_MIN_ROWS:
        return states
    table_rows = sum(any(ch.isdigit() for ch in text) or is_fixture_row(text) for text in rows)
    if (is_table_row(rows[1]) or is_lead_in(rows[0])) and not any(ch.isdigit() for ch in rows[0]):
        table_rows += 1  # its column labels ("Port Loading Waiting") or label ("Scorer :")
    if table_rows < TABLE_FIGURE_SHARE * len(rows):
        return states
    return [*states[:tail], *([_B] * len(rows))]


def headline_first(
    states: list[int], texts: list[str], probabilities: np.ndarray | None = None
) -> list[int]:
    """States with the text's first line as its headline when nothing else reads as one.

    With no article at all, the text sent is one story, headline first (a CMS sends one
    story at a time; a lone sentence is then its body). With a body but no headline
    anywhere, opening right below the first line, that line is the story's headline the
    trees took for a kicker ("CRICKET - WEST INDIES 172 ALL OUT IN 49.2 OVERS V
    AUSTRALIA ." over "MELBOURNE 1996-12-06"), unless it is chrome or too long to be one.
    So is a first line whose story the decoder opened one line lower, on a line it scores
    as body rather than headline (`probabilities`): the first wrapped line of old wire copy
    under its short ALL-CAPS headline ("BAHIA COCOA REVIEW" over "Showers continued
    throughout the week in"), a headline the trees took for a kicker.
    """
    if not states:
        return states
    if all(s == _O for s in states):
        return [_T] + [_B] * (len(states) - 1)
    first = texts[0]
    opens_below = (
        states[0] == _O
        and states[1] != _O
        and len(first.split()) <= HEADLINE_MAX_WORDS
        and chrome_shape(first) is None
    )
    if not opens_below:
        return states
    if _T not in states:
        return [_T, *states[1:]]
    opened_on_body = (
        probabilities is not None
        and states[1] == _T
        and probabilities[1][_B] > probabilities[1][_T]
    )
    if opened_on_body:
        return [_T, _B, *states[2:]]
    return states


def headline_named(states: list[int], texts: list[str]) -> list[int]:
    """States with each story opened on the headline its lead's words name.

    On real pages the trees sometimes open a story on the furniture under its headline (a
    share bar "Share Close extra sharing options", a byline "Bruce Y. LeeSenior
    Contributor", a caption) and leave the headline outside. A headline shares words with
    the lead it sits over; a share bar shares none. So where an article's first row shares
    no content word with its lead, the headline-shaped row that shares the most
    (HEADLINE_SHARED_WORDS at least), among the HEADER_ROWS rows above it that lie outside
    or in articles without a body (never in another story's body), opens the story
    instead, and the rows between are its furniture.
    """
    out = list(states)
    for a, b in article_runs(states):
        body = (k for k in range(a + 1, b) if states[k] == _B)
        lead = _lead_unnamed(texts, body, _line_words(texts[a]))
        if not lead:  # no body, or the first row names it
            continue
        best, most = None, HEADLINE_SHARED_WORDS - 1
        for k in range(a - 1, max(a - 1 - HEADER_ROWS, -1), -1):
            if states[k] == _B:
                break
            if _headline_shaped(texts[k]):
                shared = len(_line_words(texts[k]) & lead)
                if shared > most:
                    best, most = k, shared
        if best is not None:
            out[best : a + 1] = [_T] + [_C] * (a - best)
    return out


def _headline_shaped(text: str) -> bool:
    """A headline, by its look alone: title-shaped, HEADLINE_MIN_WORDS words or more, and
    neither chrome, a byline, a dateline nor a row of figures."""
    return (
        text.count(" ") + 1 >= HEADLINE_MIN_WORDS
        and is_title_shaped(text, question=True)
        and chrome_shape(text) is None
        and byline_name(text) is None
        and dateline_prefix(text) is None
        and not is_data_line(text)
    )


def _content_stems(text: str) -> Iterator[str]:
    """The line's content words in order, plurals folded."""
    for word in CONTENT_WORD.findall(text.lower()):
        if word not in STOPWORDS:
            yield light_stem(word.strip("'’-"))


def _line_words(text: str) -> frozenset[str]:
    """The first LEAD_WORDS content words of one line."""
    return frozenset(islice(_content_stems(text), LEAD_WORDS))


def _lead_unnamed(
    texts: list[str], rows: Iterable[int], named: frozenset[str]
) -> frozenset[str] | None:
    """The first LEAD_WORDS content words of the rows, or None as soon as one of them is
    among `named`: most headlines share a word with the first lines below them, so most
    articles are done after a line or two."""
    found: set[str] = set()
    count = 0
    for k in rows:
        for stem in _content_stems(texts[k]):
            if stem in named:
                return None
            found.add(stem)
            count += 1
            if count == LEAD_WORDS:
                return frozenset(found)
    return frozenset(found)


def check_articles(
    features: np.ndarray,
    probabilities: np.ndarray,
    states: list[int],
    texts: list[str],
    model: BoundaryModel,
) -> list[int]:
    """States after the article check: a decoded article that does not start a story of
    its own goes on the article right above it (its headline becomes a subheading), or,
    with nothing above, goes outside (a menu label, a teaser), unless it holds
    STORY_PROSE_ROWS paragraphs of prose.

    Whether a story starts is the check's log-odds, from how the lines look; right below
    another article, or below it past a line or two of chrome (GAP_ROWS), less the
    log-odds that its words go on that article's story (the continuation model): a
    caption or a subheading shaped like a headline is read by what it says. What the
    words say can only count against a start: the check already weighs the vocabulary two
    neighbouring articles share."""
    if model.article_weights is None:
        return states
    runs = article_runs(states)
    rows = article_features(features, probabilities, states, texts, runs, _B, _C, _O)
    scores = rows @ model.article_weights
    prose_rows = np.rint(np.expm1(rows[:, ARTICLE_FEATURES.index("log_prose_lines")]))
    forest = model.continuation
    # what the words say of each run below another (past GAP_ROWS at most), all at once
    goes_on = _goes_on_above(runs, scores, states, texts, forest)
    out = list(states)
    opened: int | None = None  # first row of the article a run below would go on
    for r, ((a, b), score) in enumerate(zip(runs, scores, strict=True)):
        end = _end_above(out, a)  # where the article above ends, if close enough
        words_refuse = False
        if end is not None and opened is not None and forest is not None and score >= 0.0:
            if opened != runs[r - 1][0]:  # the run above went on the one above it: ask again
                goes_on[r] = _goes_on(range(opened, end), range(a, b), out, texts, forest)
            score -= max(0.0, goes_on[r])
            words_refuse = score < 0.0
        if score >= 0.0:  # P(a story starts here) at least one half
            opened = a
        elif end is not None and (end == a or words_refuse):
            # a subheading, with any chrome above it, is the story's furniture
            out[end : a + 1] = [_C] * (a + 1 - end)
        elif prose_rows[r] >= STORY_PROSE_ROWS:
            opened = a
        else:
            out[a:b] = [_O] * (b - a)
            opened = None
    return out


def _end_above(states: list[int], a: int) -> int | None:
    """The row just past the article above row `a`, when at most GAP_ROWS outside rows lie
    between them (a gallery's "Story continues below", an advert's label); else None."""
    k = a
    while k > 0 and states[k - 1] == _O and a - k < GAP_ROWS:
        k -= 1
    return k if k > 0 and states[k - 1] != _O else None


def _goes_on_above(
    runs: list[tuple[int, int]],
    scores: np.ndarray,
    states: list[int],
    texts: list[str],
    forest: Forest | None,
) -> np.ndarray:
    """Per run, the log-odds that its words go on the run right above it, or above it
    past GAP_ROWS outside rows at most (0.0 where the check refuses it anyway, or nothing
    is above)."""
    out = np.zeros(len(runs))
    if forest is None:
        return out
    asked, pairs = [], []
    for r in range(1, len(runs)):
        (above_start, above_end), (a, b) = runs[r - 1], runs[r]
        if above_end != _end_above(states, a) or scores[r] < 0.0:
            continue
        pair = _body_pair(range(above_start, above_end), range(a, b), states, texts)
        if pair is not None:
            asked.append(r)
            pairs.append(pair)
    if pairs:
        out[asked] = forest.scores(continuation_rows(pairs))[:, 0]
    return out


def _goes_on(
    above: range, below: range, states: list[int], texts: list[str], forest: Forest
) -> float:
    """The log-odds that the body rows of `below` go on those of `above`."""
    pair = _body_pair(above, below, states, texts)
    if pair is None:
        return 0.0
    return float(forest.scores(continuation_rows([pair]))[0, 0])


def _body_pair(
    above: range, below: range, states: list[int], texts: list[str]
) -> tuple[list[str], list[str], str] | None:
    """(body rows above, body rows below, the below's headline) as the continuation model
    reads them; None when either side has no body."""
    above_texts = [texts[k] for k in above if states[k] == _B]
    below_texts = [texts[k] for k in below if states[k] == _B]
    if not (above_texts and below_texts):
        return None
    return above_texts, below_texts, texts[below.start]


def article_runs(states: list[int]) -> list[tuple[int, int]]:
    """(first row, end row) of each decoded article: a headline and what follows it inside."""
    runs = []
    start = None
    for k, state in enumerate(states):
        if state in (_T, _O):
            if start is not None:
                runs.append((start, k))
            start = k if state == _T else None
    if start is not None:
        runs.append((start, len(states)))
    return runs


def _drafts(lines: Sequence[Line], rows: list[int], states: list[int]) -> tuple[Draft, ...]:
    """Group lines by state: an article from its headline to the next headline or outside run.

    Furniture lines stay in their article's draft, marked, so clean-up can read a byline
    or a caption from them and drop the rest.
    """
    drafts: list[Draft] = []
    current: list[Line] = []
    furniture: set[int] = set()
    outside = False
    for i, state in zip(rows, states, strict=True):
        is_outside = state == _O
        # body after an outside run opens a headless article: its text is kept, not dropped
        if (state == _T or is_outside != outside) and current:
            drafts.append(Draft(tuple(current), outside, frozenset(furniture)))
            current, furniture = [], set()
        outside = is_outside
        current.append(lines[i])
        if state == _C:
            furniture.add(lines[i].number)
    if current:
        drafts.append(Draft(tuple(current), outside, frozenset(furniture)))
    return tuple(drafts)
