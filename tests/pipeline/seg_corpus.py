"""Readers for the shared research corpus; tests that need it skip nothing: they fail."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"

_REUTERS = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "BODY", "DATELINE")
}


def conll_documents(split: str = "test") -> list[list[str]]:
    """Each CoNLL-2003 document as its sentences, tokens joined by one space."""
    docs: list[list[str]] = []
    sentence: list[str] = []
    current: list[str] | None = None
    for raw in (CORPUS / "conll2003" / f"{split}.txt").read_text(encoding="utf-8").splitlines():
        token = raw.split(" ", 1)[0]
        if not token:
            if sentence and current is not None:
                current.append(" ".join(sentence))
            sentence = []
            continue
        if token == "-DOCSTART-":
            current = []
            docs.append(current)
            continue
        sentence.append(token)
    if sentence and current is not None:
        current.append(" ".join(sentence))
    return [d for d in docs if d]


def bbc_articles(limit: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """(title, paragraphs) of BBC articles, in a stable order."""
    files = sorted((CORPUS / "bbc").glob("*/*.txt"))
    for path in files[:limit]:
        lines = path.read_text(encoding="utf-8").split("\n")
        title = lines[0].strip()
        paras = [p.strip() for p in lines[1:] if p.strip()]
        if title and paras:
            yield title, paras


def reuters_articles(limit: int | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """(title, dateline place, paragraphs) of Reuters-21578 stories with a body."""
    count = 0
    for path in sorted((CORPUS / "reuters21578").glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        for m in _REUTERS.finditer(text):
            fields = {k: rx.search(m.group(1)) for k, rx in _FIELD.items()}
            if not fields["TITLE"] or not fields["BODY"]:
                continue
            title = " ".join(html.unescape(fields["TITLE"].group(1)).split())
            body = html.unescape(fields["BODY"].group(1)).replace("\x03", "")
            body = re.sub(r"\s*Reuter\s*$", "", body)
            paras = [" ".join(p.split()) for p in re.split(r"\n(?=[ \t])", body.strip())]
            paras = [p for p in paras if p]
            place = ""
            if fields["DATELINE"]:
                place = fields["DATELINE"].group(1).strip().split(",")[0].strip()
            if title and len(paras) >= 2:
                yield title, place, paras
                count += 1
                if limit is not None and count >= limit:
                    return


def semeval_foreign(limit_per_language: int = 2) -> list[tuple[str, str, list[str]]]:
    """(language, headline, paragraphs) of non-English SemEval texts printed "headline  body"."""
    import csv

    out: list[tuple[str, str, list[str]]] = []
    taken: dict[str, int] = {}
    path = CORPUS / "semeval2022_task8_sample" / "training_set.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lang, text = row["lang1"], row["text1"].strip()
            if lang == "en" or not row["pair_id"].replace("_", "").isdigit():
                continue
            head, sep, body = text.partition("  ")
            if not sep or not 3 <= len(head.split()) <= 20 or len(body) < 400:
                continue
            if taken.get(lang, 0) >= limit_per_language:
                continue
            sentences = [s.strip() for s in re.split(r"(?<=[.!?。])\s+", body) if s.strip()]
            paras = [" ".join(sentences[k : k + 2]) for k in range(0, len(sentences), 2)]
            if len(paras) >= 2:
                taken[lang] = taken.get(lang, 0) + 1
                out.append((lang, " ".join(head.split()), paras))
    return out
