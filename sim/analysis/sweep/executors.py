"""Where batches of sweep jobs run: the local process pool, or Dask distributed (a LocalCluster or a scheduler)."""

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from sim.errors import InputError

CONNECT_TIMEOUT_SECONDS = 5  # an unreachable scheduler is reported well within 10 s


class BatchExecutor(Protocol):
    """Runs a function over batches and yields each result as soon as it is finished (in any order)."""

    workers: int

    def map_unordered(self, function: Callable[[Any], Any], batches: Iterable[Any]) -> Iterator[Any]:
        """Yield function(batch) for every batch, in the order they finish."""
        ...


class SerialExecutor:
    """In this process, one batch after another (for tests and tiny sweeps)."""

    workers = 1

    def map_unordered(self, function: Callable[[Any], Any], batches: Iterable[Any]) -> Iterator[Any]:
        """Yield function(batch) for each batch in order."""
        return map(function, batches)


class LocalExecutor:
    """The project's spawned process pool (sim/executors.py): one Numba thread per worker."""

    def __init__(self, workers: int):
        """Use (or start) the long-lived pool of `workers` processes."""
        self.workers = workers

    def map_unordered(self, function: Callable[[Any], Any], batches: Iterable[Any]) -> Iterator[Any]:
        """Submit every batch, then yield results as they finish; pending batches are cancelled on an error."""
        from concurrent.futures import as_completed

        from sim.executors import process_pool

        pool = process_pool(self.workers)
        futures = [pool.submit(function, batch) for batch in batches]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


class DaskExecutor:
    """Dask distributed: a scheduler at an address, or a LocalCluster of single-threaded worker processes."""

    def __init__(self, client: Any):
        """Wrap a connected client."""
        self.client = client
        self.workers = max(len(client.scheduler_info().get("workers", {})), 1)

    def map_unordered(self, function: Callable[[Any], Any], batches: Iterable[Any]) -> Iterator[Any]:
        """Submit every batch as one task, then yield results as they finish; cancel the rest on an error."""
        from distributed import as_completed

        futures = [self.client.submit(function, batch, pure=False) for batch in batches]
        try:
            for future in as_completed(futures, loop=self.client.loop):
                yield future.result()
        finally:
            self.client.cancel(futures)


def _connect(scheduler: str) -> Any:
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        message = f"cannot reach the Dask scheduler within {CONNECT_TIMEOUT_SECONDS} s ({error}); is it running?"
        raise InputError(None, "--scheduler", message) from None
    except ValueError as error:
        raise InputError(None, "--scheduler", f"not a scheduler address like tcp://host:8786 ({error})") from None


@contextlib.contextmanager
def open_executor(kind: str, workers: int, scheduler: str | None = None) -> Iterator[BatchExecutor]:
    """Start the executor (and a LocalCluster for Dask without a scheduler) and shut down what it started."""
    if kind == "serial":
        yield SerialExecutor()
        return
    if kind == "local":
        yield LocalExecutor(workers)
        return
    if scheduler is not None:
        client = _connect(scheduler)
        try:
            yield DaskExecutor(client)
        finally:
            client.close()
        return
    from distributed import Client, LocalCluster

    environment = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=environment
        ) as cluster,  # fmt: skip
        Client(cluster, set_as_default=False) as client,
    ):
        yield DaskExecutor(client)
