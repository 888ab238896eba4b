"""The `copydesk` command: process a dump, run a batch in-process, serve HTTP, run a job
worker, or submit a job to a server."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
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

    w = sub.add_parser("worker", help="run a job worker (RQ) on the queue Redis")
    w.add_argument("--queue", action="append", default=[], help="queue name (default $JOB_QUEUE)")
    w.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    w.set_defaults(handler=_worker)

    j = sub.add_parser("jobs", help="submit a job to a server and fetch its results")
    jobs = j.add_subparsers(required=True, metavar="ACTION")
    js = jobs.add_parser("submit", help="submit an NDJSON file (or a .txt dump) as a job")
    js.add_argument("file", help='NDJSON, one {"id"?, "text", "options"?} a line; "-": stdin')
    js.add_argument("--dump", action="store_true", help="the file is one text dump")
    js.add_argument("--wait", action="store_true", help="follow the job, then write its results")
    js.add_argument("-o", "--output", default="-", help="where --wait writes the NDJSON results")
    js.add_argument("--idempotency-key", help="a retried submit with it returns the same job")
    js.add_argument("--callback-url", help="POSTed (signed) when the job ends")
    js.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    js.set_defaults(handler=_jobs_submit)
    jr = jobs.add_parser("results", help="write a job's results as NDJSON")
    jr.add_argument("job_id")
    jr.add_argument("-o", "--output", default="-")
    jr.set_defaults(handler=_jobs_results)
    for action in (js, jr):
        action.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8000")
        action.add_argument("--api-key", default=os.environ.get("COPYDESK_API_KEY"))

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
    from service.web.ndjson import ndjson_documents

    source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    lines = source.read().split(b"\n")
    if source is not sys.stdin.buffer:
        source.close()
    out: TextIO = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    documents = sum(1 for line in lines if line.strip())
    progress = tqdm(total=documents, unit="doc", disable=args.no_progress, file=sys.stderr)
    try:
        for slot in run_batch(ndjson_documents(lines)):
            out.write(slot.decode("utf-8") + "\n")
            progress.update(1)
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    return 0


def _worker(args: argparse.Namespace) -> int:
    from service.jobs.worker import run_worker

    return run_worker(args.queue, args.burst)


def _jobs_submit(args: argparse.Namespace) -> int:
    from service.jobs.client import run_submit

    return run_submit(args)


def _jobs_results(args: argparse.Namespace) -> int:
    from service.jobs.client import run_results

    return run_results(args)


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
