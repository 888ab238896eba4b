"""NER on CoNLL-2003 English test through the whole pipeline, scored on exact mention spans.

    PYTHONPATH=. python bench/eval_ner.py [--model NAME_OR_PATH] [--split test]
    python bench/eval_ner.py --url http://127.0.0.1:8000     # the same through HTTP

Each of the 231 test documents is rebuilt as text (tokens joined by one space, one sentence
a line) and sent through run() with dedupe off. Predicted mentions come back as raw offsets,
so however the segmenter splits a document, they are compared with the gold spans in the same
text. PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC; micro F1 over PER+ORG+LOC. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.conll import sentence_spans  # noqa: E402
from service.model import Options  # noqa: E402
from service.pipeline import run  # noqa: E402
from service.pipeline.entities import load_nlp  # noqa: E402

CONLL = ROOT.parent / "shared" / "corpus" / "conll2003"
TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SCORED = ("PER", "ORG", "LOC")


def read_documents(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """Each document as (text, gold spans); tokens joined by one space, one sentence a line."""
    docs: list[tuple[str, set[tuple[int, int, str]]]] = []
    lines: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    sent: list[tuple[str, str]] = []
    pos = 0

    def close_sentence() -> None:
        nonlocal pos, sent
        if not sent:
            return
        if lines:
            pos += 1  # the newline before this sentence
        text, spans = sentence_spans(sent)
        gold.update((pos + start, pos + end, kind) for start, end, kind in spans)
        pos += len(text)
        lines.append(text)
        sent = []

    def close_document() -> None:
        nonlocal lines, gold, pos
        close_sentence()
        if lines:
            docs.append(("\n".join(lines) + "\n", gold))
        lines, gold, pos = [], set(), 0

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_document()
        elif not line.strip():
            close_sentence()
        else:
            parts = line.split()
            sent.append((parts[0], parts[-1]))
    close_document()
    return docs


def predict_in_process(text: str) -> tuple[int, set[tuple[int, int, str]]]:
    result = run(text, Options(dedupe="off", tags=frozenset({"entities"})))
    predicted = {
        (m.start, m.end, TYPE_MAP[e.type])
        for a in result.articles
        for e in a.tags.entities
        if e.type in TYPE_MAP
        for m in e.mentions
    }
    return len(result.articles), predicted


def predict_over_http(url: str, text: str) -> tuple[int, set[tuple[int, int, str]]]:
    """POST /v1/process?dedupe=off, as a client would; offsets come back as code points."""
    import urllib.request

    request = urllib.request.Request(
        url.rstrip("/") + "/v1/process?dedupe=off",
        text.encode("utf-8"),
        {"Content-Type": "text/plain; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.load(response)
    predicted = {
        (m["start"], m["end"], TYPE_MAP[e["type"]])
        for a in body["articles"]
        for e in a["tags"]["entities"]
        if e["type"] in TYPE_MAP
        for m in e["mentions"]
    }
    return len(body["articles"]), predicted


def score(docs: list[tuple[str, set[tuple[int, int, str]]]], url: str | None = None) -> dict:
    tp = dict.fromkeys(SCORED, 0)
    fp = dict.fromkeys(SCORED, 0)
    fn = dict.fromkeys(SCORED, 0)
    articles = 0
    for text, gold in docs:
        n, predicted = predict_over_http(url, text) if url else predict_in_process(text)
        articles += n
        gold_scored = {g for g in gold if g[2] in SCORED}
        for kind in SCORED:
            p = {x for x in predicted if x[2] == kind}
            g = {x for x in gold_scored if x[2] == kind}
            tp[kind] += len(p & g)
            fp[kind] += len(p - g)
            fn[kind] += len(g - p)
    out: dict = {"documents": len(docs), "articles": articles, "per_type": {}}
    for kind in SCORED:
        out["per_type"][kind] = _prf(tp[kind], fp[kind], fn[kind])
    out["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=None, help="package name or folder (default: shipped)")
    ap.add_argument("--split", default="test", choices=["test", "valid"])
    ap.add_argument("--url", help="score a running server instead (POST /v1/process)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.url:
        out = score(read_documents(CONLL / f"{args.split}.txt"), args.url)
        out.update(split=args.split, model=f"served by {args.url}")
    else:
        nlp = load_nlp(args.model)
        out = score(read_documents(CONLL / f"{args.split}.txt"))
        out.update(split=args.split, model=f"{nlp.meta['name']} {nlp.meta['version']}")
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
