"""Shape of one line: the cheap, local evidence segmentation and clean-up decide from.

Every regex here is anchored and its repeats are bounded or separated by literals, so none
can backtrack badly; the shape tests also look at no more than `SHAPE_MAX_CHARS` of a line,
because chrome lines are short and a hostile 1 MB line must cost no more than its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

__all__ = [
    "CHROME_MAX_CHARS",
    "SHAPE_MAX_CHARS",
    "SIGN_OFF",
    "TAIL_WINDOW",
    "bracket_credit",
    "byline_name",
    "chrome_shape",
    "chrome_shape_by_pattern",
    "dateline_line",
    "dateline_prefix",
    "field_label",
    "header_furniture",
    "is_bare_date",
    "is_data_line",
    "is_heading_shaped",
    "is_link_list_head",
    "is_menu_label",
    "is_paragraph_shaped",
    "is_table_row",
    "is_teaser_shaped",
    "is_title_shaped",
    "link_list_length",
    "sign_off",
    "starts_capital",
    "tail_credit",
    "title_bounds",
    "wrap_width",
]

# Chrome, captions, labels and headings are all short; longer lines are body text.
SHAPE_MAX_CHARS = 300
CHROME_MAX_CHARS = 120
# A credit line of its own names a photographer or agency, not a sentence.
CREDIT_MAX_WORDS = 6
# What may close a sentence after its full stop: quotes and brackets, and the space that
# tokenised copy prints before them ('he said . "').
CLOSERS = "\"'’”) "
# A label leading into the text below it has fewer words than this ("Teams :", "Squad :").
LEAD_IN_MAX_WORDS = 5
# A credit tail ("Photograph: ...") sits in the last this-many characters of a caption.
TAIL_WINDOW = 110

# Hard-wrapped text: most long lines end within WRAP_SLACK characters of one width.
WRAP_SLACK = 20
WRAP_MAX_WIDTH = 100
WRAP_MIN_LINES = 10
WRAP_SHARE = 0.6

TERMINAL = (".", "!", "?", ".'", '."', "!'", '!"', "?'", '?"', ".)", ":", ";", ",")

# Rules between stories or sections: "---", "* * *", "___", "=====", "• • •".
SEPARATOR = re.compile(r"^[ \t]*([-*_=~#•·.+])(?:[ \t]*\1){2,}[ \t]*$")

# A gallery or slideshow counter: "1/5", "2 of 12", "Image 3 of 9", "Photo 1/4".
GALLERY_COUNTER = re.compile(
    r"^(?:(?:image|photo|picture|slide|gallery)\s+)?\d{1,3}\s*(?:/|of)\s*\d{1,3}$", re.I
)

# Share bars: a line made only of share verbs and network names, e.g. "Share Tweet Email",
# "Facebook | Twitter | WhatsApp", "Share this article".
_SOCIAL_WORD = (
    r"(?:share(?: this(?: article| story| page)?| on)?|tweet|email|e-mail|print|save|copy link"
    r"|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|telegram|messenger|flipboard"
    r"|comments?|follow(?: us)?)"
)
SHARE_BAR = re.compile(
    rf"^{_SOCIAL_WORD}(?:(?:[ \t]*[|·•/,][ \t]*|[ \t]+){_SOCIAL_WORD}){{0,11}}[ \t]*:?$", re.I
)

# Advertising slots: "Advertisement", "ADVERTISEMENT", "Sponsored content", "Story continues
# below advertisement".
ADVERT = re.compile(
    r"^(?:advertisement|advert|ad|sponsored(?: content)?|promoted|paid content"
    r"|(?:story|article) continues below(?: advertisement)?|continue reading(?: below)?"
    r"|skip advert(?:isement)?)$",
    re.I,
)

# Rights notices: "Copyright 2024 Thomson Reuters. All rights reserved.", "© AFP 2024",
# "© 2005-2019 SlashGear, All Rights Reserved.", "Copyright © 2019 Guardian News & Media
# Limited or its affiliated companies." After a "©" or a year, any words may follow (owners
# are named in prose); after a bare "Copyright" only capitalised ones, so a headline such as
# "Copyright battles loom over AI" stays a headline, and "(c)" needs a year, so a clause
# "(c) the council shall ..." stays body.
_YEARS = r"\d{4}(?:[ \t]*[-–—][ \t]*\d{4})?"
_RESERVED = r"(?:[ \t]*(?i:all rights reserved)\.?)?"
_OWNER_WORDS = r"[A-Z0-9][\w.&'’-]*(?:,?[ \t]+[\w.&'’()-]+){0,11}[.,]?" + _RESERVED
RIGHTS = re.compile(
    rf"^(?:(?:Copyright|COPYRIGHT)[ \t]*)?(?:©[ \t]*(?:{_YEARS}[ \t]*,?[ \t]*)?"
    rf"|\([cC]\)[ \t]*{_YEARS}[ \t]*,?[ \t]*){_OWNER_WORDS}$"
    rf"|^(?:Copyright|COPYRIGHT)[ \t]+{_YEARS}[ \t]*,?[ \t]*{_OWNER_WORDS}$"
    r"|^(?:Copyright|COPYRIGHT)[ \t]*[A-Z][\w.&'-]*(?:,? [A-Z][\w.&'-]*){0,7}(?: \d{4})?\.?"
    + _RESERVED
    + r"$|^(?i:all rights reserved)\.?$"
)

# Link lead-ins to other stories: "Read more: ...", "See also: ...", "Related: ...".
LINK_LEAD = re.compile(
    r"^(?:read more|read also|also read|read next|see also|related(?: stories| articles)?"
    r"|more on this(?: story)?|watch|listen|more)\s*[:>»|-]\s*\S",
    re.I,
)

# The head of a list of links to other stories, on a line of its own: "Related:",
# "More on this story", "Read more:"; the links follow it, one a line.
LINK_LIST_HEAD = re.compile(
    r"^(?:related(?: stories| articles| links| content| coverage)?|read more|read also"
    r"|also read|see also|more on this(?: story| topic)?|more stories|recommended"
    r"|you may also like)[ \t]*:?$",
    re.I,
)
# One link of such a list: a bullet, then a headline.
LINK_ITEM = re.compile(r"^[-•*·–][ \t]+(?=\S)")

# A publication time stamp: "Published 19 March 2024", "Updated: 2024-03-19 10:04 GMT".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
DATE_STAMP = re.compile(
    rf"^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?:?\s+)"
    rf"(?:[a-z]{{3,9}},? )?{_DATE}(?:,? (?:at )?\d{{1,2}}[:.]\d{{2}}(?: ?[ap]\.?m\.?)?"
    r"(?: [A-Z]{2,4})?)?\.?$",
    re.I,
)
# A date alone on its line, as teaser cards print one under their headline: "April 09,
# 2019", "Wed, Nov 20, 2019 at 10:04 am".
BARE_DATE = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{{0,6}}\.?,? )?{_DATE}"
    r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?"
    r"(?: [A-Z]{2,4})?)?\.?$",
    re.I,
)
# First letters of DATE_STAMP's lead words: lines starting otherwise skip the regex.
_DATE_STAMP_FIRST = frozenset("fFlLpPuUmM")

# CMS export field labels; the label names are what export tools write, as "Title: ..." or,
# in key-value and front-matter exports, "title = ...".
FIELD_LABEL = re.compile(r"^([A-Za-z][A-Za-z_ ]{0,22}?)[ \t]*(?::|=(?!=))[ \t]*(.*)$")
LABEL_ROLES = {
    "title": "title",
    "headline": "title",
    "heading": "title",
    "subject": "title",  # a forwarded story's headline: "Subject: FW: ..."
    "author": "byline",
    "authors": "byline",
    "byline": "byline",
    "by": "byline",
    "writer": "byline",
    "dateline": "dateline",
    "location": "dateline",
    "place": "dateline",
    "caption": "caption",
    "image caption": "caption",
    "photo caption": "caption",
    "credit": "credit",
    "photo credit": "credit",
    "image credit": "credit",
    "body": "body",
    "text": "body",
    "content": "body",
    "article": "body",
    "story": "body",
    "summary": "body",
    "standfirst": "body",
    "lead": "body",
    "description": "body",
    "date": "meta",
    "published": "meta",
    "updated": "meta",
    "pubdate": "meta",
    "publish date": "meta",
    "published at": "meta",
    "created": "meta",
    "modified": "meta",
    "section": "meta",
    "category": "meta",
    "categories": "meta",
    "tags": "meta",
    "keywords": "meta",
    "topic": "meta",
    "topics": "meta",
    "url": "meta",
    "link": "meta",
    "permalink": "meta",
    "slug": "meta",
    "id": "meta",
    "guid": "meta",
    "source": "meta",
    "language": "meta",
    "lang": "meta",
    "status": "meta",
    "type": "meta",
    "word count": "meta",
    "wordcount": "meta",
    "image": "meta",
    "image url": "meta",
    "photo": "meta",
    # a mail's header block above a forwarded story
    "from": "meta",
    "to": "meta",
    "cc": "meta",
    "bcc": "meta",
    "sent": "meta",
    "reply to": "meta",
}

# "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe, Reuters", "By Jane Doe | BBC News".
BYLINE = re.compile(
    r"^(?:By|BY)[ \t]+((?:[A-Z][\w'.\-]*|de|da|van|von|der|al|bin|and|&)"
    r"(?:[ \t,]+(?:[A-Z][\w'.\-]*|de|da|van|von|der|al|bin|and|AND|&)){0,9})"
    r"[ \t]*(?:[,|/—–-][ \t]*[A-Z][\w .'&-]{0,40})?$"
)

# A wire dateline opening the first paragraph: "BEIRUT (Reuters) - ", "WASHINGTON, March 3 -",
# "LONDON — ", "Paris, France (AP) — ". The place starts with a capital; it is an ALL-CAPS
# word unless an agency in brackets vouches for it.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\-]{1,24}(?: [A-Za-z.'’\-]{1,24}){0,3}"
    r"(?:, [A-Z][A-Za-z.'’\-]{1,24}(?: [A-Za-z.'’\-]{1,24}){0,2}){0,2}?)"
    r"(?:,? (?P<date>" + _MONTH + r" \d{1,2}(?:, \d{4})?))?"
    r"(?:[ \t]*\((?P<agency>[A-Za-z][A-Za-z .&'-]{0,30})\))?"
    r"(?:[ \t]+-{1,2}[ \t]+|[ \t]*[–—][ \t]*)(?=\S)",
    re.I,
)

# Credit after a caption: "... next week. Photograph: Reuters", "Photo: AP / Jane Doe".
TAIL_CREDIT = re.compile(
    r"(?:^|[ \t])(?:photograph|photo|picture|pic|image|credit|photos|photographs|"
    r"photography)[ \t]*(?:by|:)[ \t]*(?P<credit>[A-Z][^:]{0,80})$",
    re.I,
)

# A story's sign-off: agency copy's "Reuter", "ENDS", "-30-", "###", teleprinter "NNNN",
# "(Reporting by ...; Editing by ...)".
SIGN_OFF = re.compile(
    r"^(?:reuter|reuters|ends?|-+ ?30 ?-+|#{3}|more|nnnn|zczc|-{2,} ?end ?-{2,}|\(end\))$"
    r"|^\((?:reporting|writing|editing|additional reporting|compiled) by\b.*\)$",
    re.I,
)

# Every whole-line chrome shape in one pass (one regex call per short line).
CHROME = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (GALLERY_COUNTER, SHARE_BAR, ADVERT, DATE_STAMP))
    + r"|(?P<rule>^[ \t]*(?P<sep_char>[-*_=~#•·.+])(?:[ \t]*(?P=sep_char)){2,}[ \t]*$)",
    re.I,
)

# Every phrase of CHROME, LINK_LEAD and RIGHTS starts with a digit, a rule character, "©",
# "(" or one of these letters in either case (under re.I, "\u017f" also matches "s", and
# "\u0131" and "\u0130" match "i"): lines starting otherwise, as most headlines and most
# prose do, skip the three regexes.
_CHROME_LETTERS = "acefgilmprstuwx"
_CHROME_FIRST = frozenset(
    _CHROME_LETTERS + _CHROME_LETTERS.upper() + "\u017f\u0131\u0130" + " \t-*_=~#•·.+" + "©("
)

# What a headline line carries besides the headline: a page's breadcrumb trail of two
# levels or more ("Home > Health > "), a mail subject and its "FW:"/"RE:" marks, Markdown
# heading marks, a briefing's list number ("3.", "(3)", "3 -", "#3"), emphasis around it.
TITLE_LEAD = re.compile(
    r"^(?:(?:[^>›»]{1,30}?[ \t]+[>›»][ \t]+){2,4})?"
    r"(?:(?:subject|betreff|objet)[ \t]*:[ \t]*)?(?:(?:fwd?|re|tr|aw|wg)[ \t]*:[ \t]*)*"
    r"(?:#{1,6}[ \t]+)?(?:(?:\(?\d{1,3}[.)]|\d{1,3}[ \t]+[-–—]|#\d{1,3})[ \t]+)?"
    r"(?:[*_]{1,2}(?=\S))?",
    re.I,
)
TITLE_TAIL = re.compile(r"(?:(?<=\S)[*_]{1,2}|[ \t]+#+)$")

_CASE_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_NUMBER = re.compile(r"^\(?\d{1,3}[.)][ \t]")  # "3. Norway", "(2) Rates"
_NUMBER = re.compile(r"^[-+(]?[$£€]?\d[\d.,:/%-]*\)?$")


def chrome_shape(text: str) -> str | None:
    """The removal reason for a line whose shape alone marks it as chrome, else None."""
    if not text or len(text) > CHROME_MAX_CHARS:
        return None  # empty: a line of invisible characters only
    if text[0] not in _CHROME_FIRST and not text[0].isdecimal():  # isdecimal: what \d matches
        return None
    return chrome_shape_by_pattern(text)


def chrome_shape_by_pattern(text: str) -> str | None:
    """chrome_shape for a non-empty short line, by the patterns alone: no line they match is
    turned away by chrome_shape's cheap first-character test (a test holds them to that)."""
    m = CHROME.match(text)
    if m is None:
        if text[-1] != "." and LINK_LEAD.match(text):
            return "boilerplate"
        if text[0] in "©(CA" and RIGHTS.match(text):
            return "boilerplate"
        return None
    return "separator" if m.group("rule") else "boilerplate"


def title_bounds(text: str) -> tuple[int, int]:
    """(start, end) of the headline proper within a headline line; (0, len) when bare."""
    start = TITLE_LEAD.match(text)
    a = start.end() if start is not None else 0
    tail = TITLE_TAIL.search(text, a)
    b = tail.start() if tail is not None else len(text)
    if b - a < 2:
        return 0, len(text)  # all markup: keep the line as it is
    return a, b


def sign_off(text: str) -> bool:
    """Whether the line is a story's sign-off ("Reuter", "ENDS", "(Reporting by ...)")."""
    return len(text) <= CHROME_MAX_CHARS and SIGN_OFF.match(text) is not None


def header_furniture(text: str) -> str | None:
    """What a line printed right under a headline is: "byline", "date", "credit", else None.

    Pages print these under a headline and rarely anywhere else in the text, so they are
    evidence that the line above them (or above its caption, for a credit) is a headline.
    """
    if not text or len(text) > CHROME_MAX_CHARS:
        return None
    if text[:3] in ("By ", "BY ") and byline_name(text) is not None:
        return "byline"
    if text[0] in _DATE_STAMP_FIRST and DATE_STAMP.match(text) is not None:
        return "date"
    credit = tail_credit(text) if ":" in text or " by " in text.lower() else None
    if credit is not None and not credit[0] and credit[1].count(" ") < CREDIT_MAX_WORDS:
        return "credit"
    return None


def link_list_length(texts: list[str], i: int) -> int:
    """How many lines from i are a list of links to other stories (its head first), or 0.

    The head must be followed by at least one bulleted headline on the next line.
    """
    if not is_link_list_head(texts[i]):
        return 0
    j = i + 1
    while j < len(texts) and len(texts[j]) <= CHROME_MAX_CHARS:
        m = LINK_ITEM.match(texts[j])
        if m is None or not is_title_shaped(texts[j][m.end() :], True):
            break
        j += 1
    return j - i if j > i + 1 else 0


def is_link_list_head(text: str) -> bool:
    """Whether the line heads a list of links to other stories ("Related:", "Read more")."""
    return len(text) <= 40 and LINK_LIST_HEAD.match(text) is not None


def field_label(text: str) -> tuple[str, str, int] | None:
    """(role, value, value offset) when the line is a CMS field ("Title: ..."), else None."""
    if text.find(":", 0, 30) <= 0 and text.find("=", 0, 30) <= 0:
        return None  # no label mark (":" or "=") after a label in the line's head
    m = FIELD_LABEL.match(text[:SHAPE_MAX_CHARS])
    if m is None:
        return None
    role = LABEL_ROLES.get(" ".join(m.group(1).lower().replace("_", " ").split()))
    if role is None:
        return None
    return role, text[m.start(2) :].strip(), m.start(2)


def byline_name(text: str) -> str | None:
    """The name(s) of a "By ..." line, else None."""
    if len(text) > 120 or text[:3] not in ("By ", "BY ", "By\t", "BY\t"):
        return None
    m = BYLINE.match(text)
    return m.group(0)[3:].strip() if m else None


# A dateline on a line of its own, above the first paragraph: "LONDON 1996-08-30",
# "AL-AIN , United Arab Emirates 1996-12-06", "WASHINGTON, March 3 (Reuters)". A place of
# one to six words, commas allowed, then a date.
LINE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\-]{1,24}(?:[ ]?,? [A-Za-z.'’\-]{1,24}){0,5}?)"
    r"(?P<comma>[ ]?,)?[ ](?P<date>\d{4}-\d{2}-\d{2}|" + _MONTH + r" \d{1,2}(?:[ ]?, \d{4})?"
    r"|\d{1,2} " + _MONTH + r"(?: \d{4})?)"
    r"(?:[ ]?\((?P<agency>[A-Za-z][A-Za-z .&'-]{0,30})\))?[ \t]*[-–—]?$",
    re.I,
)


def dateline_line(text: str) -> str | None:
    """The place of a line that is a dateline and nothing else, else None. The place must
    read as one: its first word in capitals ("LONDON"), or every word capitalised and a
    comma or an agency after it ("Paris, 3 March"; "Payable March 31" is a table row,
    and so is "RECORD MARCH 13" in capitals)."""
    if len(text) > 80 or not text[:1].isupper():
        return None
    m = LINE_DATELINE.match(text)
    if m is None:
        return None
    place = m.group("place").strip()
    words = [w for w in place.replace(",", " ").split() if w[0].isalpha()]
    first = words[0]
    shouted = m.group("date").isupper()  # "RECORD MARCH 13": a row of capitals, no comma
    if first.isupper() and len(first) >= 2 and not (shouted and m.group("comma") is None):
        return place
    if not all(w[0].isupper() for w in words):
        return None
    if m.group("comma") is None and m.group("agency") is None:
        return None
    return place


def dateline_prefix(text: str) -> tuple[str, int] | None:
    """(place, prefix length) when the paragraph opens with a wire dateline, else None."""
    head = text[:160]
    if " -" not in head and "\t-" not in head and "\u2013" not in head and "\u2014" not in head:
        return None  # no dash for the dateline to end on, as in most paragraphs: skip the regex
    m = DATELINE.match(head)
    if m is None:
        return None
    place = m.group("place")
    first = place.split()[0].rstrip(",")
    if m.group("agency") is None and not (first.isupper() and len(first) >= 2):
        return None
    if m.group("agency") is None and m.group("date") is None and not place.isupper():
        return None
    return place.strip(), m.end()


def bracket_credit(text: str) -> tuple[str, str, int] | None:
    """(caption, credit, credit start) when the line ends with a bracketed photo credit."""
    if not text.endswith(")"):
        return None
    open_at = text.rfind("(", max(0, len(text) - 80))
    if open_at <= 0:
        return None
    credit = text[open_at + 1 : -1].strip()
    if not credit or not credit[0].isalpha() or any(ch.isdigit() for ch in credit):
        return None
    if len(credit.split()) > (6 if credit[0].isupper() else 2) or "(" in credit:
        return None
    caption = text[:open_at].rstrip()
    if len(caption.split()) < 3:
        return None
    return caption, credit, open_at


def tail_credit(text: str) -> tuple[str, str, int] | None:
    """(caption, credit, tail start) for "caption. Photograph: Credit", else None."""
    window = max(0, len(text) - TAIL_WINDOW)
    if text.find(":", window) < 0 and text.find(" by ", window) < 0:
        return None
    tail = text[window:]
    if tail.isascii() and not _names_a_picture(tail.lower()):
        return None  # the common "said:" or "by" of prose: no credit word for the regex to find
    m = TAIL_CREDIT.search(text, window)
    if m is None:
        return None
    start = m.start() if text[m.start()] not in " \t" else m.start() + 1
    caption = text[:start].rstrip()
    return caption, m.group("credit").strip(), start


def _names_a_picture(lower: str) -> bool:
    """Whether a lowercased ASCII text holds a word TAIL_CREDIT starts a credit with."""
    return "photo" in lower or "pic" in lower or "image" in lower or "credit" in lower


def _words(text: str) -> list[str]:
    return text.split()


def is_title_shaped(text: str, question: bool = False) -> bool:
    """Short, without closing sentence punctuation, starting with a capital or a digit.

    With `question`, a headline may end on "?" or "!" ("Could rivalry overshadow
    election?"): callers pass it where other evidence already says "headline".
    """
    if not text or len(text) > 200 or not starts_capital(text):
        return False
    n = len(text.split())
    if not 2 <= n <= 25 or text.endswith((".", ",", ";", ":")):
        return False
    if _is_sentence(text) and not (question and text.rstrip(CLOSERS)[-1] in "?!"):
        return False
    return bracket_credit(text) is None and tail_credit(text) is None


def is_teaser_shaped(text: str) -> bool:
    """A headline as a list of links prints it: title-shaped (a question allowed), and
    neither an item of the story's own list or table: numbered ("3. Norway"), opening on
    a figure ("5-2 Real Madrid Draw") or a table row. A headline cut short to fit its box
    ("And the Grammy nomination could go to...") is still one."""
    if text.endswith(("...", "…")):
        text = text.rstrip(".…, ")
    if len(text) > 200 or not text or text[-1] in ".,;:":  # prose, most of a body
        return False
    return (
        is_title_shaped(text, True)
        and _LIST_NUMBER.match(text) is None
        and _NUMBER.match(text.split(" ", 1)[0]) is None
        and not is_table_row(text)
    )


def is_lead_in(text: str) -> bool:
    """A label of a few words ending in a colon, which leads into the text below it
    ("Teams :" over the line-ups, "- Pacific Coast :" over its forecast)."""
    text = text.lstrip("-–—•* ")  # a bullet before it: "- Pacific Coast :"
    return text.endswith(":") and text.count(" ") < LEAD_IN_MAX_WORDS and starts_capital(text)


def is_bare_date(text: str) -> bool:
    """Whether the line is a date and nothing else (a time of day may follow)."""
    return len(text) <= 40 and BARE_DATE.match(text) is not None


def is_menu_label(text: str) -> bool:
    """A navigation label: one to three words, capitalised, with no figure and no closing
    punctuation ("Florida", "Health Check", "Promise Kept")."""
    return (
        text.count(" ") < 3
        and text[:1].isupper()
        and text[-1] not in ".!?:"
        and _DIGIT.search(text) is None
    )


def is_table_row(text: str) -> bool:
    """A row of results, standings or accounts as a story prints them: not a sentence,
    with two figures or more ("Revs 211.7 mln vs 193.4 mln", "Chen Gang ( China ) beat
    Hu Zhilan ( China ) 15-4 15-5")."""
    if _is_sentence(text) or _DIGIT.search(text) is None:
        return False
    return sum(1 for word in text.split() if _NUMBER.match(word)) >= 2


# A fixture, as schedules print them: "MINNESOTA AT UTAH", "Lazio v AS Roma", "Ajax vs. PSV",
# "Cagliari ( 16 ) v Reggiana ( 18 ) 1530" (league positions, kick-off time).
FIXTURE_ROW = re.compile(
    r"^[A-Z][\w .'&()-]{1,40}? (?:at|AT|v|vs\.?|VS\.?) [A-Z][\w .'&()-]{1,40}?(?: \d[\d:.]*)?$"
)


# Lower-case words a side's name may hold ("Brighton and Hove Albion", "Real Sociedad de
# Futbol"); any other lower-case word makes the line a sentence ("Man arrested at Heathrow").
_SIDE_WORDS = frozenset({"and", "of", "de", "del", "la", "le", "the", "&"})


def is_fixture_row(text: str) -> bool:
    """Whether the line is one fixture of a schedule: two sides and "at", "v" or "vs", each
    side a name (capitalised words, figures, brackets)."""
    m = FIXTURE_ROW.match(text) if len(text) <= 90 else None
    if m is None:
        return False
    words = text.split()
    joins = [k for k, w in enumerate(words) if w in ("at", "AT", "v", "vs", "vs.", "VS", "VS.")]
    return any(
        all(w[0].isupper() or w[0].isdigit() or w in "()" or w in _SIDE_WORDS for w in side)
        for k in joins
        for side in [words[:k] + words[k + 1 :]]
    )


def is_heading_shaped(text: str) -> bool:
    """A subheading: 2-10 words, capitalised, no closing punctuation, not a data row."""
    if not text or len(text) > 90 or not starts_capital(text):
        return False
    spaces = text.count(" ")
    if not 1 <= spaces <= 9 or text.endswith(TERMINAL) or text.endswith(("-", ")")):
        return False
    return len(_DIGITS.findall(text)) <= 1


def is_paragraph_shaped(text: str) -> bool:
    """Body prose: ten words or more, closing on sentence punctuation (text is normalised)."""
    return len(text) >= 60 and _is_sentence(text) and text.count(" ") >= 9


def is_data_line(text: str) -> bool:
    """A table or results row: short, with two or more numbers making a third of its words."""
    if len(text) > 100:
        return False
    words = text.split()
    numbers = sum(1 for w in words if _NUMBER.match(w))
    return numbers >= 2 and numbers * 10 >= len(words) * 3


def starts_capital(text: str) -> bool:
    """Whether the first letter or digit, past opening quotes or brackets, is a capital."""
    for ch in text[:4]:
        if ch.isalnum():
            return ch.isupper() or ch.isdigit()
        if ch not in "\"'<([«„‘“":
            return False
    return False


def _is_sentence(text: str) -> bool:
    end = text.rstrip(CLOSERS)
    return end.endswith((".", "!", "?", "…"))


def wrap_width(lengths: Iterable[int]) -> int | None:
    """The width paragraphs were hard-wrapped at, or None when lines are whole paragraphs."""
    long = sorted(n for n in lengths if n >= 40)
    if len(long) < WRAP_MIN_LINES:
        return None
    width = long[int(len(long) * 0.95)]
    if width > WRAP_MAX_WIDTH:
        return None
    near = len(long) - bisect_left(long, width - WRAP_SLACK)  # long is sorted: no count
    return width if near >= WRAP_SHARE * len(long) else None
