"""Links to other stories among a story's lines: a run of their headlines ("Most popular",
"Related coverage"), a site's menu, a teaser card of a headline and its date are page
chrome, removed with their reason; a story's own lists and tables stay in its body.
Clean-up is given the lines as segmentation drafts them."""

from __future__ import annotations

from service.model import Article, Draft
from service.pipeline.clean import clean
from service.pipeline.normalise import split_lines

HEADLINE = "Harbour bridge to close to lorries from March"
STORY = (
    "The city council voted on Tuesday to close the old harbour bridge to lorries from March.",
    "Engineers found cracks in two of the bridge's steel girders during an inspection in June.",
    "Residents said the detour would add twenty minutes to the school run every morning.",
)
TEASERS = (
    "Council approves budget for new swimming pool in the east of the city",
    "Police appeal for witnesses after late night crash on the ring road",
    "Will the heating fail again? Schools brace for a cold winter",
    "Local bakery wins national award for its sourdough loaf",
    "And the prize for the best new restaurant could go to...",  # cut short to fit its box
)


def clean_page(*blocks: tuple[str, ...]) -> tuple[Article, dict[str, str]]:
    """The article clean-up makes of a page's lines, as a select-all copy gives them (one
    line a paragraph, no blank lines) and segmentation drafts them (one article), and the
    text of each removed line with its reason."""
    lines = split_lines("\n".join([HEADLINE, *(line for block in blocks for line in block)]))
    articles, removed = clean([Draft(lines)])
    (article,) = articles
    reasons = {
        lines[n - 1].text: r.reason
        for r in removed
        for n in range(r.line, (r.line_end or r.line) + 1)
    }
    return article, reasons


def test_a_run_of_teaser_headlines_and_its_label_leave_the_body() -> None:
    article, removed = clean_page(STORY[:2], ("Most popular", *TEASERS), STORY[2:])
    assert article.paragraphs == STORY
    assert removed == dict.fromkeys(["Most popular", *TEASERS], "boilerplate")


def test_two_headlines_in_a_row_are_not_yet_a_list() -> None:
    article, removed = clean_page(STORY[:2], TEASERS[:2], STORY[2:])
    assert removed == {}
    assert article.paragraphs == (*STORY[:2], *TEASERS[:2], *STORY[2:])


def test_a_list_the_story_announces_is_its_own() -> None:
    announced = "In a wide-ranging interview, the council leader also said:"
    points = (
        "The bridge will reopen to buses once the girders are replaced",
        "He is confident the repairs will be finished before the winter",
        "Lorry drivers should use the ring road and the new bypass until then",
    )
    article, removed = clean_page(STORY[:1], (announced, *points), STORY[1:])
    assert article.paragraphs == (STORY[0], announced, *points, *STORY[1:])
    assert removed == {}


def test_items_of_one_structure_are_a_list_not_teasers() -> None:
    dates = (
        "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
        "June 10 – Tampa, FL @ Credit Union Amphitheatre",
        "June 12 – Atlanta, GA @ Ameris Bank Amphitheatre",
    )
    article, removed = clean_page(STORY, ("Tour dates", *dates))
    assert article.paragraphs == (*STORY, "Tour dates", *dates)
    assert removed == {}


def test_numbered_items_and_results_tables_stay_in_the_story() -> None:
    ranking = ("1. Finland", "2. Norway", "3. Australia", "4. Canada")
    odds = ("5-2 Real Madrid Real Madrid", "14-1 Real Madrid Draw", "28-1 Real Madrid Barcelona")
    scores = (
        "B. Young c Moin Khan b Waqar 5",
        "C. Spearman c Moin Khan b Wasim 0",
        "A. Parore c Ijaz Ahmad b Saqlain 37",
    )
    accounts = (
        "Tax 16.5 mln vs 13.5 mln",
        "Minority interests 2.3 mln debit vs same",
        "Pretax profit includes -",
        "Wholesale food distribution",
        "Retail food 4.2 mln vs 5.9 mln",
    )
    blocks = (STORY[:1], ranking, STORY[1:2], odds, STORY[2:], scores, accounts)
    article, removed = clean_page(*blocks)
    assert article.paragraphs == tuple(row for block in blocks for row in block)
    assert removed == {}


def test_a_notice_of_short_fields_is_the_story() -> None:
    notice = ("Qtly div eight cts vs eight cts prior", "Pay April one", "Record March 13")
    article, removed = clean_page(notice)
    assert article.paragraphs == notice
    assert removed == {}


def test_a_box_of_headlines_without_prose_is_no_article() -> None:
    # segmentation drafted the box as an article of its own, its label for a headline
    lines = split_lines("\n".join([HEADLINE, *STORY, "", "More from the city desk", *TEASERS]))
    articles, removed = clean([Draft(lines[:4]), Draft(lines[5:])])
    assert [a.title for a in articles] == [HEADLINE]
    assert [(r.text, r.reason) for r in removed] == [
        ("More from the city desk", "outside_article"),
        *((teaser, "boilerplate") for teaser in TEASERS),
    ]


def test_a_menu_of_bare_labels_leaves_the_body() -> None:
    menu = ("Editions", "California", "Florida", "Health Check", "Promise Kept", "West Virginia")
    article, removed = clean_page(STORY[:2], menu, STORY[2:])
    assert article.paragraphs == STORY
    assert removed == dict.fromkeys(menu, "boilerplate")


def test_four_labels_or_an_announced_list_of_names_stay() -> None:
    parties = ("Conservatives", "Labour", "Liberal Democrats", "Greens")
    announced = "Five parties will take part in the televised debate on Thursday:"
    names = ("Conservatives", "Labour", "Liberal Democrats", "Plaid Cymru", "Greens")
    article, removed = clean_page(STORY[:1], parties, STORY[1:2], (announced, *names), STORY[2:])
    assert article.paragraphs == (STORY[0], *parties, STORY[1], announced, *names, STORY[2])
    assert removed == {}


def test_a_teaser_card_of_a_headline_and_its_date_is_no_article() -> None:
    card = ("Harbour festival returns with a tall ship parade", "December 18, 2015")
    lines = split_lines("\n".join([HEADLINE, *STORY, "", *card]))
    articles, removed = clean([Draft(lines[:4]), Draft(lines[5:])])
    assert [a.title for a in articles] == [HEADLINE]
    assert [(r.text, r.reason) for r in removed] == [
        (card[0], "outside_article"),
        (card[1], "boilerplate"),
    ]
