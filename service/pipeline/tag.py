"""Stage 5: tag each unique article (entities, topics, keywords, news agencies)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from service.model import Article, Entity, Keyword, Tags, Topic
from service.pipeline.entities import entities_for, skip_reason
from service.pipeline.keywords import keywords_for
from service.pipeline.topics import topics_for

__all__ = ["ENGLISH_ONLY", "tag"]

ENGLISH_ONLY = frozenset({"entities", "topics", "keywords"})

# Agencies whose names appear as credits, datelines or attributions in wire copy.
AGENCY_PATTERN = re.compile(
    r"\b(Reuters|AFP|Agence France-Presse|Associated Press|AP|dpa|Xinhua|EFE|ANSA|Anadolu"
    r"|Kyodo|Yonhap|TASS|Bloomberg|PTI|Bernama)\b"
)
_AGENCY_CANONICAL = {"Agence France-Presse": "AFP", "Associated Press": "AP"}


def tag(
    articles: Sequence[Article],
    text: str,
    kinds: frozenset[str],
    check: Callable[[], None] | None = None,
) -> tuple[Article, ...]:
    """Attach the requested kinds of tags to every article; `text` is the raw input (offsets)."""
    # one batched NER pass over all articles: they are unique already (dedupe runs first)
    entities = entities_for(articles, text, check) if "entities" in kinds else [()] * len(articles)
    return tuple(
        replace(a, tags=_tags_for(a, kinds, ents))
        for a, ents in zip(articles, entities, strict=True)
    )


def _tags_for(article: Article, kinds: frozenset[str], entities: tuple[Entity, ...]) -> Tags:
    agencies: tuple[str, ...] = ()
    if "agencies" in kinds:
        agencies = _agencies(article)
    # entities, topics and keywords all come from English models: no wrong tags elsewhere
    skipped = skip_reason(article) if kinds & ENGLISH_ONLY else None
    english = skipped is None
    topics: tuple[Topic, ...] = topics_for(article) if "topics" in kinds and english else ()
    keywords: tuple[Keyword, ...] = keywords_for(article) if "keywords" in kinds and english else ()
    return Tags(
        entities=entities, topics=topics, keywords=keywords, agencies=agencies, skipped=skipped
    )


def _agencies(article: Article) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for block in article.blocks:
        for match in AGENCY_PATTERN.finditer(block.text):
            name = match.group(1)
            if name == "AP" and "(AP)" not in block.text and "AP)" not in block.text:
                continue  # "AP" is too common a token to trust outside a credit or dateline
            found[_AGENCY_CANONICAL.get(name, name)] = None
    return tuple(found)
