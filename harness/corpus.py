"""Readers of the shared corpora (BBC, Reuters-21578, CoNLL-2003, SemEval) as `Story` records,
the near-copy makers of the dedupe benches, and `story_pool`, the train/test mix the layout
generator draws from.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import html
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from harness import CORPUS

__all__ = [
    "BBC_TOPICS",
    "SPLITS",
    "VARIANTS",
    "Story",
    "bbc",
    "bbc_articles",
    "conll",
    "conll_documents",
    "detokenise",
    "distinct",
    "drop_last_paragraph",
    "edit_words",
    "mixed",
    "new_title",
    "reflow",
    "reuters",
    "reuters_articles",
    "reuters_texts",
    "semeval_foreign",
    "sentence_pool",
    "split_of",
    "story_pool",
    "synthetic",
]

BBC_TOPICS = ("business", "entertainment", "politics", "sport", "tech")
SPLITS = ("train", "test")
TEST_SHARE = 0.2  # of the stories, by hash of their text: see split_of()

_REUTERS = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("DATE", "TITLE", "DATELINE", "BODY")
}
# Reuters bodies end with a signature line; keep it out of the text we compare
_REUTER_SIGN = re.compile(r"[\s\x03]*Reuter[\s\x03]*$", re.I)
# an aligned column: tables and results lists, not prose
_TABLE_ROW = re.compile(r"^.*\S {3,}\S.*$|^.*\.\.\..*\d\s*$", re.M)
_CONLL_BYLINE = re.compile(r"^(?:[A-Z][a-z'.-]+ ?){2,4}$")
_CONLL_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,? [A-Z][A-Za-z .'-]+)? \d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Story:
    id: str  # "bbc/tech/001", "reuters/reut2-003/12", "conll/train/17"
    title: str
    paragraphs: tuple[str, ...]
    place: str = ""  # the dateline's place, upper case as printed ("LONDON"); "" when unknown
    source: str = ""  # "bbc", "reuters", "conll"
    day: str = ""  # Reuters' DATE, "9-MAR-1987"; "" when unknown
    # Reuters only: DATELINE and BODY exactly as in the .sgm (hard-wrapped, indented
    # paragraphs, " Reuter" sign-off), html-unescaped, the end-of-text mark dropped
    raw: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# ---- BBC


def bbc() -> list[Story]:
    """All 2,225 BBC files in path order; line 1 is the title, blank lines split paragraphs."""
    return list(_bbc())


@lru_cache(maxsize=1)
def _bbc() -> tuple[Story, ...]:
    out = []
    for topic in BBC_TOPICS:
        for path in sorted((CORPUS / "bbc" / topic).glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            paras = tuple(p.strip() for p in lines[1:] if p.strip())
            out.append(Story(f"bbc/{topic}/{path.stem}", lines[0].strip(), paras, source="bbc"))
    return tuple(out)


def bbc_articles(limit: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """(title, paragraphs) of BBC articles, in a stable (path) order."""
    files = sorted((CORPUS / "bbc").glob("*/*.txt"))
    for path in files[:limit]:
        lines = path.read_text(encoding="utf-8").split("\n")
        title = lines[0].strip()
        paras = [p.strip() for p in lines[1:] if p.strip()]
        if title and paras:
            yield title, paras


# ---- Reuters-21578


@dataclass(frozen=True, slots=True)
class _ReutersDoc:
    id: str
    fields: dict[str, str | None]  # tag: its text as in the file (not unescaped), None if absent


@lru_cache(maxsize=1)
def _reuters_docs() -> tuple[_ReutersDoc, ...]:
    out = []
    for path in sorted((CORPUS / "reuters21578").glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for n, m in enumerate(_REUTERS.finditer(raw)):
            block = m.group(1)
            fields = {}
            for name, rx in _FIELD.items():
                found = rx.search(block)
                fields[name] = found.group(1) if found else None
            out.append(_ReutersDoc(f"reuters/{path.stem}/{n}", fields))
    return tuple(out)


def reuters() -> list[Story]:
    """Reuters-21578 stories that have a body, paragraphs split on the indented lines.

    Each keeps its dateline place and, in `raw`, the DATELINE and BODY as printed.
    """
    out = []
    for doc in _reuters_docs():
        body, title, date = doc.fields["BODY"], doc.fields["TITLE"], doc.fields["DATE"]
        if body is None:
            continue
        text = _REUTER_SIGN.sub("", html.unescape(body))
        paras = tuple(" ".join(p.split()) for p in re.split(r"\n\s{2,}", text) if p.strip())
        if not paras:
            continue
        dateline = html.unescape(doc.fields["DATELINE"] or "")
        out.append(
            Story(
                doc.id,
                html.unescape(title).strip() if title else "",
                paras,
                place=dateline.strip().split(",")[0].strip(),
                source="reuters",
                day=date.strip()[:11] if date else "",
                raw=(dateline + html.unescape(body)).replace("\x03", "").rstrip(),
            )
        )
    return out


def reuters_articles(limit: int | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """(title, dateline place, paragraphs) of Reuters-21578 stories with a title and two
    paragraphs or more, in file order."""
    count = 0
    for doc in _reuters_docs():
        fields = doc.fields
        if not fields["TITLE"] or not fields["BODY"]:
            continue
        title = " ".join(html.unescape(fields["TITLE"]).split())
        body = html.unescape(fields["BODY"]).replace("\x03", "")
        body = re.sub(r"\s*Reuter\s*$", "", body)
        paras = [" ".join(p.split()) for p in re.split(r"\n(?=[ \t])", body.strip())]
        paras = [p for p in paras if p]
        place = ""
        if fields["DATELINE"]:
            place = fields["DATELINE"].strip().split(",")[0].strip()
        if title and len(paras) >= 2:
            yield title, place, paras
            count += 1
            if limit is not None and count >= limit:
                return


def reuters_texts() -> Iterator[tuple[str, str]]:
    """(title, body) of every Reuters-21578 story with a body, in file order; the body keeps
    its line breaks and loses its " Reuter" sign-off."""
    for doc in _reuters_docs():
        body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", html.unescape(doc.fields["BODY"] or ""))
        if body.strip():
            yield html.unescape(doc.fields["TITLE"] or "").strip(), body.strip()


# ---- CoNLL-2003

_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?)\]}%]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenise(tokens: Sequence[str]) -> str:
    """CoNLL tokens as a newspaper prints them: no space before `,` `.` `'s` `n't`, none
    inside brackets or quotes."""
    out: list[str] = []
    quote_open = False
    glue_next = False
    for tok in tokens:
        if tok == '"':
            if quote_open:
                out.append('"')
                glue_next = False
            else:
                out.append(' "' if out else '"')
                glue_next = True
            quote_open = not quote_open
            continue
        out.append(tok if glue_next or not out else " " + tok)
        glue_next = False
    text = "".join(out).strip()
    text = _NO_SPACE_BEFORE.sub("", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def conll_documents(split: str = "test") -> list[list[str]]:
    """Each CoNLL-2003 document as its sentences, tokens joined by one space."""
    return [[" ".join(s) for s in doc] for doc in _conll_tokens(split)]


@lru_cache(maxsize=3)
def _conll_tokens(split: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    docs: list[list[tuple[str, ...]]] = []
    sentence: list[str] = []
    current: list[tuple[str, ...]] | None = None
    for raw in (CORPUS / "conll2003" / f"{split}.txt").read_text(encoding="utf-8").splitlines():
        token = raw.split(" ", 1)[0]
        if not token:
            if sentence and current is not None:
                current.append(tuple(sentence))
            sentence = []
            continue
        if token == "-DOCSTART-":
            current = []
            docs.append(current)
            continue
        sentence.append(token)
    if sentence and current is not None:
        current.append(tuple(sentence))
    return tuple(tuple(d) for d in docs if d)


def _prose(sentence: str) -> bool:
    return len(sentence.split()) >= 6 and sentence[-1] in ".\"'?!"


def conll(split: str = "train") -> list[Story]:
    """CoNLL-2003 documents as news stories: the first sentence is the title; a "LONDON
    1996-08-30" dateline line opens the body as its own paragraph; the other sentences are
    grouped two or three to a paragraph, or, in results and standings, one row a line."""
    out = []
    for n, doc in enumerate(_conll_tokens(split)):
        sentences = [detokenise(s) for s in doc]
        if len(sentences) < 4:
            continue
        title, rest = sentences[0].rstrip(" ."), sentences[1:]
        if _CONLL_BYLINE.match(rest[0]) and len(rest) > 1 and _CONLL_DATELINE.match(rest[1]):
            rest = rest[1:]  # the byline: every layout prints its own
        paras: list[str] = []
        place = ""
        if _CONLL_DATELINE.match(rest[0]):
            place = rest[0].rsplit(" ", 1)[0]
            paras.append(rest[0])
            rest = rest[1:]
        prose = [s for s in rest if _prose(s)]
        if len(rest) < 3 or not 2 <= len(title.split()) <= 20:
            continue
        if len(prose) < 0.7 * len(rest):
            # results, standings, schedules: a table, one row a line, is the story's body
            paras.extend(rest)
            out.append(Story(f"conll/{split}/{n}", title, tuple(paras), place, "conll"))
            continue
        sizes = random.Random(f"conll/{split}/{n}")
        k = 0
        while k < len(rest):
            size = sizes.choice((1, 2, 2, 3))
            paras.append(" ".join(rest[k : k + size]))
            k += size
        out.append(Story(f"conll/{split}/{n}", title, tuple(paras), place, "conll"))
    return out


# ---- SemEval 2022 task 8


FOREIGN_TESTED = 2
FOREIGN_PER_LANGUAGE = 40


def semeval_foreign(limit_per_language: int = FOREIGN_TESTED) -> list[tuple[str, str, list[str]]]:
    """(language, headline, paragraphs) of non-English SemEval texts printed "headline  body"."""
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


# ---- the generator's pool


def split_of(story: Story) -> str:
    """ "train" or "test", fixed by a hash of the story's text, not its id: Reuters-21578
    holds the same story under several ids, and both copies must fall on one side."""
    key = " ".join(" ".join(story.paragraphs).lower().split()[:40])
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return "test" if digest[0] < 256 * TEST_SHARE else "train"


@lru_cache(maxsize=1)
def _usable() -> tuple[tuple[Story, ...], ...]:
    """Per source, the distinct stories that make a plausible article of a dump."""
    reuters_ok = [
        s
        for s in reuters()
        if s.title
        and len(s.paragraphs) >= 2
        and 40 <= s.words <= 900
        and s.raw.strip()
        and len(_TABLE_ROW.findall(s.raw)) <= 1
    ]
    bbc_ok = [s for s in bbc() if len(s.paragraphs) >= 2]
    # CoNLL test stays out: the NER figures and the CoNLL content test read it
    conll_ok = [s for split in ("train", "valid") for s in conll(split)]
    return tuple(tuple(distinct(group)) for group in (bbc_ok, reuters_ok, conll_ok))


# At most one story in this many of the pool is in another language than English.
FOREIGN_EVERY = 12


@lru_cache(maxsize=1)
def _foreign() -> tuple[Story, ...]:
    """Non-English SemEval stories, save the few the language tests print (the first
    FOREIGN_TESTED of each language)."""
    tested = {head for _, head, _ in semeval_foreign(FOREIGN_TESTED)}
    return tuple(
        Story(f"semeval/{lang}/{k}", head, tuple(paras), "", f"semeval-{lang}")
        for k, (lang, head, paras) in enumerate(semeval_foreign(FOREIGN_PER_LANGUAGE))
        if head not in tested
    )


def story_pool(split: str, seed: int = 0) -> list[Story]:
    """The distinct stories of one split ("train" or "test"), BBC, Reuters-21578 and
    CoNLL-2003 taking turns, each source shuffled by `seed`, with a story in another
    language every FOREIGN_EVERY: the same arguments always give the same list, and no
    story (nor a copy of it) is in both splits."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    rng = random.Random(seed)
    groups = []
    for group in _usable():
        mine = [s for s in group if split_of(s) == split]
        rng.shuffle(mine)
        groups.append(mine)
    out = []
    longest = max(len(g) for g in groups)
    for k in range(longest):
        out += [g[k] for g in groups if k < len(g)]
    foreign = [s for s in _foreign() if split_of(s) == split]
    rng.shuffle(foreign)
    # spread evenly, at most one in FOREIGN_EVERY: any stretch of the pool has some
    step = max(FOREIGN_EVERY, (len(out) + len(foreign)) // max(1, len(foreign)))
    for k, story in enumerate(foreign):
        at = (k + 1) * step
        if at > len(out):
            break
        out.insert(at, story)
    return out


def distinct(stories: list[Story], min_words: int = 0) -> list[Story]:
    """Stories with a body seen once only (exact copies and same-title versions dropped)."""
    seen_body: set[str] = set()
    seen_title: set[str] = set()
    out = []
    for s in stories:
        key = " ".join(s.body.lower().split())
        title = s.title.lower()
        if s.words < min_words or key in seen_body or title in seen_title:
            continue
        seen_body.add(key)
        seen_title.add(title)
        out.append(s)
    return out


# ---- near-copy makers: each returns a new Story that a reader would call the same article


def drop_last_paragraph(s: Story, rng: random.Random) -> Story:
    paras = s.paragraphs[:-1] if len(s.paragraphs) > 2 else s.paragraphs
    return dataclasses.replace(s, id=s.id + "~cut", paragraphs=paras)


def new_title(s: Story, rng: random.Random) -> Story:
    return dataclasses.replace(
        s, id=s.id + "~title", title="UPDATE 1-" + s.title.lower().capitalize()
    )


def edit_words(s: Story, rng: random.Random, share: float | None = None) -> Story:
    """Replace, delete or insert `share` (2-5%) of the words, spread at random."""
    share = share if share is not None else rng.uniform(0.02, 0.05)
    fillers = ("also", "now", "new", "its", "the", "reportedly", "said", "further")
    paras = []
    for p in s.paragraphs:
        words = p.split()
        out = []
        for w in words:
            if rng.random() < share:
                op = rng.randrange(3)
                if op == 0:
                    out.append(rng.choice(fillers))
                elif op == 2:
                    out.extend((w, rng.choice(fillers)))
                continue
            out.append(w)
        paras.append(" ".join(out))
    return dataclasses.replace(s, id=s.id + "~edit", paragraphs=tuple(paras))


def reflow(s: Story, rng: random.Random) -> Story:
    """Paragraph breaks moved: sentences regrouped into paragraphs of a different size."""
    sentences = [x for p in s.paragraphs for x in re.split(r"(?<=[.!?\"])\s+", p) if x]
    size = rng.choice((1, 2, 4))
    paras = tuple(" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size))
    return dataclasses.replace(s, id=s.id + "~reflow", paragraphs=paras)


def mixed(s: Story, rng: random.Random) -> Story:
    """Several edits at once, as a second outlet's version would have."""
    return edit_words(drop_last_paragraph(reflow(new_title(s, rng), rng), rng), rng)


VARIANTS = {
    "drop_last_paragraph": drop_last_paragraph,
    "new_title": new_title,
    "edit_words": edit_words,
    "reflow": reflow,
    "mixed": mixed,
}


def sentence_pool(stories: list[Story]) -> list[str]:
    return [x for s in stories for p in s.paragraphs for x in re.split(r"(?<=[.!?])\s+", p) if x]


def synthetic(pool: list[str], like: list[Story], n: int, rng: random.Random) -> Iterator[Story]:
    """Distinct stand-ins beyond the corpus: random corpus sentences, each story as long as
    a randomly chosen real one, so sizes past the corpus keep the corpus's length mix."""
    for i in range(n):
        target = rng.choice(like).words
        sentences: list[str] = []
        words = 0
        while words < target:
            sentence = rng.choice(pool).split()[: target - words]  # ends at the target length
            sentences.append(" ".join(sentence))
            words += len(sentence)
        paras = tuple(" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3))
        yield Story(f"synthetic/{i}", sentences[0][:60], paras)


_SYLLABLES = ("ka", "zo", "mir", "tan", "vel", "qua", "dre", "os", "lin", "bex", "ur", "yo")


def invented_name(rng: random.Random) -> str:
    """A two-word name no corpus holds: new strings for every request that uses one."""

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    return f"{word()} {word()}"


def varied_request(rng: random.Random, articles: Sequence[str]) -> str:
    """A request as production sends them: a title and one to six paragraphs of a corpus
    article (now and then two such stories), each ending on a sentence of invented names and
    numbers, so new words keep arriving and no two requests are the same text."""
    picked = []
    for _ in range(2 if rng.random() < 0.2 else 1):
        title, *paragraphs = rng.choice(articles).strip().split("\n\n")
        start = rng.randrange(len(paragraphs))
        picked.append("\n\n".join([title, *paragraphs[start : start + rng.randint(1, 6)]]))
    price = f"${rng.randint(1, 999)}.{rng.randint(0, 99)}m"
    extra = (
        f"{invented_name(rng)} told {invented_name(rng)} of {invented_name(rng)} Holdings "
        f"that {rng.randint(2, 99_999):,} shares were sold for {price}."
    )
    return "\n\n\n".join(a.strip() + "\n\n" + extra for a in picked) + "\n"
