"""The app's run queue and result memo: first in first out, bounded, shared batches, dead workers replaced."""

import os
import signal
import threading
import time
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from sim.app.result_memo import ResultMemo, result_bytes
from sim.app.run_queue import (
    CANCELLED,
    DONE,
    FAILED,
    JOB_FAILED,
    RUNNING,
    TIMED_OUT,
    WAITING,
    WORKER_DIED,
    QueueFull,
    RunQueue,
    Ticket,
)
from sim.executors import limit_memory
from sim.runner import RunResult

DEADLINE_SECONDS = 120  # only a guard against a hang; nothing here depends on speed


def gated(job: tuple[str, int]) -> int:
    """Worker job: note its pid in '<gate>.pid', wait until the file '<gate>' exists, return the value."""
    gate, value = job
    Path(gate + ".pid").write_text(str(os.getpid()))
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not os.path.exists(gate):
        if time.monotonic() > deadline:
            raise TimeoutError(gate)
        time.sleep(0.02)
    return value


def failing(job: tuple[str, int]) -> int:
    """Worker job that raises for a negative value."""
    if job[1] < 0:
        raise ValueError(f"bad value {job[1]}")
    return job[1]


def hog(job: tuple[str, int]) -> int:
    """Worker job that allocates job[1] bytes."""
    return len(bytearray(job[1]))


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def finished(ticket: Ticket) -> Ticket:
    assert ticket.wait(DEADLINE_SECONDS), "the batch did not finish"
    return ticket


@pytest.fixture
def make_queue():
    queues = []

    def make(function=gated, initializer=None, **options) -> RunQueue:
        queue = RunQueue(function, initializer=initializer, **options)
        queues.append(queue)
        return queue

    yield make
    for queue in queues:
        queue.close()


class Gates:
    """Files that release gated jobs."""

    def __init__(self, folder: Path):
        self.folder = folder

    def job(self, name: str, value: int, is_open: bool = False) -> tuple[str, int]:
        gate = self.folder / name
        if is_open:
            gate.touch()
        return (str(gate), value)

    def open(self, name: str) -> None:
        (self.folder / name).touch()

    def started_pid(self, name: str) -> int:
        pid_file = self.folder / f"{name}.pid"
        wait_until(lambda: pid_file.exists() and pid_file.read_text(), f"job {name} to start")
        return int(pid_file.read_text())


@pytest.fixture
def gates(tmp_path) -> Gates:
    return Gates(tmp_path)


def test_batches_run_in_order_and_waiting_ones_know_their_place(make_queue, gates):
    queue = make_queue(workers=2)
    first = queue.submit([("a", gates.job("a", 1)), ("b", gates.job("b", 2))])
    gates.started_pid("a")
    second = queue.submit([("c", gates.job("c", 3, is_open=True))])
    third = queue.submit([("d", gates.job("d", 4, is_open=True)), ("a", gates.job("a", 1))])
    assert [first.state, second.state, third.state] == [RUNNING, WAITING, WAITING]
    assert [queue.position(t) for t in (first, second, third)] == [0, 1, 2]
    assert queue.waiting == 2
    gates.open("a")
    gates.open("b")
    assert finished(first).results == [1, 2]
    assert finished(second).results == [3]
    assert finished(third).results == [4, 1]
    assert third.total == 1  # 'a' came from the memo
    assert [queue.position(t) for t in (first, second, third)] == [0, 0, 0]


def test_a_full_queue_refuses_but_identical_and_memoised_batches_need_no_place(make_queue, gates):
    queue = make_queue(workers=1, max_waiting=1)
    done = finished(queue.submit([("ready", gates.job("ready", 7, is_open=True))]))
    running = queue.submit([("slow", gates.job("slow", 1))])
    gates.started_pid("slow")
    waiting = queue.submit([("next", gates.job("next", 2, is_open=True))])
    with pytest.raises(QueueFull):
        queue.submit([("other", gates.job("other", 3, is_open=True))])
    shared = queue.submit([("next", gates.job("next", 2, is_open=True))])  # e.g. a second tab, same settings
    assert shared is waiting and waiting.holders == 2
    again = queue.submit([("ready", gates.job("ready", 7))])  # a reload: answered from the memo at once
    assert again.finished and again.state == DONE and again.results == done.results == [7]
    gates.open("slow")
    assert finished(running).results == [1] and finished(waiting).results == [2]


def test_a_cancelled_batch_leaves_the_queue(make_queue, gates):
    queue = make_queue(workers=1)
    running = queue.submit([("slow", gates.job("slow", 1))])
    gates.started_pid("slow")
    waiting = queue.submit([("later", gates.job("later", 2, is_open=True))])
    queue.cancel(waiting)
    assert waiting.finished and waiting.state == CANCELLED and queue.waiting == 0
    gates.open("slow")
    assert finished(running).state == DONE


def test_a_failing_job_fails_its_batch_only(make_queue):
    queue = make_queue(function=failing, workers=2)
    bad = finished(queue.submit([("good", ("x", 1)), ("bad", ("x", -1))]))
    assert bad.state == FAILED and bad.failure == JOB_FAILED
    assert "ValueError: bad value -1" in bad.detail
    assert finished(queue.submit([("fine", ("x", 5))])).results == [5]


@pytest.mark.parametrize("doomed", ["first", "second"])
def test_a_killed_worker_fails_the_running_batch_and_the_next_batch_runs(make_queue, gates, doomed):
    # Either worker may be the one the pool spawned last and does not watch yet; the queue must notice both.
    queue = make_queue(workers=2)
    victim = queue.submit([("first", gates.job("first", 1)), ("second", gates.job("second", 2))])
    gates.started_pid("first" if doomed == "second" else "second")
    pid = gates.started_pid(doomed)
    assert pid in queue.worker_pids()
    os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
    assert finished(victim).state == FAILED and victim.failure == WORKER_DIED
    after = finished(queue.submit([("fresh", gates.job("fresh", 3, is_open=True))]))
    assert after.state == DONE and after.results == [3]
    assert queue.pools_started == 2
    assert pid not in queue.worker_pids()


def test_a_worker_that_died_while_idle_is_replaced_without_failing_anyone(make_queue, gates):
    queue = make_queue(workers=1)
    assert finished(queue.submit([("first", gates.job("first", 1, is_open=True))])).state == DONE
    [pid] = queue.worker_pids()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: getattr(queue._pool, "_broken", False), "the pool to notice")  # noqa: SLF001
    after = finished(queue.submit([("second", gates.job("second", 2, is_open=True))]))
    assert after.state == DONE and after.results == [2]
    assert queue.pools_started == 2


def test_a_job_over_the_worker_memory_limit_fails_alone(make_queue):
    queue = make_queue(function=hog, workers=1, initializer=partial(limit_memory, 1_500_000_000))
    failed = finished(queue.submit([("big", ("x", 3_000_000_000))]))
    assert failed.state == FAILED and failed.failure == JOB_FAILED and "MemoryError" in failed.detail
    assert finished(queue.submit([("small", ("x", 1_000_000))])).results == [1_000_000]
    assert queue.pools_started == 1  # the worker survived


def is_running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads process states from /proc")
def test_a_batch_past_its_time_limit_is_stopped_and_the_next_batch_runs(make_queue, gates):
    queue = make_queue(workers=1, max_batch_seconds=10.0)  # generous: a busy machine starts workers slowly
    assert finished(queue.submit([("warm", gates.job("warm", 0, is_open=True))])).state == DONE  # worker ready
    stuck = queue.submit([("stuck", gates.job("stuck", 1))])  # its gate never opens
    pid = gates.started_pid("stuck")
    assert finished(stuck).state == FAILED and stuck.failure == TIMED_OUT
    wait_until(lambda: not is_running(pid), "the stuck worker to end")
    assert finished(queue.submit([("quick", gates.job("quick", 2, is_open=True))])).results == [2]
    assert queue.pools_started == 2


def frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"value": range(rows)})


def result(rows: int) -> RunResult:
    return RunResult({"scenario": "x"}, frame(rows), frame(0), frame(0))


def test_memo_drops_the_least_recently_used_when_full():
    size = result_bytes(result(1000))
    memo = ResultMemo(max_bytes=int(2.5 * size))
    memo.put("a", result(1000))
    memo.put("b", result(1000))
    assert memo.get("a") is not None  # 'a' is now the most recently used
    memo.put("c", result(1000))
    assert "a" in memo and "c" in memo and "b" not in memo
    assert memo.size_bytes <= memo.max_bytes and len(memo) == 2
    memo.put("huge", result(100_000))  # larger than the whole memo: not kept, nothing else lost
    assert "huge" not in memo and len(memo) == 2


def test_result_size_counts_tables_and_summary():
    small, large = result_bytes(result(10)), result_bytes(result(10_000))
    assert large - small >= 8 * (10_000 - 10)  # int64 column
    assert result_bytes(RunResult({"text": "x" * 5000}, frame(0), frame(0), frame(0))) > 5000


def test_memo_stays_within_its_cap_under_concurrent_use():
    memo = ResultMemo(max_bytes=20 * result_bytes(result(100)))

    def fill(start: int) -> None:
        for number in range(start, start + 200):
            memo.put(number, result(100))
            memo.get(number - 3)

    threads = [threading.Thread(target=fill, args=(start,)) for start in (0, 1000, 2000, 3000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 0 < len(memo) <= 20 and memo.size_bytes <= memo.max_bytes
