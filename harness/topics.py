"""The BBC corpus's topic folders as IPTC Media Topics, for topic training and eval alike."""

from __future__ import annotations

__all__ = ["BBC_TO_IPTC"]

# The BBC corpus's five folders as IPTC Media Topics: what training learns and eval scores.
BBC_TO_IPTC = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}
