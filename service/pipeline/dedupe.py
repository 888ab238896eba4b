"""Stage 4: fold repeated articles into their first occurrence; report every fold."""

from __future__ import annotations

from collections.abc import Sequence

from service.model import Article, Fold
from service.pipeline.normalise import fold_for_compare

__all__ = ["body_key", "dedupe"]


def body_key(article: Article) -> str:
    """Normalised body under which exact copies compare equal (NFKC, quotes, case, spaces)."""
    return fold_for_compare(article.body or article.title or "")


def dedupe(
    articles: Sequence[Article], mode: str, near_threshold: float
) -> tuple[tuple[Article, ...], tuple[Fold, ...]]:
    """Keep the first copy of each article; later copies become folds pointing at it."""
    if mode == "off":
        return tuple(articles), ()
    kept: list[Article] = []
    folds: list[Fold] = []
    first_by_key: dict[str, int] = {}
    for article in articles:
        key = body_key(article)
        original = first_by_key.get(key)
        if original is not None:
            folds.append(Fold(original, "exact", 1.0, article.title, article.span))
            continue
        first_by_key[key] = len(kept)
        kept.append(article)
    return tuple(kept), tuple(folds)
