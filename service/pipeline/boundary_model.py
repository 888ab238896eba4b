"""The learned boundary model: scores per line, then one decoding of the whole dump.

Each non-blank line is one of four states: "T" opens an article (its headline), "B" is
body text of the article above, "C" is furniture inside that article (a byline, a caption,
a share bar, a list of links to other stories), "O" lies outside every article (menus,
footers, teasers, rules and kickers between stories). A small network gives each line a
probability per state from its features; the decoder then picks the best sequence of
states for the whole dump at once (Viterbi over the learned state transitions), so one weak
line cannot open or close an article by itself.

The weights live in service/data/segmenter.json, written by scripts/train_segmenter.py.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from service.pipeline.boundary_features import FEATURE_NAMES

__all__ = [
    "STATES",
    "BoundaryModel",
    "decode",
    "load_boundary_model",
    "log_start",
    "log_transitions",
]

STATES = ("O", "T", "B", "C")
_O, _T, _B, _C = 0, 1, 2, 3
# An article opens on its headline: body or furniture right after an outside run, or at the
# very start, is allowed (a paste can begin mid-story) but costs this much.
HEADLESS = 1e-4


@dataclass(frozen=True)
class BoundaryModel:
    """Weights of the line scorer and the decoder's transition scores (log probabilities)."""

    mean: np.ndarray  # feature centring
    scale: np.ndarray  # feature scaling
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]  # (weights, bias); ReLU between them
    start: np.ndarray  # log P(first state)
    transitions: np.ndarray  # log P(state | previous state), [previous, next]
    transition_weight: float  # how much the decoder trusts transitions against the scorer

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(state | features) per row, columns in STATES order."""
        x = (features - self.mean) / self.scale
        for k, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if k + 1 < len(self.layers):
                np.maximum(x, 0.0, out=x)
        x -= x.max(axis=1, keepdims=True)
        np.exp(x, out=x)
        x /= x.sum(axis=1, keepdims=True)
        return x

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURE_NAMES),
            "states": list(STATES),
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "layers": [{"weights": _rounded(w), "bias": _rounded(b)} for w, b in self.layers],
            "start": _rounded(self.start),
            "transitions": _rounded(self.transitions),
            "transition_weight": self.transition_weight,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> BoundaryModel:
        if data.get("features") != list(FEATURE_NAMES) or data.get("states") != list(STATES):
            raise ValueError("segmenter model was trained on other features: retrain it")

        def arr(value: object) -> np.ndarray:
            return np.asarray(value, dtype=np.float32)

        layers = data["layers"]
        assert isinstance(layers, list)
        return cls(
            mean=arr(data["mean"]),
            scale=arr(data["scale"]),
            layers=tuple((arr(layer["weights"]), arr(layer["bias"])) for layer in layers),
            start=arr(data["start"]),
            transitions=arr(data["transitions"]),
            transition_weight=float(data["transition_weight"]),  # type: ignore[arg-type]
        )


def _rounded(values: np.ndarray) -> object:
    """Six significant digits: the file rebuilds byte for byte and stays small."""
    return np.vectorize(lambda v: float(f"{v:.6g}"), otypes=[object])(values).tolist()


@cache
def load_boundary_model() -> BoundaryModel:
    """The shipped model, loaded once per process."""
    text = resources.files("service").joinpath("data/segmenter.json").read_text("utf-8")
    return BoundaryModel.from_json(json.loads(text))


def decode(probabilities: np.ndarray, model: BoundaryModel) -> list[int]:
    """The most likely state per line for the whole sequence (Viterbi), STATES indices."""
    n = len(probabilities)
    if n == 0:
        return []
    emit = np.log(np.maximum(probabilities, 1e-9)).tolist()
    w = model.transition_weight
    tr = (model.transitions * w).tolist()
    (oo, ot, ob, oc), (to, tt, tb, tc), (bo, bt, bb, bc), (co, ct, cb, cc) = tr
    o, t, b, c = (s + e for s, e in zip((model.start * w).tolist(), emit[0], strict=True))
    back: list[tuple[int, int, int, int]] = []
    # this loop runs once per non-blank line of the dump: four states, unrolled
    for eo, et, eb, ec in emit[1:]:
        ko, so = _best(o + oo, t + to, b + bo, c + co)
        kt, st = _best(o + ot, t + tt, b + bt, c + ct)
        kb, sb = _best(o + ob, t + tb, b + bb, c + cb)
        kc, sc = _best(o + oc, t + tc, b + bc, c + cc)
        back.append((ko, kt, kb, kc))
        o, t, b, c = so + eo, st + et, sb + eb, sc + ec
    score = [o, t, b, c]
    state = score.index(max(score))
    path = [state]
    for pointers in reversed(back):
        state = pointers[state]
        path.append(state)
    path.reverse()
    return path


def _best(a: float, b: float, c: float, d: float) -> tuple[int, float]:
    """(index, value) of the largest of four scores; the first on ties."""
    if a >= b:
        if a >= c:
            return (0, a) if a >= d else (3, d)
        return (2, c) if c >= d else (3, d)
    if b >= c:
        return (1, b) if b >= d else (3, d)
    return (2, c) if c >= d else (3, d)


def log_transitions(counts: np.ndarray) -> np.ndarray:
    """Row-normalised log probabilities from transition counts, add-one smoothed."""
    smoothed = counts.astype(np.float64) + 1.0
    out = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
    out[_O, _B] = out[_O, _C] = math.log(HEADLESS)
    return out.astype(np.float32)


def log_start(counts: np.ndarray) -> np.ndarray:
    """Log probabilities of the first line's state, add-one smoothed, headless ones rare."""
    smoothed = counts.astype(np.float64) + 1.0
    out = np.log(smoothed / smoothed.sum())
    out[_B] = out[_C] = math.log(HEADLESS)
    return out.astype(np.float32)
