"""What topic training and the topic benches share: the BBC folders as IPTC Media Topics and
the calibration measure."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["BBC_TO_IPTC", "expected_calibration_error"]

# The BBC corpus's five folders as IPTC Media Topics: what training learns and eval scores.
BBC_TO_IPTC = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}


def expected_calibration_error(
    confidence: Sequence[float], right: Sequence[bool], bins: int = 10
) -> float:
    """|accuracy − mean confidence| over equal-width confidence bins, weighted by their size."""
    total = 0.0
    for b in range(bins):
        inside = [
            (c, r) for c, r in zip(confidence, right, strict=True) if b / bins < c <= (b + 1) / bins
        ]
        if inside:
            mean_confidence = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(r for _, r in inside) / len(inside)
            total += len(inside) / len(right) * abs(accuracy - mean_confidence)
    return total
