"""Load the shared corpora as plain (id, title, paragraphs, day) records for the dedupe benches."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BBC_TOPICS = ("business", "entertainment", "politics", "sport", "tech")

_REUTERS = re.compile(r"<REUTERS[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
# Reuters bodies end with a signature line; keep it out of the text we compare
_REUTER_SIGN = re.compile(r"[\s\x03]*Reuter[\s\x03]*$", re.I)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    day: str  # "" when unknown (BBC)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def bbc() -> list[Story]:
    """All 2,225 BBC files in path order; line 1 is the title, blank lines split paragraphs."""
    out = []
    for topic in BBC_TOPICS:
        for path in sorted((CORPUS / "bbc" / topic).glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            paras = tuple(p.strip() for p in lines[1:] if p.strip())
            out.append(Story(f"bbc/{topic}/{path.stem}", lines[0].strip(), paras, ""))
    return out


def reuters() -> list[Story]:
    """Reuters-21578 stories that have a body, paragraphs split on the indented lines."""
    out = []
    for path in sorted((CORPUS / "reuters21578").glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for n, m in enumerate(_REUTERS.finditer(raw)):
            block = m.group(1)
            body = _FIELD["BODY"].search(block)
            if not body:
                continue
            title = _FIELD["TITLE"].search(block)
            date = _FIELD["DATE"].search(block)
            text = _REUTER_SIGN.sub("", html.unescape(body.group(1)))
            paras = tuple(" ".join(p.split()) for p in re.split(r"\n\s{2,}", text) if p.strip())
            if not paras:
                continue
            out.append(
                Story(
                    f"reuters/{path.stem}/{n}",
                    html.unescape(title.group(1)).strip() if title else "",
                    paras,
                    date.group(1).strip()[:11] if date else "",
                )
            )
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
    return Story(s.id + "~cut", s.title, paras, s.day)


def new_title(s: Story, rng: random.Random) -> Story:
    return Story(s.id + "~title", "UPDATE 1-" + s.title.lower().capitalize(), s.paragraphs, s.day)


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
    return Story(s.id + "~edit", s.title, tuple(paras), s.day)


def reflow(s: Story, rng: random.Random) -> Story:
    """Paragraph breaks moved: sentences regrouped into paragraphs of a different size."""
    sentences = [x for p in s.paragraphs for x in re.split(r"(?<=[.!?\"])\s+", p) if x]
    size = rng.choice((1, 2, 4))
    paras = tuple(" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size))
    return Story(s.id + "~reflow", s.title, paras, s.day)


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
        yield Story(f"synthetic/{i}", sentences[0][:60], paras, "")
