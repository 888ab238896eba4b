"""Stage 1: split the raw input into lines and normalise text without losing offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add

from service.model import Line

__all__ = [
    "LONG_LINE_CHARS",
    "LineTexts",
    "describe_lines",
    "fold_for_compare",
    "normalise",
    "normalise_with_map",
    "split_lines",
]

# The contract's line rule: only \r\n, \r and \n end a line (not \v, \f, U+2028 ...).
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# One character in, one character out, so offsets survive: curly quotes and odd spaces.
_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_SPACES = {
    "\t",
    "\u00a0",
    "\u1680",
    "\u202f",
    "\u205f",
    "\u3000",
    "\v",
    "\f",
    "\u2028",
    "\u2029",
} | {chr(c) for c in range(0x2000, 0x200B)}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
# The same mapping as _map_char, as a str.translate table (C speed); str.split() then
# collapses exactly the characters this table turns into spaces.
_TRANSLATE = str.maketrans(
    {
        **{chr(c): " " for c in range(0x20)},
        **{chr(c): " " for c in range(0x7F, 0xA0)},
        **{ch: " " for ch in _SPACES},
        **{ch: None for ch in _INVISIBLE},
        **_CHAR_MAP,
    }
)
# ASCII punctuation and symbols read as spaces when comparing lines (\w keeps "_"), and
# capitals as small letters: a bytes table, since bytes.translate is several times faster
# than str.translate on the short lines that are folded.
_ASCII_FOLD = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(128)
) + bytes(range(128, 256))


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on \r\n, \r or \n; a final terminator does not open an empty last line."""
    if any(brk in text for brk in _OTHER_BREAKS):
        return _split_on_contract_breaks(text)
    # str.splitlines() follows the contract here, at C speed; with the breaks kept, the
    # lengths give where each line starts
    starts = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
    texts = text.splitlines()
    # map() builds the Lines without a Python loop around each: this runs once per line
    return tuple(map(Line, count(1), starts, map(add, starts, map(len, texts)), texts))


# What str.splitlines() breaks on besides \r and \n; the contract does not.
_OTHER_BREAKS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _split_on_contract_breaks(text: str) -> tuple[Line, ...]:
    """split_lines for a text that holds characters only str.splitlines() breaks on."""
    lines = []
    start = 0
    number = 0
    for number, brk in enumerate(LINE_BREAK.finditer(text), 1):
        lines.append(Line(number, start, brk.start(), text[start : brk.start()]))
        start = brk.end()
    if start < len(text):
        lines.append(Line(number + 1, start, len(text), text[start:]))
    return tuple(lines)


def _map_char(ch: str) -> str:
    """The normalised form of one character: '' drops it, ' ' marks a space."""
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    if ch in _SPACES or ch == " ":
        return " "
    if ch in _INVISIBLE:
        return ""
    if ch < " " or ("\x7f" <= ch < "\xa0"):
        return " "  # control characters read as spaces, never as text
    return ch


def normalise_with_map(raw: str, base: int = 0) -> tuple[str, tuple[int, ...]]:
    """Normalise quotes and whitespace; also return, per output character, its raw offset.

    Runs of spaces collapse to one and the ends are stripped. `base` is added to every
    offset, so a caller passing a line's start gets offsets into the whole input.
    """
    if raw.isascii() and raw.isprintable() and "  " not in raw:
        lead = len(raw) - len(raw.lstrip(" "))
        text = raw.strip(" ")
        return text, tuple(range(base + lead, base + lead + len(text)))
    mapped = raw.translate(_TRANSLATE)
    if len(mapped) == len(raw) and "  " not in mapped:
        # one character out per character in and no run of spaces: the map is a range
        lead = len(mapped) - len(mapped.lstrip(" "))
        text = mapped.strip(" ")
        return text, tuple(range(base + lead, base + lead + len(text)))
    out: list[str] = []
    where: list[int] = []
    pending_space = -1
    for i, ch in enumerate(raw):
        mapped = _map_char(ch)
        if not mapped:
            continue
        if mapped == " ":
            if out and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            where.append(base + pending_space)
            pending_space = -1
        out.append(mapped)
        where.append(base + i)
    return "".join(out), tuple(where)


def normalise(raw: str) -> str:
    """Quotes straightened, odd spaces and controls made spaces, runs collapsed, ends stripped."""
    if raw.isascii() and raw.isprintable():
        text = raw.strip(" ")
        return text if "  " not in text else " ".join(text.split())
    return " ".join(raw.translate(_TRANSLATE).split())


# Lines longer than this compare by their normalised, case-folded text.
LONG_LINE_CHARS = 160

_COMPARE_DROP = re.compile(r"[^\w]+")


def fold_for_compare(text: str) -> str:
    """A key under which trivially different copies of a line compare equal."""
    return _fold_normalised(normalise(text))


def _fold_normalised(text: str) -> str:
    if text.isascii():
        return " ".join(text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split())
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _COMPARE_DROP.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class LineTexts:
    """Per input line (index = line number - 1): its normalised text and its compare key."""

    texts: tuple[str, ...]
    keys: tuple[str, ...]


def describe_lines(lines: Sequence[Line]) -> LineTexts:
    """Normalise and fold every line once, for segmentation and clean-up to share."""
    texts: list[str] = []
    keys: list[str] = []
    # Short lines repeat (blank lines, site chrome, bylines): each is worked on once. A long
    # line rarely recurs, and hashing it to find out would cost about what describing it does.
    known: dict[str, tuple[str, str]] = {}
    for line in lines:
        raw = line.text
        if len(raw) > LONG_LINE_CHARS:
            text, key = _describe(raw)
        else:
            found = known.get(raw)
            if found is None:
                found = known[raw] = _describe(raw)
            text, key = found
        texts.append(text)
        keys.append(key)
    return LineTexts(tuple(texts), tuple(keys))


def _describe(raw: str) -> tuple[str, str]:
    """A line's normalised text and its compare key."""
    text = normalise(raw)
    # A long line matches its copies exactly once normalised; folding punctuation too is
    # only worth its cost on short lines (headlines, captions, chrome).
    if len(text) > LONG_LINE_CHARS:
        return text, text.casefold()
    return text, _fold_normalised(text) if text else ""
