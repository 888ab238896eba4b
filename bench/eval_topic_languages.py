"""Non-English articles get no English topics: SemEval-2022 texts in other languages, run.

    PYTHONPATH=. python bench/eval_topic_languages.py [--per-language 40]

Each text (headline, blank line, its paragraphs) goes through the whole pipeline; prints JSON:
articles by detected language and how many got a topic (the target is none).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.corpus import semeval_foreign  # noqa: E402
from service.pipeline import run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-language", type=int, default=40)
    args = ap.parse_args()
    articles: Counter[str] = Counter()
    with_topics: Counter[str] = Counter()
    for _lang, head, paragraphs in semeval_foreign(args.per_language):
        for article in run(head + "\n\n" + "\n\n".join(paragraphs) + "\n").articles:
            articles[article.language] += 1
            with_topics[article.language] += bool(article.tags.topics)
    report = {
        "articles": sum(articles.values()),
        "with_topics": sum(with_topics.values()),
        "by_language": {k: [articles[k], with_topics[k]] for k in sorted(articles)},
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
