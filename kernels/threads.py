"""Numba's threads: a threading layer that stays fast when other processes share the cores."""

import os

import numba


def prefer_workqueue_threads() -> None:
    """Use Numba's own work-queue threads unless the user chose a layer (NUMBA_THREADING_LAYER).

    The OpenMP layer spins at its barriers; when another process takes one of two cores, a
    parallel day then ran 2.3x slower than a serial one (bench/run.py, measured with a busy loop
    beside it). The work queue sleeps instead and lost nothing. It must be chosen before the
    first parallel kernel runs, so the model calls this when it is built.
    """
    if "NUMBA_THREADING_LAYER" not in os.environ:
        numba.config.THREADING_LAYER = "workqueue"  # type: ignore[attr-defined]
