"""Stage 1: split the raw input into lines and normalise text without losing offsets."""

from __future__ import annotations

import re
import unicodedata

from service.model import Line

__all__ = ["fold_for_compare", "normalise", "normalise_with_map", "split_lines"]

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
_SPACES = {"\t", "\u00a0", "\u1680", "\u202f", "\u205f", "\u3000", "\v", "\f"} | {
    chr(c) for c in range(0x2000, 0x200B)
}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on \\r\\n, \\r or \\n; a final terminator does not open an empty last line."""
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
    if raw.isascii() and raw.isprintable() and "  " not in raw:
        return raw.strip()  # the common case, nothing to map
    return normalise_with_map(raw)[0]


_COMPARE_DROP = re.compile(r"[^\w]+")


def fold_for_compare(text: str) -> str:
    """A key under which trivially different copies of a line compare equal."""
    folded = unicodedata.normalize("NFKC", normalise(text)).casefold()
    return _COMPARE_DROP.sub(" ", folded).strip()
