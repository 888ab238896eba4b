"""News agencies behind a story: from photo credits, datelines, bylines and attributions.

Every finding keeps where it was read and its raw offsets. The agency names are curated
(no package lists news agencies); ambiguous short forms ("AP", "Bloomberg", "UPI") count in
running text only next to an attribution cue ("told AP", "AP reported", "(AP)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.model import AGENCY_WHERE, AgencySource, Article, Block
from service.pipeline.normalise import normalise_with_map

__all__ = ["AGENCY_WHERE", "agency_names", "agency_sources"]

# Written form -> canonical name. Unambiguous names count wherever they appear.
AGENCIES: dict[str, str] = {
    "Reuters": "Reuters",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "Associated Press": "AP",
    "dpa": "dpa",
    "DPA": "dpa",
    "Deutsche Presse-Agentur": "dpa",
    "Xinhua": "Xinhua",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "Anadolu": "Anadolu",
    "Anadolu Agency": "Anadolu",
    "Kyodo": "Kyodo",
    "Yonhap": "Yonhap",
    "TASS": "TASS",
    "Tass": "TASS",
    "RIA Novosti": "RIA Novosti",
    "Interfax": "Interfax",
    "Press Trust of India": "PTI",
    "PTI": "PTI",
    "Bernama": "Bernama",
    "IRNA": "IRNA",
    "Antara": "Antara",
    "WAFA": "WAFA",
    "KUNA": "KUNA",
    "Europa Press": "Europa Press",
    "APA": "APA",
    "AAP": "AAP",
}
# Short forms that are also ordinary words or other things: only with a cue.
AMBIGUOUS: dict[str, str] = {
    "AP": "AP",
    "Bloomberg": "Bloomberg",
    "UPI": "UPI",
    "CP": "The Canadian Press",
    "SPA": "SPA",
    "WAM": "WAM",
    "MENA": "MENA",
    "QNA": "QNA",
    "ANI": "ANI",
    "UNI": "UNI",
}
_NAMES = "|".join(re.escape(n) for n in sorted({**AGENCIES, **AMBIGUOUS}, key=len, reverse=True))
AGENCY_PATTERN = re.compile(rf"(?<![\w-])({_NAMES})(?![\w-])")
# "BEIRUT (Reuters) -", "PARIS, March 3 (AFP) —"
DATELINE_PATTERN = re.compile(
    rf"^[A-Z][A-Za-z .,'-]{{1,60}}?\s*\(\s*({_NAMES})\s*\)\s*[-\u2013\u2014:]"
)
# Attribution cues around an ambiguous name in running text.
CUE_BEFORE = re.compile(
    r"(?:\btold|\baccording to|\bquoted by|\breported by|\bsaid to|\bcited by|\bby|\()"
    r"\s*(?:the\s+)?$",
    re.IGNORECASE,
)
CUE_AFTER = re.compile(
    r"^(?:\)|\s+(?:reported|reports|said|news agency|quoted|cited|was told|has learned))"
)


def agency_sources(article: Article, text: str) -> tuple[AgencySource, ...]:
    """Each agency the article names as its source, with where and the raw offsets."""
    found: list[AgencySource] = []
    for block in article.blocks:
        found.extend(_from_block(block, text))
    found.extend(_from_credits(article, text))
    unique = {(s.name, s.where, s.start, s.end): s for s in found}
    return tuple(sorted(unique.values(), key=lambda s: (s.start, s.end)))


def agency_names(sources: tuple[AgencySource, ...]) -> tuple[str, ...]:
    """Agency names in order of first appearance."""
    return tuple(dict.fromkeys(s.name for s in sources))


def _from_block(block: Block, text: str) -> Iterator[AgencySource]:
    for start, end in block.parts:
        if AGENCY_PATTERN.search(text, start, end) is None:
            continue  # most parts name no agency: skip the offset map
        part, where = normalise_with_map(text[start:end], start)
        if not part:
            continue
        dateline = DATELINE_PATTERN.match(part)
        for match in AGENCY_PATTERN.finditer(part):
            written = match.group(1)
            at_dateline = dateline is not None and match.start() == dateline.start(1)
            if at_dateline or block.kind == "dateline":
                kind = "dateline"
            elif block.kind == "byline":
                kind = "byline"
            elif block.kind == "caption" and _inside_credit(part, match):
                kind = "credit"
            else:
                kind = "body"
                if written in AMBIGUOUS and not _cued(part, match):
                    continue
            listed = kind in {"byline", "credit"} and _alone_in_list(part, match)
            if written in AMBIGUOUS and kind != "body" and not (_cued(part, match) or listed):
                continue
            name = AGENCIES.get(written) or AMBIGUOUS[written]
            yield AgencySource(name, kind, where[match.start()], where[match.end() - 1] + 1)


def _from_credits(article: Article, text: str) -> Iterator[AgencySource]:
    """Photo credits split off captions: "(Konstantin Zavrazhin/Kremlin/dpa)"."""
    credits = {i.caption: i.credit for i in article.images if i.credit}
    for block in article.blocks:
        credit = credits.get(block.text)
        if block.kind != "caption" or not credit or not block.parts:
            continue
        after = block.parts[-1][1]
        line_end = text.find("\n", after)
        at = text.find(credit, after, len(text) if line_end < 0 else line_end)
        if at < 0:
            continue
        for piece in _credit_pieces(credit):
            name = AGENCIES.get(piece.group(0).strip()) or AMBIGUOUS.get(piece.group(0).strip())
            if name is not None:
                lead = len(piece.group(0)) - len(piece.group(0).lstrip())
                start = at + piece.start() + lead
                yield AgencySource(name, "credit", start, start + len(piece.group(0).strip()))


def _credit_pieces(credit: str) -> Iterator[re.Match[str]]:
    return re.finditer(r"[^/,;|]+", credit)


def _inside_credit(part: str, match: re.Match[str]) -> bool:
    opening = part.rfind("(", 0, match.start())
    return (
        opening >= 0
        and part.find(")", match.end()) >= 0
        and ")" not in part[opening : match.start()]
    )


def _cued(part: str, match: re.Match[str]) -> bool:
    before = part[max(0, match.start() - 30) : match.start()]
    after = part[match.end() : match.end() + 30]
    return bool(CUE_BEFORE.search(before) or CUE_AFTER.match(after))


def _alone_in_list(part: str, match: re.Match[str]) -> bool:
    before = part[: match.start()].rstrip()
    after = part[match.end() :].lstrip()
    return (not before or before[-1] in "/,(") and (not after or after[0] in "/,)")
