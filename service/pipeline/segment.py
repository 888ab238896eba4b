"""Stage 2: cut the dump's lines into drafts, one per article."""

from __future__ import annotations

from collections.abc import Sequence

from service.model import Draft, Line

__all__ = ["segment"]


def segment(lines: Sequence[Line]) -> tuple[Draft, ...]:
    """Split on the blank-line runs that separate articles in this dump.

    Where some blank runs are longer than one line, those longer runs separate articles
    and single blanks separate paragraphs; otherwise every blank run separates articles.
    """
    runs = _blank_runs(lines)
    split_at = 2 if any(n >= 2 for n in runs) else 1
    drafts: list[Draft] = []
    current: list[Line] = []
    blanks = 0
    for line in lines:
        if line.blank:
            blanks += 1
            continue
        if current and blanks >= split_at:
            drafts.append(Draft(tuple(current)))
            current = []
        blanks = 0
        current.append(line)
    if current:
        drafts.append(Draft(tuple(current)))
    return tuple(drafts)


def _blank_runs(lines: Sequence[Line]) -> list[int]:
    """Lengths of the blank runs between non-blank lines."""
    runs: list[int] = []
    run = 0
    seen_text = False
    for line in lines:
        if line.blank:
            run += 1
        else:
            if seen_text and run:
                runs.append(run)
            run = 0
            seen_text = True
    return runs
