"""A job's body, streamed, cut into chunks: NDJSON documents, or one dump cut into parts.

Pure: bytes in, chunks out, nothing kept but the chunk being filled, so a 256 MiB upload
costs the API worker one chunk of memory. A chunk is encoded as one JSON header line
(`first`: the input position of its first document; `errors`: lines that were not JSON;
`text_offsets`: where each part of a dump starts) followed by one document per line.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from service.web.batch import document_id
from service.web.ndjson import parse_ndjson_line

__all__ = ["Chunk", "DumpCutter", "NdjsonChunker", "decode_chunk"]

# A line drawn of one repeated mark (----, ****, ====, ____, ~~~~, ####, em dashes): the
# strongest sign of a boundary between stories that a dump can give.
_RULE = re.compile(r"^\s*([-*=_~#•·—–])(?:\s*\1){2,}\s*$")


@dataclass(frozen=True)
class Chunk:
    number: int
    first: int  # input position of its first document
    blob: bytes  # the encoded chunk (uncompressed)
    ids: list[str]  # its documents' ids, to refuse repeats across the whole job
    documents: int


def _encode(
    first: int, lines: list[bytes], errors: dict[int, str], offsets: list[int] | None
) -> bytes:
    header: dict[str, Any] = {"first": first, "errors": {str(k): v for k, v in errors.items()}}
    if offsets is not None:
        header["text_offsets"] = offsets
    return b"\n".join([json.dumps(header).encode(), *lines])


def decode_chunk(blob: bytes) -> tuple[int, list[Any], list[int] | None]:
    """(first position, the raw documents — a ValueError for a line that was not JSON —,
    the parts' text offsets for a dump)."""
    header_line, _, rest = blob.partition(b"\n")
    header = json.loads(header_line)
    errors = {int(k): v for k, v in header["errors"].items()}
    lines = rest.split(b"\n") if rest else []
    docs = [
        ValueError(errors[i]) if i in errors else json.loads(line) for i, line in enumerate(lines)
    ]
    return int(header["first"]), docs, header.get("text_offsets")


@dataclass
class NdjsonChunker:
    """NDJSON lines into chunks of at most `max_docs` documents or about `max_bytes`."""

    max_docs: int
    max_bytes: int
    _tail: bytes = b""
    _line_number: int = 0
    _position: int = 0  # documents seen so far
    _chunks: int = 0
    _lines: list[bytes] = field(default_factory=list)
    _ids: list[str] = field(default_factory=list)
    _errors: dict[int, str] = field(default_factory=dict)
    _bytes: int = 0

    def feed(self, data: bytes) -> Iterator[Chunk]:
        data = self._tail + data
        lines = data.split(b"\n")
        self._tail = lines.pop()
        for line in lines:
            yield from self._line(line)

    def close(self) -> Iterator[Chunk]:
        if self._tail:
            yield from self._line(self._tail)
            self._tail = b""
        if self._lines:
            yield self._flush()

    @property
    def documents(self) -> int:
        return self._position

    def _line(self, line: bytes) -> Iterator[Chunk]:
        self._line_number += 1
        if not line.strip():
            return
        raw = parse_ndjson_line(self._line_number, line)
        if isinstance(raw, ValueError):
            self._errors[len(self._lines)] = str(raw)
            line = b"null"
        self._ids.append(document_id(self._position, raw))
        self._lines.append(line)
        self._bytes += len(line)
        self._position += 1
        if len(self._lines) >= self.max_docs or self._bytes >= self.max_bytes:
            yield self._flush()

    def _flush(self) -> Chunk:
        first = self._position - len(self._lines)
        chunk = Chunk(
            self._chunks,
            first,
            _encode(first, self._lines, self._errors, None),
            self._ids,
            len(self._lines),
        )
        self._chunks += 1
        self._lines, self._ids, self._errors, self._bytes = [], [], {}, 0
        return chunk


@dataclass
class DumpCutter:
    """One text dump into parts of about `target_bytes`, each a chunk of one document.

    A part ends where the dump most plainly changes story: after a rule line, else after
    the longest run of blank lines, looked for between half the target and one and a half
    times it; a dump with no blank line at all is cut at a line end. Every character lands
    in exactly one part, and `text_offsets` says where each part starts.
    """

    target_bytes: int
    options: dict[str, Any]
    charset: str = "utf-8"
    _decoder: codecs.IncrementalDecoder | None = None
    _tail: str = ""
    _lines: list[str] = field(default_factory=list)
    _sizes: list[int] = field(default_factory=list)
    _bytes: int = 0
    _offset: int = 0  # characters of the dump in earlier parts
    _parts: int = 0

    def __post_init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder(self.charset)("strict")

    @property
    def documents(self) -> int:
        return self._parts

    def feed(self, data: bytes) -> Iterator[Chunk]:
        assert self._decoder is not None
        text = self._tail + self._decoder.decode(data)
        lines = text.splitlines(keepends=True)
        # the last piece may be a line still being received (or a \r before its \n)
        self._tail = lines.pop() if lines and not lines[-1].endswith("\n") else ""
        for line in lines:
            self._lines.append(line)
            size = len(line.encode("utf-8", "surrogatepass"))
            self._sizes.append(size)
            self._bytes += size
            if self._bytes >= 1.5 * self.target_bytes:
                yield self._cut(self._best_cut())

    def close(self) -> Iterator[Chunk]:
        assert self._decoder is not None
        rest = self._tail + self._decoder.decode(b"", final=True)
        if rest:
            self._lines.append(rest)
            self._sizes.append(len(rest.encode("utf-8", "surrogatepass")))
        self._tail = ""
        while self._lines:
            yield self._cut(
                len(self._lines) if self._bytes < 1.5 * self.target_bytes else self._best_cut()
            )
            self._bytes = sum(self._sizes)

    def _best_cut(self) -> int:
        """The line index the next part ends before."""
        best, best_score, blank_run, size = len(self._lines), 0, 0, 0
        for i, line in enumerate(self._lines):
            if i and size >= self.target_bytes / 2 and line.strip():
                score = 100 if _RULE.match(self._lines[i - 1]) else blank_run
                if score > best_score:
                    best, best_score = i, score
            blank_run = 0 if line.strip() else blank_run + 1
            size += self._sizes[i]
        return best

    def _cut(self, end: int) -> Chunk:
        text = "".join(self._lines[:end])
        doc_id = f"part-{self._parts:06d}"
        document = {"id": doc_id, "text": text, "options": self.options}
        line = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
        chunk = Chunk(
            self._parts, self._parts, _encode(self._parts, [line], {}, [self._offset]), [doc_id], 1
        )
        self._offset += len(text)
        self._parts += 1
        del self._lines[:end]
        del self._sizes[:end]
        self._bytes = sum(self._sizes)
        return chunk
