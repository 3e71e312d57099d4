"""The server-wide memo of finished runs: thread-safe, least recently used first out, bounded by size in bytes."""

import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import pandas as pd

DEFAULT_MEMO_BYTES = 256 * 1024 * 1024


def result_bytes(result: Any) -> int:
    """Estimate the memory a result holds: its tables' deep memory use plus the length of its summary as JSON.

    Works for sim.runner.RunResult (tables and a summary dict); anything else counts by sys.getsizeof.
    """
    tables = [value for value in getattr(result, "__dict__", {}).values() if isinstance(value, pd.DataFrame)]
    summary = getattr(result, "summary", None)
    if not tables and summary is None:
        return sys.getsizeof(result)
    size = sum(int(table.memory_usage(index=True, deep=True).sum()) for table in tables)
    if summary is not None:
        size += len(json.dumps(summary, default=str))
    return size


class ResultMemo:
    """Finished results by key; when the total estimated size passes max_bytes, the least recently used go first.

    A single result larger than max_bytes is not kept at all (the session that asked for it still gets it).
    """

    def __init__(self, max_bytes: int = DEFAULT_MEMO_BYTES):
        """Start empty with a size cap in bytes."""
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """Return the result for key (marking it recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, result: Any) -> None:
        """Keep a result, then drop the least recently used ones until the memo fits its cap."""
        size = result_bytes(result)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return
            self._items[key] = (result, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    @property
    def size_bytes(self) -> int:
        """Return the estimated bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        """Return the number of results held."""
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        """Return whether a result for key is held (without marking it used)."""
        return key in self._items
