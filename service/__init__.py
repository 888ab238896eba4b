"""copydesk: raw news dumps in, clean, deduplicated, tagged articles out."""

from __future__ import annotations

import os

__all__ = ["__version__"]

__version__ = "0.1.0"

# numpy's OpenBLAS runs on one thread in every copydesk process (server, job worker, CLI)
# unless the environment says otherwise. OpenBLAS starts a thread per core and reads this
# variable once, when numpy loads, so it is set here, before any copydesk module imports
# numpy. The pipeline's matrices are small (NER's layers over a batch of sentences), and
# a second thread only spins: on bench_pipeline's 200 BBC articles, one thread cut the CPU
# time of run() by 11-14% and of bare en_core_web_sm NER by 17%, wall time too. A served
# process is one of several workers, one per core: the parallelism is theirs. Setting the
# limit later (threadpoolctl, after numpy has loaded) lowered the count it reports but not
# the CPU spent.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
