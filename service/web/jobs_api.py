"""The /v1/jobs views: submit (streamed to the queue Redis), status, results, cancel."""

from __future__ import annotations

import bisect
import json
import re
import time
import zlib
from collections.abc import Iterator
from typing import IO

import redis
from flask import Blueprint, Response, current_app, g, request, stream_with_context
from marshmallow import ValidationError

from service.config import Settings
from service.jobs.callbacks import CallbackRefused, check_callback_url
from service.jobs.intake import Chunk, DumpCutter, NdjsonChunker
from service.jobs.queue import enqueue_chunks, job_store
from service.jobs.store import JobRecord, JobStore, compress, decompress, new_job_id
from service.web.errors import ProblemError, drain, problem
from service.web.schemas import options_from_query, query_options

__all__ = ["bp"]

bp = Blueprint("jobs", __name__)

NDJSON = "application/x-ndjson"
READ_BYTES = 2**16
JOB_ID = re.compile(r"job_[0-9a-f]{32}")
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,128}")
WAIT_DEFAULT_S = 30.0
WAIT_MAX_S = 300.0
POLL_S = 0.25


def _settings() -> Settings:
    settings: Settings = current_app.extensions["copydesk"].settings
    return settings


def _store(settings: Settings) -> JobStore:
    if not settings.queue_redis_url:
        error = ProblemError(
            503, "Jobs unavailable", "This deployment has no queue Redis (QUEUE_REDIS_URL)."
        )
        error.headers["Retry-After"] = "60"
        raise error
    return job_store(settings)


@bp.errorhandler(redis.RedisError)
def _queue_down(error: redis.RedisError) -> Response:
    detail = "The queue Redis cannot be reached now."
    return problem(503, "Queue unavailable", detail, {"Retry-After": "5"})


@bp.post("/jobs")
def submit() -> Response:
    settings = _settings()
    store = _store(settings)
    request.max_content_length = settings.max_job_bytes
    kind, cutter = _intake_for(settings)
    callback_url = request.args.get("callback_url") or None
    if callback_url:
        try:
            check_callback_url(callback_url, settings)
        except CallbackRefused as refused:
            raise ValidationError({"callback_url": [str(refused)]}) from None
    job_id = new_job_id()
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ValidationError({"Idempotency-Key": ["1 to 128 printable ASCII characters."]})
        earlier = store.claim_idempotency_key(g.tenant, key, job_id, settings.job_ttl_s)
        if earlier is not None:
            return _replayed(store, earlier)
    store.create(job_id, g.tenant, kind, settings.job_ttl_s, callback_url)
    try:
        documents, chunks = _receive(store, job_id, cutter, settings.max_job_bytes)
        store.seal(job_id, documents, chunks)
        enqueue_chunks(settings, job_id, chunks)
    except BaseException:
        # nothing of a job that was not wholly queued is kept, nor its key
        store.discard(job_id)
        if key is not None:
            store.release_idempotency_key(g.tenant, key)
        raise
    record = store.get(job_id)
    assert record is not None
    return _status_response(record, 202)


@bp.get("/jobs/<job_id>")
def status(job_id: str) -> Response:
    return _status_response(_own_job(_store(_settings()), job_id), 200)


@bp.delete("/jobs/<job_id>")
def cancel(job_id: str) -> Response:
    store = _store(_settings())
    record = _own_job(store, job_id)
    if record.final:
        # an ended job has nothing to stop: its data and record go at once
        store.delete_data(job_id, record.chunks)
        store.client.delete(store.key(job_id))
        return _status_response(record, 200)
    store.cancel(job_id)
    ended = store.get(job_id)
    return _status_response(ended or record, 200)


@bp.get("/jobs/<job_id>/results")
def results(job_id: str) -> Response:
    store = _store(_settings())
    record = _own_job(store, job_id)
    start = _int_arg("from", 0, 0, None)
    wait_s = _float_arg("wait", WAIT_DEFAULT_S, 0.0, WAIT_MAX_S)
    lines = _result_lines(store, job_id, start, wait_s)
    response = Response(stream_with_context(lines), 200, mimetype=NDJSON)
    response.headers["X-Job-Status"] = record.public()["status"]
    return response


# -- submit -------------------------------------------------------------------------------


def _intake_for(settings: Settings) -> tuple[str, NdjsonChunker | DumpCutter]:
    mimetype = request.mimetype
    options = {k: v for k, v in request.args.items() if k != "callback_url"}
    if mimetype == NDJSON:
        if options:
            raise ValidationError(
                {name: ["Options go in each NDJSON document, not the query."] for name in options}
            )
        return "documents", NdjsonChunker(settings.job_chunk_documents, settings.job_chunk_bytes)
    if mimetype == "text/plain":
        options_from_query(options)  # refuse invalid values now, not in every part
        charset = request.mimetype_params.get("charset", "utf-8")
        try:
            cutter = DumpCutter(settings.job_chunk_bytes, query_options(options), charset)
        except LookupError:
            raise ProblemError(
                415, "Unsupported charset", f"Unknown charset {charset!r}."
            ) from None
        return "dump", cutter
    shown = mimetype or "none"
    raise ProblemError(
        415,
        "Unsupported Media Type",
        f"Content-Type {shown}; send application/x-ndjson or text/plain; charset=utf-8.",
    )


def _receive(
    store: JobStore, job_id: str, cutter: NdjsonChunker | DumpCutter, limit: int
) -> tuple[int, int]:
    """Read the body block by block into chunks in the queue Redis; (documents, chunks)."""
    stream = request.stream
    chunks = 0
    try:
        for block in _inflated(stream, limit):
            for chunk in cutter.feed(block):
                _put(store, job_id, chunk)
                chunks += 1
        for chunk in cutter.close():
            _put(store, job_id, chunk)
            chunks += 1
    except UnicodeDecodeError as error:
        drain(stream)
        raise ProblemError(
            400, "Undecodable text", f"The body is not valid text: {error.reason}."
        ) from None
    except ProblemError:
        drain(stream)
        raise
    if not cutter.documents:
        raise ProblemError(400, "Empty job", "The body holds no document.")
    return cutter.documents, chunks


def _put(store: JobStore, job_id: str, chunk: Chunk) -> None:
    repeated = store.put_chunk(job_id, chunk.number, chunk.first, compress(chunk.blob), chunk.ids)
    if repeated or len(set(chunk.ids)) < len(chunk.ids):
        raise ProblemError(
            400,
            "Repeated document ids",
            f"Document ids must be unique across the job; chunk {chunk.number} repeats one.",
        )


def _inflated(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """The body's bytes, gunzipped when sent so, never more than `limit` of them."""
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in {"", "identity", "gzip", "x-gzip"}:
        raise ProblemError(415, "Unsupported Content-Encoding", f"{encoding!r}; send gzip.")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if encoding.endswith("gzip") else None
    total = 0
    while True:
        block = stream.read(READ_BYTES)
        if not block:
            break
        if inflater is not None:
            try:
                # bounded output per step: a zip bomb inflates one block at a time
                block = inflater.decompress(block, READ_BYTES * 16)
                while inflater.unconsumed_tail:
                    total += len(block)
                    _check_size(total, limit)
                    yield block
                    block = inflater.decompress(inflater.unconsumed_tail, READ_BYTES * 16)
            except zlib.error as error:
                raise ProblemError(400, "Malformed gzip body", str(error)) from None
        total += len(block)
        _check_size(total, limit)
        yield block
    if inflater is not None and not inflater.eof:
        raise ProblemError(400, "Malformed gzip body", "The gzip stream ends early.")


def _check_size(total: int, limit: int) -> None:
    if total > limit:
        raise ProblemError(413, "Content Too Large", f"The job is over {limit} bytes.")


def _replayed(store: JobStore, job_id: str) -> Response:
    drain(request.stream)
    record = store.get(job_id)
    if record is None:
        raise ProblemError(404, "Not Found", "The job this Idempotency-Key named has expired.")
    if record.status == "receiving":
        raise ProblemError(
            409, "Conflict", "A submit with this Idempotency-Key is still uploading."
        )
    response = _status_response(record, 202)
    response.headers["Idempotent-Replayed"] = "true"
    return response


# -- status and results ---------------------------------------------------------------------


def _own_job(store: JobStore, job_id: str) -> JobRecord:
    record = store.get(job_id) if JOB_ID.fullmatch(job_id) else None
    if record is None or record.tenant != g.tenant:
        # another tenant's job is as unknown as a job that never was
        raise ProblemError(404, "Not Found", f"No job {job_id}.")
    return record


def _status_response(record: JobRecord, status: int) -> Response:
    response = Response(json.dumps(record.public()), status, mimetype="application/json")
    response.headers["Location"] = f"/v1/jobs/{record.job_id}"
    if not record.final:
        response.headers["Retry-After"] = "2"  # when to poll again
    return response


def _result_lines(store: JobStore, job_id: str, start: int, wait_s: float) -> Iterator[bytes]:
    """Result lines from `start` on, as the fold writes them; ends when all are sent, the
    job has ended, or nothing new came for `wait_s`."""
    position = start
    idle_since = time.monotonic()
    starts: list[int] = []
    while True:
        record = store.get(job_id)
        if record is None:
            return
        if position < record.results_ready:
            if len(starts) < record.chunks:
                starts = store.chunk_starts(job_id)
            number = bisect.bisect_right(starts, position) - 1  # the chunk holding it
            blob = store.client.get(store.key(job_id, f":out:{number}"))
            if not isinstance(blob, bytes):
                return  # deleted under us (cancelled or expired)
            lines = decompress(blob).split(b"\n")
            for line in lines[position - starts[number] :]:
                yield line + b"\n"
                position += 1
            idle_since = time.monotonic()
            continue
        if record.final or time.monotonic() - idle_since >= wait_s:
            return
        time.sleep(POLL_S)


def _int_arg(name: str, default: int, low: int, high: int | None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: ["Not a whole number."]}) from None
    if value < low or (high is not None and value > high):
        raise ValidationError({name: [f"Must be at least {low}."]})
    return value


def _float_arg(name: str, default: float, low: float, high: float) -> float:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError({name: ["Not a number."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"Must be between {low:g} and {high:g}."]})
    return value
