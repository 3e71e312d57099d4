"""Running independent simulations: one after another, or in a local pool of worker processes."""

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

_POOLS: dict[int, ProcessPoolExecutor] = {}


def single_numba_thread() -> None:
    """Give each worker one Numba thread: the processes already share the cores between them."""
    import numba

    numba.set_num_threads(1)


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's data memory (heap and anonymous maps, Linux >= 4.7) at max_bytes.

    A job that outgrows its estimate then fails with MemoryError in its own worker instead of
    drawing the kernel's out-of-memory killer onto the machine. None leaves the limit as it is.
    """
    if max_bytes is None:
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def start_worker(max_bytes: int | None = None) -> None:
    """Prepare a worker process of the app's run queue: one Numba thread and a memory cap."""
    limit_memory(max_bytes)
    single_numba_thread()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Return a long-lived pool of spawned workers (kept, so their Numba kernels stay loaded)."""
    if workers not in _POOLS:
        # Spawn, not fork: forking a process that already runs Numba's thread pool can deadlock.
        context = multiprocessing.get_context("spawn")
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=context, initializer=single_numba_thread)
    return _POOLS[workers]


def run_many[Item, Result](
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Apply function to every item, serially (jobs=1) or in a process pool; results keep the items' order.

    The simulations are pure functions of their inputs (counter-based randomness), so the results
    are the same either way. progress(done, total) is called after each item.
    """
    mapped: Iterable[Result]
    if jobs <= 1 or len(items) <= 1:
        mapped = map(function, items)
    else:
        mapped = process_pool(min(jobs, len(items))).map(function, items)
    results = []
    for result in mapped:
        results.append(result)
        if progress is not None:
            progress(len(results), len(items))
    return results
