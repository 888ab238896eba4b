"""Readers of the shared corpora for the topic and keyword benches (never shipped)."""

from __future__ import annotations

import csv
from pathlib import Path

from harness import CORPUS
from harness.corpus import reuters_texts


def reuters_by_title(titles: list[str]) -> list[tuple[str, str]]:
    """The first story with each of these exact titles, in the order asked."""
    wanted = {t: None for t in titles}
    found: dict[str, tuple[str, str]] = {}
    for title, body in reuters_texts():
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
