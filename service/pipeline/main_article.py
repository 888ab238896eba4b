"""Which article of a result is the page's own story, for a paste of one web page.

A select-all copy of a news page comes back as several articles: the story, and whatever
else on the page reads as one (a comment thread, a list of teaser headlines, a gallery of
captions, a sidebar's story). A reader finds the story by its prose: the comments are many
short replies between names and timestamps, teasers and captions are headlines and
fragments without a full sentence. So the main article is the one with the most words in
prose paragraphs (lineshape.is_paragraph_shaped: ten words or more, ending a sentence);
with no prose anywhere, the one with the most words; a tie goes to the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.model import Article
from service.pipeline.lineshape import is_paragraph_shaped

__all__ = ["main_article", "prose_words"]


def main_article(articles: Sequence[Article]) -> int | None:
    """Index of the article with the most prose words (None when there is no article)."""
    if not articles:
        return None
    weights = [(prose_words(a), a.word_count) for a in articles]
    return max(range(len(articles)), key=weights.__getitem__)


def prose_words(article: Article) -> int:
    """Words of the article's paragraphs that are prose, not headlines or fragments."""
    return sum(len(p.split()) for p in article.paragraphs if is_paragraph_shaped(p))
