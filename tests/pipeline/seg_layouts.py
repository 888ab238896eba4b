"""Render corpus articles into dumps in several page layouts, with the gold the scorer reads.

Each layout wraps the same article text in different chrome; the gold is the article's own
title and paragraphs (a wire dateline prefix is not part of the first paragraph) and the
1-based line range the article occupies, so `score.py` can score our output on it.
"""

from __future__ import annotations

import importlib.util
import random
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from types import ModuleType

from service.model import Options, Result
from service.pipeline import run
from tests.conftest import SHARED

SCORE_PY = SHARED / "eval" / "score.py"

AGENCIES = ("Reuters", "AFP", "AP", "dpa", "Getty Images", "EPA", "Xinhua")
NAMES = ("Jane Doe", "John Smith", "Maria Garcia", "Wei Zhang", "Amina Yusuf", "Tom O'Neil")
SECTIONS = ("business", "politics", "sport", "tech", "world")
# Links to other stories: drawn per article, so a list does not recur as site chrome does.
RELATED_SUBJECTS = ("Oil prices", "Central bank", "Tech shares", "Union", "Court", "Airline")
RELATED_PREDICATES = (
    "climb on supply worries",
    "holds rates steady",
    "slide after results",
    "calls off planned strike",
    "delays ruling on merger",
    "cuts profit forecast",
)


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]
    place: str = ""


@dataclass(frozen=True, slots=True)
class Rendered:
    lines: list[str]  # the article's lines; blank lines are ""
    first: int  # index in `lines` of the article's first line
    last: int
    gold_paragraphs: list[str]
    title: str | None = None  # the headline as printed, when it is not the story's own


def _caption(story: Story, rng: random.Random) -> str:
    longest = max(story.paragraphs, key=len)
    return longest.split(". ")[0].rstrip(".") + "."


def seed_style(story: Story, rng: random.Random) -> Rendered:
    """Headline and caption printed twice, the caption doubled, a logo's alt text."""
    cap = f"{_caption(story, rng)} ({rng.choice(AGENCIES)})"
    head = [story.title, "", cap, cap, "LOGO", "", story.title, "", cap, cap, ""]
    body: list[str] = []
    for p in story.paragraphs:
        body += [p, ""]
    lines = head + body[:-1]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def wire_style(story: Story, rng: random.Random) -> Rendered:
    """A byline, a dateline on the first paragraph, one paragraph per line."""
    place = story.place or "LONDON"
    agency = rng.choice(("Reuters", "AFP", "AP"))
    first = f"{place.upper()} ({agency}) - {story.paragraphs[0]}"
    lines = [story.title, f"By {rng.choice(NAMES)}", first, *story.paragraphs[1:]]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def cms_export(story: Story, rng: random.Random) -> Rendered:
    """Field labels, a date and a category, the body after a 'Body:' label."""
    lines = [
        f"Title: {story.title}",
        f"Author: {rng.choice(NAMES)}",
        f"Date: 2024-03-{rng.randint(1, 28):02d}",
        f"Category: {rng.choice(SECTIONS)}",
        "Body:",
    ]
    for p in story.paragraphs:
        lines += [p, ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def chrome_heavy(story: Story, rng: random.Random) -> Rendered:
    """Share bars, a gallery counter, a credited caption, adverts and read-more links."""
    cap = f"{_caption(story, rng)} Photograph: {rng.choice(AGENCIES)}"
    lines = [
        story.title,
        f"Updated {rng.randint(1, 28)} March 2024",
        "Share",
        f"1/{rng.randint(2, 9)}",
        cap,
        "",
    ]
    for k, p in enumerate(story.paragraphs):
        lines += [p, ""]
        if k == 1:
            lines += ["Advertisement", ""]
        if k == 3:
            lines += ["Read more: Markets rally as rates hold", ""]
    lines += ["Facebook Twitter Email"]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def compact(story: Story, rng: random.Random) -> Rendered:
    """No blank lines inside the article; one paragraph per line."""
    lines = [story.title, *story.paragraphs]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def wrapped(story: Story, rng: random.Random) -> Rendered:
    """Paragraphs hard-wrapped at 70 columns, a blank line between them."""
    lines = [story.title, ""]
    for p in story.paragraphs:
        lines += [*textwrap.wrap(p, 70, break_on_hyphens=False), ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def wire_spaced(story: Story, rng: random.Random) -> Rendered:
    """Wire copy pasted from a page: "CITY, March 3 -" datelines, blank lines, a footer."""
    place = story.place or "NEW YORK"
    day = rng.randint(1, 28)
    first = f"{place.upper()}, March {day} - {story.paragraphs[0]}"
    lines = [story.title, "", f"BY {rng.choice(NAMES).upper()}", "", first, ""]
    for p in story.paragraphs[1:]:
        lines += [p, ""]
    lines += ["Share this article", "", "Copyright 2024 Thomson Reuters. All rights reserved."]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def ruled(story: Story, rng: random.Random) -> Rendered:
    """Single blanks everywhere; stories divided by rules; a photo credit on its own line."""
    cap = _caption(story, rng)
    lines = [story.title, "", cap, "", f"Photo: {rng.choice(AGENCIES)}", ""]
    for p in story.paragraphs:
        lines += [p, ""]
    lines += ["* * *"]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def feed_export(story: Story, rng: random.Random) -> Rendered:
    """A feed reader's export: headline, "Published:" and "Source:" lines, spaced body."""
    day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
    lines = [
        story.title,
        f"Published: 2024-03-{day:02d} {hour:02d}:{minute:02d}",
        f"Source: {rng.choice(AGENCIES)}",
        "",
    ]
    for p in story.paragraphs:
        lines += [p, ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def photo_related(story: Story, rng: random.Random) -> Rendered:
    """A captioned photo credited "Photo: NAME/AGENCY" and a "Related:" list of links."""
    name, agency = rng.choice(NAMES).upper(), rng.choice(AGENCIES).upper()
    lines = [story.title, "", _caption(story, rng), f"Photo: {name}/{agency}", ""]
    links = [f"- {rng.choice(RELATED_SUBJECTS)} {rng.choice(RELATED_PREDICATES)}" for _ in "abc"]
    for k, p in enumerate(story.paragraphs):
        lines += [p, ""]
        if k == 1:
            lines += ["Related:", *links, ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def caps_wire(story: Story, rng: random.Random) -> Rendered:
    """Wire copy: "SLUG-Headline", a byline, "CITY, March 3 (Reuters) -", one line a paragraph."""
    place = story.place or rng.choice(("LONDON", "NEW YORK", "TOKYO"))
    slug = rng.choice(("MARKETS", "UPDATE 2", "FOREX", "GLOBAL MARKETS", "EXCLUSIVE"))
    first = f"{place.upper()}, March {rng.randint(1, 28)} (Reuters) - {story.paragraphs[0]}"
    title = f"{slug}-{story.title}"
    lines = [title, f"By {rng.choice(NAMES)}", first, *story.paragraphs[1:]]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs), title)


LAYOUTS: dict[str, tuple[Callable[[Story, random.Random], Rendered], str]] = {
    # name: (renderer, the blank run between articles)
    "seed_style": (seed_style, "\n\n\n"),
    "wire": (wire_style, "\n"),
    "cms": (cms_export, "\n\n---\n\n"),
    "chrome": (chrome_heavy, "\n\n\n"),
    "compact": (compact, "\n"),
    "wrapped": (wrapped, "\n\n\n\n"),
    "wire_spaced": (wire_spaced, "\n\n\n"),
    "ruled": (ruled, "\n\n"),
}
# Layouts the segmenter was not built on: scored apart from LAYOUTS, and in mixes with them.
NEW_LAYOUTS: dict[str, tuple[Callable[[Story, random.Random], Rendered], str]] = {
    "feed": (feed_export, "\n\n\n"),
    "photo_related": (photo_related, "\n\n\n"),
    "caps_wire": (caps_wire, "\n\n"),
}
ALL_LAYOUTS = {**LAYOUTS, **NEW_LAYOUTS}


def render_dump(
    stories: Sequence[Story], layout: str, seed: int = 0, crlf: bool = False, nbsp: bool = False
) -> tuple[str, dict]:
    """One dump in `layout` and its gold (articles with title, paragraphs, line range).

    `layout` may be several names joined by "+": stories then take them in turn, as in a
    dump pasted together from different sites.
    """
    rng = random.Random(seed)
    names = layout.split("+")
    out: list[str] = []
    gold = []
    for k, story in enumerate(stories):
        renderer, gap = ALL_LAYOUTS[names[k % len(names)]]
        if k:
            out += gap.split("\n")[1:-1] if gap != "\n" else [""]
        r = renderer(story, rng)
        base = len(out)
        out += r.lines
        gold.append(
            {
                "title": r.title or story.title,
                "paragraphs": r.gold_paragraphs,
                "line_start": base + r.first + 1,
                "line_end": base + r.last + 1,
            }
        )
    text = "\n".join(out)
    if nbsp:
        text = text.replace(" said", "\u00a0said").replace(" the ", " the\u00a0")
    if crlf:
        text = text.replace("\n", "\r\n")
    return text, {"articles": gold, "duplicates": []}


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("copydesk_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scorer_view(result: Result) -> dict:
    """What the shared scorer reads of a result, shaped as the /v1/process response."""
    return {
        "articles": [
            {"title": a.title, "paragraphs": list(a.paragraphs), "span": asdict(a.span)}
            for a in result.articles
        ],
        "duplicates": [asdict(f) for f in result.duplicates],
        "removed": [asdict(r) for r in result.removed],
    }


def score_dumps(dumps: Sequence[tuple[str, dict]], dedupe: str = "off") -> dict:
    """Totals of the shared scorer over rendered dumps, run in-process."""
    scorer = load_scorer()
    rows = {}
    for k, (text, gold) in enumerate(dumps):
        view = scorer_view(run(text, Options(dedupe=dedupe)))
        rows[str(k)] = scorer.score_one(text, gold, view)
    return scorer.totals(rows)
