"""NDJSON documents as /v1/batch, `copydesk batch` and the jobs API read them.

Lines are split on b"\\n" only: a JSON string may hold U+2028 or a lone \\r, which
str.splitlines() would wrongly take for line ends. Blank lines are skipped; a line that is
not JSON becomes a ValueError in its place, answered by a problem for that document alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["ndjson_documents", "parse_json", "parse_ndjson_line"]


def parse_json(data: str | bytes) -> Any:
    """json.loads, with every way it fails on bad input as a ValueError saying why.

    The stdlib decoder recurses once per nesting level: a body of 100,000 "[" raises
    RecursionError, which is the client's error, not ours.
    """
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise ValueError(error.msg) from None
    except UnicodeDecodeError as error:
        raise ValueError(str(error)) from None
    except RecursionError:
        raise ValueError("it is nested too deeply") from None


def parse_ndjson_line(number: int, line: bytes) -> Any:
    """The document on NDJSON line `number` (1-based), or a ValueError standing for it."""
    try:
        return parse_json(line)
    except ValueError as error:
        return ValueError(f"NDJSON line {number}: {error}.")


def ndjson_documents(lines: Iterable[bytes]) -> Iterator[Any]:
    """One raw document per non-blank line, in order."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield parse_ndjson_line(number, line)
