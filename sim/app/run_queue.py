"""The app's bounded job queue: one dispatcher thread runs batches first in, first out on a replaceable process pool.

Sessions never run simulations themselves. A session submits a batch of (key, job) pairs and gets a
Ticket; its own script thread then polls the ticket (queue position, progress) and draws its own
widgets. Widgets are never drawn here or in any other shared thread.
"""

import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from sim.app.result_memo import ResultMemo
from sim.executors import single_numba_thread

WAITING = "waiting"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"

WORKER_DIED = "worker_died"  # a worker process ended (e.g. killed for lack of memory); the pool was replaced
JOB_FAILED = "job_failed"  # a job raised an exception; detail names it
TIMED_OUT = "timed_out"  # the batch ran longer than max_batch_seconds; its workers were ended

DEFAULT_WORKERS = 2
DEFAULT_MAX_WAITING = 8
WATCH_SECONDS = 0.5  # how often a running batch checks that every worker process is still alive


class QueueFull(Exception):
    """Too many batches are waiting already; the caller should try again shortly."""


class _TimedOut(Exception):
    """The running batch passed its time limit."""


class Ticket[Result]:
    """A submitted batch as its sessions see it: state, progress and, at the end, results or the failure."""

    def __init__(self, keys: tuple[Hashable, ...]):
        """Start waiting; total is set once the dispatcher knows how many jobs are not in the memo."""
        self.keys = keys
        self.state = WAITING
        self.done = 0
        self.total = 0
        self.results: list[Result] | None = None
        self.failure: str | None = None
        self.detail = ""
        self.holders = 1  # sessions waiting on this ticket (identical batches share one)
        self._finished = threading.Event()

    @property
    def finished(self) -> bool:
        """Return whether the batch is done, failed or cancelled."""
        return self._finished.is_set()

    def wait(self, timeout_seconds: float | None = None) -> bool:
        """Block until the batch is finished or the timeout passes; return whether it is finished."""
        return self._finished.wait(timeout_seconds)

    def finish(
        self, state: str, results: list[Result] | None = None, failure: str | None = None, detail: str = ""
    ) -> None:
        """Record the outcome and wake every waiting session (called by the queue)."""
        self.results = results
        self.failure = failure
        self.detail = detail
        self.state = state
        self._finished.set()


class RunQueue[Job, Result]:
    """A server-wide queue: at most max_waiting batches wait; one batch at a time runs on a pool of workers.

    Jobs whose key is in the memo are not run again. If a worker process dies, the batch that was
    running fails with WORKER_DIED, the broken pool is shut down and the next batch gets a fresh one.
    """

    def __init__(
        self,
        function: Callable[[Job], Result],
        workers: int = DEFAULT_WORKERS,
        max_waiting: int = DEFAULT_MAX_WAITING,
        memo: ResultMemo | None = None,
        initializer: Callable[[], None] | None = single_numba_thread,
        max_batch_seconds: float | None = None,
    ):
        """Set up the queue; the dispatcher thread and the worker processes start with the first batch.

        Args:
            max_batch_seconds: a batch still running after this long fails with TIMED_OUT and its
                workers are ended, so that no batch holds the queue for ever (None: no limit).
        """
        self.function = function
        self.workers = workers
        self.max_waiting = max_waiting
        self.max_batch_seconds = max_batch_seconds
        self.memo = memo if memo is not None else ResultMemo()
        self.initializer = initializer
        self.pools_started = 0
        self._condition = threading.Condition()
        self._waiting: deque[tuple[Ticket[Result], list[tuple[Hashable, Job]]]] = deque()
        self._running: Ticket[Result] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, batch: Sequence[tuple[Hashable, Job]]) -> Ticket[Result]:
        """Queue a batch and return its ticket; an identical batch already waiting or running is shared.

        Raises:
            QueueFull: if max_waiting batches are waiting already.
            RuntimeError: if the queue was closed.
        """
        keys = tuple(key for key, _ in batch)
        ticket: Ticket[Result]
        with self._condition:
            if self._closed:
                raise RuntimeError("the run queue is closed")
            memoised = [self.memo.get(key) for key in keys]
            if all(result is not None for result in memoised):
                ticket = Ticket[Result](keys)  # a reload or shared link: nothing to run, no place in the queue
                ticket.finish(DONE, results=[result for result in memoised if result is not None])
                return ticket
            for ticket in self._tickets():
                if ticket.keys == keys and not ticket.finished:
                    ticket.holders += 1
                    return ticket
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull(f"{len(self._waiting)} batches are waiting")
            ticket = Ticket[Result](keys)
            self._waiting.append((ticket, list(batch)))
            if self._thread is None:
                self._thread = threading.Thread(target=self._dispatch, name="run-queue", daemon=True)
                self._thread.start()
            self._condition.notify_all()
        return ticket

    def _tickets(self) -> list[Ticket[Result]]:
        running = [self._running] if self._running is not None else []
        return running + [ticket for ticket, _ in self._waiting]

    def position(self, ticket: Ticket[Result]) -> int:
        """Return the ticket's place among the waiting batches (1 = next), or 0 once it runs or has finished."""
        with self._condition:
            for index, (waiting, _) in enumerate(self._waiting):
                if waiting is ticket:
                    return index + 1
        return 0

    def cancel(self, ticket: Ticket[Result]) -> None:
        """Withdraw one session's interest; a waiting batch nobody waits for any more leaves the queue."""
        with self._condition:
            ticket.holders -= 1
            if ticket.holders > 0 or ticket.state != WAITING:
                return
            self._waiting = deque(item for item in self._waiting if item[0] is not ticket)
        ticket.finish(CANCELLED)

    @property
    def waiting(self) -> int:
        """Return the number of batches waiting (not counting the one running)."""
        return len(self._waiting)

    def worker_pids(self) -> list[int]:
        """Return the process ids of the current pool's workers (empty before the first batch)."""
        return sorted(process.pid for process in self._processes() if process.pid is not None)

    def close(self) -> None:
        """Stop taking batches, cancel the waiting ones and shut the workers down."""
        with self._condition:
            self._closed = True
            waiting = [ticket for ticket, _ in self._waiting]
            self._waiting.clear()
            self._condition.notify_all()
        for ticket in waiting:
            ticket.finish(CANCELLED)
        self._drop_pool()

    def _dispatch(self) -> None:
        while True:
            with self._condition:
                while not self._waiting and not self._closed:
                    self._condition.wait()
                if self._closed:
                    return
                ticket, batch = self._waiting.popleft()
                ticket.state = RUNNING
                self._running = ticket
            try:
                self._run_batch(ticket, batch)
            except Exception as error:  # noqa: BLE001 - the dispatcher must outlive whatever a batch does
                ticket.finish(FAILED, failure=JOB_FAILED, detail=f"{type(error).__name__}: {error}")
            finally:
                with self._condition:
                    self._running = None

    def _run_batch(self, ticket: Ticket[Result], batch: list[tuple[Hashable, Job]]) -> None:
        found: dict[Hashable, Result] = {}
        missing: dict[Hashable, Job] = {}
        for key, job in batch:
            if key in found or key in missing:
                continue
            hit = self.memo.get(key)
            if hit is not None:
                found[key] = hit  # held here, so a memo eviction during the run cannot lose it
            else:
                missing[key] = job
        ticket.total = len(missing)
        futures: dict[Future[Result], Hashable] = {}
        limit = self.max_batch_seconds
        deadline = time.monotonic() + limit if limit is not None else None
        try:
            futures = self._submit_all(missing)
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=WATCH_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    found[futures[future]] = result = future.result()
                    self.memo.put(futures[future], result)
                    ticket.done += 1
                if pending and self._lost_a_worker():
                    raise BrokenProcessPool("a worker process ended")
                if pending and deadline is not None and time.monotonic() > deadline:
                    raise _TimedOut
        except BrokenProcessPool:
            self._drop_pool()
            ticket.finish(FAILED, failure=WORKER_DIED)
            return
        except _TimedOut:
            self._drop_pool()  # ends the jobs still running; the next batch gets fresh workers
            ticket.finish(FAILED, failure=TIMED_OUT)
            return
        except Exception as error:  # noqa: BLE001 - one bad job fails its batch, not the queue
            for future in futures:
                future.cancel()
            ticket.finish(FAILED, failure=JOB_FAILED, detail=f"{type(error).__name__}: {error}")
            return
        ticket.finish(DONE, results=[found[key] for key in ticket.keys])

    def _submit_all(self, missing: dict[Hashable, Job]) -> dict[Future[Result], Hashable]:
        """Submit every job; a pool that broke while idle (not this batch's doing) is replaced once."""
        try:
            pool = self._live_pool()
            return {pool.submit(self.function, job): key for key, job in missing.items()}
        except BrokenProcessPool:
            self._drop_pool()
        pool = self._live_pool()
        return {pool.submit(self.function, job): key for key, job in missing.items()}

    def _live_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawn, not fork: forking a process that already runs Numba's thread pool can deadlock.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=self.initializer)
            self.pools_started += 1
        return self._pool

    def _processes(self) -> list[multiprocessing.process.BaseProcess]:
        processes = getattr(self._pool, "_processes", None) or {}  # ProcessPoolExecutor keeps no public list
        return list(processes.values())

    def _lost_a_worker(self) -> bool:
        """Return whether a worker has ended.

        The pool notices this itself only for workers it watched when it last woke up; a worker it
        spawned for the same batch can die unnoticed until another job ends, so the queue looks too.
        """
        return any(process.exitcode is not None for process in self._processes())

    def _drop_pool(self) -> None:
        """Shut the pool down and end its workers, so a job still running cannot keep using memory."""
        processes = self._processes()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.exitcode is None:
                process.terminate()
