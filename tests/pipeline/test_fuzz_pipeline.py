"""Hypothesis over the whole pipeline: arbitrary text never crashes it or loses a line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.model import Options
from service.pipeline import run
from tests.invariants import assert_result_is_sound

NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n\n\n", "\r\n\r\n"])
WORDS = st.sampled_from(
    [
        "Reuters",
        "the",
        "Minister",
        "said",
        "(AFP)",
        "By Jane Doe",
        "Advertisement",
        "TT",
        "BEIRUT (Reuters) -",
        "Share",
        "1/5",
        "---",
        "* * *",
        "Title:",
        "“quoted”",
        "\u00a0",
        "\t",
        "\x00",
        "\u2028",
        "\ufeff",
        "ÉTÉ",
        "火",
        "مرحبا",
        "🙂",
        "ALL CAPS HEADING",
    ]
)
LINE = st.one_of(
    st.text(max_size=80),
    st.lists(WORDS, max_size=12).map(" ".join),
)


@st.composite
def dumps(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=40))
    repeated = draw(st.lists(st.sampled_from(lines), max_size=5)) if lines else []
    pieces = []
    for line in lines + repeated:
        pieces.append(line)
        pieces.append(draw(NEWLINES))
    if pieces and draw(st.booleans()):
        pieces.pop()  # no final newline
    return "".join(pieces)


@given(dumps(), st.sampled_from(["near", "exact", "off"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_dump_is_processed_without_losing_a_line(text: str, dedupe: str) -> None:
    assert_result_is_sound(text, run(text, Options(dedupe=dedupe)))


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_arbitrary_unicode(text: str) -> None:
    assert_result_is_sound(text, run(text))


def test_huge_line_and_control_characters() -> None:
    text = "Headline\n\n" + ("word\x0b\x0c\x1f " * 100_000) + "\r\n\r\nTail\r"
    assert_result_is_sound(text, run(text))
