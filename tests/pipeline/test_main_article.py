"""The main article of a result: the page's own story, read by its prose."""

from __future__ import annotations

from service.model import Article, Section, Span
from service.pipeline import run
from service.pipeline.main_article import main_article, prose_words

STORY = (
    "The city council voted on Tuesday to close the old harbour bridge to lorries from March.",
    "Engineers found cracks in two of the bridge's steel girders during an inspection in June.",
    "Residents said the detour would add twenty minutes to the school run every morning.",
)
# a comment thread: more words than the story, but names, times and one-line replies
COMMENTS = (
    "harbourwatcher says:",
    "March 3, 2020 at 8:45 am",
    "About time",
    "Reply",
    "lorrydriver77 says:",
    "March 3, 2020 at 9:02 am",
    "so where are we supposed to go now then, through the town centre with all the kids",
    "Reply",
    "anon says:",
    "March 3, 2020 at 9:15 am",
    "Typical council, they knew about this for years and did nothing until it was too late",
    "Reply",
)
# teasers: headlines, none of them a sentence
TEASERS = (
    "Council approves budget for new swimming pool in the east of the city",
    "Police appeal for witnesses after late night crash on the ring road",
    "Schools to close early for the holidays as heating fails in three buildings",
    "Local bakery wins national award for its sourdough loaf and rye bread",
    "Harbour festival returns this summer with fireworks and a tall ship parade",
)


def article(title: str, paragraphs: tuple[str, ...]) -> Article:
    return Article(Span(0, 1, 1, 1), title, (Section(None, paragraphs),), ())


def test_the_story_beats_a_longer_comment_thread_and_teaser_list() -> None:
    story = article("Harbour bridge to close to lorries", STORY)
    comments = article("34 responses", COMMENTS)
    teasers = article("Latest headlines", TEASERS)
    assert comments.word_count > story.word_count and teasers.word_count > story.word_count
    assert main_article([teasers, story, comments]) == 1
    assert prose_words(story) == story.word_count
    assert prose_words(teasers) == 0


def test_without_prose_the_longest_article_is_main_and_a_tie_goes_to_the_first() -> None:
    short = article("Short list", TEASERS[:2])
    long = article("Long list", TEASERS)
    assert main_article([short, long]) == 1
    assert main_article([long, article("Same", TEASERS)]) == 0


def test_no_article_no_main() -> None:
    assert main_article([]) is None
    assert run("\n\n   \n").main_article is None


def test_run_names_its_main_article() -> None:
    page = "\n\n".join(("Latest headlines", *TEASERS, "Harbour bridge to close to lorries", *STORY))
    result = run(page)
    assert result.main_article is not None
    main = result.articles[result.main_article]
    assert all(p in main.body for p in STORY)
