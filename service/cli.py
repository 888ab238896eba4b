"""The `copydesk` command: process a dump, run a batch in-process, or serve HTTP."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except BrokenPipeError:  # `copydesk process big.txt | head` is fine
        return 0
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copydesk", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("process", help="print the /v1/process JSON for one dump")
    p.add_argument("file", nargs="?", default="-", help="the dump (default: standard input)")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    _add_option_flags(p)
    p.set_defaults(handler=_process)

    b = sub.add_parser("batch", help="process an NDJSON file of documents in-process")
    b.add_argument("file", help='NDJSON, one {"id"?, "text", "options"?} a line ("-": stdin)')
    b.add_argument("-o", "--output", default="-", help="where to write NDJSON results")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    b.set_defaults(handler=_batch)

    s = sub.add_parser("serve", help="serve HTTP with gunicorn (gunicorn.conf.py settings)")
    s.add_argument("--bind", help="HOST:PORT (default: $HOST:$PORT, 0.0.0.0:8000)")
    s.add_argument("--workers", type=int, help="worker processes (default: $WEB_CONCURRENCY)")
    s.set_defaults(handler=_serve)
    return parser


def _add_option_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dedupe", choices=("near", "exact", "off"))
    parser.add_argument("--near-threshold", type=float)
    parser.add_argument("--tags", help="comma list of entities,topics,keywords,agencies")


def _options_from_args(args: argparse.Namespace) -> Any:
    from service.web.schemas import options_from_query

    raw = {"dedupe": args.dedupe, "near_threshold": args.near_threshold, "tags": args.tags}
    return options_from_query({k: str(v) for k, v in raw.items() if v is not None})


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(name, encoding="utf-8", newline="") as fh:  # newline="": offsets match the file
        return fh.read()


def _process(args: argparse.Namespace) -> int:
    from marshmallow import ValidationError

    from service.web.processing import render_uncached

    try:
        options = _options_from_args(args)
    except ValidationError as error:
        print(f"copydesk: invalid option: {error.messages}", file=sys.stderr)
        return 2
    body = render_uncached(_read_text(args.file), options, None)
    if args.pretty:
        json.dump(json.loads(body), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(body.decode("utf-8") + "\n")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from service.web.batch import run_batch

    source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    lines = source.read().splitlines()
    if source is not sys.stdin:
        source.close()
    out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    progress = tqdm(total=len(lines), unit="doc", disable=args.no_progress, file=sys.stderr)
    try:
        for slot in run_batch(_ndjson(lines)):
            out.write(slot.decode("utf-8") + "\n")
            progress.update(1)
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    return 0


def _ndjson(lines: list[str]) -> Iterator[Any]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                yield ValueError(f"line {number}: {error.msg}")


def gunicorn_argv(
    bind: str, workers: int | None = None, app: str = "service.wsgi:app"
) -> list[str]:
    """The gunicorn command `copydesk serve` runs (the cache-hit bench runs its anchor app
    under the very same one)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:service.gunicorn_settings",
        "--bind",
        bind,
    ]
    if workers:
        argv += ["--workers", str(workers)]
    return [*argv, app]


def _serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn, so signals reach it directly (PID 1 in a container)."""
    host = os.environ.get("HOST", "0.0.0.0")
    port = os.environ.get("PORT", "8000")
    argv = gunicorn_argv(args.bind or f"{host}:{port}", args.workers)
    sys.stdout.flush()
    os.execv(sys.executable, argv)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
