"""Top 5 keyphrases of 20 corpus articles beside their titles, through the pipeline.

    PYTHONPATH=. python bench/show_keywords.py [--dumps DIR]

Eight BBC News files (every 280th), six Reuters-21578 stories and six SemEval-2022 sample
texts (the same as bench/show_topics.py uses). With `--dumps` (e.g. ../shared/eval/dumps):
instead, every keyphrase of the first article of at least 120 words in each DIR/*.txt
dump, as sent. Prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.show_topics import REUTERS_TITLES, SEMEVAL_PAIRS
from bench.topic_corpus import bbc, one_article, reuters_by_title, semeval
from service.model import Options
from service.pipeline import run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dumps", type=Path, help="a folder of dumps to read instead")
    args = ap.parse_args()
    options = Options(tags=frozenset({"keywords"}))
    if args.dumps:
        return show_dumps(args.dumps, options)
    dumps = []
    for path in bbc()[::280][:8]:
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        dumps.append((title, one_article(title, body)))
    for title, body in reuters_by_title(REUTERS_TITLES[:6]):
        dumps.append((title, one_article(title, body.replace("\n    ", "\n\n"))))
    dumps += [(headline, text) for headline, text in semeval(SEMEVAL_PAIRS[:6])]
    for title, dump in dumps:
        articles = run(dump, options).articles
        article = max(articles, key=lambda a: a.word_count)
        top5 = [k.text for k in article.tags.keywords[:5]]
        print(json.dumps({"title": title, "keywords": top5}, ensure_ascii=False))
    return 0


def show_dumps(folder: Path, options: Options) -> int:
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        long = [a for a in run(text, options).articles if a.word_count >= 120]
        if long:
            keywords = [k.text for k in long[0].tags.keywords]
            print(json.dumps({"dump": path.name, "title": long[0].title, "keywords": keywords}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
