"""The fast paths of normalise and split_lines agree with their plain definitions."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from service.pipeline.lineshape import (
    CHROME,
    CHROME_MAX_CHARS,
    LINK_LEAD,
    RIGHTS,
    chrome_shape,
    chrome_shape_by_pattern,
)
from service.pipeline.normalise import (
    _COMPARE_DROP,
    LINE_BREAK,
    fold_for_compare,
    normalise,
    normalise_with_map,
    split_lines,
)

ODD = list("ab c\t\u00a0\u2019\u201c\u201d\x00\x85\u2028\u200b.,-_é£\r\n\x1f\u3000  ")


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from(ODD), max_size=40))
def test_normalise_matches_its_offset_map(raw: str) -> None:
    text, where = normalise_with_map(raw, 7)
    assert normalise(raw) == text
    assert len(where) == len(text) and list(where) == sorted(where)
    assert all(raw[i - 7] == ch or ch in " '\"" for i, ch in zip(where, text, strict=True))
    plain = _COMPARE_DROP.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    assert fold_for_compare(raw) == plain


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from(list("ab\r\n \x0b\u2028")), max_size=30))
def test_split_lines_only_breaks_on_the_contract(text: str) -> None:
    expected = []
    start = number = 0
    for number, brk in enumerate(LINE_BREAK.finditer(text), 1):
        expected.append((number, start, brk.start(), text[start : brk.start()]))
        start = brk.end()
    if start < len(text):
        expected.append((number + 1, start, len(text), text[start:]))
    assert [(x.number, x.start, x.end, x.text) for x in split_lines(text)] == expected


def _chrome_shape_without_first_character_test(text: str) -> str | None:
    if not text or len(text) > CHROME_MAX_CHARS:
        return None
    return chrome_shape_by_pattern(text)


@settings(max_examples=1000)
@given(
    st.one_of(
        st.from_regex(CHROME),
        st.from_regex(LINK_LEAD),
        st.from_regex(RIGHTS),
        st.text(alphabet=st.sampled_from([*ODD, "S", "s", "\u017f", "1", "\u0661", "©", "("])),
    )
)
@example("\u017fhare")  # under re.I the long s matches "s"...
@example("\u0131mage 2 of 5")  # ...and the dotless i "i"
@example("\u0130mage 2 of 5")
@example("\u0661/\u0665")  # Arabic-Indic digits are digits to \d
def test_chrome_shape_first_character_test_turns_no_chrome_away(text: str) -> None:
    assert chrome_shape(text) == _chrome_shape_without_first_character_test(text)


def test_rights_notices_are_chrome_and_headlines_about_copyright_are_not() -> None:
    notices = (
        "© 2005-2019 SlashGear, All Rights Reserved.",
        "Copyright © 2019 Guardian News & Media Limited or its affiliated companies.",
        "COPYRIGHT 2019 CBS Broadcasting Inc. All rights reserved.",
        "Copyright 2024 Thomson Reuters. All rights reserved.",
        "(c) 2019 Reuters",
        "©2019 FOX Television Stations",
        "All Rights Reserved.",
    )
    assert [chrome_shape(text) for text in notices] == ["boilerplate"] * len(notices)
    prose = ("Copyright battles loom over AI art", "(c) the council shall review the plan")
    assert [chrome_shape(text) for text in prose] == [None, None]
