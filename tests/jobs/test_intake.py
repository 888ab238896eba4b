"""A job body cut into chunks: nothing lost, nothing repeated, whatever the block sizes."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from service.jobs.intake import Chunk, DumpCutter, NdjsonChunker, decode_chunk


def _feed(cutter: NdjsonChunker | DumpCutter, data: bytes, block: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for start in range(0, len(data), block):
        chunks += cutter.feed(data[start : start + block])
    return chunks + list(cutter.close())


def test_ndjson_documents_are_chunked_in_order_with_their_positions() -> None:
    lines = [json.dumps({"id": f"doc{i}", "text": f"Story {i}."}) for i in range(23)]
    body = ("\n".join(lines[:10]) + "\n\n\n" + "\n".join(lines[10:])).encode()
    chunks = _feed(NdjsonChunker(max_docs=5, max_bytes=10**6), body, block=7)
    assert [c.documents for c in chunks] == [5, 5, 5, 5, 3]
    assert [c.number for c in chunks] == [0, 1, 2, 3, 4]
    docs = []
    for chunk in chunks:
        first, raw, offsets = decode_chunk(chunk.blob)
        assert first == 5 * chunk.number and offsets is None
        docs += raw
    assert [d["id"] for d in docs] == [f"doc{i}" for i in range(23)]
    assert [i for c in chunks for i in c.ids] == [f"doc{i}" for i in range(23)]


def test_a_line_that_is_not_json_keeps_its_place_as_an_error_naming_its_line() -> None:
    body = b'{"text": "one"}\n{"text": \n[[[[' + b"[" * 100_000 + b"\n" + b'{"text": "four"}'
    (chunk,) = _feed(NdjsonChunker(max_docs=100, max_bytes=10**6), body, block=1000)
    first, docs, _ = decode_chunk(chunk.blob)
    assert first == 0 and len(docs) == 4
    assert isinstance(docs[1], ValueError) and str(docs[1]).startswith("NDJSON line 2:")
    assert isinstance(docs[2], ValueError) and "nested too deeply" in str(docs[2])
    assert docs[3] == {"text": "four"}
    # a document without an id is known by its position in the whole job, as in a batch
    assert chunk.ids == ["0", "1", "2", "3"]


def test_chunks_close_at_the_byte_bound_too() -> None:
    lines = [json.dumps({"text": "x" * 300}) for _ in range(10)]
    chunks = _feed(NdjsonChunker(max_docs=100, max_bytes=1000), "\n".join(lines).encode(), 64)
    assert [c.documents for c in chunks] == [4, 4, 2]


def _dump(rng: random.Random, stories: int) -> str:
    out = []
    for i in range(stories):
        paragraphs = [
            " ".join(f"word{rng.randrange(999)}" for _ in range(rng.randrange(20, 80)))
            for _ in range(rng.randrange(2, 8))
        ]
        out.append(f"Headline number {i}\n\n" + "\n\n".join(paragraphs))
    separator = rng.choice(["\n\n\n", "\n\n----------\n\n", "\r\n\r\n\r\n"])
    return separator.join(out) + "\n"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([1, 13, 4096, 1 << 20]))
def test_a_dump_is_cut_into_parts_that_rebuild_it_exactly(seed: int, block: int) -> None:
    text = _dump(random.Random(seed), 40)
    cutter = DumpCutter(target_bytes=2000, options={"dedupe": "near"})
    chunks = _feed(cutter, text.encode("utf-8"), block)
    rebuilt = ""
    for chunk in chunks:
        first, (document,), offsets = decode_chunk(chunk.blob)
        assert first == chunk.number and offsets == [len(rebuilt)]
        assert document["id"] == f"part-{chunk.number:06d}"
        assert document["options"] == {"dedupe": "near"}
        rebuilt += document["text"]
    assert rebuilt == text
    assert cutter.documents == len(chunks) > 1


def test_a_dump_part_ends_where_the_story_changes() -> None:
    stories = [
        f"Story {i} headline\n\n" + ("A paragraph of news. " * 20 + "\n\n") * 3 for i in range(30)
    ]
    text = "\n\n".join(stories)  # paragraphs one blank line apart, stories three
    chunks = _feed(DumpCutter(2000, {}), text.encode(), 500)
    for chunk in chunks[1:]:
        _, (document,), _ = decode_chunk(chunk.blob)
        assert document["text"].startswith("Story "), document["text"][:40]


def test_a_dump_without_blank_lines_is_still_cut_and_whole() -> None:
    text = "".join(f"Line {i} of a paste with no blank line at all.\n" for i in range(2000))
    chunks = _feed(DumpCutter(4000, {}), text.encode(), 333)
    parts = [decode_chunk(c.blob)[1][0]["text"] for c in chunks]
    assert "".join(parts) == text
    assert max(len(p.encode()) for p in parts) <= 1.5 * 4000 + 60
