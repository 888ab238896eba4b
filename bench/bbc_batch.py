"""Run all 2,225 BBC files through fold_across_documents() as one batch would, one document each.

    PYTHONPATH=. python bench/bbc_batch.py [--threshold 0.8] [--list]

Documents are the files in path order; each holds one article (title = line 1). Prints JSON:
how many folds, by kind, how many join same-title files, and with --list every fold
(later file <- earlier file, similarity, both titles) for checking by eye.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import corpus
from service.model import DEFAULT_NEAR_THRESHOLD, Span
from service.pipeline.dedupe import ArticleText, fold_across_documents


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threshold", type=float, default=DEFAULT_NEAR_THRESHOLD)
    ap.add_argument("--mode", default="near")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    stories = corpus.bbc()
    docs = [(s.id, [ArticleText(s.title, s.body, Span(0, len(s.body), 1, 1))]) for s in stories]
    t0 = time.perf_counter()
    result = fold_across_documents(docs, args.mode, args.threshold)
    seconds = time.perf_counter() - t0
    by_id = {s.id: s for s in stories}
    folds = []
    for (doc_id, _texts), cross in zip(docs, result, strict=True):
        for fold in cross.moved.values():
            original = by_id[fold.document]
            folds.append(
                {
                    "later": doc_id,
                    "earlier": fold.document,
                    "kind": fold.kind,
                    "similarity": fold.similarity,
                    "fuller": fold.fuller,
                    "same_title": original.title == by_id[doc_id].title,
                    "titles": [original.title, by_id[doc_id].title],
                }
            )
    title_groups = Counter(s.title for s in stories)
    report = {
        "documents": len(docs),
        "seconds": round(seconds, 2),
        "folds": len(folds),
        "by_kind": Counter(f["kind"] for f in folds),
        "same_title": sum(f["same_title"] for f in folds),
        "other_title": sum(not f["same_title"] for f in folds),
        "fuller": sum(f["fuller"] for f in folds),
        "files_sharing_a_title": sum(n for n in title_groups.values() if n > 1),
        "titles_shared": sum(1 for n in title_groups.values() if n > 1),
    }
    if args.list:
        report["list"] = sorted(folds, key=lambda f: f["similarity"])
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
