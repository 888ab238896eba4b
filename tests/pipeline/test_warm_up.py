"""warm_up: every model loaded, numpy's BLAS on one thread in the process and its forks."""

from __future__ import annotations

import os

from threadpoolctl import threadpool_info, threadpool_limits

from service.pipeline import models_ready, warm_up


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_warm_up_loads_every_model_and_runs_blas_on_one_thread_also_after_a_fork() -> None:
    threadpool_limits(limits=2, user_api="blas")
    assert 2 in _blas_threads()  # numpy's OpenBLAS is loaded and takes a limit
    warm_up()
    assert models_ready() == []
    assert _blas_threads() and set(_blas_threads()) == {1}
    # gunicorn forks its workers from the warmed-up master: they keep the limit
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports its own limit and leaves without pytest's clean-up
        os.write(write, ",".join(map(str, _blas_threads())).encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # one figure per BLAS library loaded (scipy brings its own when a test imports it)
    assert set(os.read(read, 100).decode().split(",")) == {"1"}
    os.close(read)
