"""What is applied to cached results, never stored with them: batch and seen-scope folds.

A cached result depends on its text and options only. Whether an article repeats one from
an earlier document of the same batch, or from an earlier request of a `seen_scope`, is
decided here, on the (already serialised) result, each time.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from service.model import Options, Span
from service.pipeline.dedupe import ArticleText, BatchFolder, CrossFolds
from service.seen import SeenIndex

__all__ = [
    "BatchFolder",
    "apply_cross_folds_json",
    "apply_seen_json",
    "article_texts",
    "dumps",
]


def article_texts(result: dict[str, Any]) -> list[ArticleText]:
    """What folding needs of each article of a serialised result."""
    return [ArticleText(a["title"], a["body"], Span(**a["span"])) for a in result["articles"]]


def apply_cross_folds_json(result: dict[str, Any], cross: CrossFolds) -> dict[str, Any]:
    """The serialised twin of dedupe.apply_cross_folds: articles that repeat an earlier
    document's move to `duplicates` (with `document`), the rest are renumbered."""
    if not cross.moved:
        return result
    folds = []
    for fold in result["duplicates"]:
        if fold.get("document") is None:
            index, document = cross.target(fold["duplicate_of"])
            fold = {**fold, "duplicate_of": index, "document": document}
        folds.append(fold)
    folds.extend(asdict(f) for f in cross.moved.values())
    folds.sort(key=lambda f: f["span"]["start"])
    articles = [{**result["articles"][i], "index": n} for n, i in enumerate(cross.kept)]
    stats = {**result["stats"], "articles": len(articles), "duplicates": len(folds)}
    main = cross.kept_index(result["main_article"])  # a moved main story is a duplicate now
    return {
        **result,
        "articles": articles,
        "main_article": main,
        "duplicates": folds,
        "stats": stats,
    }


def apply_seen_json(
    result: dict[str, Any], seen: SeenIndex, namespace: str, options: Options
) -> dict[str, Any]:
    """Mark each article already seen in an earlier request of the namespace; remember it."""
    marks = seen.mark(
        namespace,
        article_texts(result),
        options.dedupe,
        options.near_threshold,
        source=result["content_hash"],
    )
    articles = [
        {**article, "seen_before": asdict(mark) if mark else None}
        for article, mark in zip(result["articles"], marks, strict=True)
    ]
    return {**result, "articles": articles}


def dumps(result: dict[str, Any]) -> bytes:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
