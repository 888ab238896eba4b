"""copydesk: raw news dumps in, clean, deduplicated, tagged articles out."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
