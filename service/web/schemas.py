"""marshmallow schemas: request JSON to dataclasses, result dataclasses to JSON."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
)

from service.model import (
    ALL_TAG_KINDS,
    DEDUPE_MODES,
    DEFAULT_NEAR_THRESHOLD,
    Article,
    Options,
    Result,
)
from service.pipeline.dedupe import body_key

__all__ = [
    "BatchDocumentSchema",
    "OptionsSchema",
    "ProcessRequestSchema",
    "ResultSchema",
    "dump_result",
    "options_from_query",
    "query_options",
]


class OptionsSchema(Schema):
    class Meta:
        unknown = RAISE

    dedupe = fields.String(load_default="near", validate=validate.OneOf(DEDUPE_MODES))
    near_threshold = fields.Float(
        load_default=DEFAULT_NEAR_THRESHOLD,
        validate=validate.Range(0.3, 1.0),
        allow_nan=False,
    )
    tags = fields.List(
        fields.String(validate=validate.OneOf(ALL_TAG_KINDS)), load_default=list(ALL_TAG_KINDS)
    )
    seen_scope = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=200)
    )

    @post_load
    def to_options(self, data: dict[str, Any], **_: Any) -> Options:
        return Options(
            dedupe=data["dedupe"],
            near_threshold=round(float(data["near_threshold"]), 4),
            tags=frozenset(data["tags"]),
            seen_scope=data["seen_scope"],
        )


_OPTIONS = OptionsSchema()
_DEFAULT_OPTIONS = Options()


def query_options(args: Mapping[str, str]) -> dict[str, Any]:
    """Option values from query parameters, unvalidated: `tags` is a comma list there."""
    unknown = sorted(set(args) - set(_OPTIONS.fields))
    if unknown:
        raise ValidationError({name: ["Unknown query parameter."] for name in unknown})
    raw: dict[str, Any] = dict(args)
    if "tags" in raw:
        # OpenAPI style=form, explode=false; an empty value names no kind and is refused
        raw["tags"] = raw["tags"].split(",")
    return raw


def options_from_query(args: Mapping[str, str]) -> Options:
    """Options from query parameters alone (text/plain bodies, GET /v1/results)."""
    if not args:
        return _DEFAULT_OPTIONS  # nothing to validate: the common case of a plain POST
    options: Options = _OPTIONS.load(query_options(args))
    return options


class _TextField(fields.String):
    """The dump itself: a non-empty string."""


class ProcessRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    text = _TextField(required=True, validate=validate.Length(min=1))
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=256))
    options = fields.Nested(OptionsSchema, load_default=lambda: Options())

    @pre_load
    def require_object(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, dict):
            raise ValidationError("The request body must be a JSON object.", "body")
        return data


class BatchDocumentSchema(ProcessRequestSchema):
    """One document of a batch: the same fields as a /v1/process JSON body."""


# ---- results -------------------------------------------------------------------------------


class SpanSchema(Schema):
    start = fields.Integer()
    end = fields.Integer()
    line_start = fields.Integer()
    line_end = fields.Integer()


class ImageSchema(Schema):
    caption = fields.String()
    credit = fields.String(allow_none=True)


class SectionSchema(Schema):
    heading = fields.String(allow_none=True)
    paragraphs = fields.List(fields.String())


class MentionSchema(Schema):
    start = fields.Integer()
    end = fields.Integer()


class AmountSchema(Schema):
    value = fields.Float()
    upper = fields.Float(allow_none=True)
    currency = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)


class EntitySchema(Schema):
    name = fields.String()
    type = fields.String()
    count = fields.Integer()
    salience = fields.Float()
    mentions = fields.List(fields.Nested(MentionSchema))
    ids = fields.Dict(keys=fields.String(), values=fields.String())
    amount = fields.Nested(AmountSchema, allow_none=True)


class TopicSchema(Schema):
    code = fields.String()
    label = fields.String()
    score = fields.Float()


class KeywordSchema(Schema):
    text = fields.String()
    score = fields.Float()


class AgencySourceSchema(Schema):
    name = fields.String()
    where = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class TagsSchema(Schema):
    entities = fields.List(fields.Nested(EntitySchema))
    topics = fields.List(fields.Nested(TopicSchema))
    keywords = fields.List(fields.Nested(KeywordSchema))
    agencies = fields.List(fields.String())
    agency_sources = fields.List(fields.Nested(AgencySourceSchema))
    skipped = fields.String(allow_none=True)
    topics_withheld = fields.String(allow_none=True)


class SeenBeforeSchema(Schema):
    first_seen = fields.Float()
    content_hash = fields.String()


class ArticleSchema(Schema):
    id = fields.String()
    index = fields.Integer()
    title = fields.String(allow_none=True)
    byline = fields.String(allow_none=True)
    dateline = fields.String(allow_none=True)
    images = fields.List(fields.Nested(ImageSchema))
    sections = fields.List(fields.Nested(SectionSchema))
    paragraphs = fields.List(fields.String())
    body = fields.String()
    word_count = fields.Integer()
    language = fields.String()
    span = fields.Nested(SpanSchema)
    tags = fields.Nested(TagsSchema)
    seen_before = fields.Nested(SeenBeforeSchema, allow_none=True)


class FoldSchema(Schema):
    duplicate_of = fields.Integer()
    kind = fields.String()
    similarity = fields.Float()
    title = fields.String(allow_none=True)
    span = fields.Nested(SpanSchema)
    fuller = fields.Boolean()
    document = fields.String(allow_none=True)


class RemovedSchema(Schema):
    line = fields.Integer()
    line_end = fields.Integer(allow_none=True)
    start = fields.Integer()
    end = fields.Integer()
    text = fields.String()
    reason = fields.String()


class StatsSchema(Schema):
    input_chars = fields.Integer()
    lines = fields.Integer()
    articles = fields.Integer()
    duplicates = fields.Integer()
    removed_lines = fields.Integer()
    elapsed_ms = fields.Float()


class ResultSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True

    content_hash = fields.String()
    pipeline_version = fields.String()
    articles = fields.List(fields.Nested(ArticleSchema))
    main_article = fields.Integer(allow_none=True)
    duplicates = fields.List(fields.Nested(FoldSchema))
    removed = fields.List(fields.Nested(RemovedSchema))
    stats = fields.Nested(StatsSchema)


_RESULT = ResultSchema()


def article_id(article: Article) -> str:
    """A stable id for the story: the same body gives the same id in any request."""
    return hashlib.sha256(body_key(article).encode()).hexdigest()[:16]


def _article_view(index: int, article: Article) -> dict[str, Any]:
    return {
        "id": article_id(article),
        "index": index,
        "title": article.title,
        "byline": article.byline,
        "dateline": article.dateline,
        "images": article.images,
        "sections": article.sections,
        "paragraphs": article.paragraphs,
        "body": article.body,
        "word_count": article.word_count,
        "language": article.language,
        "span": article.span,
        "tags": article.tags,
        "seen_before": article.seen_before,
    }


def dump_result(
    result: Result, text_hash: str, pipeline_version: str, elapsed_ms: float
) -> dict[str, Any]:
    """The /v1/process body without the client's `id` (spliced in on the way out)."""
    removed_lines = sum((r.line_end or r.line) - r.line + 1 for r in result.removed)
    view = {
        "content_hash": text_hash,
        "pipeline_version": pipeline_version,
        "articles": [_article_view(i, a) for i, a in enumerate(result.articles)],
        "main_article": result.main_article,
        "duplicates": result.duplicates,
        "removed": result.removed,
        "stats": {
            "input_chars": result.input_chars,
            "lines": result.lines,
            "articles": len(result.articles),
            "duplicates": len(result.duplicates),
            "removed_lines": removed_lines,
            "elapsed_ms": round(elapsed_ms, 3),
        },
    }
    dumped: dict[str, Any] = _RESULT.dump(view)
    return dumped
