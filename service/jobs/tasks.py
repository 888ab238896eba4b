"""What the workers run: a chunk's documents, the job's final fold, the callback.

A chunk computes each document's own result through the result cache (exactly what
/v1/batch and `copydesk batch` compute) and writes them as one part; the fold then walks
the parts in input order with one BatchFolder, so every document's duplicates across the
whole job are those `copydesk batch` finds on the same input, however many workers ran.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from rq.job import Job

from service.config import Settings
from service.jobs import callbacks
from service.jobs.intake import decode_chunk
from service.jobs.queue import enqueue_callback, enqueue_fold, job_store
from service.jobs.store import JobStore, compress
from service.model import Options
from service.pipeline.dedupe import BatchFolder
from service.web.batch import (
    DocumentResult,
    document_id,
    document_result,
    fold_document,
    local_processor,
)
from service.web.processing import Processor

__all__ = [
    "chunk_failed",
    "decode_part",
    "deliver_callback",
    "encode_part",
    "fold_job",
    "prepare",
    "process_chunk",
]

log = logging.getLogger(__name__)

# Only a job in one of these states has work left for a worker.
_LIVE = frozenset({"queued", "running"})


@dataclass(frozen=True)
class _Context:
    settings: Settings
    store: JobStore
    processor: Processor


@cache
def prepare() -> _Context:
    """The worker's settings, job store and processor: made once, before RQ forks its work
    horses, so each horse starts with them (and the models) in its inherited memory."""
    settings = Settings.from_env()
    return _Context(settings, job_store(settings), local_processor())


def process_chunk(job_id: str, number: int) -> str:
    ctx = prepare()
    record = ctx.store.get(job_id)
    if record is None or record.status not in _LIVE:
        return "skipped: the job has ended"
    blob = ctx.store.load(job_id, "in", number)
    if blob is None:
        raise LookupError(f"the input of chunk {number} is gone from the queue Redis")
    ctx.store.mark_running(job_id)
    first, docs, offsets = decode_chunk(blob)
    results = []
    for position, raw in enumerate(docs):
        if position and ctx.store.status(job_id) not in _LIVE:
            return f"stopped after {position} documents: the job has ended"
        doc_id = document_id(first + position, raw)
        max_bytes = ctx.settings.max_body_bytes
        results.append(document_result(ctx.processor, doc_id, raw, max_bytes, record.tenant))
    failed = sum(result.options is None for result in results)
    part = compress(encode_part(results, offsets))
    chunks_done = ctx.store.save_part(job_id, number, part, len(results), failed)
    if chunks_done == record.chunks:  # the last chunk (counted once, however often it ran)
        enqueue_fold(ctx.settings, job_id)
    return f"{len(results)} documents"


def fold_job(job_id: str) -> str:
    """Every document's batch result, in input order; run again from the start if it dies."""
    ctx = prepare()
    record = ctx.store.get(job_id)
    if record is None or record.status not in _LIVE:
        return "skipped: the job has ended"
    folder = BatchFolder()
    ready = articles = duplicates = 0
    for number in range(record.chunks):
        if ctx.store.status(job_id) not in _LIVE:
            return "stopped: the job has ended"
        part = ctx.store.load(job_id, "part", number)
        if part is None:
            _end(
                ctx,
                job_id,
                "failed",
                f"the results of chunk {number} are gone from the queue Redis",
            )
            return "failed"
        docs, offsets = decode_part(part)
        lines = []
        for index, doc in enumerate(docs):
            line = fold_document(ctx.processor, folder, doc, record.tenant)
            if offsets is not None:
                line = _with_text_offset(line, offsets[index])
            stats = json.loads(line).get("stats")
            if isinstance(stats, dict):
                articles += int(stats.get("articles", 0))
                duplicates += int(stats.get("duplicates", 0))
            lines.append(line)
        ready += len(lines)
        ctx.store.save_out(job_id, number, compress(b"\n".join(lines)), ready)
    if ready != record.total_docs:  # never end a job short without saying so
        _end(ctx, job_id, "failed", f"{ready} of {record.total_docs} documents have results")
        return "failed"
    _end(ctx, job_id, "done", totals=(articles, duplicates))
    ctx.store.delete_parts(job_id, record.chunks)
    return f"{ready} documents"


def chunk_failed(job: Job, connection: Any, kind: type, value: BaseException, tb: Any) -> None:
    """RQ's failure callback: once a chunk (or the fold) has no retries left, the job fails."""
    if job.retries_left:
        return  # RQ runs it again
    job_id, *rest = job.args
    what = f"chunk {rest[0]}" if rest else "the final fold"
    reason = f"{what} failed on every attempt: {kind.__name__}: {value}".rstrip(": ")
    _end(prepare(), str(job_id), "failed", reason)


def deliver_callback(job_id: str) -> str:
    ctx = prepare()
    record = ctx.store.get(job_id)
    if record is None or not record.callback_url:
        return "no callback"
    body = json.dumps(record.public()).encode()
    try:
        status = callbacks.post_signed(record.callback_url, body, job_id, ctx.settings)
    except callbacks.CallbackRefused as refused:  # no retry can change that
        log.warning("job %s: callback refused: %s", job_id, refused)
        return f"callback refused: {refused}"
    return f"callback answered {status}"


def _end(
    ctx: _Context,
    job_id: str,
    status: str,
    error: str | None = None,
    totals: tuple[int, int] | None = None,
) -> None:
    if not ctx.store.finish(job_id, status, error, totals):
        return
    log.info("job %s %s%s", job_id, status, f": {error}" if error else "")
    record = ctx.store.get(job_id)
    if record is not None and record.callback_url:
        enqueue_callback(ctx.settings, job_id)


# -- a chunk's results between the chunk and the fold ---------------------------------------


def encode_part(results: list[DocumentResult], offsets: list[int] | None) -> bytes:
    """A header line, then per document a line of (id, options) and a line of its body."""
    lines = [json.dumps({"text_offsets": offsets}).encode()]
    for result in results:
        options = result.options
        fields = None
        if options is not None:
            fields = {
                "dedupe": options.dedupe,
                "near_threshold": options.near_threshold,
                "tags": sorted(options.tags),
                "seen_scope": options.seen_scope,
            }
        lines.append(json.dumps([result.doc_id, fields]).encode())
        lines.append(result.body)
    return b"\n".join(lines)


def decode_part(blob: bytes) -> tuple[list[DocumentResult], list[int] | None]:
    lines = blob.split(b"\n")
    offsets = json.loads(lines[0])["text_offsets"]
    results = []
    for head, body in zip(lines[1::2], lines[2::2], strict=True):
        doc_id, fields = json.loads(head)
        options = None
        if fields is not None:
            options = Options(
                dedupe=fields["dedupe"],
                near_threshold=fields["near_threshold"],
                tags=frozenset(fields["tags"]),
                seen_scope=fields["seen_scope"],
            )
        results.append(DocumentResult(doc_id, body, options))
    return results, offsets


def _with_text_offset(line: bytes, offset: int) -> bytes:
    """A dump part's result with `text_offset` after its id."""
    result = json.loads(line)
    ordered = {"id": result.pop("id", None), "text_offset": offset, **result}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
