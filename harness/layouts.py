"""A randomised generator of news dumps in many layout families, each with its gold answer
and a label per line, to train an article-boundary model and to score it family by family.

Every family imitates one real source of pasted text (a wire printer, a PDF edition, a web
page, a forwarded mail...). Its choices (separators, blank runs, indentation, case, wrap
width, kickers, bylines, chrome words) are drawn per dump, so no two dumps share a template.

Gold conventions, the same in every family:
  - an article's span runs from its headline line (label "T") to the last line that belongs
    to it: its last paragraph, or a sign-off that closes it ("Reuter", "(Reporting by ...)",
    "ENDS", "###");
  - furniture inside the span (byline, date stamp, caption, credit, share bar, an advert, a
    running page header between two of its paragraphs, a setext underline) is "B" but not a
    gold paragraph;
  - kickers above a headline, rules, mail headers other than Subject, running headers
    between stories, site menus, footers and teasers are outside every span ("O");
  - the gold title is the headline as a reader wants it (no "# ", "3. ", "Subject: FW: ",
    "**"), in the case printed; gold paragraphs are the paragraphs as printed, wrapped lines
    joined by one space, without a wire dateline prefix ("LONDON, March 3 (Reuters) - ").

The older fixed layouts the segmenter tests are built on (`LAYOUTS`, `render_dump`) are kept
at the end of this module.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness import webchrome
from harness.corpus import Story, bbc_articles, edit_words, reuters_articles, story_pool
from harness.webchrome import DAYS, MONTHS

__all__ = [
    "ALL_LAYOUTS",
    "FAMILIES",
    "LAYOUTS",
    "LINE_BREAK",
    "NEW_LAYOUTS",
    "GeneratedDump",
    "Rendered",
    "generate",
    "generate_set",
    "generate_syndicated",
    "lines_of",
    "mix_pool",
    "mixed_dumps",
    "mixes",
    "render_dump",
    "write_set",
]

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # score.py's line rule
DUPLICATE_SHARE = 0.3  # of the dumps, one story printed again later
NEAR_SHARE = 0.35  # of those copies, a near copy rather than an exact one
CRLF_SHARE = 0.15
NBSP_SHARE = 0.12
STORIES_PER_DUMP = (2, 6)

Row = tuple[str, str]  # (line, label)


@dataclass(frozen=True, slots=True)
class GeneratedDump:
    family: str
    text: str  # the dump, exactly as a client would POST it
    gold: dict  # score.py's gold: {"articles": [...], "duplicates": [...]}
    # one per line of `text` as score.py splits it (a final line break opens no line):
    # "T" headline opening an article or duplicate, "B" other line of its span,
    # "O" non-blank line outside every span, "" blank line
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Piece:
    """One article as a family prints it, with the chrome that comes with it."""

    rows: tuple[Row, ...]
    title: str
    paragraphs: tuple[str, ...]


# ---- vocabulary: drawn from, never printed whole

FIRST = (
    "Jane", "John", "Maria", "Wei", "Amina", "Tom", "Priya", "Lars", "Fatima", "Diego",
    "Olga", "Kwame", "Sophie", "Hiroshi", "Aisha", "Marco", "Elena", "David", "Nadia", "Sam",
    "Chloe", "Rahul", "Ingrid", "Pedro", "Yuki", "Leila", "Ben", "Carmen", "Ivan", "Grace",
)  # fmt: skip
LAST = (
    "Doe", "Smith", "Garcia", "Zhang", "Yusuf", "O'Neil", "Patel", "Berg", "Haddad", "Lopez",
    "Ivanova", "Mensah", "Martin", "Tanaka", "Khan", "Rossi", "Petrova", "Cohen", "Nowak",
    "Okafor", "Dubois", "Sharma", "Lindqvist", "Silva", "Sato", "Farah", "Walsh", "Reyes",
)  # fmt: skip
AGENCIES = ("Reuters", "AFP", "AP", "dpa", "Getty Images", "EPA", "Xinhua", "PA", "Bloomberg")
PHOTO_AGENCIES = ("Getty Images", "Reuters", "AFP", "EPA", "AP Photo", "Alamy", "Shutterstock")
SECTIONS = (
    "World", "UK", "US", "Business", "Markets", "Politics", "Sport", "Tech", "Science",
    "Health", "Culture", "Opinion", "Climate", "Money", "Travel", "Entertainment", "Europe",
    "Asia", "Africa", "Economy", "Companies", "Football", "Media", "Education", "Lifestyle",
)  # fmt: skip
SITE_WORDS = (
    "Daily", "Morning", "Evening", "Northern", "Western", "National", "Metro", "City",
    "Global", "Capital", "Coastal", "Valley", "Union", "Pioneer",
)  # fmt: skip
SITE_NOUNS = (
    "Echo", "Herald", "Post", "Times", "Chronicle", "Courier", "Gazette", "Observer",
    "Telegraph", "Star", "Journal", "Standard", "Mirror", "Record", "Tribune", "Sentinel",
)  # fmt: skip
KICKERS = (
    "ANALYSIS", "IN BRIEF", "EXCLUSIVE", "MARKETS", "WORLD", "BREAKING", "OPINION",
    "EXPLAINER", "INTERVIEW", "TOP STORY", "UK NEWS", "TECH", "BUSINESS", "SPORT", "POLITICS",
    "Analysis", "In brief", "Markets", "World news", "What we're reading",
)  # fmt: skip
SLUGS = ("UPDATE 1", "UPDATE 2", "UPDATE 3", "EXCLUSIVE", "FACTBOX", "ANALYSIS", "RPT")
TEASER_SUBJECTS = (
    "Oil prices", "Central bank", "Tech shares", "Union", "Court", "Airline", "Ministers",
    "Police", "Regulator", "Carmaker", "Striker", "Museum", "Retailer", "Scientists",
    "Council", "Broadband firm", "Teachers", "Bank", "Opposition", "Film studio",
)  # fmt: skip
TEASER_PREDICATES = (
    "climb on supply worries", "holds rates steady", "slide after results",
    "calls off planned strike", "delays ruling on merger", "cuts profit forecast",
    "warn of winter shortages", "named in new inquiry", "to shut 40 stores",
    "backs plan for new stadium", "faces record fine", "reports surge in demand",
    "unveils cheaper model", "signs three-year deal", "rejects takeover bid",
)  # fmt: skip
TEASER_SENTENCES = (
    "The move follows months of talks with unions and suppliers.",
    "Officials said a decision was expected later this week.",
    "Analysts had expected a smaller change.",
    "Critics say the plan does not go far enough.",
    "It is the third such warning this year.",
    "Shares fell sharply in early trading.",
)  # fmt: skip
PLACES = (
    "LONDON", "NEW YORK", "TOKYO", "PARIS", "BRUSSELS", "FRANKFURT", "WASHINGTON", "SYDNEY",
    "SINGAPORE", "MADRID", "NAIROBI", "MUMBAI", "TORONTO", "ROME", "BEIJING", "GENEVA",
)  # fmt: skip
_CONLL_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+ \d{4}-\d{2}-\d{2}$")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _site(rng: random.Random) -> str:
    return f"The {rng.choice(SITE_WORDS)} {rng.choice(SITE_NOUNS)}"


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(1996, 2024)
    weekday = rng.choice(DAYS)
    return rng.choice(
        (
            f"{day} {month} {year}",
            f"{month} {day}, {year}",
            f"{weekday}, {month} {day}, {year}",
            f"{weekday} {day} {month} {year}",
            f"{year}-{MONTHS.index(month) + 1:02d}-{day:02d}",
            f"{day:02d}/{MONTHS.index(month) + 1:02d}/{year}",
        )
    )


def _time(rng: random.Random) -> str:
    h, m = rng.randint(0, 23), rng.randint(0, 59)
    return rng.choice((f"{h:02d}:{m:02d}", f"{h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}"))


def _teaser(rng: random.Random) -> str:
    return f"{rng.choice(TEASER_SUBJECTS)} {rng.choice(TEASER_PREDICATES)}"


def _caption(story: Story, rng: random.Random) -> str:
    longest = max(story.paragraphs, key=len)
    return " ".join(longest.split(". ")[0].rstrip(".").split()[:30]) + "."


def _headcase(title: str, mode: str) -> str:
    """The headline in a house's case: as given, CAPITALS, Title Case, Sentence case."""
    if mode == "upper":
        return title.upper()
    if mode == "asis" and title.isupper() and len(title) > 12:
        mode = "title"  # a wire headline in capitals, retitled by the site's editor
    if mode == "title" and title.isupper():
        words = title.split()
        return " ".join(
            w if not w[:1].isalpha() else w.capitalize() if len(w) > 3 or k == 0 else w.lower()
            for k, w in enumerate(words)
        )
    if mode == "sentence":
        low = title.lower() if title.isupper() else title
        return low[:1].upper() + low[1:]
    if mode == "brand" and title[:1].isupper() and title[1:2].islower():
        return title[:1].lower() + title[1:]  # "iPhone sales slump", "eBay ..."
    return title


def _pick_case(rng: random.Random, common: str = "asis") -> str:
    return rng.choices((common, "upper", "title", "sentence", "brand"), (70, 8, 10, 8, 4))[0]


def _dateline_split(story: Story) -> tuple[str, tuple[str, ...]]:
    """A CoNLL story's own "LONDON 1996-08-22" line taken off, for layouts that print one."""
    if story.paragraphs and _CONLL_DATELINE.match(story.paragraphs[0]):
        return story.paragraphs[0].rsplit(" ", 1)[0], story.paragraphs[1:]
    return story.place.upper(), story.paragraphs


# ---- building blocks


class _Rows:
    """Lines of one piece with their labels."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.paragraphs: list[str] = []

    def t(self, line: str) -> None:
        self.rows.append((line, "T"))

    def b(self, *lines: str) -> None:
        self.rows += [(line, "B") for line in lines]

    def o(self, *lines: str) -> None:
        self.rows += [(line, "O") for line in lines]

    def blank(self, n: int = 1, ws: str = "") -> None:
        self.rows += [(ws, "")] * n

    def para(self, text: str, width: int | None = None, indent: str = "", prefix: str = "") -> None:
        """One paragraph, hard-wrapped when `width` is set; `prefix` (a dateline) is printed
        but is not part of the gold paragraph."""
        printed = prefix + text
        if width:
            lines = textwrap.wrap(
                printed,
                width,
                initial_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )
        else:
            lines = [indent + printed]
        self.b(*lines)
        joined = " ".join(line.strip() for line in lines)
        self.paragraphs.append(joined[len(prefix.strip()) :].strip() if prefix else joined)

    def paras(
        self,
        texts: Sequence[str],
        gap: int = 1,
        width: int | None = None,
        indent: str = "",
        prefix: str = "",
    ) -> None:
        for k, text in enumerate(texts):
            if k and gap:
                self.blank(gap)
            self.para(text, width, indent, prefix if k == 0 else "")

    def piece(self, title: str) -> _Piece:
        return _Piece(tuple(self.rows), title, tuple(self.paragraphs))


def _blank_rows(n: int) -> list[Row]:
    return [("", "")] * n


Style = dict[str, object]


@dataclass(frozen=True, slots=True)
class _Family:
    article: Callable[[Story, Style, random.Random], _Piece]
    style: Callable[[random.Random], Style]
    accepts: Callable[[Story], bool] = lambda s: True
    near: float = NEAR_SHARE  # of the repeated stories, the share printed as a near copy


def _gap_blank(lo: int, hi: int) -> Callable[[random.Random], list[Row]]:
    return lambda rng: _blank_rows(rng.randint(lo, hi))


# ---- the families


def old_wire_style(rng: random.Random) -> Style:
    return {"gap": _gap_blank(1, 1), "dateline": rng.random() < 0.7}


def old_wire(story: Story, st: Style, rng: random.Random) -> _Piece:
    """Reuters-21578 as it stands in the .sgm: the TITLE in capitals, then the body as
    printed, hard-wrapped, paragraphs opened by an indent, a " Reuter" sign-off."""
    r = _Rows()
    r.t(story.title)
    raw = story.raw
    if not st["dateline"]:
        raw = re.sub(r"^\s*[A-Z][^\n]*?, \w+ \d+ - ", "", raw, count=1)
    lines = [line.rstrip() for line in raw.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    current: list[str] = []
    first = True
    for line in lines:
        if not line.strip():
            r.blank(ws=line)
            continue
        r.b(line)
        if re.fullmatch(r"\s*reuter\s*", line, re.I):
            continue
        if current and (line[:1] in " \t"):
            r.paragraphs.append(" ".join(current))
            current = []
        text = line.strip()
        if first:
            text = re.sub(r"^[A-Z][^\n]*?, \w+ \d+ - ", "", text, count=1)
            first = False
        current.append(text)
    if current:
        r.paragraphs.append(" ".join(current))
    # blank lines inside a Reuters body also end a paragraph
    r.paragraphs = [p for p in (" ".join(p.split()) for p in r.paragraphs) if p]
    return r.piece(story.title)


def markdown_style(rng: random.Random) -> Style:
    rule = rng.choice(("---", "***", "___", "* * *", "- - -", "----------"))
    return {
        "gap": lambda g: [*_blank_rows(g.randint(1, 2)), (rule, "O"), *_blank_rows(1)],
        "level": rng.choice(("# ", "## ", "### ")),
        "byline": rng.choice(("*By {}*", "_By {}_", "**{}**", "*{}, {}*", "")),
        "image": rng.random() < 0.5,
        "subheads": rng.random() < 0.4,
        "case": _pick_case(rng),
    }


def markdown(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A Markdown note or newsletter draft: "# Headline", an italic byline, an image line,
    blank-separated paragraphs, "## Subheading"s, stories divided by rules."""
    r = _Rows()
    title = _headcase(story.title, str(st["case"]))
    r.t(f"{st['level']}{title}")
    r.blank()
    byline = str(st["byline"])
    if byline:
        r.b(byline.format(_name(rng), rng.choice(AGENCIES)))
        r.blank()
    if st["image"] and rng.random() < 0.7:
        slug = re.sub(r"\W+", "-", story.title.lower()).strip("-")[:40]
        r.b(f"![{_caption(story, rng)}](https://cdn.example.com/img/{slug}.jpg)")
        r.blank()
    for k, p in enumerate(story.paragraphs):
        if k and st["subheads"] and k % rng.randint(3, 5) == 0:
            r.b(f"## {_teaser(rng).capitalize()}")
            r.blank()
        r.para(p)
        r.blank()
    r.rows.pop()
    return r.piece(title)


def email_digest_style(rng: random.Random) -> Style:
    rule = rng.choice(("————————————————", "────────────────────", "—" * 30, "=" * 40))
    name = rng.choice(("Morning Briefing", "The Daily Digest", "Evening Update", "Markets Wrap"))
    head = [
        (f"{name} — {rng.choice(DAYS)}", "O"),
        (f"{_site(rng)} | {_date(rng)}", "O"),
        ("", ""),
    ]
    if rng.random() < 0.5:
        head += [("View this email in your browser", "O"), ("", "")]
    if rng.random() < 0.6:
        head += [(f"Good morning. Here is what you need to know on {rng.choice(DAYS)}.", "O")]
        head += [("", "")]
    foot = [
        ("", ""),
        (rule, "O"),
        ("You are receiving this because you signed up at our website.", "O"),
        (rng.choice(("Unsubscribe | Manage preferences", "Unsubscribe · Update profile")), "O"),
        (f"© {rng.randint(2015, 2024)} {_site(rng)}", "O"),
    ]
    return {
        "head": head,
        "foot": foot,
        "gap": lambda g: [*_blank_rows(g.randint(0, 1)), (rule, "O"), *_blank_rows(1)],
        "kicker": rng.random() < 0.85,
        "keep": rng.randint(1, 4),
        "more": rng.choice(("Read more ›", "Continue reading", "Read the full story", "")),
        "case": _pick_case(rng),
    }


def email_digest(story: Story, st: Style, rng: random.Random) -> _Piece:
    """An HTML newsletter saved as text: a kicker over each headline, the first paragraphs,
    a "Read more" link, em-dash rules between items, an unsubscribe footer."""
    r = _Rows()
    if st["kicker"]:
        r.o(rng.choice(KICKERS))
    title = _headcase(story.title, str(st["case"]))
    r.t(title)
    if rng.random() < 0.3:
        r.b(f"By {_name(rng)}")
    r.blank()
    r.paras(story.paragraphs[: int(str(st["keep"]))])
    if st["more"]:
        r.blank(rng.randint(0, 1))
        r.o(str(st["more"]))
    return r.piece(title)


def pdf_edition_style(rng: random.Random) -> Style:
    site = _site(rng).upper() if rng.random() < 0.5 else _site(rng)
    page = [rng.randint(2, 30)]
    date = _date(rng)
    shape = rng.choice(
        ("{n} | {site} | {date}", "{site} {date} {n}", "{n} {section}", "{date} PAGE {n}")
    )

    def running(g: random.Random) -> Row:
        page[0] += 1
        return (shape.format(n=page[0], site=site, date=date, section=g.choice(SECTIONS)), "O")

    return {
        "gap": lambda g: [running(g)] if g.random() < 0.3 else [],
        "running": running,
        "every": rng.randint(5, 12),
        "case": rng.choice(("asis", "asis", "upper")),
        "byline": rng.random() < 0.5,
    }


def pdf_edition(story: Story, st: Style, rng: random.Random) -> _Piece:
    """Text copied out of a newspaper's PDF edition: a paragraph a line, no blank lines, a
    running page header ("4 | THE NORTHERN ECHO | Tuesday, March 3, 2020") every few lines."""
    r = _Rows()
    title = _headcase(story.title, str(st["case"]))
    r.t(title)
    if st["byline"]:
        r.b(rng.choice(("By ", "BY ", "")) + _name(rng).upper())
    every = int(str(st["every"]))
    running = st["running"]
    assert callable(running)
    for k, p in enumerate(story.paragraphs):
        if k and k % every == 0:
            line, _ = running(rng)
            r.b(line)
        r.para(p)
    return r.piece(title)


def flat_paste_style(rng: random.Random) -> Style:
    return {"gap": lambda g: [], "byline": rng.random() < 0.4, "case": _pick_case(rng)}


def flat_paste(story: Story, st: Style, rng: random.Random) -> _Piece:
    """Stories pasted from a clipboard that lost every blank line: headline, maybe a byline,
    a paragraph a line, the next story straight after."""
    r = _Rows()
    title = _headcase(story.title, str(st["case"]))
    r.t(title)
    if st["byline"] and rng.random() < 0.7:
        r.b(f"By {_name(rng)}")
    r.paras(story.paragraphs, gap=0)
    return r.piece(title)


def teleprinter_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(1, 3),
        "width": rng.randint(60, 72),
        "indent": rng.choice(("", "   ", "     ")),
        "codes": rng.random() < 0.6,
        "signoff": rng.choice(("ENDS", "NNNN", "MORE", "")),
    }


def teleprinter(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A teleprinter feed: all capitals, hard-wrapped at a fixed width, "ZCZC" and slug
    lines, indented or blank-separated paragraphs, "ENDS"/"NNNN" at the foot."""
    r = _Rows()
    if st["codes"]:
        r.o(f"ZCZC {rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}{rng.randint(100, 999)}")
        words = re.findall(r"[A-Z]+", story.title.upper())[:3]
        r.o(
            "BC-"
            + "-".join(words)
            + f" {rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 0"
            + str(rng.randint(100, 900))
        )
    title = story.title.upper()
    r.t(title)
    if rng.random() < 0.3:
        r.b(f"BY {_name(rng).upper()}")
    place, paras = _dateline_split(story)
    width, indent = int(str(st["width"])), str(st["indent"])
    prefix = (
        f"{place or rng.choice(PLACES)}, {rng.choice(MONTHS).upper()[:3]} {rng.randint(1, 28)} - "
    )
    r.paras(
        [p.upper() for p in paras],
        gap=0 if indent else 1,
        width=width,
        indent=indent,
        prefix=prefix if rng.random() < 0.7 else "",
    )
    if st["signoff"] == "MORE":
        r.o("MORE")
    elif st["signoff"]:
        r.b(str(st["signoff"]))
    return r.piece(title)


def forwarded_mail_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(1, 3),
        "marker": rng.choice(
            (
                "---------- Forwarded message ---------",
                "-----Original Message-----",
                "Begin forwarded message:",
                "________________________________",
            )
        ),
        "prefix": rng.choice(("FW: ", "Fwd: ", "RE: ", "Fw: ", "")),
        "sent": rng.choice(("Sent", "Date")),
    }


def forwarded_mail(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A chain of forwarded e-mails, one story each: the header block with the headline as
    the Subject, the story, a signature ("Sent from my iPhone", "-- \\nJane")."""
    r = _Rows()
    r.o(str(st["marker"]))
    sender = _name(rng)
    email = sender.lower().replace(" ", ".").replace("'", "") + "@example.com"
    r.o(f"From: {sender} <{email}>")
    r.o(f"{st['sent']}: {_date(rng)} at {_time(rng)}")
    title = story.title
    # Outlook's order, Subject last: the headers above it stay outside the story's span
    r.o(f"To: {_name(rng)} <desk@example.org>")
    if rng.random() < 0.3:
        r.o(f"Cc: {_name(rng)}")
    r.t(f"Subject: {st['prefix']}{title}")
    r.blank()
    if rng.random() < 0.4:
        r.b(rng.choice(("FYI", "See below.", "Worth a read", "For tomorrow's meeting")))
        r.blank()
    r.paras(story.paragraphs)
    r.blank()
    r.o(
        *rng.choice(
            (
                ["Sent from my iPhone"],
                ["-- ", sender.split()[0]],
                [sender],
                ["Thanks,", sender.split()[0]],
            )
        )
    )
    return r.piece(title)


def numbered_briefing_style(rng: random.Random) -> Style:
    shape = rng.choice(("{n}. {t}", "{n}) {t}", "{n} - {t}", "{n}. **{t}**", "#{n} {t}"))
    head: list[Row] = []
    if rng.random() < 0.7:
        head = [
            (rng.choice(("Today's briefing", "FIVE THINGS TO KNOW", "Top stories")), "O"),
            ("", ""),
        ]
    return {
        "head": head,
        "gap": _gap_blank(0, 2),
        "shape": shape,
        "count": itertools.count(1),
        "keep": rng.randint(1, 3),
        "para_gap": rng.choice((0, 1)),
    }


def numbered_briefing(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A numbered morning briefing: "1. Headline" or "2) Headline", one to three
    paragraphs each."""
    r = _Rows()
    count = st["count"]
    assert isinstance(count, itertools.count)
    r.t(str(st["shape"]).format(n=next(count), t=story.title))
    gap = int(str(st["para_gap"]))
    r.blank(gap)
    r.paras(story.paragraphs[: int(str(st["keep"]))], gap=gap)
    return r.piece(story.title)


COOKIE_NOTICES = (
    "We use cookies to improve your experience. By continuing you agree to our use of cookies.",
    "This site uses cookies. Find out more in our cookie policy.",
    "We and our partners use cookies to personalise content and ads.",
)
NAV_ITEMS = (
    "Home", "News", "Sport", "Business", "Weather", "Video", "Live", "Culture", "Travel",
    "Opinion", "Lifestyle", "Science", "Podcasts", "Newsletters", "Puzzles", "Jobs", "Search",
    "Sign in", "Subscribe", "Menu", "Local", "Money", "Tech", "Health", "Obituaries", "Games",
    "Events", "Shop", "Food", "Cars", "Property", "Books", "Music", "TV", "Film", "Arts",
)  # fmt: skip


def web_page_style(rng: random.Random) -> Style:
    site = _site(rng)
    nav = rng.sample(NAV_ITEMS, rng.randint(5, min(30, len(NAV_ITEMS))))
    return {
        "gap": _gap_blank(1, 3),
        "site": site,
        "nav": nav,
        "para_gap": rng.choice((0, 1, 1, 1)),
        "twice": rng.random() < 0.4,
        "cookie": rng.random() < 0.4,
        "case": _pick_case(rng),
    }


def web_page(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A news page as a browser's select-all copies it: menu, breadcrumbs, cookie notice,
    headline, byline, date, captioned photo, share bar, paragraphs with an advert, related
    stories, comments counter, footer. Only the article's lines are its span."""
    r = _Rows()
    site = str(st["site"])
    title = _headcase(story.title, str(st["case"]))
    if st["twice"]:
        r.o(f"{title} | {site}" if rng.random() < 0.6 else f"{title} - {site}")
    r.o(site)
    r.o(*st["nav"])  # type: ignore[misc]
    section = rng.choice(SECTIONS)
    if rng.random() < 0.6:
        r.o(
            rng.choice((f"Home > {section}", f"Home / {section} / {rng.choice(SECTIONS)}", section))
        )
    if st["cookie"]:
        r.o(rng.choice(COOKIE_NOTICES))
        r.o(rng.choice(("Accept", "Accept all", "OK")))
    r.blank(rng.randint(0, 1))
    r.t(title)
    gap = int(str(st["para_gap"]))
    if rng.random() < 0.7:
        r.b(rng.choice((f"By {_name(rng)}", f"{_name(rng)}, {section} correspondent", _name(rng))))
    if rng.random() < 0.7:
        r.b(
            rng.choice(
                (f"Published {_date(rng)}", _date(rng), f"Updated {_time(rng)}, {_date(rng)}")
            )
        )
    if rng.random() < 0.5:
        r.b(_caption(story, rng))
        r.b(rng.choice(("Image: ", "Photograph: ", "Credit: ", "")) + rng.choice(PHOTO_AGENCIES))
    if rng.random() < 0.5:
        r.b(
            *rng.choice(
                (["Share"], ["Facebook Twitter Email"], ["Share", "Facebook", "Twitter", "Email"])
            )
        )
    r.blank(gap)
    advert = rng.randint(1, 4)
    for k, p in enumerate(story.paragraphs):
        if k:
            r.blank(gap)
        if k == advert and len(story.paragraphs) > advert + 1:
            r.b(
                rng.choice(
                    ("Advertisement", "ADVERTISEMENT", "Story continues below advertisement")
                )
            )
            r.blank(gap)
        r.para(p)
    r.blank(rng.randint(1, 2))
    if rng.random() < 0.4:
        r.o(f"{rng.randint(0, 480)} comments")
    r.o(rng.choice(("Related stories", f"More from {section}", "You may also like", "Most read")))
    for _ in range(rng.randint(2, 6)):
        r.o(_teaser(rng))
        if rng.random() < 0.3:
            r.o(rng.choice(TEASER_SENTENCES))
            r.o(rng.choice(("2 hours ago", "5 hours ago", "1 day ago", _date(rng))))
    r.blank(rng.randint(0, 1))
    r.o(f"© {rng.randint(2010, 2024)} {site}. All rights reserved.")
    r.o(
        *rng.sample(
            ["Terms of Use", "Privacy Policy", "Contact us", "Cookie settings", "About us"], 3
        )
    )
    return r.piece(title)


def feed_export_style(rng: random.Random) -> Style:
    sep = rng.choice(("", "----", "=" * 20, "* * *"))
    return {
        "gap": (lambda g: [*_blank_rows(1), (sep, "O"), *_blank_rows(1)])
        if sep
        else _gap_blank(1, 3),
        "labelled": rng.random() < 0.6,
        "host": f"https://www.{rng.choice(SITE_NOUNS).lower()}{rng.randint(1, 99)}.example.com",
    }


def feed_export(story: Story, st: Style, rng: random.Random) -> _Piece:
    """An RSS or Atom feed read out as text: title, link, pubDate, then the description or
    content paragraphs; items separated by blank runs or a rule."""
    r = _Rows()
    slug = re.sub(r"\W+", "-", story.title.lower()).strip("-")[:60]
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS)[:3], rng.randint(1996, 2024)
    stamp = f"{rng.choice(DAYS)[:3]}, {day:02d} {month} {year} {_time(rng)[:5]}:00 GMT"
    if st["labelled"]:
        r.t(f"Title: {story.title}")
        r.b(f"Link: {st['host']}/{slug}")
        r.b(f"PubDate: {stamp}" if rng.random() < 0.5 else f"Published: {stamp}")
        r.b(rng.choice(("Description:", "Content:", "Summary:")))
    else:
        r.t(story.title)
        r.b(f"{st['host']}/{slug}")
        r.b(stamp)
        r.blank()
    r.paras(story.paragraphs, gap=rng.choice((0, 1)))
    return r.piece(story.title)


def cms_export_style(rng: random.Random) -> Style:
    labels = rng.choice(
        (
            ("Title:", "Author:", "Date:", "Category:", "Body:"),
            ("HEADLINE:", "BYLINE:", "PUBLISHED:", "SECTION:", "TEXT:"),
            ("title =", "author =", "date =", "tags =", "body ="),
        )
    )
    sep = rng.choice(("---", "=====", "", "<!-- next -->"))
    return {
        "gap": (lambda g: [*_blank_rows(g.randint(1, 2)), (sep, "O"), *_blank_rows(1)])
        if sep
        else _gap_blank(2, 3),
        "labels": labels,
        "inline": rng.random() < 0.3,
    }


def cms_export(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A CMS export: "Title:", "Author:", "Date:", "Category:" fields, the body after a
    "Body:" label (or on its line)."""
    r = _Rows()
    title_l, author_l, date_l, cat_l, body_l = st["labels"]  # type: ignore[misc]
    r.t(f"{title_l} {story.title}")
    r.b(f"{author_l} {_name(rng)}")
    r.b(f"{date_l} {_date(rng)}")
    if rng.random() < 0.8:
        r.b(f"{cat_l} {rng.choice(SECTIONS).lower()}")
    if st["inline"]:
        r.b(f"{body_l} {story.paragraphs[0]}")
        r.paragraphs.append(story.paragraphs[0])
        r.blank()
        r.paras(story.paragraphs[1:])
    else:
        r.b(body_l)
        r.paras(story.paragraphs)
    return r.piece(story.title)


def agency_today_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(1, 3),
        "para_gap": rng.choice((0, 1, 1)),
        "agency": rng.choice(("Reuters", "Reuters", "AFP", "AP", "Bloomberg")),
        "slug": rng.random() < 0.6,
    }


def agency_today(story: Story, st: Style, rng: random.Random) -> _Piece:
    """Modern agency copy: "UPDATE 2-Oil prices ...", "By" line, "LONDON, March 3 (Reuters)
    - " on the first paragraph, "(Reporting by X; Editing by Y)" at the foot."""
    r = _Rows()
    title = _headcase(story.title, "sentence" if story.title.isupper() else "asis")
    shown = f"{rng.choice(SLUGS)}-{title}" if st["slug"] and rng.random() < 0.7 else title
    r.t(shown)
    if rng.random() < 0.5:
        r.b(f"By {_name(rng)}" + (f" and {_name(rng)}" if rng.random() < 0.3 else ""))
    gap = int(str(st["para_gap"]))
    r.blank(gap)
    place, paras = _dateline_split(story)
    month, day = rng.choice(MONTHS)[:3], rng.randint(1, 28)
    prefix = f"{place or rng.choice(PLACES)}, {month} {day} ({st['agency']}) - "
    r.paras(paras, gap=gap, prefix=prefix)
    r.blank(gap)
    r.b(
        rng.choice(
            (
                f"(Reporting by {_name(rng)}; Editing by {_name(rng)})",
                f"(Reporting by {_name(rng)} in {rng.choice(PLACES).title()}; "
                f"Writing by {_name(rng)}; Editing by {_name(rng)})",
                f"(Additional reporting by {_name(rng)}; Editing by {_name(rng)})",
            )
        )
    )
    return r.piece(shown)


def press_release_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(2, 3),
        "wire": rng.choice(("PRNewswire", "Business Wire", "GLOBE NEWSWIRE")),
    }


def press_release(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A newswire press release: "FOR IMMEDIATE RELEASE", headline, sub-headline, "CITY,
    Date /PRNewswire/ --" dateline, "###" and a media contact block."""
    r = _Rows()
    r.o(rng.choice(("FOR IMMEDIATE RELEASE", "For Immediate Release", "NEWS RELEASE")))
    r.blank(rng.randint(0, 1))
    title = _headcase(story.title, rng.choice(("asis", "title", "upper")))
    r.t(title)
    if rng.random() < 0.7:
        r.b(_caption(story, rng).rstrip("."))
    r.blank()
    place, paras = _dateline_split(story)
    prefix = f"{(place or rng.choice(PLACES)).title()}, {_date(rng)} /{st['wire']}/ -- "
    r.paras(paras, prefix=prefix)
    r.blank()
    r.b(rng.choice(("###", "# # #", "-30-", "ENDS")))
    r.blank()
    r.o(rng.choice(("Media contact:", "Media Contact", "CONTACT:")))
    name = _name(rng)
    r.o(
        name,
        f"{name.split()[0].lower()}@example.com",
        f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
    )
    return r.piece(title)


def seed_style_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(2, 3),
        "logo": rng.choice(("TT", "LOGO", "AA", "The Times")),
        "subheads": rng.random() < 0.6,
    }


SUBHEAD_WORDS = [
    "questions", "warns", "responds", "talks", "reaction", "next steps", "background",
    "what next", "the deal", "in numbers", "timeline", "concerns", "criticism", "outlook",
]  # fmt: skip


def seed_style(story: Story, st: Style, rng: random.Random) -> _Piece:
    """The founding example: headline and a "(Reuters)"-credited caption each printed twice
    around a logo's alt text ("TT"), then blank-separated paragraphs."""
    r = _Rows()
    cap = f"{_caption(story, rng)} ({rng.choice(AGENCIES)})"
    r.t(story.title)
    r.blank()
    r.b(cap, cap, str(st["logo"]))
    r.blank()
    r.b(story.title)
    r.blank()
    r.b(cap, cap)
    r.blank()
    heads = _subheadings(story, rng) if st["subheads"] else {}
    for k, text in enumerate(story.paragraphs):
        if k:
            r.blank()
        if k in heads:
            r.b(heads[k])
            r.blank()
        r.para(text)
    return r.piece(story.title)


def _subheadings(story: Story, rng: random.Random) -> dict[int, str]:
    """Subheadings over some paragraphs (never the first), as the seed prints them: a few
    of the paragraph's own capitalised words, in capitals ("PUTIN QUESTIONS WASHINGTON")."""
    out = {}
    for k in range(2, len(story.paragraphs) - 1):
        if rng.random() < 0.25:
            names = re.findall(r"\b[A-Z][a-z]{2,}\b", story.paragraphs[k])
            words = names[:2] + rng.sample(SUBHEAD_WORDS, 1)
            if len(words) >= 2:
                text = " ".join(words)
                out[k] = text.upper() if rng.random() < 0.7 else text.title()
    return out


def setext_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(2, 4),
        "under": rng.choice("=-~*"),
        "full": rng.random() < 0.6,
        "width": rng.choice((None, None, 72, 78)),
    }


def setext(story: Story, st: Style, rng: random.Random) -> _Piece:
    """Plain-text newsletters and READMEs of old: a headline underlined "=====", a date
    line, blank-separated paragraphs, optionally wrapped."""
    r = _Rows()
    r.t(story.title)
    n = len(story.title) if st["full"] else rng.randint(8, 40)
    r.b(str(st["under"]) * n)
    r.blank()
    if rng.random() < 0.4:
        r.b(_date(rng))
        r.blank()
    width = st["width"]
    r.paras(story.paragraphs, width=int(str(width)) if width else None)
    return r.piece(story.title)


def wrapped_plain_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(2, 4),
        "width": rng.randint(64, 80),
        "indent": rng.choice(("", "", "  ")),
        "case": _pick_case(rng),
    }


def wrapped_plain(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A text file or mail body wrapped at 64-80 columns, blank lines between paragraphs,
    headlines in sentence case or starting with a lower-case brand."""
    r = _Rows()
    title = _headcase(story.title, str(st["case"]))
    r.t(title)
    r.blank(rng.randint(1, 2))
    r.paras(story.paragraphs, width=int(str(st["width"])), indent=str(st["indent"]))
    return r.piece(title)


def live_page_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(2, 3),
        "site": _site(rng),
        "stamp": rng.choice(("{t}", "{t} GMT", "Posted at {t}")),
    }


def live_page(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A live blog: one article of timestamped entries, some with their own bold
    sub-headline; the entries must not be split into articles."""
    r = _Rows()
    r.o(str(st["site"]), "Live")
    title = story.title
    r.t(title)
    r.b(
        f"Last updated {_time(rng)}"
        if rng.random() < 0.5
        else rng.choice(("LIVE", "Live reporting"))
    )
    r.blank()
    h, m = rng.randint(8, 20), rng.randint(0, 59)
    for k, p in enumerate(story.paragraphs):
        if k:
            r.blank()
        m -= rng.randint(3, 40)
        while m < 0:
            h, m = h - 1, m + 60
        r.b(str(st["stamp"]).format(t=f"{h % 24:02d}:{m:02d}"))
        if rng.random() < 0.3:
            r.b(f"**{_teaser(rng)}**" if rng.random() < 0.5 else _teaser(rng))
        r.para(p)
    r.blank()
    r.o("Share this page", "Back to top")
    return r.piece(title)


def archive_export_style(rng: random.Random) -> Style:
    total = rng.randint(8, 40)
    return {
        "gap": _gap_blank(1, 3),
        "total": total,
        "count": itertools.count(rng.randint(1, 4)),
        "pub": _site(rng),
    }


def archive_export(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A newspaper-archive export (LexisNexis, ProQuest style): "Page 3 of 12" and
    "Document 3 of 12" furniture, publication, date, "LENGTH: 523 words", "BYLINE:", the
    body, "LOAD-DATE:"."""
    r = _Rows()
    count = st["count"]
    assert isinstance(count, itertools.count)
    n = next(count)
    r.o(
        rng.choice(
            (
                f"Page {n} of {st['total']}",
                f"Document {n} of {st['total']}",
                f"{n} of {st['total']} DOCUMENTS",
            )
        )
    )
    r.blank()
    r.o(str(st["pub"]).upper() if rng.random() < 0.5 else str(st["pub"]))
    r.o(_date(rng))
    r.blank()
    title = story.title
    r.t(title if rng.random() < 0.6 else f"HEADLINE: {title}")
    r.blank()
    r.b(f"BYLINE: {_name(rng)}")
    r.b(f"SECTION: {rng.choice(SECTIONS).upper()}; Pg. {rng.randint(1, 40)}")
    r.b(f"LENGTH: {story.words} words")
    r.blank()
    r.paras(story.paragraphs)
    r.blank()
    r.o(f"LOAD-DATE: {_date(rng)}")
    r.o(
        rng.choice(("LANGUAGE: ENGLISH", "PUBLICATION-TYPE: Newspaper", "Copyright 2004 Newsquest"))
    )
    return r.piece(title)


# ---- real news pages copied with select-all (chrome from harness.webchrome)

SUBHEADS = (
    "What happens next?", "Why it matters", "What we know so far", "Background",
    "The bigger picture", "Reaction", "A long road", "What they said", "Looking ahead",
    "By the numbers", "What's at stake", "How we got here", "Key points", "The response",
)  # fmt: skip


def _web_rows(r: _Rows, lines: Sequence[str], label: str) -> None:
    r.rows += [(line, label if line.strip() else "") for line in lines]


def _block_gap(r: _Rows, mode: str, rng: random.Random) -> None:
    r.blank(int(rng.random() < {"blank": 0.7, "none": 0.2, "mixed": 0.45}[mode]))


def _para_gap(mode: str, rng: random.Random) -> int:
    return {"blank": 1, "none": 0}.get(mode, int(rng.random() < 0.4))


def _wire_prefix(place: str, site: webchrome.Site, rng: random.Random) -> str:
    """The dateline some sites keep on agency copy; it is not part of the gold paragraph."""
    if rng.random() >= 0.3:
        return ""
    place = re.sub(r"^[^A-Za-z]+", "", place) or rng.choice(PLACES)
    if site.kind == "india" and rng.random() < 0.6:
        return rng.choice((f"{place.title()}: ", f"{place.upper()} (PTI): ", f"{place.title()}, "))
    month, day = rng.choice(MONTHS)[:3], rng.randint(1, 28)
    agency = rng.choice(("Reuters", "AP", "AFP", "Reuters"))
    return rng.choice(
        (f"{place} ({agency}) - ", f"{place}, {month} {day} ({agency}) - ", f"{place} — ")
    )


def _article_rows(
    story: Story, site: webchrome.Site, mode: str, rng: random.Random
) -> tuple[_Rows, str, str]:
    """The span of one news page, headline to last paragraph, with its furniture; and the
    kicker printed above it."""
    kicker, title = webchrome.headline_of(story, site)
    place, paras = _dateline_split(story)
    r = _Rows()
    r.t(title)
    meta: list[list[str]] = []
    if rng.random() < 0.8:
        meta.append(webchrome.byline_lines(rng, site))
    if rng.random() < 0.8:
        meta.append([webchrome.date_line(rng)])
    if rng.random() < 0.2:
        meta.append([webchrome.reading_time(rng)])
    if rng.random() < 0.5:
        meta.append(webchrome.share_lines(rng))
    if rng.random() < 0.55:
        meta.append(webchrome.caption_lines(rng, webchrome._caption(story)))
    if rng.random() < 0.3:
        rng.shuffle(meta)
    standfirst = ""
    if len(paras) >= 3 and len(paras[0]) < 320 and rng.random() < 0.4:
        standfirst, paras = paras[0], paras[1:]
    at = 0 if rng.random() < 0.7 else len(meta)
    for k, block in enumerate([*meta[:at], ["\x00"], *meta[at:]]):
        if block == ["\x00"]:
            if standfirst:
                if rng.random() < 0.5:
                    r.para(standfirst)
                else:
                    r.b(standfirst)
                _block_gap(r, mode, rng)
            continue
        _web_rows(r, block, "B")
        if k < len(meta):
            _block_gap(r, mode, rng)
    if r.rows[-1][1]:
        r.blank(_para_gap(mode, rng))
    prefix = _wire_prefix(place, site, rng)
    for k, p in enumerate(paras):
        if k:
            r.blank(_para_gap(mode, rng))
            if rng.random() < 0.16:
                _web_rows(r, webchrome.in_body(rng, story, site, paras), "B")
                r.blank(_para_gap(mode, rng))
            elif len(paras) > 6 and rng.random() < 0.08:
                r.b(rng.choice(SUBHEADS))
                r.blank(_para_gap(mode, rng))
        r.para(p, prefix=prefix if k == 0 else "")
    return r, title, kicker


def _news_page(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A whole news page: chrome above, the article, chrome below, its size drawn so that
    half to three quarters of the page's lines lie outside the article."""
    site = st["site"] or webchrome.make_site(rng)
    assert isinstance(site, webchrome.Site)
    mode = rng.choices(("blank", "none", "mixed"), (55, 25, 20))[0]
    art, title, kicker = _article_rows(story, site, mode, rng)
    inside = sum(1 for _, label in art.rows if label)
    share = rng.uniform(0.52, 0.76)
    budget = int(inside * share / (1 - share))
    menu = max(10, min(120, int(budget * rng.uniform(0.2, 0.4))))
    footer = max(4, min(40, int(budget * rng.uniform(0.1, 0.25))))
    top = webchrome.before_article(rng, story, site, menu)
    bottom = webchrome.after_article(rng, story, site, footer)
    droppable = [b for b, required in top + bottom if not required]
    rng.shuffle(droppable)
    while droppable and sum(len(b) for b, _ in top + bottom) > budget:
        gone = droppable.pop()
        top = [(b, q) for b, q in top if b is not gone]
        bottom = [(b, q) for b, q in bottom if b is not gone]
    r = _Rows()
    if rng.random() < 0.25:
        r.o(f"{title} {rng.choice(('|', '-', '–', '::'))} {site.name}")
    for block, _ in top:
        _web_rows(r, block, "O")
        _block_gap(r, mode, rng)
    if rng.random() < 0.2:
        r.o(rng.choice((f"Home > {rng.choice(webchrome.KICKER_WORDS)} > {title}", title)))
    if kicker or rng.random() < 0.3:
        r.o(kicker or rng.choice(webchrome.KICKER_WORDS))
    r.rows += art.rows
    r.paragraphs = art.paragraphs
    for block, _ in bottom:
        _block_gap(r, mode, rng)
        _web_rows(r, block, "O")
    while r.rows and not r.rows[0][1]:
        r.rows.pop(0)
    return r.piece(title)


def _selection(piece: _Piece, rng: random.Random) -> _Piece:
    """The page cut as a reader's sloppy selection: 0-12 lines above the headline to 0-25
    lines past its last line."""
    labels = [label for _, label in piece.rows]
    first = labels.index("T")
    last = max(i for i, label in enumerate(labels) if label in ("T", "B"))
    rows = list(piece.rows[max(0, first - rng.randint(0, 12)) : last + 1 + rng.randint(0, 25)])
    while not rows[0][1]:
        rows.pop(0)
    while not rows[-1][1]:
        rows.pop()
    return dataclasses.replace(piece, rows=tuple(rows))


def news_site_style(rng: random.Random) -> Style:
    # mostly one site per page, as when a reader copies from several tabs
    return {
        "gap": _gap_blank(1, 3),
        "site": webchrome.make_site(rng) if rng.random() < 0.2 else None,
    }


def news_site_page(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A real news site's whole page as select-all copies it (BBC, Guardian, CNN, Reuters,
    local US papers, Indian and tech sites): skip links, masthead, mega-menu, trending bar,
    breadcrumbs, kicker, headline, standfirst, byline, stamp, caption and credit, share
    row, paragraphs broken by adverts, "READ MORE:" links, embeds and pull quotes; then
    tags, bio, newsletter prose, teaser lists of real headlines, comments and footer."""
    return _news_page(story, st, rng)


def news_site_selection(story: Story, st: Style, rng: random.Random) -> _Piece:
    """The same pages as `news_site_page`, cut as a sloppy selection: from 0-12 lines above
    the headline to 0-25 lines past the last paragraph."""
    return _selection(_news_page(story, st, rng), rng)


def blog_post_style(rng: random.Random) -> Style:
    return {
        "gap": _gap_blank(1, 3),
        "site": webchrome.make_blog(rng) if rng.random() < 0.3 else None,
    }


def blog_post(story: Story, st: Style, rng: random.Random) -> _Piece:
    """A Medium or WordPress post, whole page (30%) or a sloppy selection: title,
    subtitle, author with "Follow", "x min read", claps, paragraphs with subheadings and
    lists; "Written by", "More from", the comment form and widgets after it."""
    site = st["site"] or webchrome.make_blog(rng)
    assert isinstance(site, webchrome.Site)
    mode = rng.choices(("blank", "none", "mixed"), (60, 20, 20))[0]
    _, title = webchrome.headline_of(story, site)
    _, paras = _dateline_split(story)
    author = f"{rng.choice(webchrome.FIRST)} {rng.choice(webchrome.LAST)}"
    r = _Rows()
    if site.kind == "medium":
        r.o(*webchrome._pick(rng, webchrome.BLOG_HEADS, 2, 6))
        if rng.random() < 0.5:
            r.o(site.name)
    else:
        r.o(site.name)
        if rng.random() < 0.6:
            r.o(
                rng.choice(
                    (
                        "Just another WordPress site",
                        "Thoughts on tech, life and news",
                        "A blog about everything",
                        f"Writing from {site.city}",
                    )
                )
            )
        r.o(
            *webchrome._pick(
                rng,
                (
                    "Home",
                    "About",
                    "Contact",
                    "Blog",
                    "Archive",
                    "Menu",
                    "Search for:",
                    "Search",
                    "Subscribe",
                    "Portfolio",
                ),
                2,
                6,
            )
        )
    _block_gap(r, mode, rng)
    if rng.random() < 0.3:
        r.o(rng.choice(webchrome.KICKER_WORDS))
    r.t(title)
    if len(paras) >= 3 and len(paras[0]) < 300 and rng.random() < 0.5:
        if rng.random() < 0.4:
            r.para(paras[0])
        else:
            r.b(paras[0])
        paras = paras[1:]
    stamp = webchrome.date_line(rng)
    if site.kind == "medium":
        lines = rng.choice(
            (
                [author, "Follow", webchrome.reading_time(rng), "·", stamp],
                [author, "·", "Follow", "Published in", site.name, webchrome.reading_time(rng)],
                [author, f"{webchrome.reading_time(rng)} · {stamp}"],
            )
        )
        lines += ["--", str(rng.randint(1, 999))] if rng.random() < 0.6 else []
        lines += ["Listen", "Share"] if rng.random() < 0.6 else []
    else:
        lines = rng.choice(
            (
                [f"Posted on {stamp} by {author}"],
                [f"By {author}", stamp],
                [stamp, author, rng.choice(("Leave a comment", "2 Comments", "No Comments"))],
            )
        )
    _web_rows(r, lines, "B")
    if rng.random() < 0.4:
        _web_rows(r, webchrome.caption_lines(rng, webchrome._caption(story)), "B")
    r.blank(_para_gap(mode, rng) if rng.random() < 0.5 else 1)
    for k, p in enumerate(paras):
        if k:
            r.blank(_para_gap(mode, rng))
            if rng.random() < 0.15:
                r.b(rng.choice(SUBHEADS))
                r.blank(_para_gap(mode, rng))
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", p)
        if 3 <= len(sentences) <= 6 and k and rng.random() < 0.2:
            for item in sentences:  # a list: the markers are not in the selected text
                r.para(item)
        else:
            r.para(p)
    bottom = webchrome.blog_footer(rng, story, site, author)
    for block in bottom:
        _block_gap(r, mode, rng)
        _web_rows(r, block, "O")
    piece = r.piece(title)
    return piece if rng.random() < 0.3 else _selection(piece, rng)


# characters of body: a web page is rarely built around a two-line brief, and a whole page
# needs a body long enough for its chrome to be half to three quarters of the page
_LONG_ENOUGH = 500
_LONG_PAGE = 1500


def _long_enough(story: Story) -> bool:
    return len(story.body) >= _LONG_ENOUGH


def _long_page(story: Story) -> bool:
    return len(story.body) >= _LONG_PAGE


FAMILIES: dict[str, _Family] = {
    "old_wire": _Family(old_wire, old_wire_style, lambda s: bool(s.raw)),
    "markdown": _Family(markdown, markdown_style),
    "email_digest": _Family(email_digest, email_digest_style),
    "pdf_edition": _Family(pdf_edition, pdf_edition_style),
    "flat_paste": _Family(flat_paste, flat_paste_style),
    "teleprinter": _Family(teleprinter, teleprinter_style),
    "forwarded_mail": _Family(forwarded_mail, forwarded_mail_style),
    "numbered_briefing": _Family(numbered_briefing, numbered_briefing_style),
    "web_page": _Family(web_page, web_page_style),
    "feed_export": _Family(feed_export, feed_export_style),
    "cms_export": _Family(cms_export, cms_export_style),
    "agency_today": _Family(agency_today, agency_today_style),
    "press_release": _Family(press_release, press_release_style),
    "seed_style": _Family(seed_style, seed_style_style),
    "setext": _Family(setext, setext_style),
    "wrapped_plain": _Family(wrapped_plain, wrapped_plain_style),
    "live_page": _Family(live_page, live_page_style),
    "archive_export": _Family(archive_export, archive_export_style),
    "news_site_page": _Family(news_site_page, news_site_style, _long_page, 0.1),
    "news_site_selection": _Family(news_site_selection, news_site_style, _long_enough, 0.1),
    "blog_post": _Family(blog_post, blog_post_style, _long_enough, 0.1),
}


# ---- the dump builder


def _near_copy(story: Story, rng: random.Random) -> Story:
    """The same story re-sent: its last paragraph(s) dropped, or a few words changed."""
    if len(story.paragraphs) >= 4 and rng.random() < 0.6:
        cut = rng.randint(1, max(1, len(story.paragraphs) // 4))
        raw = story.raw
        if raw:
            starts = [m.start() for m in re.finditer(r"\n[ \t]+\S", raw)]
            raw = raw[: starts[-cut]] + "\n Reuter" if len(starts) > cut else raw
        return dataclasses.replace(story, paragraphs=story.paragraphs[:-cut], raw=raw)
    edited = edit_words(story, rng, share=0.03)
    return dataclasses.replace(edited, id=story.id, raw=story.raw)


def generate(family: str, stories: Sequence[Story], rng: random.Random) -> GeneratedDump:
    """One dump of `stories` in `family`, its gold and its line labels; in about 30% of
    dumps one story is printed again later, exactly or as a near copy."""
    fam = FAMILIES[family]
    st = fam.style(rng)
    pieces = [fam.article(s, st, rng) for s in stories]
    order: list[tuple[_Piece, int | None, str]] = [(p, None, "") for p in pieces]
    if len(stories) >= 2 and rng.random() < DUPLICATE_SHARE:
        of = rng.randrange(len(stories) - 1)
        if rng.random() < fam.near:
            copy, kind = fam.article(_near_copy(stories[of], rng), st, rng), "near"
        else:
            copy, kind = pieces[of], "exact"
        order.insert(rng.randint(of + 2, len(order)), (copy, of, kind))
    rows: list[Row] = list(st.get("head", []))  # type: ignore[call-overload]
    articles: list[dict] = []
    duplicates: list[dict] = []
    gap = st["gap"]
    assert callable(gap)
    for k, (piece, of, kind) in enumerate(order):
        if k:
            rows += gap(rng)
        base = len(rows)
        rows += piece.rows
        inside = [i for i, (_, label) in enumerate(piece.rows) if label in ("T", "B")]
        span = {"line_start": base + inside[0] + 1, "line_end": base + inside[-1] + 1}
        if of is None:
            articles.append({"title": piece.title, "paragraphs": list(piece.paragraphs), **span})
        else:
            duplicates.append({"duplicate_of": of, "kind": kind, **span})
    rows += list(st.get("foot", []))  # type: ignore[call-overload]
    text, labels = _finish(rows, rng)
    return GeneratedDump(family, text, {"articles": articles, "duplicates": duplicates}, labels)


def _finish(rows: list[Row], rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """The dump as a client would send it: line ends, stray whitespace, no-break spaces."""
    lines = [line for line, _ in rows]
    if rng.random() < NBSP_SHARE:
        lines = [re.sub(r" (?=said\b)|(?<=\bthe) |(?<=\d) (?=\w)", "\u00a0", ln) for ln in lines]
    if rng.random() < 0.15:
        lines = [ln + " " * rng.choice((0, 0, 1, 2)) if ln else ln for ln in lines]
    if rng.random() < 0.1:
        lines = [ln if ln.strip() else rng.choice(("", " ", "\t")) for ln in lines]
    eol = "\r\n" if rng.random() < CRLF_SHARE else "\n"
    text = eol.join(lines) + (eol if rng.random() < 0.7 else "")
    return text, tuple(label for _, label in rows)


def syndicated(story: Story, rng: random.Random) -> Story:
    """The same agency story as another site publishes it: trimmed to about two thirds, or
    lightly rewritten (a few words changed, a paragraph dropped), under its own headline."""
    if rng.random() < 0.5 and len(story.paragraphs) >= 3:
        keep = max(2, round(len(story.paragraphs) * 2 / 3))
        copy = dataclasses.replace(story, paragraphs=story.paragraphs[:keep])
    else:
        copy = edit_words(story, rng, share=rng.uniform(0.02, 0.05))
        if len(copy.paragraphs) >= 4:
            drop = rng.randrange(1, len(copy.paragraphs))
            copy = dataclasses.replace(
                copy, paragraphs=copy.paragraphs[:drop] + copy.paragraphs[drop + 1 :]
            )
    if rng.random() < 0.5:
        copy = dataclasses.replace(copy, title=rng.choice(("UPDATE 1-", "")) + copy.title)
    return dataclasses.replace(copy, id=story.id + "~syndicated", raw="")


def generate_syndicated(
    family: str, n_dumps: int, split: str, seed: int, copies: tuple[int, int] = (1, 2)
) -> list[GeneratedDump]:
    """Dumps of pages from several sites where one to two stories come again later from
    another site: its own chrome, trimmed or lightly rewritten (gold: near duplicates)."""
    fam = FAMILIES[family]
    pool = [s for s in story_pool(split, seed) if fam.accepts(s)]
    rng = random.Random(f"syndicated/{family}/{split}/{seed}")
    out = []
    for stories in itertools.islice(_story_runs(pool, (2, 4), rng), n_dumps):
        n = len(stories)
        order: list[tuple[_Piece, int | None]] = [
            (fam.article(s, fam.style(rng), rng), None) for s in stories
        ]
        for of in rng.sample(range(n), min(n, rng.randint(*copies))):
            copy = fam.article(syndicated(stories[of], rng), fam.style(rng), rng)
            order.insert(rng.randint(of + 1, len(order)), (copy, of))
        rows: list[Row] = []
        articles: list[dict] = []
        duplicates: list[dict] = []
        for k, (piece, of) in enumerate(order):
            if k:
                rows += _blank_rows(rng.randint(1, 3))
            base = len(rows)
            rows += piece.rows
            inside = [i for i, (_, label) in enumerate(piece.rows) if label in ("T", "B")]
            span = {"line_start": base + inside[0] + 1, "line_end": base + inside[-1] + 1}
            if of is None:
                articles.append(
                    {"title": piece.title, "paragraphs": list(piece.paragraphs), **span}
                )
            else:
                duplicates.append({"duplicate_of": of, "kind": "near", **span})
        text, labels = _finish(rows, rng)
        out.append(
            GeneratedDump(family, text, {"articles": articles, "duplicates": duplicates}, labels)
        )
    return out


def lines_of(text: str) -> list[str]:
    """The lines of `text` as score.py counts them."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def generate_set(family: str, n_dumps: int, split: str, seed: int) -> list[GeneratedDump]:
    """`n_dumps` dumps of 2-6 stories of `split` ("train" or "test") in `family`; the same
    arguments give the same dumps, and no story is used twice in one set while the pool
    lasts."""
    fam = FAMILIES[family]
    pool = [s for s in story_pool(split, seed) if fam.accepts(s)]
    rng = random.Random(f"{family}/{split}/{seed}")
    runs = itertools.islice(_story_runs(pool, STORIES_PER_DUMP, rng), n_dumps)
    return [generate(family, chosen, rng) for chosen in runs]


def _story_runs(
    pool: list[Story], sizes: tuple[int, int], rng: random.Random
) -> Iterator[list[Story]]:
    """Consecutive runs of the pool from a random start, wrapping round, each of a random
    size in `sizes`: no story comes twice while the pool lasts."""
    at = rng.randrange(len(pool))
    while True:
        n = rng.randint(*sizes)
        yield [pool[(at + k) % len(pool)] for k in range(n)]
        at = (at + n) % len(pool)


def write_set(dumps: Sequence[GeneratedDump], directory: Path | str) -> None:
    """NAME.txt and NAME.json per dump, as score.py reads them (line ends kept as made)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for k, dump in enumerate(dumps):
        name = f"{dump.family}-{k:04d}"
        with open(folder / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(dump.text)
        gold = {"layout": dump.family, **dump.gold}
        (folder / f"{name}.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")


# ---- the fixed layouts the segmenter's tests were built on (one template each)

FIXED_AGENCIES = ("Reuters", "AFP", "AP", "dpa", "Getty Images", "EPA", "Xinhua")
FIXED_NAMES = ("Jane Doe", "John Smith", "Maria Garcia", "Wei Zhang", "Amina Yusuf", "Tom O'Neil")
FIXED_SECTIONS = ("business", "politics", "sport", "tech", "world")
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


def _fixed_caption(story: Story, rng: random.Random) -> str:
    longest = max(story.paragraphs, key=len)
    return longest.split(". ")[0].rstrip(".") + "."


@dataclass(frozen=True, slots=True)
class Rendered:
    lines: list[str]  # the article's lines; blank lines are ""
    first: int  # index in `lines` of the article's first line
    last: int
    gold_paragraphs: list[str]
    title: str | None = None  # the headline as printed, when it is not the story's own


def fixed_seed_style(story: Story, rng: random.Random) -> Rendered:
    """Headline and caption printed twice, the caption doubled, a logo's alt text."""
    cap = f"{_fixed_caption(story, rng)} ({rng.choice(FIXED_AGENCIES)})"
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
    lines = [story.title, f"By {rng.choice(FIXED_NAMES)}", first, *story.paragraphs[1:]]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def fixed_cms_export(story: Story, rng: random.Random) -> Rendered:
    """Field labels, a date and a category, the body after a 'Body:' label."""
    lines = [
        f"Title: {story.title}",
        f"Author: {rng.choice(FIXED_NAMES)}",
        f"Date: 2024-03-{rng.randint(1, 28):02d}",
        f"Category: {rng.choice(FIXED_SECTIONS)}",
        "Body:",
    ]
    for p in story.paragraphs:
        lines += [p, ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def chrome_heavy(story: Story, rng: random.Random) -> Rendered:
    """Share bars, a gallery counter, a credited caption, adverts and read-more links."""
    cap = f"{_fixed_caption(story, rng)} Photograph: {rng.choice(FIXED_AGENCIES)}"
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
    lines = [story.title, "", f"BY {rng.choice(FIXED_NAMES).upper()}", "", first, ""]
    for p in story.paragraphs[1:]:
        lines += [p, ""]
    lines += ["Share this article", "", "Copyright 2024 Thomson Reuters. All rights reserved."]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def ruled(story: Story, rng: random.Random) -> Rendered:
    """Single blanks everywhere; stories divided by rules; a photo credit on its own line."""
    cap = _fixed_caption(story, rng)
    lines = [story.title, "", cap, "", f"Photo: {rng.choice(FIXED_AGENCIES)}", ""]
    for p in story.paragraphs:
        lines += [p, ""]
    lines += ["* * *"]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs))


def fixed_feed_export(story: Story, rng: random.Random) -> Rendered:
    """A feed reader's export: headline, "Published:" and "Source:" lines, spaced body."""
    day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
    lines = [
        story.title,
        f"Published: 2024-03-{day:02d} {hour:02d}:{minute:02d}",
        f"Source: {rng.choice(FIXED_AGENCIES)}",
        "",
    ]
    for p in story.paragraphs:
        lines += [p, ""]
    return Rendered(lines[:-1], 0, len(lines) - 2, list(story.paragraphs))


def photo_related(story: Story, rng: random.Random) -> Rendered:
    """A captioned photo credited "Photo: NAME/AGENCY" and a "Related:" list of links."""
    name, agency = rng.choice(FIXED_NAMES).upper(), rng.choice(FIXED_AGENCIES).upper()
    lines = [story.title, "", _fixed_caption(story, rng), f"Photo: {name}/{agency}", ""]
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
    lines = [title, f"By {rng.choice(FIXED_NAMES)}", first, *story.paragraphs[1:]]
    return Rendered(lines, 0, len(lines) - 1, list(story.paragraphs), title)


LAYOUTS: dict[str, tuple[Callable[[Story, random.Random], Rendered], str]] = {
    # name: (renderer, the blank run between articles)
    "seed_style": (fixed_seed_style, "\n\n\n"),
    "wire": (wire_style, "\n"),
    "cms": (fixed_cms_export, "\n\n---\n\n"),
    "chrome": (chrome_heavy, "\n\n\n"),
    "compact": (compact, "\n"),
    "wrapped": (wrapped, "\n\n\n\n"),
    "wire_spaced": (wire_spaced, "\n\n\n"),
    "ruled": (ruled, "\n\n"),
}
# Layouts the segmenter was not built on: scored apart from LAYOUTS, and in mixes with them.
NEW_LAYOUTS: dict[str, tuple[Callable[[Story, random.Random], Rendered], str]] = {
    "feed": (fixed_feed_export, "\n\n\n"),
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


MIX_STORIES = 6


def mix_pool() -> list[Story]:
    """BBC and Reuters-21578 stories in turn (other ones than test_layouts takes)."""
    bbc = [
        Story(f"bbc/{k}", t, tuple(p))
        for k, (t, p) in enumerate(itertools.islice(bbc_articles(), 5, 2225, 13))
    ]
    reuters = [
        Story(f"reuters/{k}", t, tuple(p), place)
        for k, (t, place, p) in enumerate(reuters_articles(400))
    ][2::3]
    return [s for pair in zip(bbc, reuters, strict=False) for s in pair]


def mixes(triples: int) -> dict[str, list[str]]:
    """Every layout alone, every pair, and `triples` triples (plus the one known weak)."""
    names = sorted(ALL_LAYOUTS)
    trios = list(itertools.combinations(names, 3))
    random.Random(11).shuffle(trios)
    return {
        "single": names,
        "pair": ["+".join(c) for c in itertools.combinations(names, 2)],
        "triple": ["+".join(c) for c in trios[:triples]] + ["wrapped+cms+compact"],
    }


def mixed_dumps(mix: str, pool: list[Story], n: int, salt: int) -> list[tuple[str, dict]]:
    """`n` dumps whose stories take the layouts of `mix` ("a+b+c") in turn."""
    out = []
    for k in range(n):
        at = (salt * 7 + k * MIX_STORIES) % (len(pool) - MIX_STORIES)
        chosen = pool[at : at + MIX_STORIES]
        out.append(render_dump(chosen, mix, seed=salt + k, crlf=k % 3 == 2, nbsp=k % 4 == 1))
    return out


def _classic(name: str) -> _Family:
    """One fixed layout as a family: its own template, the generator's duplicates and line
    ends."""
    renderer, gap = ALL_LAYOUTS[name]
    blanks = len(gap.split("\n")) - 2 if gap != "\n" else 1
    between = [(line, "O" if line.strip() else "") for line in gap.split("\n")[1:-1]]

    def article(story: Story, st: Style, rng: random.Random) -> _Piece:
        r = renderer(story, rng)
        rows = []
        for i, line in enumerate(r.lines):
            label = "" if not line.strip() else "T" if i == r.first else "B"
            rows.append((line, label if r.first <= i <= r.last else ("O" if label else "")))
        return _Piece(tuple(rows), r.title or story.title, tuple(r.gold_paragraphs))

    def style(rng: random.Random) -> Style:
        return {"gap": lambda g: list(between) if between else _blank_rows(blanks)}

    article.__doc__ = renderer.__doc__

    return _Family(article, style)


# The fixed layouts whose template none of the families above already covers.
for _name_ in ("chrome", "wire", "wire_spaced", "ruled", "photo_related", "caps_wire"):
    FAMILIES[f"classic_{_name_}"] = _classic(_name_)
