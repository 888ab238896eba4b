"""Content is not chrome: real news text must survive clean-up untouched.

Only a line printed again, a wire story's sign-off ("REUTER"), or a dateline line whose
place becomes the article's dateline ("ROME 1996-12-06"), may go to `removed`.
The segmentation issue asks that no other line of the CoNLL-2003 test documents be removed;
the learned segmenter still takes some rows of results tables and schedules for page
furniture (5.9% of the lines when this bound was first set, 4.1% once one-story dumps and
one-sentence-a-line text were in its training, 2.7% once the decoder stopped discounting
the cost of a headless article, 2.2% once the article check kept stories whose headline the
trees missed, 2.1% once a story sent alone opened on its first line when nothing else read
as a headline, 1.25% once a table closing a story was kept as its body, 1.1% once "N -"
list numbers and "key = value" fields were read as markup, 1.04% once a story opened one
line low on a body line opened on the first line, 0.90% once a schedule closing a story,
"MIAMI AT CHICAGO", was kept as its table, 0.70% once a match preview's fixtures, "Lazio
( 12 ) v AS Roma ( 7 ) 1930", were kept as its text, 0.52% once a label leading into the
text below it, "Teams :" or "- Pacific Coast :", was, 0.41% once a table closing a story
kept its column labels, "Port Loading Waiting", 0.38% once a table a story announces
with a colon was kept), so the test holds that share as a
ceiling until it can be zero, and counts every line. A line printed again is content too
when it is a table's column labels, printed over each division of the standings.
"""

from __future__ import annotations

import pytest

from harness.conll import dropped_lines
from harness.corpus import conll_documents
from service.model import Options
from service.pipeline import run

# The share of CoNLL test lines the segmenter may still remove (the figure is 0):
# 13 of 3,453 when this bound was last set.
MAX_REMOVED_SHARE = 0.0038


@pytest.mark.slow
def test_conll_lines_are_never_removed_unless_repeated() -> None:
    docs = conll_documents("test")
    assert len(docs) == 231
    wrong = [
        (k, line)
        for k, doc in enumerate(docs)
        for line in dropped_lines(doc, run("\n".join(doc) + "\n", Options(dedupe="off")))
        if not (line.whole and line.repeat and line.reason.startswith("repeated_"))
    ]
    lines = sum(len(doc) for doc in docs)
    assert len(wrong) <= MAX_REMOVED_SHARE * lines, (len(wrong), lines, wrong[:20])


def test_column_labels_printed_over_each_division_are_kept() -> None:
    divisions = [
        ("ATLANTIC DIVISION", ["MIAMI 14 5 .737 -", "NEW YORK 11 6 .647 2"]),
        ("CENTRAL DIVISION", ["CHICAGO 17 1 .944 -", "DETROIT 14 3 .824 2 1/2"]),
        ("MIDWEST DIVISION", ["HOUSTON 16 2 .889 -", "UTAH 14 3 .824 1 1/2"]),
    ]
    lines = [
        "NBA BASKETBALL - STANDINGS AFTER FRIDAY 'S GAMES .",
        "Standings of National Basketball Association teams after games played on Friday :",
    ]
    for name, rows in divisions:
        lines += [name, "W L PCT GB", *rows]
    result = run("\n".join(lines) + "\n", Options(dedupe="off", tags=frozenset()))
    assert [r.text for r in result.removed] == []
    body = "\n".join(p for a in result.articles for s in a.sections for p in s.paragraphs)
    assert body.count("W L PCT GB") == 3


def test_a_short_line_printed_again_away_from_any_table_is_still_dropped() -> None:
    text = (
        "Markets rally as rates fall\n\n"
        "Morning markets briefing desk\n"
        "Stocks rose on Friday after the central bank cut its main rate by half a point .\n"
        "Traders said the move had been expected for weeks .\n"
        "Morning markets briefing desk\n"
        "Bond yields fell to their lowest level in a year .\n"
    )
    result = run(text, Options(dedupe="off", tags=frozenset()))
    assert [(r.text, r.reason) for r in result.removed] == [
        ("Morning markets briefing desk", "repeated_line")
    ]


def _kept_lines(text: str) -> list[str]:
    result = run(text, Options(dedupe="off", tags=frozenset()))
    removed = {n for r in result.removed for n in range(r.line, (r.line_end or r.line) + 1)}
    return [line for n, line in enumerate(text.splitlines(), 1) if line and n not in removed]


def test_a_label_over_lines_of_figures_is_the_story_s_own_list() -> None:
    lines = [
        "SOCCER - HOSTS BEAT VISITORS IN FRIENDLY .",
        "Hosts beat Visitors 3-1 ( halftime 1-1 ) in their friendly international on Sunday .",
        "The home side scored twice in the last ten minutes to win in front of a small crowd .",
        "Scorers :",
        "Hosts - Jan Novak ( 12th ) , Petr Svoboda ( 80th , 85th )",
        "Visitors - Ivan Horvat ( 30th )",
        "Attendance : 4,000",
        "",
        "TENNIS - SEED OUT IN FIRST ROUND .",
        "The third seed lost in the first round on Monday , beaten in three sets by a qualifier .",
        "He said he had not felt well since arriving from the long flight on Friday .",
        "Scorer :",
        "Ivan Horvat ( 30th )",
        "Attendance : 20,000",
    ]
    text = "\n".join(lines) + "\n"
    assert _kept_lines(text) == [line for line in lines if line]


def test_a_quote_closed_after_a_space_ends_a_sentence() -> None:
    # tokenised copy prints a space before the closing quote; such lines are prose, not a
    # list of headlines
    lines = [
        "Cuban novelist dies at 79 .",
        "One of Cuba 's most acclaimed authors died at the age of 79 , the newspaper said .",
        "His first novel was published in 1960 , a year after the revolution , and sold widely .",
        'The newspaper called his last book " the greatest gift to the modern novel . "',
        "The author said in an interview before his death that his life had lent his books much .",
        'I am a thief of ideas , " he said . "',
        'The stories have been given to me by people . "',
        "In the same interview , published on Saturday , he was asked if he feared death .",
    ]
    text = "\n".join(lines) + "\n"
    assert _kept_lines(text) == lines
