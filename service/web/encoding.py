"""Gzip bodies compressed once per cached result, and which clients take them.

A cached payload is JSON without the client's `id`; the id is spliced in front per request
(see splice_id). Its gzip form is built so the id can be spliced in too without deflating
the payload again: one gzip member whose deflate data is a stored (uncompressed) block of
the `{"id":...,` prefix followed by the payload's own deflate blocks, compressed once.
Deflate blocks may follow one another at any byte boundary, and the payload's blocks never
refer back into the prefix (their compressor never saw it), so the stream is one ordinary
member: clients that decode only a first member (curl, by its own issue #22156) read it all.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

from werkzeug.http import parse_accept_header, parse_options_header

__all__ = [
    "GzipBody",
    "client_prefers_gzip",
    "content_type",
    "gzip_payload",
    "gzip_with_id",
    "id_prefix",
    "prefers_gzip",
    "read_declared",
]

# flask-compress's level here before (app.py): a result too large for the near cache is
# still deflated per request, and must cost no more than it did (level 9 took ~1.2 ms on
# the 73 kB seed result against ~0.7 ms, for 1.5% fewer bytes).
GZIP_LEVEL = 5
# RFC 1952: magic, deflate, no flags, no mtime, no extra flags, OS unknown
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_STORED_BLOCK_MAX = 0xFFFF


@dataclass(frozen=True, slots=True)
class GzipBody:
    """A payload's gzip form: the whole member for `"id": null`, ready to send as it is."""

    member: bytes
    tail_start: int  # where the payload's own deflate blocks start in `member`


def id_prefix(client_id: str | None) -> bytes:
    """What goes before a payload's opening `{` is dropped: `{"id":<the id as JSON>,`."""
    shown = b"null" if client_id is None else json.dumps(client_id).encode()
    return b'{"id":' + shown + b","


def _stored_blocks(data: bytes) -> bytes:
    """`data` as non-final stored deflate blocks, ending on a byte boundary."""
    blocks = []
    for start in range(0, len(data), _STORED_BLOCK_MAX):
        piece = data[start : start + _STORED_BLOCK_MAX]
        # BFINAL 0, BTYPE 00, padded to the byte: one zero byte, then LEN and its complement
        blocks.append(b"\x00" + struct.pack("<HH", len(piece), len(piece) ^ 0xFFFF) + piece)
    return b"".join(blocks)


def _member(prefix: bytes, tail_blocks: bytes | memoryview, crc: int, size: int) -> bytes:
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return b"".join((_GZIP_HEADER, _stored_blocks(prefix), tail_blocks, trailer))


def gzip_payload(payload: bytes) -> GzipBody:
    """Deflate a cached payload (JSON starting with `{`, without an id) once."""
    tail = memoryview(payload)[1:]
    deflater = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate
    tail_blocks = deflater.compress(tail) + deflater.flush()
    prefix = id_prefix(None)
    crc = zlib.crc32(tail, zlib.crc32(prefix))
    member = _member(prefix, tail_blocks, crc, len(prefix) + len(tail))
    return GzipBody(member, len(_GZIP_HEADER) + len(_stored_blocks(prefix)))


def gzip_with_id(gzipped: GzipBody, payload: bytes, client_id: str | None) -> bytes:
    """The gzip of splice_id(payload, client_id), reusing the payload's deflate blocks."""
    if client_id is None:
        return gzipped.member
    prefix = id_prefix(client_id)
    tail = memoryview(payload)[1:]
    # the CRC runs over the prefix and then the tail again (~10 us for the seed's 73 kB)
    crc = zlib.crc32(tail, zlib.crc32(prefix))
    tail_blocks = memoryview(gzipped.member)[gzipped.tail_start : -8]
    return _member(prefix, tail_blocks, crc, len(prefix) + len(tail))


def client_prefers_gzip(environ: Mapping[str, Any]) -> bool:
    """prefers_gzip() of a request's Accept-Encoding, read from its WSGI environ directly
    (request.headers builds a view and maps the name on every call)."""
    return prefers_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))


@lru_cache(maxsize=128)
def prefers_gzip(accept_encoding: str) -> bool:
    """Whether a client with this Accept-Encoding takes gzip at least as gladly as identity.

    q-values are honoured: `gzip;q=0` refuses gzip, `*` offers it, and gzip is not sent
    when identity is named with a higher q. Identity not named is merely acceptable (RFC
    9110 12.5.3), so a client that names gzip at any q > 0 gets it, as from flask-compress.
    """
    accepted = parse_accept_header(accept_encoding)
    gzip_q = accepted.quality("gzip")  # not x-gzip: flask-compress, for other bodies, neither
    if gzip_q <= 0:
        return False
    identity_q = max((q for value, q in accepted if value.lower() == "identity"), default=0.0)
    return gzip_q >= identity_q


def content_type(environ: Mapping[str, Any]) -> tuple[str, str]:
    """A request's media type and its charset (UTF-8 unless named), read from its WSGI
    environ."""
    return _parse_content_type(environ.get("CONTENT_TYPE", ""))


# Werkzeug parses the header anew for every request (a tenth of a cache hit's own work);
# clients send a handful of distinct ones, and the cache bounds what others can make it keep.
@lru_cache(maxsize=128)
def _parse_content_type(header: str) -> tuple[str, str]:
    mimetype, params = parse_options_header(header)
    return mimetype.lower(), params.get("charset", "utf-8")


def read_declared(stream: IO[bytes], length: int) -> bytes:
    """`length` bytes of a request body, or fewer: what the client sent before it stopped.

    Straight from the WSGI input, as PEP 3333 has an application read a body of a declared
    length: werkzeug's get_data reads through a 64 kB buffer and copies the body four or five
    times on the way (10 us of a cache hit of the 16 kB seed dump, against 2 us here). A
    server may answer a read with fewer bytes than asked, so it reads until none come."""
    data = stream.read(length)
    while len(data) < length:
        more = stream.read(length - len(data))
        if not more:
            break
        data += more
    return data
