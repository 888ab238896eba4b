"""Properties every result keeps, whatever the dump: nothing lost, offsets honest."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.corpus import Story, bbc_articles
from harness.layouts import LAYOUTS, render_dump
from service.model import Options, Result
from service.pipeline import run
from service.pipeline.normalise import LINE_BREAK, normalise

STORIES = [Story(t, t, tuple(p[:4])) for t, p in itertools.islice(bbc_articles(), 0, 400, 20)]
CHROME = ["Share", "Advertisement", "1/4", "* * *", "---", "By Jane Doe", "Title: X", "TT", ""]


def check(text: str, result: Result) -> None:
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    covered: set[int] = set()
    for a in result.articles:
        covered.update(range(a.span.line_start, a.span.line_end + 1))
        assert 0 <= a.span.start <= a.span.end <= len(text)
        for block in a.blocks:
            pieces = [normalise(text[s:e]) for s, e in block.parts]
            assert " ".join(p for p in pieces if p) == block.text, block
        assert a.word_count == sum(len(p.split()) for p in a.paragraphs)
    for f in result.duplicates:
        covered.update(range(f.span.line_start, f.span.line_end + 1))
    for r in result.removed:
        covered.update(range(r.line, (r.line_end or r.line) + 1))
        assert 0 <= r.start <= r.end <= len(text)
        if r.line_end is None:
            assert normalise(text[r.start : r.end]) == normalise(r.text)
    lost = [n for n, line in enumerate(lines, 1) if line.strip() and n not in covered]
    assert lost == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layout=st.sampled_from(sorted(LAYOUTS)),
    picks=st.lists(st.integers(0, len(STORIES) - 1), min_size=1, max_size=4),
    noise=st.lists(st.tuples(st.integers(0, 400), st.sampled_from(CHROME)), max_size=6),
    crlf=st.booleans(),
    final_newline=st.booleans(),
)
def test_nothing_is_lost(layout, picks, noise, crlf, final_newline) -> None:  # type: ignore[no-untyped-def]
    text, _ = render_dump([STORIES[i] for i in picks], layout)
    lines = text.split("\n")
    for at, line in noise:
        lines.insert(at % (len(lines) + 1), line)
    text = "\n".join(lines) + ("\n" if final_newline else "")
    if crlf:
        text = text.replace("\n", "\r\n")
    check(text, run(text, Options(dedupe="near")))


ALPHABET = list("aB .:()-*\n\r\t\u00a0\u2019\u201cxy1/\u200b")


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aB .:()-*\n\r\t\u00a0\u2019\u201cxyz1/")), max_size=300)
)
def test_arbitrary_text_never_crashes_or_loses_lines(text: str) -> None:
    check(text, run(text, Options(dedupe="off")))
