"""`copydesk jobs …`: submit a file as a job, follow it, fetch its results — stdlib HTTP only.

The file is gzip-compressed on the way and sent in chunked transfer encoding, so a client
machine never holds it whole either. Results are fetched with `?from=` and resumed from the
last complete line whenever a stream ends early.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import urlencode

__all__ = ["JobFailed", "JobsClient"]

SEND_BLOCK = 2**20
POLL_S = 1.0


class JobFailed(RuntimeError):
    """The job ended failed or cancelled, or the server refused a request."""


class JobsClient:
    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 330) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_s = timeout_s

    def _request(
        self,
        method: str,
        path: str,
        data: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers or {}
        )
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            return urllib.request.urlopen(request, timeout=self.timeout_s)
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")
            error.close()
            raise JobFailed(f"{method} {path}: {error.code} {detail}") from None

    def submit(
        self,
        source: IO[bytes],
        dump: bool = False,
        idempotency_key: str | None = None,
        callback_url: str | None = None,
    ) -> dict[str, Any]:
        headers = {
            "Content-Type": "text/plain; charset=utf-8" if dump else "application/x-ndjson",
            "Content-Encoding": "gzip",
        }
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        query = f"?{urlencode({'callback_url': callback_url})}" if callback_url else ""
        # an iterable body without a length goes out in chunked transfer encoding
        with self._request("POST", "/v1/jobs" + query, _gzipped(source), headers) as response:
            status: dict[str, Any] = json.load(response)
        return status

    def status(self, job_id: str) -> dict[str, Any]:
        with self._request("GET", f"/v1/jobs/{job_id}") as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def cancel(self, job_id: str) -> dict[str, Any]:
        with self._request("DELETE", f"/v1/jobs/{job_id}") as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def wait(self, job_id: str, progress: Any = None) -> dict[str, Any]:
        """Poll until the job ends; `progress` (a tqdm bar) follows the documents done."""
        while True:
            status = self.status(job_id)
            if progress is not None:
                progress.total = status["documents"]["total"]
                progress.n = status["documents"]["done"]
                progress.refresh()
            if status["status"] in {"done", "failed", "cancelled"}:
                return status
            time.sleep(POLL_S)

    def results(self, job_id: str, start: int = 0) -> Iterator[bytes]:
        """Every result line from `start` on (each ending in a newline), until the job has
        ended and none is left."""
        position = start
        while True:
            path = f"/v1/jobs/{job_id}/results?from={position}&wait=60"
            got = 0
            with self._request("GET", path) as response:
                job_status = response.headers.get("X-Job-Status", "")
                for line in response:
                    if not line.endswith(b"\n"):
                        break  # cut short: ask again from here
                    yield line
                    got += 1
            position += got
            if got == 0 and job_status in {"done", "failed", "cancelled"}:
                return


def _gzipped(source: IO[bytes]) -> Iterator[bytes]:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=5) as packer:
        while block := source.read(SEND_BLOCK):
            packer.write(block)
            if buffer.tell():
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def run_submit(args: Any) -> int:
    """The `copydesk jobs submit` command."""
    from tqdm import tqdm

    client = JobsClient(args.url, args.api_key)
    dump = args.dump or args.file.endswith(".txt")
    source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    try:
        status = client.submit(source, dump, args.idempotency_key, args.callback_url)
    except (JobFailed, OSError) as error:
        print(f"copydesk: submit failed: {error}", file=sys.stderr)
        return 1
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    print(json.dumps(status), file=sys.stderr if args.wait else sys.stdout)
    if not args.wait:
        return 0
    with tqdm(unit="doc", disable=args.no_progress, file=sys.stderr) as bar:
        status = client.wait(status["id"], bar)
    if status["status"] != "done":
        print(f"copydesk: job {status['status']}: {status.get('error')}", file=sys.stderr)
        return 1
    return _write_results(client, status["id"], args.output)


def run_results(args: Any) -> int:
    return _write_results(JobsClient(args.url, args.api_key), args.job_id, args.output)


def _write_results(client: JobsClient, job_id: str, output: str) -> int:
    out = sys.stdout.buffer if output == "-" else open(output, "wb")  # noqa: SIM115
    try:
        for line in client.results(job_id):
            out.write(line)
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    return 0
