"""A batch of documents: each processed through the cache, each failing alone.

Shared by POST /v1/batch and `copydesk batch`; results come out in input order, one
JSON object per document: its /v1/process result, or its own problem object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from marshmallow import ValidationError

from service.errors import CopydeskError, DeadlineExceeded
from service.model import Options
from service.web.after_cache import (
    BatchFolder,
    apply_cross_folds_json,
    article_texts,
    dumps,
)
from service.web.errors import ProblemError, problem_body, validation_problem
from service.web.processing import Processor, check_text
from service.web.schemas import BatchDocumentSchema

__all__ = [
    "DocumentResult",
    "document_id",
    "document_result",
    "fold_document",
    "local_processor",
    "run_batch",
]

_DOCUMENT = BatchDocumentSchema()


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One document's own result (cacheable), before the rest of the batch is seen."""

    doc_id: str
    body: bytes  # its /v1/process result, or its problem object
    options: Options | None  # None: the body is a problem, nothing to fold


def run_batch(
    raw_docs: Iterable[Any],
    processor: Processor | None = None,
    max_doc_bytes: int | None = None,
    tenant: str = "-",
) -> Iterator[bytes]:
    """One result (or problem) per document, lazily; ValidationError at once on repeated ids.

    A raw document is the decoded JSON object, or a ValueError standing for a line that
    was not JSON.
    """
    docs = list(raw_docs)
    ids = [document_id(i, doc) for i, doc in enumerate(docs)]
    if len(set(ids)) < len(ids):
        seen: set[str] = set()
        repeated = sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
        raise ValidationError(
            {"documents": [f"Document ids must be unique; repeated: {repeated}."]}
        )
    processor = processor or local_processor()
    folder = BatchFolder()  # one per batch: documents fold into earlier ones of this batch
    return (
        fold_document(
            processor, folder, document_result(processor, i, raw, max_doc_bytes, tenant), tenant
        )
        for i, raw in zip(ids, docs, strict=True)
    )


def local_processor() -> Processor:
    """The CLI's and the job workers' processor: the configured cache, no HTTP deadline
    worth speaking of."""
    from service.config import Settings
    from service.web.cache import make_cache

    settings = replace(Settings.from_env(), request_timeout_s=7 * 24 * 3600.0)
    return Processor(settings, make_cache(settings))


def document_result(
    processor: Processor, doc_id: str, raw: Any, max_doc_bytes: int | None, tenant: str
) -> DocumentResult:
    """The document's result through the result cache, whatever else the batch holds."""
    if isinstance(raw, ValueError):
        return DocumentResult(doc_id, _problem(doc_id, 400, "Malformed JSON", str(raw)), None)
    try:
        job = _DOCUMENT.load(raw)
        text: str = job["text"]
        options: Options = job["options"]
        if max_doc_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > max_doc_bytes:
            problem = _problem(doc_id, 413, "Document too large", f"Over {max_doc_bytes} bytes.")
            return DocumentResult(doc_id, problem, None)
        check_text(text, processor.settings)
        body = processor.process(text, replace(options, seen_scope=None), doc_id, tenant).body
        return DocumentResult(doc_id, body, options)
    except _DOCUMENT_ERRORS as error:
        return DocumentResult(doc_id, _problem_of(doc_id, error), None)


def fold_document(
    processor: Processor, folder: BatchFolder, doc: DocumentResult, tenant: str
) -> bytes:
    """The document's batch result: its articles that repeat an earlier document's move to
    `duplicates`; then, with a seen_scope, the marks of earlier requests. In input order."""
    options = doc.options
    if options is None:
        return doc.body
    try:
        result = json.loads(doc.body)
        cross = folder.add(
            doc.doc_id, article_texts(result), options.dedupe, options.near_threshold
        )
        if not cross.moved and not options.seen_scope:
            return doc.body
        result = apply_cross_folds_json(result, cross)
        if options.seen_scope:
            return processor.mark_seen(dumps(result), options, tenant)
        return dumps(result)
    except _DOCUMENT_ERRORS as error:
        return _problem_of(doc.doc_id, error)


# What one document can do wrong; anything else is ours and propagates.
_DOCUMENT_ERRORS = (ValidationError, DeadlineExceeded, ProblemError, CopydeskError)


def _problem_of(doc_id: str, error: Exception) -> bytes:
    """A document's own error as that document's problem object."""
    if isinstance(error, ValidationError):
        return json.dumps({**validation_problem(error), "id": doc_id}).encode()
    if isinstance(error, DeadlineExceeded):
        return _problem(doc_id, 503, "Deadline exceeded", str(error))
    if isinstance(error, ProblemError):
        return _problem(doc_id, error.status, error.title, error.detail)
    return _problem(doc_id, 422, "Unprocessable input", str(error))


def _problem(doc_id: str, status: int, title: str, detail: str) -> bytes:
    return json.dumps(problem_body(status, title, detail, id=doc_id)).encode()


def document_id(position: int, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return str(position)
