"""How our similarity separates SemEval-2022 Task 8 English pairs: same story vs different.

    PYTHONPATH=. python bench/semeval_pairs.py

Pairs from the shared sample (training and testing CSV) with both texts in English, rated
"same" (Overall <= 1.5) or "different" (Overall >= 3.5); the middle is left out. A pair is
predicted "same" when dedupe would fold it (fold_similarity at the threshold: containment of
2-word shingles plus the keyword and short-brief checks). Prints JSON: counts, precision and
recall of "same" at each threshold (the default marked), and the similarity quartiles.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import CORPUS
from service.model import DEFAULT_NEAR_THRESHOLD
from service.pipeline.dedupe import fold_similarity, sign, similarity

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def pairs() -> list[tuple[str, str, float]]:
    csv.field_size_limit(1 << 30)
    out = []
    for name in ("training_set.csv", "testing_set.csv"):
        with open(CORPUS / "semeval2022_task8_sample" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["lang1"] == "en" and row["lang2"] == "en":
                    out.append((row["text1"], row["text2"], float(row["Overall"])))
    return out


def main() -> int:
    rows = [(a, b, o) for a, b, o in pairs() if o <= 1.5 or o >= 3.5]
    sigs = [(sign(a), sign(b), o <= 1.5) for a, b, o in rows]
    same = sum(1 for *_, s in sigs if s)
    table = {}
    for t in sorted({*THRESHOLDS, DEFAULT_NEAR_THRESHOLD}):
        pred = [(fold_similarity(x, y, t) is not None, s) for x, y, s in sigs]
        tp = sum(1 for p, s in pred if p and s)
        fp = sum(1 for p, s in pred if p and not s)
        raw = [(similarity(x, y) >= t, s) for x, y, s in sigs]
        rtp = sum(1 for p, s in raw if p and s)
        rfp = sum(1 for p, s in raw if p and not s)
        table[f"{t:g}" + (" (default)" if t == DEFAULT_NEAR_THRESHOLD else "")] = {
            "folded": tp + fp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / same, 4) if same else None,
            "containment_only": {"above": rtp + rfp, "same": rtp, "different": rfp},
        }
    sims = {
        label: np.percentile([similarity(x, y) for x, y, s in sigs if s == want], [25, 50, 75])
        .round(3)
        .tolist()
        for label, want in (("same", True), ("different", False))
    }
    pos = [similarity(x, y) for x, y, s in sigs if s]
    neg = [similarity(x, y) for x, y, s in sigs if not s]
    # ranking quality: the chance a "same" pair scores above a "different" one
    auc = float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))
    report = {
        "pairs_en": len(rows),
        "same_overall_le_1.5": same,
        "different_overall_ge_3.5": len(rows) - same,
        "by_threshold": table,
        "containment_quartiles": sims,
        "containment_auc": round(auc, 4),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
