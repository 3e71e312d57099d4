"""Ratings per second into the participation store from 8 threads: SQLite file vs a temporary PostgreSQL server.

Prints figures side by side; nothing here fails because a machine is slow.
"""

import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from postgres_server import Unavailable, postgres_server  # noqa: E402

from sim.participation.store import RatingStore  # noqa: E402
from sim.participation.submission import Submission  # noqa: E402

THREADS = 8
POSTS = 2000


def posts_per_second(url: str) -> tuple[float, int]:
    store = RatingStore.open(url)
    barrier = threading.Barrier(THREADS)

    def post(worker: int) -> None:
        barrier.wait()
        for n in range(worker, POSTS, THREADS):
            submission = Submission("bench", f"s{n % 4}", {"travel": 1 + n % 5, "cost": 1 + n % 3}, comment="ok")
            store.save(submission, f"session-{n // 4}", date(2026, 12, 1))

    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(post, range(THREADS)))
    seconds = time.perf_counter() - started
    count = store.count("bench")
    sums_started = time.perf_counter()
    store.score_sums("bench", "district")
    store.close()
    print(f"  aggregate by Ortsteil over {count:,} ratings: {1000 * (time.perf_counter() - sums_started):.1f} ms")
    return POSTS / seconds, count


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"SQLite, {THREADS} threads, {POSTS:,} ratings:")
        sqlite_rate, sqlite_count = posts_per_second(f"sqlite:///{folder}/bench.sqlite3")
        print(f"  {sqlite_rate:,.0f} ratings/s, {sqlite_count:,} stored")
    try:
        with postgres_server() as url:
            print(f"PostgreSQL (temporary cluster, fsync off), {THREADS} threads, {POSTS:,} ratings:")
            pg_rate, pg_count = posts_per_second(url)
            print(f"  {pg_rate:,.0f} ratings/s, {pg_count:,} stored")
            print(f"ratio PostgreSQL / SQLite: {pg_rate / sqlite_rate:.2f}")
    except Unavailable as reason:
        print(f"PostgreSQL not measured: {reason}")


if __name__ == "__main__":
    main()
