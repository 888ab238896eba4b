"""CoNLL-2003 read one way for the tests, the benches and the NER training: its BIO tags,
and which lines of a document the pipeline dropped."""

from __future__ import annotations

from typing import NamedTuple

from service.model import Result

__all__ = ["DroppedLine", "dropped_lines", "sentence_spans"]


class DroppedLine(NamedTuple):
    number: int  # 1-based, in the document as sent
    text: str
    reason: str
    repeat: bool  # the same line is printed above it in the document
    whole: bool  # all of the line, not a part (a dateline prefix, a credit, a label)


def dropped_lines(doc: list[str], result: Result) -> list[DroppedLine]:
    """Each line of `doc` (sent as its lines joined by newlines) that `result` dropped, in
    whole or in part.

    A wire story's sign-off ("REUTER") and a dateline line whose place became the article's
    dateline ("ROME 1996-12-06") are not story text lost; every other removal is, a line
    printed again included (the caller may set those apart by `repeat`).
    """
    starts = [0]
    for line in doc:
        starts.append(starts[-1] + len(line) + 1)
    datelines = {a.dateline for a in result.articles if a.dateline}
    out = []
    for r in result.removed:
        for n in range(r.line, (r.line_end or r.line) + 1):
            text = doc[n - 1]
            whole = r.start <= starts[n - 1] and r.end >= starts[n] - 1
            if whole and r.reason == "sign_off" and text in ("REUTER", "Reuter"):
                continue
            if whole and r.reason == "dateline" and text.rsplit(" ", 1)[0] in datelines:
                continue
            out.append(DroppedLine(n, text, r.reason, text in doc[: n - 1], whole))
    return out


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
