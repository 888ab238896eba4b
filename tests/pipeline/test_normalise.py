"""Line splitting and text normalisation keep every offset true to the raw input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.pipeline.normalise import fold_for_compare, normalise, normalise_with_map, split_lines


def test_split_lines_follows_the_contracts_line_rule() -> None:
    text = "a\r\nb\rc\n\nd\u2028e\x0bf"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["a", "b", "c", "", "d\u2028e\x0bf"]
    assert [ln.number for ln in lines] == [1, 2, 3, 4, 5]
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)


def test_final_newline_opens_no_empty_line() -> None:
    assert len(split_lines("a\nb\n")) == 2
    assert len(split_lines("a\nb")) == 2
    assert split_lines("") == ()


@given(st.text())
def test_split_lines_reassembles_the_input(text: str) -> None:
    lines = split_lines(text)
    for line in lines:
        assert text[line.start : line.end] == line.text
        assert "\n" not in line.text and "\r" not in line.text


def test_normalise_straightens_quotes_and_collapses_spaces() -> None:
    assert normalise("  \u201cHello\u201d,\u00a0it\u2019s   me\t") == '"Hello", it\'s me'
    assert normalise("soft\u00adhyphen\u200b") == "softhyphen"


@given(st.text(), st.integers(min_value=0, max_value=1000))
def test_normalise_map_points_at_the_raw_characters(raw: str, base: int) -> None:
    text, where = normalise_with_map(raw, base)
    assert len(text) == len(where)
    assert list(where) == sorted(where)
    for ch, at in zip(text, where, strict=True):
        source = raw[at - base]
        assert ch == source or ch in " '\"" or not source.isprintable() or source.isspace()
    assert text == normalise(raw)


def test_fold_for_compare_ignores_case_punctuation_and_quotes() -> None:
    assert fold_for_compare("The \u201cCaf\u00e9\u201d \u2014 3%") == fold_for_compare(
        'the "café" 3'
    )
