"""CoNLL-2003's BIO tags read one way, for the NER eval and the NER training alike."""

from __future__ import annotations

__all__ = ["sentence_spans"]


def sentence_spans(sent: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The sentence as text (tokens joined by one space) and its gold (start, end, type)."""
    text_parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    open_span: list | None = None
    for token, tag in sent:
        if text_parts:
            pos += 1
        start, end = pos, pos + len(token)
        text_parts.append(token)
        pos = end
        if tag.startswith("B-") or (
            tag.startswith("I-") and (not open_span or open_span[2] != tag[2:])
        ):
            open_span = [start, end, tag[2:]]
            spans.append(open_span)  # type: ignore[arg-type]
        elif tag.startswith("I-") and open_span:
            open_span[1] = end
        else:
            open_span = None
    return " ".join(text_parts), [tuple(s) for s in spans]  # type: ignore[misc]
