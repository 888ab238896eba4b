"""Named entities: one spaCy NER over every block of every article, offsets into the raw text.

The model is loaded once per process (`load_nlp`, called before gunicorn forks) and only its
NER runs. Every block (title, byline, dateline, caption, heading, paragraph) is one spaCy doc;
amounts are widened to what the text writes ("£7.4m", not the model's "7.4") and valued
(amounts.py); mentions map back to the raw request text through `Block.parts` and
`normalise_with_map`, then merge per article into canonical, linked `Entity` values sorted by
salience (canonical.py).
"""

from __future__ import annotations

import bisect
import gc
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from service.model import Article, Block, Entity
from service.pipeline.amounts import widen, with_amounts
from service.pipeline.canonical import Found, Text, canonicalise
from service.pipeline.normalise import normalise_with_map

if TYPE_CHECKING:
    from spacy.language import Language

# Names whose untagged exact occurrences elsewhere in the article become mentions too.
_PROPAGATED = frozenset({"PERSON", "ORG"})

__all__ = [
    "DEFAULT_MODEL",
    "TAGGED_LANGUAGES",
    "entities_for",
    "load_nlp",
    "skip_reason",
]

# Trained by scripts/train_ner.py: en_core_web_sm's NER fine-tuned on news, OntoNotes labels.
DEFAULT_MODEL = str(Path(__file__).resolve().parents[1] / "data" / "ner_news")
# "und" is what very short text gets; the English model is the best guess for it.
TAGGED_LANGUAGES = frozenset({"en", "und"})
# Components that can add to doc.ents; everything else is dropped at load unless NER listens to it.
_ENTITY_COMPONENTS = frozenset({"ner", "entity_ruler"})
BATCH_SIZE = 64  # docs per nlp.pipe batch: bounds the memory of one batch
PARAGRAPH_BREAK = "\n\n"  # between paragraphs joined into one NER doc
MAX_DOC_CHARS = 20_000  # longer blocks are cut at a space into docs of at most this size
# spaCy's StringStore and lexeme cache grow with every new word and never shrink; once this
# many strings have been added since loading, the pipeline is reloaded from disk (~0.3 s).
STRINGS_BUDGET = 5_000


@dataclass
class _Loaded:
    name: str
    nlp: Language
    baseline_strings: int


_lock = threading.Lock()  # guards the active pipeline: one batch at a time, and reloads
_cache: dict[str, _Loaded] = {}
_active: list[str] = []  # name of the pipeline entities_for uses (set by load_nlp)


def load_nlp(name_or_path: str | Path | None = None) -> Language:
    """Load (once per process) and activate the NER pipeline `entities_for` runs.

    `name_or_path` is an installed package name or a model folder; None keeps the active
    pipeline, or loads the shipped model when none is active yet.
    """
    with _lock:
        name = str(name_or_path or (_active[0] if _active else DEFAULT_MODEL))
        loaded = _cache.get(name)
        if loaded is None:
            loaded = _load(name)
            _cache.clear()  # one pipeline per process: a switched-away model is freed
            _cache[name] = loaded
        _active[:] = [name]
        return loaded.nlp


def active_model_fingerprint() -> str | None:
    """Name and version of the active NER model when it is not the shipped one, else None."""
    if not _active or _active[0] == DEFAULT_MODEL:
        return None
    meta = _cache[_active[0]].nlp.meta
    return f"{_active[0]}:{meta.get('name')}:{meta.get('version')}"


def nlp_loaded() -> bool:
    """Whether this process has its NER pipeline loaded."""
    return bool(_active)


def skip_reason(article: Article) -> str | None:
    """Why this article gets no entities, or None when the English model applies."""
    if article.language in TAGGED_LANGUAGES:
        return None
    return f"language {article.language}: entities, topics and keywords need English"


def entities_for(
    articles: Sequence[Article], text: str, check: Callable[[], None] | None = None
) -> list[tuple[Entity, ...]]:
    """Entities of each article, with mention offsets into `text`, the raw request text.

    `check` is called between batches: it raises when the request's deadline has passed, so
    a dump of countless tiny blocks cannot hold a worker past its deadline.
    """
    if not _active:
        load_nlp()
    found: list[list[Found]] = [[] for _ in articles]
    pieces = [
        p for i, a in enumerate(articles) if skip_reason(a) is None for p in _pieces(i, a, text)
    ]
    for piece in pieces:
        if piece.kind == "dateline":
            found[piece.article].extend(_dateline_places(piece))
    runs = _runs([p for p in pieces if p.kind != "dateline"])
    with _lock:
        loaded = _cache[_active[0]]
        docs = loaded.nlp.pipe((joined for joined, _ in runs), batch_size=BATCH_SIZE)
        for n, ((doc_text, members), doc) in enumerate(zip(runs, docs, strict=True)):
            if check is not None and n % BATCH_SIZE == 0:
                check()
            starts = [at for at, _ in members]
            model = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
            # the text the doc was made of: spaCy keeps every character, so its offsets index
            # it as they index doc.text, which builds a Token per token to join them again
            for start, end, label in widen(doc_text, with_abbreviated_names(doc_text, model)):
                at, piece = members[bisect.bisect_right(starts, start) - 1]
                a, b = start - at, end - at
                if b > len(piece.text):
                    continue  # across a paragraph break: not one name
                found[piece.article].append(
                    Found(
                        doc_text[start:end],
                        label,
                        piece.where[a],
                        piece.where[b - 1] + 1,
                        piece.position + a,
                        piece.block,
                        piece.kind,
                        piece.where[a:b],
                    )
                )
        _bound_strings(loaded)
    by_article: list[list[_Piece]] = [[] for _ in articles]
    for p in pieces:
        by_article[p.article].append(p)
    found = [with_amounts(_consistent(f, ps)) for f, ps in zip(found, by_article, strict=True)]
    sizes = [1] * len(articles)
    for p in pieces:
        sizes[p.article] = max(sizes[p.article], p.position + len(p.text))
    texts: list[list[Text]] = [[] for _ in articles]
    for p in pieces:
        texts[p.article].append(Text(p.text, p.where, p.position, p.block, p.kind))
    return [group(*args) for args in zip(found, sizes, texts, strict=True)]


def _dateline_places(piece: _Piece) -> Iterator[Found]:
    """The places a dateline names, each a GPE mention: "AL-AIN, United Arab Emirates" is two.

    A dateline holds places and nothing else, so its names are typed by where they stand,
    not by the model: alone on a line, without a sentence around it, the model read
    "MELBOURNE", "HARARE" and "ROME" as organisations (CoNLL-2003 test).
    """
    for m in _PLACE_PART.finditer(piece.text):
        where = piece.where[m.start() : m.end()]
        yield Found(
            m.group(),
            "GPE",
            where[0],
            where[-1] + 1,
            piece.position + m.start(),
            piece.block,
            piece.kind,
            where,
        )


# A name that opens on an abbreviated word ("St. Louis", "ST. LOUIS", "Ft. Worth", "Mt.
# Kenya"): the model, reading the dot as a sentence end, tags the abbreviation alone
# ("ST" GPE) and the rest as a name of its own or not at all.
_ABBREVIATED_HEAD = frozenset({"st", "ste", "sta", "ft", "mt", "pt"})
# The dot and the next word, capitalised; a mention the model starts on that word may run on.
_REST_OF_NAME = re.compile(r"\.[ \t]?[A-Z][\w'’-]*")


def with_abbreviated_names(
    text: str, mentions: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Mentions with each abbreviated head joined to the word after its dot: "ST" + "LOUIS"
    (or "ST" and an untagged "LOUIS") becomes "ST. LOUIS", labelled as the model labelled
    the name after the dot (running as far as that mention runs), or else as the head."""
    out: list[tuple[int, int, str]] = []
    spans = sorted(mentions)
    k = 0
    while k < len(spans):
        start, end, label = spans[k]
        k += 1
        rest = None
        if text[start:end].lower() in _ABBREVIATED_HEAD:
            rest = _REST_OF_NAME.match(text, end)
        if rest is None:
            out.append((start, end, label))
            continue
        name_end = rest.end()
        # a mention of the rest of the name gives its label and may run further
        while k < len(spans) and spans[k][0] < name_end:
            label = spans[k][2]
            name_end = max(name_end, spans[k][1])
            k += 1
        out.append((start, name_end, label))
    return out


# One place of a dateline: the text between its commas, from a letter to a letter or dot.
_PLACE_PART = re.compile(r"[^\W\d_][^,]*[\w.]")


def _runs(pieces: list[_Piece]) -> list[tuple[str, list[tuple[int, _Piece]]]]:
    """NER inputs: consecutive paragraphs of one article joined by a blank line, each piece
    with its offset in the joined text; titles, captions, bylines and headings stay alone.

    One doc per paragraph cost a model pass each (a 900-word article was ~35 of them, 1.7x
    the time of one doc); joined, the model also sees the paragraphs around a name.
    """
    runs: list[tuple[list[str], list[tuple[int, _Piece]]]] = []
    size = 0
    for piece in pieces:
        joinable = piece.kind == "paragraph"
        if runs and joinable and size + len(piece.text) < MAX_DOC_CHARS:
            last_texts, last_members = runs[-1]
            last = last_members[-1][1]
            if last.kind == "paragraph" and last.article == piece.article:
                last_texts.append(PARAGRAPH_BREAK)
                size += len(PARAGRAPH_BREAK)
                last_members.append((size, piece))
                last_texts.append(piece.text)
                size += len(piece.text)
                continue
        runs.append(([piece.text], [(0, piece)]))
        size = len(piece.text)
    return [("".join(texts), members) for texts, members in runs]


def _consistent(found: list[Found], pieces: list[_Piece]) -> list[Found]:
    """Label consistency within one article, from the model's own predictions.

    A sentence-window model can tag the same name differently in two places; the article
    settles it. Each exact surface takes the label most of its mentions got (a tie keeps each
    mention's own); the last word of a multi-word PERSON name, alone, is that person (a
    surname: "Nyerere" after "Julius Nyerere"); and untagged exact occurrences of a PERSON or
    ORG name elsewhere in the article become mentions too. Chosen on CoNLL valid.
    """
    votes: dict[str, dict[str, int]] = {}
    for f in found:
        counts = votes.setdefault(f.surface, {})
        counts[f.label] = counts.get(f.label, 0) + 1
    label_of: dict[str, str] = {}
    for surface, counts in votes.items():
        best = max(counts.values())
        winners = [label for label, n in counts.items() if n == best]
        if len(winners) == 1:
            label_of[surface] = winners[0]
    for surface, label in list(label_of.items()):
        words = surface.split()
        last = words[-1]
        capitalised = last[0].isupper() and not last.isupper()
        if label == "PERSON" and len(words) > 1 and len(last) > 1 and capitalised:
            label_of[last] = "PERSON"
    # a copy only where the label changes: most mentions keep theirs, and replace() is slow
    out = []
    for f in found:
        label = label_of.get(f.surface, f.label)
        out.append(f if label == f.label else replace(f, label=label))
    propagated = (s for s, label in label_of.items() if label in _PROPAGATED)
    names = sorted((s for s in propagated if any(c.isupper() for c in s)), key=len, reverse=True)
    if not names:
        return out
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    taken = sorted((f.position, f.position + len(f.surface)) for f in out)
    for piece in pieces:
        for m in pattern.finditer(piece.text):
            lo, hi = piece.position + m.start(), piece.position + m.end()
            i = bisect.bisect_left(taken, (hi, -1))
            if (i and taken[i - 1][1] > lo) or (i < len(taken) and taken[i][0] < hi):
                continue  # overlaps a mention the model found
            bisect.insort(taken, (lo, hi))
            where = piece.where[m.start() : m.end()]
            out.append(
                Found(
                    m.group(),
                    label_of[m.group()],
                    where[0],
                    where[-1] + 1,
                    lo,
                    piece.block,
                    piece.kind,
                    where,
                )
            )
    return out


def group(found: list[Found], size: int, texts: list[Text]) -> tuple[Entity, ...]:
    """One article's mentions as entities (a seam: bench/bench_linking.py swaps it)."""
    return canonicalise(found, size, texts)


def _load(name: str) -> _Loaded:
    import spacy

    nlp = spacy.load(name)
    listened = {
        comp_name
        for comp_name, pipe in nlp.pipeline
        if set(getattr(pipe, "listening_components", ())) & _ENTITY_COMPONENTS
    }
    for comp_name in list(nlp.pipe_names):
        if comp_name not in _ENTITY_COMPONENTS | listened:
            nlp.remove_pipe(comp_name)
    return _Loaded(name, nlp, len(nlp.vocab.strings))


def _bound_strings(loaded: _Loaded) -> None:
    """Reload the pipeline once its StringStore grew by STRINGS_BUDGET (caller holds the lock).

    The old pipeline is freed before the new one loads, so the new one fills the memory the
    old one held: loaded beside it, the two made a peak that stayed in the worker's RSS
    (+30 MB at the first reload, never given back).
    """
    if len(loaded.nlp.vocab.strings) - loaded.baseline_strings > STRINGS_BUDGET:
        del loaded.nlp
        gc.collect()  # what of it sits in reference cycles goes now, not at some later pass
        fresh = _load(loaded.name)
        loaded.nlp, loaded.baseline_strings = fresh.nlp, fresh.baseline_strings


@dataclass(frozen=True, slots=True)
class _Piece:
    """One doc's worth of text: the article it belongs to and each character's raw offset."""

    article: int
    text: str
    where: tuple[int, ...]
    position: int  # offset of this text within the article's blocks laid end to end
    block: int
    kind: str


def _pieces(index: int, article: Article, text: str) -> Iterator[_Piece]:
    position = 0
    for number, block in enumerate(article.blocks):
        block_text, where = _block_text(block, text)
        for start, end in _chunks(block_text):
            yield _Piece(
                index,
                block_text[start:end],
                where[start:end],
                position + start,
                number,
                block.kind,
            )
        position += len(block_text) + 1


def _block_text(block: Block, text: str) -> tuple[str, tuple[int, ...]]:
    """The block's normalised text rebuilt from its raw parts, with each character's offset."""
    out: list[str] = []
    where: list[int] = []
    for start, end in block.parts:
        part, offsets = normalise_with_map(text[start:end], start)
        if not part:
            continue
        if out:
            out.append(" ")
            where.append(where[-1] + 1)
        out.append(part)
        where.extend(offsets)
    return "".join(out), tuple(where)


def _chunks(block_text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while len(block_text) - start > MAX_DOC_CHARS:
        cut = block_text.rfind(" ", start, start + MAX_DOC_CHARS)
        cut = cut if cut > start else start + MAX_DOC_CHARS
        yield start, cut
        start = cut + 1
    if start < len(block_text):
        yield start, len(block_text)
