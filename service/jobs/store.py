"""A job's state in the queue Redis: its record, its input chunks, their results.

Every key of a job carries the job id as a hash tag (`{job_…}`), so a job's keys share one
cluster slot and the Lua scripts below may touch them together. Every key expires with the
job (`JOB_TTL_S` after submission); a cancelled job keeps only its record, for an hour.

    job:{id}            hash: tenant, kind, status, counters, timestamps, error
    job:{id}:starts     list: the input position of each chunk's first document
    job:{id}:ids        set: document ids while the upload runs (repeats are refused)
    job:{id}:in:K       chunk K's input (zstd)
    job:{id}:part:K     chunk K's per-document results before the fold (zstd)
    job:{id}:out:K      chunk K's final result lines, after the fold (zstd)
    job:{id}:done       set: chunks whose part is written
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis
import zstandard

__all__ = [
    "STATUSES",
    "JobRecord",
    "JobStore",
    "compress",
    "decompress",
    "new_job_id",
]

# What clients see; "receiving" (the upload still running) is shown as "queued".
STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINAL = frozenset({"done", "failed", "cancelled"})
CANCELLED_KEEP_S = 3600

# A chunk's part is written and counted once, however often the chunk ran: a retry after
# a lost worker overwrites the same bytes and adds nothing to the counters.
_SAVE_PART_LUA = """
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[5])
if redis.call('sadd', KEYS[2], ARGV[2]) == 1 then
  redis.call('expire', KEYS[2], ARGV[5])
  redis.call('hincrby', KEYS[3], 'done_docs', ARGV[3])
  redis.call('hincrby', KEYS[3], 'failed_docs', ARGV[4])
  return redis.call('hincrby', KEYS[3], 'chunks_done', 1)
end
return -1
"""


def new_job_id() -> str:
    return f"job_{uuid.uuid4().hex}"


def compress(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3).compress(data)


def decompress(data: bytes) -> bytes:
    return zstandard.ZstdDecompressor().decompress(data)


def _now() -> float:
    return time.time()


def _rfc3339(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class JobRecord:
    """A job as its hash holds it."""

    job_id: str
    tenant: str
    kind: str  # "documents" or "dump"
    status: str
    total_docs: int
    chunks: int
    done_docs: int
    failed_docs: int
    chunks_done: int
    results_ready: int
    articles: int | None
    duplicates: int | None
    created_at: float
    started_at: float | None
    finished_at: float | None
    expires_at: float
    error: str | None
    callback_url: str | None

    @classmethod
    def from_hash(cls, job_id: str, fields: dict[bytes, bytes]) -> JobRecord:
        text = {k.decode(): v.decode() for k, v in fields.items()}

        def number(name: str) -> int:
            return int(text.get(name) or 0)

        def moment(name: str) -> float | None:
            return float(text[name]) if text.get(name) else None

        folded = "articles" in text
        return cls(
            job_id=job_id,
            tenant=text.get("tenant", ""),
            kind=text.get("kind", "documents"),
            status=text.get("status", "queued"),
            total_docs=number("total_docs"),
            chunks=number("chunks"),
            done_docs=number("done_docs"),
            failed_docs=number("failed_docs"),
            chunks_done=number("chunks_done"),
            results_ready=number("results_ready"),
            articles=number("articles") if folded else None,
            duplicates=number("duplicates") if folded else None,
            created_at=float(text.get("created_at") or 0),
            started_at=moment("started_at"),
            finished_at=moment("finished_at"),
            expires_at=float(text.get("expires_at") or 0),
            error=text.get("error") or None,
            callback_url=text.get("callback_url") or None,
        )

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def eta_s(self, now: float | None = None) -> float | None:
        """Time left, from the rate so far; None before any document is done or after."""
        if self.final or not self.started_at or not self.done_docs:
            return None
        elapsed = (now or _now()) - self.started_at
        left = self.total_docs - self.done_docs
        # the fold reads each result once more: count it as a tenth of the work
        fold_left = 0.1 * (self.total_docs - self.results_ready)
        return round(elapsed / self.done_docs * (left + fold_left), 1)

    def public(self) -> dict[str, Any]:
        """The job status object of the API, the CLI and the callbacks."""
        return {
            "id": self.job_id,
            "status": "queued" if self.status == "receiving" else self.status,
            "kind": self.kind,
            "documents": {
                "total": self.total_docs,
                "done": self.done_docs,
                "failed": self.failed_docs,
            },
            "chunks": {"total": self.chunks, "done": self.chunks_done},
            "results_ready": self.results_ready,
            "articles": self.articles,
            "duplicates": self.duplicates,
            "created_at": _rfc3339(self.created_at),
            "started_at": _rfc3339(self.started_at),
            "finished_at": _rfc3339(self.finished_at),
            "expires_at": _rfc3339(self.expires_at),
            "eta_s": self.eta_s(),
            "error": self.error,
            "results": f"/v1/jobs/{self.job_id}/results",
        }


class JobStore:
    """The job keys in one Redis; every method is a few round trips at most."""

    def __init__(self, client: redis.Redis, prefix: str = "copydesk:") -> None:
        self.client = client
        self._prefix = prefix
        self._save_part = client.register_script(_SAVE_PART_LUA)

    # -- keys ---------------------------------------------------------------------------
    def key(self, job_id: str, suffix: str = "") -> str:
        return f"{self._prefix}job:{{{job_id}}}{suffix}"

    def _ttl(self, job_id: str) -> int:
        expires = self.client.hget(self.key(job_id), "expires_at")
        left = float(expires) - _now() if expires else 0
        return max(1, int(left))

    # -- submission ---------------------------------------------------------------------
    def create(
        self, job_id: str, tenant: str, kind: str, ttl_s: int, callback_url: str | None
    ) -> None:
        now = _now()
        fields = {
            "tenant": tenant,
            "kind": kind,
            "status": "receiving",
            "created_at": repr(now),
            "expires_at": repr(now + ttl_s),
            "callback_url": callback_url or "",
        }
        with self.client.pipeline() as pipe:
            pipe.hset(self.key(job_id), mapping=fields)  # type: ignore[arg-type]
            pipe.expire(self.key(job_id), ttl_s)
            pipe.execute()

    def claim_idempotency_key(self, tenant: str, key: str, job_id: str, ttl_s: int) -> str | None:
        """None when the key is ours now; else the job id an earlier submit holds it for."""
        name = f"{self._prefix}job-idem:{tenant}:{key}"
        if self.client.set(name, job_id, nx=True, ex=ttl_s):
            return None
        held = self.client.get(name)
        return held.decode() if isinstance(held, bytes) else job_id

    def release_idempotency_key(self, tenant: str, key: str) -> None:
        self.client.delete(f"{self._prefix}job-idem:{tenant}:{key}")

    def put_chunk(self, job_id: str, number: int, first: int, blob: bytes, ids: list[str]) -> int:
        """Store chunk `number`; the count of its ids already used by earlier chunks."""
        ttl = self._ttl(job_id)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.set(self.key(job_id, f":in:{number}"), blob, ex=ttl)
            pipe.rpush(self.key(job_id, ":starts"), first)
            pipe.expire(self.key(job_id, ":starts"), ttl)
            if ids:
                pipe.sadd(self.key(job_id, ":ids"), *ids)
                pipe.expire(self.key(job_id, ":ids"), ttl)
            answers = pipe.execute()
        return len(set(ids)) - int(answers[3]) if ids else 0

    def seal(self, job_id: str, total_docs: int, chunks: int) -> None:
        """The upload is complete: the job is queued."""
        with self.client.pipeline() as pipe:
            pipe.hset(
                self.key(job_id),
                mapping={"total_docs": total_docs, "chunks": chunks, "status": "queued"},
            )
            pipe.delete(self.key(job_id, ":ids"))
            pipe.execute()

    # -- reading ------------------------------------------------------------------------
    def get(self, job_id: str) -> JobRecord | None:
        fields = self.client.hgetall(self.key(job_id))
        return JobRecord.from_hash(job_id, fields) if fields else None  # type: ignore[arg-type]

    def status(self, job_id: str) -> str | None:
        value = self.client.hget(self.key(job_id), "status")
        return value.decode() if isinstance(value, bytes) else None

    def chunk_starts(self, job_id: str) -> list[int]:
        return [int(v) for v in self.client.lrange(self.key(job_id, ":starts"), 0, -1)]

    def load(self, job_id: str, kind: str, number: int) -> bytes | None:
        """A chunk's `in`, `part` or `out` blob, decompressed; None when it is gone."""
        blob = self.client.get(self.key(job_id, f":{kind}:{number}"))
        return decompress(blob) if isinstance(blob, bytes) else None

    # -- the workers --------------------------------------------------------------------
    def mark_running(self, job_id: str) -> None:
        with self.client.pipeline() as pipe:
            pipe.hsetnx(self.key(job_id), "started_at", repr(_now()))
            pipe.execute()
        # only a queued job becomes running: never revive a cancelled or failed one
        self.client.eval(
            "if redis.call('hget', KEYS[1], 'status') == 'queued' then "
            "redis.call('hset', KEYS[1], 'status', 'running') end",
            1,
            self.key(job_id),
        )

    def save_part(self, job_id: str, number: int, blob: bytes, docs: int, failed: int) -> int:
        """Write chunk `number`'s results once; the number of chunks done after it, or -1
        when this chunk had been counted already."""
        keys = [self.key(job_id, f":part:{number}"), self.key(job_id, ":done"), self.key(job_id)]
        answer = self._save_part(keys=keys, args=[blob, number, docs, failed, self._ttl(job_id)])
        return int(answer)

    def save_out(self, job_id: str, number: int, blob: bytes, ready: int) -> None:
        """The fold's lines of chunk `number`; `ready` result lines exist after it. The part
        stays: a fold that dies is run again from the start."""
        ttl = self._ttl(job_id)
        with self.client.pipeline() as pipe:
            pipe.set(self.key(job_id, f":out:{number}"), blob, ex=ttl)
            pipe.hset(self.key(job_id), "results_ready", ready)
            pipe.execute()

    def finish(
        self,
        job_id: str,
        status: str,
        error: str | None = None,
        totals: tuple[int, int] | None = None,
    ) -> bool:
        """End the job (once: a job already ended keeps its end); True if this call ended it."""
        fields: dict[str, str | int] = {"status": status, "finished_at": repr(_now())}
        if error:
            fields["error"] = error[:1000]
        if totals is not None:
            fields["articles"], fields["duplicates"] = totals
        ended = self.client.eval(
            "local s = redis.call('hget', KEYS[1], 'status') "
            "if not s or s == 'done' or s == 'failed' or s == 'cancelled' then return 0 end "
            "for i = 1, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            "return 1",
            1,
            self.key(job_id),
            *[str(x) for pair in fields.items() for x in pair],
        )
        return bool(ended)

    def cancel(self, job_id: str) -> None:
        """Mark cancelled (workers stop at their next check) and delete input and results."""
        chunks = int(self.client.hget(self.key(job_id), "chunks") or 0)
        chunks = max(chunks, int(self.client.llen(self.key(job_id, ":starts"))))
        self.finish(job_id, "cancelled")
        self.delete_data(job_id, chunks)
        self.client.expire(self.key(job_id), CANCELLED_KEEP_S)

    def delete_data(self, job_id: str, chunks: int) -> None:
        names = [self.key(job_id, s) for s in (":starts", ":ids", ":done")]
        for number in range(chunks):
            names += [self.key(job_id, f":{kind}:{number}") for kind in ("in", "part", "out")]
        for start in range(0, len(names), 1000):
            self.client.delete(*names[start : start + 1000])

    def delete_parts(self, job_id: str, chunks: int) -> None:
        """The fold has written every result line: the parts have no reader left."""
        names = [self.key(job_id, f":part:{number}") for number in range(chunks)]
        for start in range(0, len(names), 1000):
            self.client.delete(*names[start : start + 1000])

    def discard(self, job_id: str) -> None:
        """Forget a job whose upload failed: nothing of it was ever queued."""
        chunks = int(self.client.llen(self.key(job_id, ":starts")))
        self.delete_data(job_id, chunks)
        self.client.delete(self.key(job_id))
