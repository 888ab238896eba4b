"""Rebuild service/data/word_vectors.npz: static word vectors distilled from a sentence encoder.

    PYTHONPATH=. python scripts/build_word_vectors.py --encoder DIR

DIR is a copy of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; Wang et al. 2020, MiniLM,
fine-tuned on a billion sentence pairs): its config.json, vocab.txt, tokenizer files and
model.safetensors. It needs torch and transformers (`pip install -e '.[vectors]'`); the
service never does: it reads only the table this writes.

Each word of the vocabulary goes through the encoder alone, and the mean of its word-piece
outputs is its vector (the static distillation of Model2Vec, Tulkens & van Dongen 2024):
words the encoder places near each other ("quake", "tremor", "earthquake") stay near each
other, so a topic learnt from a few labelled stories reaches words those stories never used.
The vectors are reduced to 256 dimensions by PCA (signs fixed: each component's largest
coefficient is positive) and stored as int8 with one scale per dimension.

The vocabulary: the encoder's own whole-word entries, and every word that occurs three times
or more in the texts the topic model may train on (harness.topic_items.training_texts; never
a test item). The encoder runs on one thread in a fixed order, so a rebuild on the same
machine is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from sklearn.decomposition import PCA
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.topic_items import training_texts  # noqa: E402
from service.pipeline.words import STOP_WORDS, tokens_with_breaks, word_key  # noqa: E402

OUT = ROOT / "service" / "data" / "word_vectors.npz"
DIMENSIONS = 256
MIN_COUNT = 3
BATCH = 256
# The copy of all-MiniLM-L6-v2 these vectors were built from (sha256 of model.safetensors).
ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def vocabulary(encoder: Path) -> list[str]:
    pieces = (encoder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    words = {p for p in pieces if p.isalpha() and len(p) > 1}
    counts: Counter[str] = Counter()
    for text in training_texts():
        counts.update(word_key(w) for w in tokens_with_breaks(text) if len(w) > 1)
    words.update(w for w, n in counts.items() if n >= MIN_COUNT)
    return sorted(w for w in words if w not in STOP_WORDS)


def encode(words: list[str], encoder: Path) -> np.ndarray:
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    tokenizer = AutoTokenizer.from_pretrained(encoder)
    model = AutoModel.from_pretrained(encoder).eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(words), BATCH):
            encoded = tokenizer(words[start : start + BATCH], padding=True, return_tensors="pt")
            hidden = model(**encoded).last_hidden_state
            mask = encoded["attention_mask"].clone()
            lengths = mask.sum(dim=1)
            mask[:, 0] = 0  # [CLS]
            mask[torch.arange(len(lengths)), lengths - 1] = 0  # [SEP]
            weights = mask.unsqueeze(-1).float()
            out.append(((hidden * weights).sum(1) / weights.sum(1)).numpy())
    return np.concatenate(out).astype(np.float64)


def reduce(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PCA to DIMENSIONS with fixed signs, then int8 with a scale per dimension."""
    pca = PCA(DIMENSIONS, svd_solver="full").fit(vectors)
    components = pca.components_
    signs = np.sign(components[np.arange(DIMENSIONS), np.abs(components).argmax(axis=1)])
    reduced = (vectors - pca.mean_) @ (components * signs[:, None]).T
    scale = np.abs(reduced).max(axis=0) / 127.0
    return np.round(reduced / scale).astype(np.int8), scale.astype(np.float32)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--encoder", type=Path, required=True, help="all-MiniLM-L6-v2 folder")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    digest = hashlib.sha256((args.encoder / "model.safetensors").read_bytes()).hexdigest()
    if digest != ENCODER_SHA256:
        print(f"warning: model.safetensors is {digest}, not {ENCODER_SHA256}", file=sys.stderr)
    words = vocabulary(args.encoder)
    print(f"{len(words)} words", file=sys.stderr)
    vectors, scale = reduce(encode(words, args.encoder))
    np.savez_compressed(
        args.out,
        words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        vectors=vectors,
        scale=scale,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
