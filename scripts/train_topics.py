"""Rebuild service/data/topics.npz and service/data/iptc_mediatopics.json from the corpora.

    PYTHONPATH=. python scripts/train_topics.py [--corpus ../shared/corpus] [--dev]

Training data (development corpora, never shipped; only the learned weights are):
- BBC News (Greene & Cunningham 2006), the TRAINING half only: files[1::2] of the sorted
  *.txt paths, minus every file whose text also occurs in the test half files[0::2];
- Reuters-21578 documents with TOPICS labels, mapped to IPTC codes by REUTERS_TO_IPTC;
- IPTC Media Topics (CC BY 4.0): one pseudo-document per concept (its label, definition
  and the labels of its ancestors) plus bags of concepts from the same subtree, which is
  the only evidence for the twelve top-level topics the news corpora do not cover.

Two multinomial logistic regressions share one sublinear TF-IDF vocabulary (stemmed words and
bigrams): one over the 17 top-level topics (no intercept: no topic is a default), one over the
120 second-level topics (its share within a parent decides whether a second-level topic is
reported). Pseudo-documents are padded with two sentences from articles of every class, so
news wording alone stops pointing at the five BBC topics; then two rounds of self-training
adopt unlabelled Reuters stories that the model puts, confidently, under a topic no corpus
labels. Top-level weights are float16, second-level ones int8 on a square-root scale.
Everything is seeded: the same inputs give a byte-identical file.

--dev holds out a third of the BBC training half, prints its accuracy and the top topics of
a few probe sentences, and writes nothing. The BBC test half is never read here except to
drop its copies from the training half.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.topics import BBC_TO_IPTC  # noqa: E402
from service.pipeline.words import article_text, topic_features  # noqa: E402

DATA = ROOT / "service" / "data"
SEED = 20_251_126


_ECONOMY = "medtop:20000344"
_MARKET = "medtop:20000385"
_BUSINESS_INFO = "medtop:20000170"
_PRODUCTS = "medtop:20000209"
# Reuters-21578 TOPICS category → (top-level, second-level) IPTC codes. All 1987 Reuters
# categories are economic; "jobs" is also labour. Unlisted categories are commodities.
_CURRENCIES = "money-fx dlr yen dmk stg sfr can austdlr nzdlr rand lit ffr"
_INDICATORS = (
    "interest money-supply gnp cpi bop reserves ipi wpi trade retail housing income lei "
    "inventories instal-debt cpu"
)
REUTERS_TO_IPTC: dict[str, tuple[str, ...]] = {
    "earn": ("medtop:04000000", _BUSINESS_INFO),
    "acq": ("medtop:04000000", _BUSINESS_INFO),
    **{c: ("medtop:04000000", _MARKET) for c in _CURRENCIES.split()},
    **{c: ("medtop:04000000", _ECONOMY) for c in _INDICATORS.split()},
    "jobs": ("medtop:09000000", "medtop:20000523"),
}
_COMMODITY = ("medtop:04000000", _PRODUCTS)
PSEUDO_WEIGHT = 5.0  # a definition is short, but it is the only evidence for most topics
C_TOP = 100.0
FILLER_SENTENCES = 2  # per pseudo-document; chosen with --dev
BBC_WEIGHT = 3.0  # chosen on a held-out third of the BBC training half (--dev)
ADOPT_MIN = 0.2
ADOPT_PER_TOPIC = 60
SELF_TRAINING_ROUNDS = 2
REUTERS_CAP = 250  # documents per category: earnings reports would drown everything else

# Development probes for the topics no news corpus here labels (never used for fitting; the
# unit tests use other texts).
PROBES = [
    ("medtop:16000000", "Troops shelled the rebel-held city as the army launched an offensive."),
    ("medtop:16000000", "A suicide bomber killed twelve soldiers at a checkpoint near the border."),
    ("medtop:02000000", "The man was sentenced to ten years in prison for robbery by the court."),
    (
        "medtop:02000000",
        "Police arrested two suspects after the shooting and charged them with murder.",
    ),
    ("medtop:03000000", "The earthquake killed hundreds and rescue teams searched the rubble."),
    (
        "medtop:03000000",
        "Firefighters battled the blaze after a train derailed and its tanks exploded.",
    ),
    ("medtop:07000000", "Doctors warn the flu outbreak is filling hospital wards with patients."),
    (
        "medtop:07000000",
        "A new drug cut the risk of heart attacks in a trial of diabetic patients.",
    ),
    ("medtop:06000000", "Pollution from the factory poisoned the river and killed the fish."),
    ("medtop:06000000", "Rising carbon emissions and deforestation threaten endangered species."),
    ("medtop:12000000", "The Pope led prayers for pilgrims at the cathedral on Easter Sunday."),
    ("medtop:12000000", "Muslims gathered at the mosque to break the Ramadan fast with the imam."),
    ("medtop:17000000", "Forecasters expect heavy rain, strong winds and snow over the weekend."),
    (
        "medtop:17000000",
        "Temperatures will drop below freezing tonight with frost and fog by morning.",
    ),
    ("medtop:09000000", "Workers went on strike after the union rejected the pay offer."),
    ("medtop:09000000", "The jobless rate rose as employers cut staff and hiring slowed."),
    ("medtop:05000000", "Teachers say pupils need smaller classes and schools more funding."),
    (
        "medtop:05000000",
        "University students protested against higher tuition fees and exam changes.",
    ),
    ("medtop:10000000", "Gardening and cooking are the hobbies that fill her holidays."),
    (
        "medtop:10000000",
        "Travel tips for a relaxing beach holiday and the best recipes for summer.",
    ),
    ("medtop:14000000", "Campaigners say poverty and homelessness are rising among families."),
    (
        "medtop:14000000",
        "Immigrants face discrimination when they look for housing and welfare help.",
    ),
    ("medtop:08000000", "The woman celebrated her 110th birthday with her great-grandchildren."),
    ("medtop:08000000", "A lost dog found its way home after walking 200 miles to its owner."),
]


def load_iptc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def concept_tree(vocab: dict) -> tuple[dict[str, dict], list[str], dict[str, list[str]]]:
    """Live concepts by code, the top-level codes, and each concept's ancestors (top first)."""
    concepts = {c["qcode"]: c for c in vocab["conceptSet"] if not c.get("retired")}
    tops = ["medtop:" + uri.rsplit("/", 1)[1] for uri in vocab["hasTopConcept"]]
    ancestors: dict[str, list[str]] = {}

    def walk(code: str, path: list[str]) -> None:
        ancestors[code] = path
        for child in concepts[code].get("narrower", []):
            if child in concepts and child not in ancestors:
                walk(child, [*path, code])

    for top in tops:
        walk(top, [])
    return concepts, tops, ancestors


def _label(concept: dict) -> str:
    return concept["prefLabel"]["en-GB"]


def _definition(concept: dict) -> str:
    return concept.get("definition", {}).get("en-GB", "")


def pseudo_documents(
    concepts: dict[str, dict], ancestors: dict[str, list[str]], rng: random.Random
) -> list[tuple[str, str, str | None]]:
    """(text, top-level code, second-level code or None) built from the vocabulary alone."""
    docs: list[tuple[str, str, str | None]] = []
    by_second: dict[str, list[str]] = defaultdict(list)
    by_top: dict[str, list[str]] = defaultdict(list)
    for code, path in sorted(ancestors.items()):
        chain = [*path, code]
        top = chain[0]
        second = chain[1] if len(chain) > 1 else None
        concept = concepts[code]
        own = f"{_label(concept)}. {_definition(concept)}"
        context = " ".join(_label(concepts[a]) for a in path)
        docs.append((f"{own} {context}", top, second))
        by_top[top].append(own)
        if second:
            by_second[second].append(own)
    # Bags of sibling concepts look more like an article (many related words at once).
    for top, texts in sorted(by_top.items()):
        for _ in range(40):
            docs.append((" ".join(rng.sample(texts, min(6, len(texts)))), top, None))
    for second, texts in sorted(by_second.items()):
        top = ancestors[second][0]
        for _ in range(6):
            docs.append((" ".join(rng.sample(texts, min(5, len(texts)))), top, second))
    return docs


def with_filler(
    pseudo: list[tuple[str, str | None, str | None]], articles: list[str], rng: random.Random
) -> list:  # type: ignore[type-arg]
    """Pad each pseudo-document with sentences drawn from articles of every class.

    Definitions never say "said", "Tuesday" or "officials"; without padding, the model
    learns that any news-like word means one of the topics that has articles.
    """
    sentences = [s for text in articles for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 40]
    return [
        (f"{text} {' '.join(rng.sample(sentences, FILLER_SENTENCES))}", top, second)
        for text, top, second in pseudo
    ]


def bbc_training_half(folder: Path) -> list[tuple[str, str]]:
    """(text, category) of the training half, without copies of test-half files."""
    files = sorted(folder.rglob("*.txt"))
    test_texts = {p.read_text(encoding="utf-8").strip() for p in files[0::2]}
    docs = []
    for path in files[1::2]:
        text = path.read_text(encoding="utf-8").strip()
        if text in test_texts or path.parent.name not in BBC_TO_IPTC:
            continue
        title, _, body = text.partition("\n")
        docs.append((article_text(title.strip(), body.strip()), path.parent.name))
    return docs


_REUTERS_DOC = re.compile(r"<REUTERS (.*?)</REUTERS>", re.S)


def _field(tag: str, doc: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S)
    return html.unescape(found.group(1)) if found else ""


def reuters_documents(
    folder: Path, rng: random.Random
) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """(text, IPTC codes) of labelled stories, at most REUTERS_CAP a category; unlabelled texts."""
    by_category: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    unlabelled = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for doc in _REUTERS_DOC.findall(raw):
            topics = re.findall(r"<D>(.*?)</D>", _field("TOPICS", doc))
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", _field("BODY", doc)).strip()
            if len(body) < 200:
                continue
            text = article_text(_field("TITLE", doc).strip().title(), body)
            if not topics:
                unlabelled.append(text)
                continue
            first = topics[0]
            codes = REUTERS_TO_IPTC.get(first, _COMMODITY)
            if "jobs" in topics and first != "jobs":
                codes = (*codes, "medtop:09000000")
            by_category[first].append((text, codes))
    docs = []
    for category in sorted(by_category):
        items = by_category[category]
        docs.extend(rng.sample(items, min(REUTERS_CAP, len(items))))
    return docs, unlabelled


def fit_top(x, labels: list[str], kinds: list[str]) -> LogisticRegression:  # type: ignore[no-untyped-def]
    boost = {"pseudo": PSEUDO_WEIGHT, "bbc": BBC_WEIGHT}
    weights = _balanced(labels) * np.array([boost.get(k, 1.0) for k in kinds])
    model = LogisticRegression(C=C_TOP, max_iter=300, fit_intercept=False)
    model.fit(x, labels, sample_weight=weights)
    return model


def adopt(model: LogisticRegression, x, covered: set[str]) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(index, code) of unlabelled stories confidently under a topic no corpus labels."""
    probs = model.predict_proba(x)
    best = probs.argmax(axis=1)
    chosen = []
    for c, code in enumerate(model.classes_):
        if code in covered:
            continue
        rows = [i for i in np.flatnonzero(best == c) if probs[i, c] >= ADOPT_MIN]
        rows.sort(key=lambda i: -probs[i, c])
        chosen.extend((int(i), str(code)) for i in rows[:ADOPT_PER_TOPIC])
    return sorted(chosen)


def _balanced(labels: list[str], weight: dict[str, float] | None = None) -> np.ndarray:
    counts = Counter(labels)
    n = len(labels) / len(counts)
    return np.array([n / counts[y] * (weight or {}).get(y, 1.0) for y in labels])


def build(corpus: Path, dev: bool) -> None:
    rng = random.Random(SEED)
    vocab = load_iptc(corpus / "iptc" / "mediatopic-en-GB.json")
    concepts, tops, ancestors = concept_tree(vocab)
    seconds = sorted(c for c, path in ancestors.items() if len(path) == 1)

    bbc = bbc_training_half(corpus / "bbc")
    held_out: list[tuple[str, str]] = []
    if dev:
        rng_dev = random.Random(SEED + 1)
        rng_dev.shuffle(bbc)
        cut = len(bbc) // 3
        held_out, bbc = bbc[:cut], bbc[cut:]
    reuters, unlabelled = reuters_documents(corpus / "reuters21578", rng)
    pseudo = pseudo_documents(concepts, ancestors, rng)
    if FILLER_SENTENCES:
        pseudo = with_filler(pseudo, [t for t, _ in bbc] + [t for t, _ in reuters], rng)

    # Top-level examples: an article with two codes counts once for each.
    top_texts, top_labels, kinds = [], [], []
    for text, category in bbc:
        top_texts.append(text)
        top_labels.append(BBC_TO_IPTC[category])
        kinds.append("bbc")
    for text, codes in reuters:
        for code in codes:
            if code in tops:
                top_texts.append(text)
                top_labels.append(code)
                kinds.append("article")
    for text, top, _second in pseudo:
        top_texts.append(text)
        top_labels.append(top)
        kinds.append("pseudo")

    second_texts, second_labels = [], []
    for text, codes in reuters:
        for code in codes:
            if code in seconds:
                second_texts.append(text)
                second_labels.append(code)
    for text, _top, second in pseudo:
        if second:
            second_texts.append(text)
            second_labels.append(second)

    print(
        f"bbc {len(bbc)}  reuters {len(reuters)}  pseudo {len(pseudo)}  "
        f"top examples {len(top_texts)}  second examples {len(second_texts)}",
        file=sys.stderr,
    )
    vectoriser = TfidfVectorizer(
        analyzer=lambda text: list(topic_features(text)), sublinear_tf=True, min_df=2
    )
    vectoriser.fit(top_texts)
    x_top = vectoriser.transform(top_texts)
    x_second = vectoriser.transform(second_texts)

    top_model = fit_top(x_top, top_labels, kinds)
    # Self-training: unlabelled Reuters stories that the first model confidently puts under
    # a topic the labelled corpora lack teach it the words news uses for that topic.
    covered = {*BBC_TO_IPTC.values(), "medtop:04000000"}
    x_unlabelled = vectoriser.transform(unlabelled)
    for _round in range(SELF_TRAINING_ROUNDS):
        adopted = adopt(top_model, x_unlabelled, covered)
        texts = [*top_texts, *(unlabelled[i] for i, _ in adopted)]
        labels = [*top_labels, *(code for _, code in adopted)]
        x_all = vectoriser.transform(texts)
        top_model = fit_top(x_all, labels, [*kinds, *("adopted" for _ in adopted)])
        if dev:
            print(Counter(code[7:9] for _, code in adopted), file=sys.stderr)
            for i, code in adopted[:: max(1, len(adopted) // 25)]:
                print(code[7:9], unlabelled[i].split("\n")[0][:80], file=sys.stderr)
    if dev:
        report_dev(vectoriser, top_model, held_out)
        return
    second_model = LogisticRegression(C=20.0, max_iter=300)
    second_model.fit(x_second, second_labels, sample_weight=_balanced(second_labels))

    write_model(vectoriser, top_model, second_model, ancestors)
    write_vocabulary(vocab, concepts, tops, seconds)


def report_dev(vectoriser: TfidfVectorizer, model: LogisticRegression, held_out: list) -> None:
    """Held-out BBC accuracy as bench/eval_topics.py measures it, per temperature/threshold."""
    classes = list(model.classes_)
    five = [classes.index(c) for c in BBC_TO_IPTC.values()]
    x_dev = vectoriser.transform([t for t, _ in held_out])
    logits = model.decision_function(x_dev)
    truth = [classes.index(BBC_TO_IPTC[c]) for _, c in held_out]
    for temperature in (1.0, 2.0, 3.0, 4.0):
        z = logits * temperature
        probs = np.exp(z - z.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        nll = -np.mean(np.log(probs[np.arange(len(truth)), truth]))
        row = {"T": temperature, "nll": round(float(nll), 3)}
        for threshold in (0.1, 0.2, 0.3):
            right = 0
            for p, t in zip(probs, truth, strict=True):
                shown = [i for i in five if p[i] >= threshold or i == int(np.argmax(p))]
                right += bool(shown) and max(shown, key=lambda i: p[i]) == t
            row[f"acc@{threshold}"] = round(right / len(truth), 4)
        print(json.dumps(row))
    probes = model.predict_proba(vectoriser.transform([t for _, t in PROBES]))
    firsts = seconds = 0
    for p, (code, text) in zip(probes, PROBES, strict=True):
        order = np.argsort(-p)[:3]
        firsts += classes[order[0]] == code
        seconds += code in (classes[order[0]], classes[order[1]])
        ranked = " ".join(f"{classes[i][7:9]}:{p[i]:.2f}" for i in order)
        print(f"{code[7:9]} {'OK ' if classes[order[0]] == code else 'BAD'} {ranked}  {text}")
    print(json.dumps({"probes_first": firsts, "probes_top2": seconds, "of": len(PROBES)}))


def write_model(vectoriser, top_model, second_model, ancestors) -> None:  # type: ignore[no-untyped-def]
    features = vectoriser.get_feature_names_out()
    top_w = top_model.coef_.T.astype(np.float16)
    # The second-level matrix is seven times larger: int8 on a square-root scale keeps the
    # many small weights apart from zero at a quarter of float32's size.
    second_w = second_model.coef_.T
    scale = float(np.abs(second_w).max())
    second_q = np.round(127 * np.sign(second_w) * np.sqrt(np.abs(second_w) / scale))
    second_q = second_q.astype(np.int8)
    # A feature whose weights are all zero changes no score: leave it out.
    keep = np.flatnonzero((top_w != 0).any(axis=1) | (second_q != 0).any(axis=1))
    second_codes = list(second_model.classes_)
    parent = np.array([list(top_model.classes_).index(ancestors[c][0]) for c in second_codes])
    np.savez_compressed(
        DATA / "topics.npz",
        vocab=np.frombuffer("\n".join(features[keep]).encode("utf-8"), dtype=np.uint8),
        idf=vectoriser.idf_[keep].astype(np.float16),
        top_weights=top_w[keep],
        top_codes=np.frombuffer(" ".join(top_model.classes_).encode(), dtype=np.uint8),
        second_weights=second_q[keep],
        second_scale=np.array(scale, dtype=np.float32),
        second_bias=second_model.intercept_.astype(np.float32),
        second_codes=np.frombuffer(" ".join(second_codes).encode(), dtype=np.uint8),
        second_parent=parent.astype(np.int8),
    )
    print(f"kept {len(keep)} of {len(features)} features", file=sys.stderr)


def write_vocabulary(vocab: dict, concepts: dict, tops: list[str], seconds: list[str]) -> None:
    """The part of the IPTC vocabulary the service names: codes, labels, parents."""
    shipped = {}
    for code in [*tops, *seconds]:
        concept = concepts[code]
        broader = [
            b.replace("http://cv.iptc.org/newscodes/mediatopic/", "medtop:")
            for b in concept.get("broader", [])
        ]
        shipped[code] = {"label": _label(concept), "broader": broader[0] if broader else None}
    out = {
        "source": vocab["uri"],
        "copyrightHolder": vocab.get("copyrightHolder"),
        "licence": vocab.get("licenceLink"),
        "dateReleased": vocab.get("dateReleased"),
        "concepts": shipped,
    }
    path = DATA / "iptc_mediatopics.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--dev", action="store_true")
    args = ap.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    build(args.corpus, args.dev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
