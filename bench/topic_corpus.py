"""Readers of the shared corpora for the topic and keyword benches (never shipped)."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_REUTERS_DOC = re.compile(r"<REUTERS (.*?)</REUTERS>", re.S)


def _field(tag: str, doc: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S)
    return html.unescape(found.group(1)) if found else ""


def reuters(corpus: Path = CORPUS) -> Iterator[tuple[str, str]]:
    """(title, body) of every Reuters-21578 story with a body, in file order."""
    for path in sorted((corpus / "reuters21578").glob("reut2-*.sgm")):
        for doc in _REUTERS_DOC.findall(path.read_bytes().decode("latin-1")):
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", _field("BODY", doc)).strip()
            if body:
                yield _field("TITLE", doc).strip(), body


def reuters_by_title(titles: list[str], corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """The first story with each of these exact titles, in the order asked."""
    wanted = {t: None for t in titles}
    found: dict[str, tuple[str, str]] = {}
    for title, body in reuters(corpus):
        if title in wanted and title not in found:
            found[title] = (title, body)
    return [found[t] for t in titles if t in found]


def semeval(pair_ids: list[str], corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """(headline, text) of text1 of these English pairs; the headline is the text's start."""
    path = corpus / "semeval2022_task8_sample" / "training_set.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = {r["pair_id"]: r for r in csv.DictReader(fh)}
    out = []
    for pair_id in pair_ids:
        text = rows[pair_id]["text1"].strip()
        first = text.split("\n", 1)[0]
        out.append((first[:90], text))
    return out


def bbc(corpus: Path = CORPUS) -> list[Path]:
    return sorted((corpus / "bbc").rglob("*.txt"))


def one_article(title: str, body: str) -> str:
    """Title and paragraphs on consecutive lines: one article under any segmenter."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return "\n".join([title.strip(), *paragraphs]) + "\n"
