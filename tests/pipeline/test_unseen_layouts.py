"""Layouts written by hand here, not by the layout generator the segmenter learned from: what
a new user pastes first. Each states what a reader would expect of the result."""

from __future__ import annotations

import re

from harness import CORPUS
from service.model import Options, Result
from service.pipeline import run

NO_TAGS = Options(tags=frozenset())


def _titles(result: Result) -> list[str | None]:
    return [a.title for a in result.articles]


def _reuters_raw(count: int) -> list[tuple[str, str]]:
    """The first stories with a title and body of reut2-000.sgm, exactly as in the file."""
    text = (CORPUS / "reuters21578" / "reut2-000.sgm").read_text(encoding="latin-1")
    out = []
    for m in re.finditer(r"<TITLE>(.*?)</TITLE>.*?<BODY>(.*?)</BODY>", text, re.S):
        body = m.group(2).replace("&lt;", "<").replace("&amp;", "&").replace("&#3;", "")
        out.append((m.group(1).replace("&lt;", "<").replace("&amp;", "&"), body.rstrip()))
        if len(out) == count:
            return out
    return out


def test_old_wire_copy_splits_into_its_stories() -> None:
    stories = _reuters_raw(5)
    dump = "\n\n".join(f"{title}\n{body}" for title, body in stories) + "\n"
    result = run(dump, NO_TAGS)
    assert len(result.articles) == len(stories)
    # the first headline too, short and in capitals over wrapped copy: not a kicker
    assert _titles(result) == [title for title, _ in stories]
    first = result.articles[0]
    # paragraphs open on an indent: the wrapped lines are joined, one paragraph per indent
    # (the story's body has 16 indented lines after its first one)
    raw_body = stories[0][1]
    opening = sum(1 for line in raw_body.split("\n") if line.startswith("    "))
    assert len(first.paragraphs) == opening + 1
    assert first.paragraphs[0].endswith("Comissaria Smith said in its weekly review.")
    assert all(p != "Reuter" for a in result.articles for p in a.paragraphs)


def test_markdown_export_cuts_at_rules_and_folds_a_repeated_story() -> None:
    one = (
        "# Council approves new cycle lanes\n\n*By Priya Raman*\n\n"
        "![Cyclists on the bridge](https://example.org/img/bridge.jpg)\n\n"
        "The city council voted on Tuesday to build twelve kilometres of protected cycle "
        "lanes across the centre, after a year of consultation with residents.\n\n"
        "Work will start in the spring and is expected to take two years, the council's "
        "transport committee said in a statement released after the vote.\n"
    )
    two = (
        "# Harbour ferry fares to rise in June\n\n*By Tom Ellis*\n\n"
        "Ferry fares across the harbour will rise by ten per cent from June, the operator "
        "announced, blaming higher fuel costs and a shortage of trained crews.\n\n"
        "Season tickets will be frozen until the end of the year, it said, and children "
        "under five will continue to travel free on every route.\n"
    )
    dump = f"{one}\n---\n\n{two}\n---\n\n{one}"
    result = run(dump, Options(tags=frozenset(), dedupe="near"))
    assert _titles(result) == [
        "Council approves new cycle lanes",
        "Harbour ferry fares to rise in June",
    ]
    assert len(result.duplicates) == 1 and result.duplicates[0].duplicate_of == 0
    assert {r.reason for r in result.removed if r.text.strip() == "---"} <= {
        "separator",
        "outside_article",
    }


def test_digest_kickers_do_not_become_titles() -> None:
    dump = (
        "YOUR MORNING BRIEFING\n\n"
        "ANALYSIS\n"
        "Why the central bank is in no hurry to cut rates\n"
        "Policymakers signalled on Wednesday that inflation remains too high for comfort, "
        "and markets pushed back their bets on the first cut to the autumn.\n"
        "Economists said the labour market was still tight, with wages growing faster than "
        "prices for a sixth month in a row.\n"
        "————————————\n"
        "IN BRIEF\n"
        "Rail strike called off after late-night talks\n"
        "Train drivers suspended next week's walkout after the union and the operators "
        "agreed to return to talks on pay and rostering.\n"
        "Services are expected to run normally on Monday, the operators said.\n"
        "————————————\n"
        "Unsubscribe | Manage preferences\n"
    )
    result = run(dump, NO_TAGS)
    assert _titles(result) == [
        "Why the central bank is in no hurry to cut rates",
        "Rail strike called off after late-night talks",
    ]


def test_forwarded_and_numbered_titles_are_clean() -> None:
    dump = (
        "---------- Forwarded message ---------\n"
        "From: Desk <desk@example.org>\n"
        "Date: Mon, 3 Mar 2025 at 09:14\n"
        "Subject: FW: Storm closes mountain pass for second day\n"
        "To: news@example.org\n\n"
        "Heavy snow kept the main mountain pass closed for a second day on Monday, and "
        "police warned drivers to stay away until ploughs had cleared the road.\n\n"
        "About two hundred lorries were parked at the foot of the pass, waiting.\n\n"
        "3. Museum returns looted bronzes\n"
        "The national museum handed back eleven bronze figures to the country they were "
        "taken from in the nineteenth century, at a ceremony on Friday.\n"
        "4. Airline adds winter routes\n"
        "The carrier will fly to six new destinations from November, it said on Thursday, "
        "as demand for winter sun holidays keeps growing.\n"
    )
    result = run(dump, NO_TAGS)
    assert _titles(result) == [
        "Storm closes mountain pass for second day",
        "Museum returns looted bronzes",
        "Airline adds winter routes",
    ]
    assert any(r.reason == "markup" for r in result.removed)


def test_flat_paste_with_no_blank_line() -> None:
    dump = (
        "Storm closes mountain pass for second day\n"
        "Heavy snow kept the main mountain pass closed for a second day on Monday, and "
        "police warned drivers to stay away until ploughs had cleared the road.\n"
        "About two hundred lorries were parked at the foot of the pass, waiting for the "
        "road to reopen, a police spokesman said.\n"
        "Museum returns looted bronzes to Benin\n"
        "The national museum handed back eleven bronze figures to the country they were "
        "taken from in the nineteenth century, at a ceremony on Friday.\n"
        "The return follows years of talks between the two governments, officials said.\n"
    )
    result = run(dump, NO_TAGS)
    assert _titles(result) == [
        "Storm closes mountain pass for second day",
        "Museum returns looted bronzes to Benin",
    ]


def test_short_headlines_open_their_stories() -> None:
    dump = (
        "Rates rise again\n\n"
        "The central bank raised rates by a quarter point on Tuesday, the third increase "
        "this year, and said more could follow if inflation does not ease.\n\n"
        "Markets had expected the move after consumer prices rose faster than forecast.\n\n\n"
        "Storm hits coast\n\n"
        "A storm brought heavy rain and strong winds to the coast overnight, closing roads "
        "and cutting power lines across the region.\n\n"
        "Thousands of homes lost power, the utility said on Wednesday morning.\n"
    )
    assert _titles(run(dump, NO_TAGS)) == ["Rates rise again", "Storm hits coast"]


def test_dash_and_hash_numbered_titles_are_clean() -> None:
    dump = (
        "1 - Museum returns looted bronzes\n"
        "The national museum handed back eleven bronze figures to the country they were "
        "taken from in the nineteenth century, at a ceremony on Friday.\n\n"
        "2 - Airline adds winter routes\n"
        "The carrier will fly to six new destinations from November, it said on Thursday, "
        "as demand for winter sun holidays keeps growing.\n\n"
        "#3 Rail strike called off after late-night talks\n"
        "Train drivers suspended next week's walkout after the union and the operators "
        "agreed to return to talks on pay and rostering.\n"
    )
    result = run(dump, NO_TAGS)
    assert _titles(result) == [
        "Museum returns looted bronzes",
        "Airline adds winter routes",
        "Rail strike called off after late-night talks",
    ]
    assert sorted(r.text for r in result.removed if r.reason == "markup") == ["#3", "1 -", "2 -"]


def test_a_key_value_export_gives_clean_titles_and_bylines() -> None:
    dump = (
        "title = Storm closes mountain pass for second day\n"
        "author = Jane Okafor\n"
        "date = 2025-03-03\n\n"
        "Heavy snow kept the main mountain pass closed for a second day on Monday, and "
        "police warned drivers to stay away until ploughs had cleared the road.\n\n"
        "About two hundred lorries were parked at the foot of the pass, waiting.\n\n"
        "title = Museum returns looted bronzes\n"
        "author = Tom Reyes\n"
        "date = 2025-03-04\n\n"
        "The national museum handed back eleven bronze figures to the country they were "
        "taken from in the nineteenth century, at a ceremony on Friday.\n"
    )
    result = run(dump, NO_TAGS)
    assert _titles(result) == [
        "Storm closes mountain pass for second day",
        "Museum returns looted bronzes",
    ]
    assert [a.byline for a in result.articles] == ["Jane Okafor", "Tom Reyes"]


def test_a_breadcrumb_trail_on_the_headline_line_is_markup() -> None:
    body = (
        "Heavy snow kept the main mountain pass closed for a second day on Monday, and "
        "police warned drivers to stay away until ploughs had cleared the road.\n\n"
        "About two hundred lorries were parked at the foot of the pass, waiting.\n"
    )
    result = run("Home > World › Storm closes mountain pass for second day\n\n" + body, NO_TAGS)
    assert _titles(result) == ["Storm closes mountain pass for second day"]
    assert [r.text for r in result.removed if r.reason == "markup"] == ["Home > World ›"]
    # one ">" in a headline is the headline's own
    result = run("Profits > forecasts at the pass operator\n\n" + body, NO_TAGS)
    assert _titles(result) == ["Profits > forecasts at the pass operator"]
