"""Plain frozen dataclasses that flow through the pipeline.

Every offset is a code point offset into the raw input text exactly as sent, end exclusive;
every line number is 1-based and inclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "AGENCY_WHERE",
    "ALL_TAG_KINDS",
    "DEDUPE_MODES",
    "REMOVAL_REASONS",
    "AgencySource",
    "Amount",
    "Article",
    "Block",
    "Draft",
    "Entity",
    "Fold",
    "Image",
    "Keyword",
    "Line",
    "Mention",
    "Options",
    "Removed",
    "Result",
    "Section",
    "SeenBefore",
    "Span",
    "Tags",
    "Topic",
]

# Why a piece of input was dropped; shared by every stage and documented in openapi.yaml.
REMOVAL_REASONS = (
    "repeated_title",  # the headline printed again (page header, share card)
    "repeated_caption",  # a photo caption printed again
    "repeated_line",  # any other line repeated within the same article block
    "boilerplate",  # site chrome: recurs across articles, or a known chrome shape
    "separator",  # rules such as "---" or "* * *"
    "field_label",  # CMS export labels ("Title:", "Author:") without content of their own
    "dateline",  # a dateline prefix moved out of the first paragraph into `dateline`
    "credit",  # a photo credit split off its caption into `credit`
    "byline",  # a byline line moved into `byline`
    "outside_article",  # a line outside every article: menus, teasers, footers, kickers
    "markup",  # a headline's list number, Markdown marks or "FW:" taken off the title
    "sign_off",  # a story's sign-off: "Reuter", "ENDS", "(Reporting by ...; Editing by ...)"
)

DEDUPE_MODES = ("near", "exact", "off")
ALL_TAG_KINDS = ("entities", "topics", "keywords", "agencies")
# Where an agency was read: a photo credit, a dateline, a byline, or attribution in the text.
AGENCY_WHERE = ("credit", "dateline", "byline", "body")
DEFAULT_NEAR_THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class Line:
    """One input line without its terminator."""

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Draft:
    """Lines that segmentation believes make one article, before clean-up.

    An `outside` draft is a run of lines between or around articles (menus, footers,
    teasers, rules): clean-up reports each of its lines as removed. `furniture` holds the
    numbers of lines segmentation judged furniture of the article rather than its body.
    """

    lines: tuple[Line, ...]
    outside: bool = False
    furniture: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of article text: its normalised text and the raw ranges it was read from.

    `parts` are (start, end) raw ranges; the text is their normalised forms joined by one
    space, so the tagger can map any offset in `text` back into the raw input.
    """

    kind: str  # title, caption, byline, dateline, heading, paragraph
    text: str
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Image:
    caption: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Amount:
    """What a MONEY, PERCENT or QUANTITY mention says: "£7.4m" is 7400000.0 GBP."""

    value: float  # the amount, or the low end of a range ("$3-4bn": 3e9)
    upper: float | None = None  # the high end of a range, else None
    currency: str | None = None  # ISO 4217 code of MONEY; None when the text names none
    unit: str | None = None  # PERCENT: "percent" or "percentage point"; QUANTITY: as written


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    type: str
    count: int
    salience: float
    mentions: tuple[Mention, ...]
    ids: Mapping[str, str] = field(default_factory=dict)
    amount: Amount | None = None  # MONEY, PERCENT and QUANTITY entities: their value


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class AgencySource:
    """One place a news agency is named as the story's source; raw offsets of the name."""

    name: str  # canonical: "AFP" for "Agence France-Presse"
    where: str  # one of AGENCY_WHERE
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Tags:
    entities: tuple[Entity, ...] = ()
    topics: tuple[Topic, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    agencies: tuple[str, ...] = ()  # names, in order of first appearance
    skipped: str | None = None  # why tagging was skipped (e.g. a language we have no model for)
    # why no topic is given to an English article: none is likely enough to beat a wrong one
    topics_withheld: str | None = None
    agency_sources: tuple[AgencySource, ...] = ()  # every finding behind `agencies`


@dataclass(frozen=True, slots=True)
class SeenBefore:
    first_seen: float
    content_hash: str


@dataclass(frozen=True, slots=True)
class Article:
    span: Span
    title: str | None
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    byline: str | None = None
    dateline: str | None = None
    images: tuple[Image, ...] = ()
    language: str = "und"
    tags: Tags = Tags()
    seen_before: SeenBefore | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Removed:
    """Input dropped on evidence; `line_end` is set when one entry stands for a run of lines."""

    line: int
    start: int
    end: int
    text: str
    reason: str
    line_end: int | None = None


@dataclass(frozen=True, slots=True)
class Fold:
    """A later copy of an article, folded into `articles[duplicate_of]`."""

    duplicate_of: int
    kind: str  # "exact" | "near"
    similarity: float
    title: str | None
    span: Span
    fuller: bool = False
    document: str | None = None  # set when the original is in another document of a batch


@dataclass(frozen=True, slots=True)
class Options:
    dedupe: str = "near"
    near_threshold: float = DEFAULT_NEAR_THRESHOLD
    tags: frozenset[str] = frozenset(ALL_TAG_KINDS)
    # Applied after the cache (the cached result never depends on other requests), so it
    # is no part of the fingerprint.
    seen_scope: str | None = None

    def fingerprint(self) -> str:
        """Canonical form of every option that can change the cached result."""
        kinds = ",".join(sorted(self.tags))
        return f"dedupe={self.dedupe};near_threshold={self.near_threshold:g};tags={kinds}"


@dataclass(frozen=True, slots=True)
class Result:
    articles: tuple[Article, ...]
    duplicates: tuple[Fold, ...]
    removed: tuple[Removed, ...]
    input_chars: int
    lines: int
    main_article: int | None = None  # index of the page's own story (see main_article.py)
