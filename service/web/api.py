"""The /v1 blueprint: a view is load, cache-or-run, dump."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, current_app, g, request, stream_with_context
from marshmallow import ValidationError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.wsgi import get_content_length

from service.web import metrics
from service.web.batch import run_batch
from service.web.cache import CacheUnavailable
from service.web.encoding import client_prefers_gzip, content_type, gzip_with_id, read_declared
from service.web.errors import ProblemError
from service.web.ndjson import ndjson_documents, parse_json
from service.web.processing import (
    Outcome,
    Processor,
    check_text,
    decode_body,
    gzip_etag,
    make_etag,
)
from service.web.schemas import ProcessRequestSchema, options_from_query, query_options

__all__ = ["bp"]

bp = Blueprint("api", __name__)

HASH_PATTERN = re.compile(r"sha256:[0-9a-f]{64}")
NDJSON = "application/x-ndjson"
_PROCESS = ProcessRequestSchema()
_NO_QUERY: ImmutableMultiDict[str, str] = ImmutableMultiDict()


def _processor() -> Processor:
    processor: Processor = current_app.extensions["copydesk"].processor
    return processor


def _json_response(outcome: Outcome) -> Response:
    headers = {
        "X-Cache": outcome.cache_status,
        "ETag": outcome.etag,
        # said here, where it is known: the after-request hook would look for it in vain
        # first, and a header missing from werkzeug's Headers costs a raised exception
        "Vary": "Accept-Encoding",
    }
    if outcome.content_encoding is not None:
        headers["Content-Encoding"] = outcome.content_encoding
    return Response(outcome.body, 200, headers, mimetype="application/json")


@bp.post("/process")
def process() -> Response:
    processor = _processor()
    request.max_content_length = processor.settings.max_body_bytes
    mimetype, charset = content_type(request.environ)
    text: str | None
    utf8: bytes | None = None
    if mimetype == "text/plain":
        # a UTF-8 body stays bytes: the processor decodes it only on a cache miss
        text, utf8 = _body_text_or_utf8(processor.settings.max_body_bytes, charset)
        options = options_from_query(_query_args())
        client_id = None
    elif mimetype == "application/json":
        body = _json_body(processor.settings.max_body_bytes)
        args = _query_args()
        if args:
            options_from_query(args)  # invalid query values are refused even here
            if isinstance(body, dict) and isinstance(body.get("options", {}), dict):
                # query parameters are defaults; the body's own options win field by field
                body["options"] = {**query_options(args), **body.get("options", {})}
        job = _PROCESS.load(body)
        text, client_id, options = job["text"], job["id"], job["options"]
    else:
        raise _unsupported(mimetype, "text/plain; charset=utf-8 or application/json")
    if not text and not utf8:
        raise ValidationError({"text": ["The dump is empty."]})
    utf8 = check_text(text, processor.settings, utf8)
    metrics.INPUT_BYTES.inc(len(utf8))
    gzip = client_prefers_gzip(request.environ)
    return _json_response(processor.process(text, options, client_id, g.tenant, utf8, gzip))


@bp.get("/results/<path:text_hash>")
def results(text_hash: str) -> Response:
    if not HASH_PATTERN.fullmatch(text_hash):
        raise ProblemError(404, "Not Found", "Results are addressed as sha256:<64 hex digits>.")
    if "seen_scope" in request.args:
        raise ValidationError(
            {"seen_scope": ["Unknown query parameter here: results are as cached."]}
        )
    options = options_from_query(request.args)
    processor = _processor()
    key = processor.key_for(text_hash, options, g.tenant)
    etag = make_etag(key, None)
    try:
        payload = processor.cached(text_hash, options, g.tenant)
    except CacheUnavailable:
        error = ProblemError(503, "Cache unavailable", "The result cache cannot be reached now.")
        error.headers["Retry-After"] = "5"
        raise error from None
    if payload is None:
        raise ProblemError(
            404,
            "Not Found",
            f"No cached result for {text_hash} with these options ({options.fingerprint()}).",
        )
    gzip = processor.sends_gzip(payload, client_prefers_gzip(request.environ))
    if gzip:
        etag = gzip_etag(etag)  # a revalidation matches the representation it would get
    if etag in _if_none_match():
        response = Response(status=304)
    elif gzip:
        body = gzip_with_id(processor.gzipped(key, payload), payload, None)
        response = Response(body, 200, mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(processor.plain(key, payload), 200, mimetype="application/json")
    response.headers["ETag"] = etag
    response.headers["X-Cache"] = "HIT"
    return response


@bp.post("/batch")
def batch() -> Response:
    processor = _processor()
    settings = processor.settings
    request.max_content_length = settings.max_batch_bytes
    mimetype = request.mimetype
    if mimetype == "application/json":
        body = _json_body(settings.max_batch_bytes)
        if not isinstance(body, dict) or not isinstance(body.get("documents"), list):
            raise ValidationError({"documents": ['Expected {"documents": [...]}.']})
        unknown = sorted(set(body) - {"documents"})
        if unknown:
            raise ValidationError({name: ["Unknown field."] for name in unknown})
        raw_docs: list[Any] = body["documents"]
    elif mimetype == NDJSON:
        body = _decoded_body(settings.max_batch_bytes).encode("utf-8", "surrogatepass")
        raw_docs = list(ndjson_documents(body.split(b"\n")))
    else:
        raise _unsupported(mimetype, "application/json or application/x-ndjson")
    if len(raw_docs) > settings.max_batch_documents:
        raise ProblemError(
            413,
            "Too many documents",
            f"A batch holds at most {settings.max_batch_documents} documents; "
            f"this one has {len(raw_docs)}.",
        )
    slots = run_batch(raw_docs, processor, settings.max_body_bytes, g.tenant)
    if mimetype == NDJSON:
        lines = (slot + b"\n" for slot in slots)
        return Response(stream_with_context(lines), 200, mimetype=NDJSON)
    body_bytes = b'{"results":[' + b",".join(slots) + b"]}"
    return Response(body_bytes, 200, mimetype="application/json")


def _body_bytes(limit: int) -> bytes:
    """The request body, gunzipped when sent so; never more than `limit` bytes of either."""
    # the environ directly: a header missing from request.headers costs a raised exception
    encoding = request.environ.get("HTTP_CONTENT_ENCODING", "identity").strip().lower()
    data = _raw_body()
    if encoding in {"", "identity"}:
        return data
    if encoding not in {"gzip", "x-gzip"}:
        raise ProblemError(415, "Unsupported Content-Encoding", f"{encoding!r}; send gzip.")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        # max_length stops a zip bomb after limit + 1 bytes instead of inflating it all
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise ProblemError(400, "Malformed gzip body", str(error)) from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise ProblemError(
            413, "Content Too Large", f"Decompressed, the body is over {limit} bytes."
        )
    return out


def _raw_body() -> bytes:
    """The body as sent, within request.max_content_length, as get_data would read it."""
    length = get_content_length(request.environ)
    if length is None:  # chunked: werkzeug's stream ends it at max_content_length
        return request.get_data(cache=False)
    limit = request.max_content_length
    if limit is not None and length > limit:
        raise RequestEntityTooLarge()
    data = read_declared(request.input_stream, length)
    if len(data) < length:
        raise ClientDisconnected()
    return data


def _decoded_body(limit: int) -> str:
    text, utf8 = _body_text_or_utf8(limit, content_type(request.environ)[1])
    if text is None:
        assert utf8 is not None
        return decode_body(utf8)
    return text


def _body_text_or_utf8(limit: int, charset: str) -> tuple[str | None, bytes | None]:
    """A UTF-8 body as its very bytes, not decoded yet; any other charset's as text."""
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise ProblemError(415, "Unsupported charset", f"Unknown charset {charset!r}.") from None
    data = _body_bytes(limit)
    if codec.name == "utf-8":
        return None, data
    return decode_body(data, codec.name), None


def _query_args() -> Mapping[str, str]:
    """request.args, not parsed when the URL has no query string."""
    # werkzeug builds a MultiDict for every request that asks, even from an empty query
    # string: 3 us of a cache hit, and most clients send none
    return request.args if request.environ.get("QUERY_STRING") else _NO_QUERY


def _json_body(limit: int) -> Any:
    data = _body_bytes(limit)
    try:
        return parse_json(data)
    except ValueError as error:
        raise ProblemError(400, "Malformed JSON", f"The body is not valid JSON: {error}.") from None


def _if_none_match() -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _unsupported(mimetype: str, wanted: str) -> ProblemError:
    shown = mimetype or "none"
    return ProblemError(415, "Unsupported Media Type", f"Content-Type {shown}; send {wanted}.")
