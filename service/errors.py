"""Errors raised on purpose, shared by the pipeline and the HTTP edge.

    CopydeskError
     ├── InputError          the dump cannot be processed as sent (422)
     └── DeadlineExceeded    the request's time budget ran out (503, Retry-After)
"""

from __future__ import annotations

__all__ = ["CopydeskError", "DeadlineExceeded", "InputError"]


class CopydeskError(Exception):
    """Base of every error we raise on purpose."""


class InputError(CopydeskError):
    """The dump cannot be processed as sent."""


class DeadlineExceeded(CopydeskError):
    """The work did not finish within the request's deadline."""
