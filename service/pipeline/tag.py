"""Stage 5: tag each unique article (entities, topics, keywords, news agencies)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from service.model import AgencySource, Article, Entity, Keyword, Tags
from service.pipeline.agencies import agency_names, agency_sources
from service.pipeline.entities import entities_for, skip_reason
from service.pipeline.keywords import keywords_for
from service.pipeline.topics import TopicVerdict, topics_for

__all__ = ["ENGLISH_ONLY", "tag"]

ENGLISH_ONLY = frozenset({"entities", "topics", "keywords"})
NAMED_KINDS = frozenset({"entities", "keywords"})  # the kinds that read NER's names


def tag(
    articles: Sequence[Article],
    text: str,
    kinds: frozenset[str],
    check: Callable[[], None] | None = None,
) -> tuple[Article, ...]:
    """Attach the requested kinds of tags to every article; `text` is the raw input (offsets)."""
    # one batched NER pass over all articles: they are unique already (dedupe runs first);
    # keywords need it too, to keep names whole ("Sue Essex", never "Essex" alone)
    named = bool(kinds & NAMED_KINDS)
    entities = entities_for(articles, text, check) if named else [()] * len(articles)
    return tuple(
        replace(a, tags=_tags_for(a, text, kinds, ents))
        for a, ents in zip(articles, entities, strict=True)
    )


def _tags_for(
    article: Article, text: str, kinds: frozenset[str], found: tuple[Entity, ...]
) -> Tags:
    sources: tuple[AgencySource, ...] = ()
    if "agencies" in kinds:
        sources = agency_sources(article, text)
    # entities, topics and keywords all come from English models: no wrong tags elsewhere
    skipped = skip_reason(article) if kinds & ENGLISH_ONLY else None
    english = skipped is None
    verdict = topics_for(article) if "topics" in kinds and english else TopicVerdict(())
    keywords: tuple[Keyword, ...] = ()
    if "keywords" in kinds and english:
        keywords = keywords_for(article, found)
    return Tags(
        entities=found if "entities" in kinds else (),
        topics=verdict.topics,
        topics_withheld=verdict.withheld,
        keywords=keywords,
        agencies=agency_names(sources),
        skipped=skipped,
        agency_sources=sources,
    )
