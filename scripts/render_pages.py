#!/usr/bin/env python3
"""Build a held-out set of page dumps: saved news pages as a reader copies them from a browser.

Each page is opened in headless Chromium (Debian's chromium + chromedriver, driven by Selenium;
JavaScript and the network off) and its text is `Selection.toString()` after selecting everything
in <body>, trailing whitespace stripped per line. Pages are kept when their headline is a line of
that text, at least 90% of their body paragraphs appear in it and the body has 500+ characters.
Kept pages are cut (sloppily, or whole) and combined 2-5 per dump, in the format of
shared/eval/pages: dumps/NNN.txt, gold/NNN.json, single/<id>.txt, ground-truth.json.

  render_pages.py adapt-readability --git-dir DIR --out PAGES   # mozilla/readability test pages
  render_pages.py adapt-newspaper --git-dir DIR --out PAGES     # codelucas/newspaper test pages
  render_pages.py build --pages PAGES --out OUT [--seed 20250101] [--layout NAME]

A page folder PAGES/<id>/ holds page.html (UTF-8) and page.json:
  {"titles": [headline candidates, best first], "paragraphs": [expected body blocks],
   "name": id, "url": str | null, "source": str}
The output is for evaluation only: it never goes into the repository.
"""

from __future__ import annotations

import argparse
import bisect
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
LOAD_TIMEOUT_S = 90
SELECT_ALL_JS = (
    "const s = window.getSelection(); s.removeAllRanges();"
    "const r = document.createRange(); r.selectNodeContents(document.body);"
    "s.addRange(r); const t = s.toString(); s.removeAllRanges(); return t;"
)

MIN_BODY_CHARS = 500
MIN_PARAGRAPH_SHARE = 0.9
SLOPPY_SHARE = 0.7
MAX_LINES_ABOVE = 12
MAX_LINES_BELOW = 25
DUMP_SIZES = (2, 5)
SEPARATOR_BLANKS = (1, 3)
DUPLICATE_SHARE = 0.25
DEFAULT_SEED = 20250101

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the scorer's line rule: no other character ends a line

# Elements whose start or end breaks the text into a new block (a paragraph of the body).
# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# fmt: on
SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math"})

# Readability's test pages that read as news: news sites, magazine features and general-interest
# articles or opinion. Left out by hand: the synthetic fixtures, documentation and manuals,
# software and engineering blogs, fiction, encyclopedias, product and front pages, how-to guides.
# lifehacker-post-comment-load is the same article as lifehacker-working, so only one is kept.
# fmt: off
READABILITY_NEWS_LIKE = frozenset({
    "aclu", "ars-1", "article-author-tag", "bbc-1", "breitbart", "bug-1255978", "buzzfeed-1",
    "citylab-1", "cnet", "cnn", "engadget", "guardian-1", "herald-sun-1", "keep-images",
    "lazy-image-2", "lifehacker-working", "medicalnewstoday", "medium-1", "medium-2", "msn",
    "nytimes-1", "nytimes-2", "nytimes-3", "nytimes-4", "quanta-1", "salon-1",
    "schema-org-context-object", "seattletimes-1", "simplyfound-1", "telegraph", "theverge",
    "tmz-1", "videos-1", "wapo-1", "wapo-2", "webmd-1", "webmd-2", "wikia", "wordpress",
    "yahoo-1", "yahoo-3",
})
# fmt: on
CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>",
    re.IGNORECASE,
)
HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']+)[\"']", re.IGNORECASE)
HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)
OG_TITLE = re.compile(r"<meta\b[^>]*\bproperty=[\"']og:title[\"'][^>]*>", re.IGNORECASE)
TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# What sites put between a headline and their name in <title>: "Headline | Site".
TITLE_SITE_SEPARATOR = re.compile(r"\s+[|\-–—:»]+\s+")


def collapse(text: str) -> str:
    """Runs of whitespace (any kind, no-break spaces too) made single spaces."""
    return " ".join(text.split())


def split_lines(text: str) -> list[str]:
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --- expected article text -------------------------------------------------------------------


class _Blocks(HTMLParser):
    """Text of an HTML fragment, cut into blocks wherever a block element starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.h1: str | None = None
        self._parts: list[str] = []
        self._h1_parts: list[str] = []
        self._skip = 0
        self._in_h1 = 0

    def _flush(self) -> None:
        text = collapse("".join(self._parts))
        if text:
            self.blocks.append(text)
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self._skip += 1
        elif tag in BLOCK_TAGS:
            self._flush()
        if tag == "h1":
            self._in_h1 += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCK_TAGS:
            self._flush()
        if tag == "h1" and self._in_h1:
            self._in_h1 -= 1
            if not self._in_h1 and self.h1 is None:
                self.h1 = collapse("".join(self._h1_parts)) or None

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._parts.append(data)
            if self._in_h1 and self.h1 is None:
                self._h1_parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> tuple[list[str], str | None]:
    """The block texts of `html`, in order, and the text of its first <h1>."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.h1


# --- adapter: mozilla/readability test pages -------------------------------------------------


def _git_show(git_dir: Path, rev: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout


def page_url(html: str) -> str | None:
    for tag in CANONICAL.findall(html):
        found = HREF.search(tag)
        if found and found.group(1).startswith("http"):
            return found.group(1)
    return None


def adapt_readability(git_dir: Path, out: Path, rev: str = "HEAD") -> dict[str, str]:
    """Write PAGES/<name>/ for readability's English news-like test pages; returns skip reasons."""
    commit = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", commit, "test/test-pages/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    skipped: dict[str, str] = {}
    out.mkdir(parents=True, exist_ok=True)
    for folder in listing:
        name = folder.rsplit("/", 1)[-1]
        if name not in READABILITY_NEWS_LIKE:
            skipped[name] = "not news-like (fixture, docs, blog, fiction, other language)"
            continue
        source = _git_show(git_dir, commit, f"{folder}/source.html").decode("utf-8")
        expected = _git_show(git_dir, commit, f"{folder}/expected.html").decode("utf-8")
        meta = json.loads(_git_show(git_dir, commit, f"{folder}/expected-metadata.json"))
        lang = meta.get("lang") or next(iter(HTML_LANG.findall(source)), None)
        if lang and not lang.lower().startswith("en"):
            skipped[name] = f"language {lang}"
            continue
        paragraphs, _ = html_blocks(expected)
        _, source_h1 = html_blocks(source)
        titles = [t for t in (collapse(meta.get("title") or ""), source_h1) if t]
        page_dir = out / name
        page_dir.mkdir(exist_ok=True)
        # a byte-order mark makes Chromium read the file as UTF-8 whatever its <meta> says
        (page_dir / "page.html").write_text("\ufeff" + source.lstrip("\ufeff"), encoding="utf-8")
        record = {
            "name": name,
            "url": page_url(source),
            "titles": titles,
            "paragraphs": paragraphs,
            "source": f"mozilla/readability@{commit}:{folder}",
        }
        (page_dir / "page.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return skipped


# --- adapter: codelucas/newspaper test pages -------------------------------------------------


def adapt_newspaper(git_dir: Path, out: Path, rev: str = "HEAD") -> dict[str, str]:
    """Write PAGES/<name>/ for newspaper's English test pages (tests/data/html/<name>.html,
    whose expected article text is tests/data/text/<name>.txt, paragraphs split at blank
    lines); returns skip reasons. The headline candidates are the page's og:title, its
    first <h1> and its <title>, whole and cut before a site separator ("Headline | Site").
    """
    commit = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", commit, "tests/data/html/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    skipped: dict[str, str] = {}
    out.mkdir(parents=True, exist_ok=True)
    for path in listing:
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        raw = _git_show(git_dir, commit, path)
        source = raw.decode("utf-8", errors="replace")
        lang = next(iter(HTML_LANG.findall(source)), None)
        if "." not in name or (lang and not lang.lower().startswith("en")):
            skipped[name] = f"other language ({lang or name})"
            continue
        try:
            expected = _git_show(git_dir, commit, f"tests/data/text/{name}.txt").decode("utf-8")
        except subprocess.CalledProcessError:
            skipped[name] = "no expected text"
            continue
        paragraphs = [collapse(p) for p in re.split(r"\n\s*\n", expected) if p.strip()]
        _, source_h1 = html_blocks(source)
        titles = []
        for tag in OG_TITLE.findall(source):
            found = HREF.search(tag)
            if found:
                titles.append(collapse(html.unescape(found.group(1))))
        if source_h1:
            titles.append(source_h1)
        for whole in TITLE_TAG.findall(source)[:1]:
            whole = collapse(html.unescape(whole))
            titles += [whole, TITLE_SITE_SEPARATOR.split(whole)[0]]
        titles = [t for t in dict.fromkeys(titles) if t.count(" ") >= 2]
        page_dir = out / name
        page_dir.mkdir(exist_ok=True)
        (page_dir / "page.html").write_text("\ufeff" + source.lstrip("\ufeff"), encoding="utf-8")
        record = {
            "name": name,
            "url": page_url(source),
            "titles": titles,
            "paragraphs": paragraphs,
            "source": f"codelucas/newspaper@{commit}:{path}",
        }
        (page_dir / "page.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return skipped


# --- rendering -------------------------------------------------------------------------------


def open_browser(profile: Path):  # -> selenium WebDriver
    """Debian's Chromium, headless, with no JavaScript and no network; no driver is downloaded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).is_file():
            sys.exit(f"{binary} missing: apt-get install -y chromium chromium-driver")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        "--blink-settings=scriptEnabled=false",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",  # and nothing reaches the network by proxy either
        f"--user-data-dir={profile}",
        "--window-size=1366,900",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(LOAD_TIMEOUT_S)
    return driver


def render(driver, html_path: Path) -> str:
    """The page's select-all text, trailing whitespace stripped from every line."""
    url = html_path.resolve().as_uri()
    driver.get(url)
    if driver.current_url != url:  # a <meta refresh> took the page elsewhere
        raise RuntimeError(f"left the page: {driver.current_url}")
    text = driver.execute_script(SELECT_ALL_JS) or ""
    return "\n".join(line.rstrip() for line in split_lines(text))


# --- locating title and body in the rendered text --------------------------------------------


@dataclass(frozen=True)
class Located:
    title: str
    title_line: int  # 0-based index into the page's lines
    last_line: int  # line of the last body paragraph found
    paragraphs: tuple[str, ...]  # found paragraphs, in expected order, as rendered (collapsed)
    share: float  # found / expected paragraphs


class _Text:
    """A page's lines, collapsed one by one and joined, with offsets back to line numbers."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [collapse(line) for line in lines]
        self.starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line) + 1
        # a paragraph may wrap over consecutive lines, never over a blank one
        self.flat = " ".join(self.lines)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def title_lines(self, title: str) -> Iterator[int]:
        return (i for i, line in enumerate(self.lines) if line == title)


def _find_paragraphs(text: _Text, start: int, paragraphs: Iterable[str]) -> list[tuple[str, int]]:
    """Each paragraph found after `start`: in order where it can be, anywhere after it if not."""
    found: list[tuple[str, int]] = []
    cursor = start
    for para in paragraphs:
        at = text.flat.find(para, cursor)
        if at >= 0:
            cursor = at + len(para)
        else:
            at = text.flat.find(para, start)
            if at < 0:
                continue
        found.append((para, text.line_of(at + len(para) - 1)))
    return found


def locate(lines: list[str], titles: list[str], paragraphs: list[str]) -> Located | None:
    """The headline line and the body paragraphs below it; the first title found as a line wins,
    and of its occurrences the one followed by most of the body, the latest on a tie."""
    text = _Text(lines)
    for title in titles:
        best: Located | None = None
        for t in text.title_lines(title):
            found = _find_paragraphs(text, text.starts[t] + len(title), paragraphs)
            if not found:
                continue
            cand = Located(
                title=title,
                title_line=t,
                last_line=max(line for _, line in found),
                paragraphs=tuple(p for p, _ in found),
                share=len(found) / len(paragraphs),
            )
            if best is None or cand.share >= best.share:
                best = cand
        if best is not None:
            return best
    return None


# --- building the set ------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    id: str
    record: dict
    lines: tuple[str, ...]
    found: Located


@dataclass(frozen=True)
class Chunk:
    page: int  # index into the dump's pages
    lines: tuple[str, ...]
    span: tuple[int, int]  # 0-based, inclusive, within `lines`


def cut(page: Page, mode: str, rng: random.Random) -> Chunk:
    lines = list(page.lines)
    lo, hi = 0, len(lines) - 1
    if mode == "sloppy":
        lo = max(0, page.found.title_line - rng.randint(0, MAX_LINES_ABOVE))
        hi = min(hi, page.found.last_line + rng.randint(0, MAX_LINES_BELOW))
    while lo < page.found.title_line and not lines[lo].strip():
        lo += 1
    while hi > page.found.last_line and not lines[hi].strip():
        hi -= 1
    return Chunk(
        page=-1,
        lines=tuple(lines[lo : hi + 1]),
        span=(page.found.title_line - lo, page.found.last_line - lo),
    )


def group_sizes(n: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    left = n
    while left:
        k = min(rng.randint(*DUMP_SIZES), left)
        if left - k == 1:  # never leave a single page for the last dump
            k = k + 1 if k < DUMP_SIZES[1] else k - 1
        sizes.append(k)
        left -= k
    return sizes


def build_dump(pages: list[Page], rng: random.Random, duplicate: bool, layout: str):
    chunks: list[Chunk] = []
    modes: list[str] = []
    for i, page in enumerate(pages):
        mode = "sloppy" if rng.random() < SLOPPY_SHARE else "page"
        chunk = cut(page, mode, rng)
        chunks.append(Chunk(page=i, lines=chunk.lines, span=chunk.span))
        modes.append(mode)
    if duplicate:
        original = rng.randrange(len(chunks))
        chunks.insert(rng.randint(original + 1, len(chunks)), chunks[original])
    out: list[str] = []
    articles: list[dict] = []
    duplicates: list[dict] = []
    seen: set[int] = set()
    for n, chunk in enumerate(chunks):
        if n:
            out.extend([""] * rng.randint(*SEPARATOR_BLANKS))
        first = len(out) + 1
        out.extend(chunk.lines)
        span = (first + chunk.span[0], first + chunk.span[1])
        if chunk.page in seen:
            duplicates.append(
                {
                    "duplicate_of": chunk.page,
                    "kind": "exact",
                    "line_start": span[0],
                    "line_end": span[1],
                }
            )
            continue
        seen.add(chunk.page)
        page = pages[chunk.page]
        article = {
            "title": page.found.title,
            "paragraphs": list(page.found.paragraphs),
            "line_start": span[0],
            "line_end": span[1],
            "name": page.id,
        }
        if page.record.get("url"):
            article["url"] = page.record["url"]
        article["mode"] = modes[chunk.page]
        articles.append(article)
    gold = {"layout": layout, "articles": articles, "duplicates": duplicates}
    return "\n".join(out) + "\n", gold


def select_pages(pages_dir: Path, work: Path) -> tuple[list[Page], dict[str, str]]:
    """Render every page folder and keep those whose title and body are in the text."""
    kept: list[Page] = []
    dropped: dict[str, str] = {}
    driver = open_browser(work / "profile")
    try:
        for folder in sorted(p for p in pages_dir.iterdir() if (p / "page.json").is_file()):
            record = json.loads((folder / "page.json").read_text(encoding="utf-8"))
            paragraphs = record["paragraphs"]
            try:
                lines = split_lines(render(driver, folder / "page.html"))
            except Exception as exc:  # one broken page must not stop the set
                dropped[folder.name] = f"render failed: {exc.__class__.__name__}"
                continue
            found = locate(lines, record["titles"], paragraphs) if paragraphs else None
            if not any(line.strip() for line in lines):
                dropped[folder.name] = "no text rendered (the page is hidden without JavaScript)"
            elif found is None:
                dropped[folder.name] = "headline not a line of the text (or no body below it)"
            elif found.share < MIN_PARAGRAPH_SHARE:
                dropped[folder.name] = f"only {found.share:.0%} of the body paragraphs found"
            elif len("\n\n".join(found.paragraphs)) < MIN_BODY_CHARS:
                dropped[folder.name] = f"body under {MIN_BODY_CHARS} characters"
            else:
                kept.append(Page(folder.name, record, tuple(lines), found))
            print(folder.name, dropped.get(folder.name, "kept"), file=sys.stderr)
    finally:
        driver.quit()
    return kept, dropped


def build(pages_dir: Path, out: Path, seed: int, layout: str) -> dict:
    with tempfile.TemporaryDirectory() as work:
        kept, dropped = select_pages(pages_dir, Path(work))
    for sub in ("dumps", "gold", "single"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    truth = {}
    for page in kept:
        (out / "single" / f"{page.id}.txt").write_text("\n".join(page.lines) + "\n", "utf-8")
        truth[page.id] = {"articleBody": "\n\n".join(page.record["paragraphs"])}
    (out / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    (out / "page-ids.txt").write_text("".join(f"{p.id}\n" for p in kept), "utf-8")
    rng = random.Random(seed)
    order = sorted(kept, key=lambda p: p.id)
    rng.shuffle(order)
    sizes = group_sizes(len(order), rng)
    with_dup = set(rng.sample(range(len(sizes)), round(len(sizes) * DUPLICATE_SHARE)))
    stats = {"dumps": len(sizes), "articles": 0, "duplicates": 0, "lines": 0}
    start = 0
    for n, size in enumerate(sizes):
        dump, gold = build_dump(order[start : start + size], rng, n in with_dup, layout)
        start += size
        name = f"{n:03d}"
        with open(out / "dumps" / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(dump)
        (out / "gold" / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), "utf-8"
        )
        stats["articles"] += len(gold["articles"])
        stats["duplicates"] += len(gold["duplicates"])
        stats["lines"] += len(split_lines(dump))
    stats["pages_kept"] = len(kept)
    report = {"stats": stats, "dropped": dropped, "seed": seed}
    (out / "build-report.json").write_text(json.dumps(report, indent=1), "utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    adapt = sub.add_parser("adapt-readability", help="mozilla/readability test pages -> PAGES")
    adapt.add_argument("--git-dir", type=Path, required=True)
    adapt.add_argument("--rev", default="HEAD")
    adapt.add_argument("--out", type=Path, required=True)
    news = sub.add_parser("adapt-newspaper", help="codelucas/newspaper test pages -> PAGES")
    news.add_argument("--git-dir", type=Path, required=True)
    news.add_argument("--rev", default="HEAD")
    news.add_argument("--out", type=Path, required=True)
    make = sub.add_parser("build", help="render PAGES, write dumps, gold, single pages")
    make.add_argument("--pages", type=Path, required=True)
    make.add_argument("--out", type=Path, required=True)
    make.add_argument("--seed", type=int, default=DEFAULT_SEED)
    make.add_argument("--layout", default="pages-readability")
    args = ap.parse_args(argv)
    if args.command in ("adapt-readability", "adapt-newspaper"):
        adapt = adapt_readability if args.command == "adapt-readability" else adapt_newspaper
        skipped = adapt(args.git_dir, args.out, args.rev)
        (args.out / "skipped.json").write_text(json.dumps(skipped, indent=1), "utf-8")
        print(json.dumps({"skipped": len(skipped)}, indent=1))
    else:
        report = build(args.pages, args.out, args.seed, args.layout)
        print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
