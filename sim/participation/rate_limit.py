"""Rate limits: at most so many events per key within a sliding window (thread-safe, clock injectable)."""

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """Allow at most `limit` events per key in any `window_seconds`; older events fall out of the window.

    The app keeps one per server (cache_resource) and keys it by the session's random token, so one
    browser tab cannot flood the store; a second key, "*", caps the whole server.
    """

    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic):
        """Set the cap; `clock` returns seconds (monotonic by default)."""
        if limit < 1 or window_seconds <= 0:
            raise ValueError("limit must be at least 1 and window_seconds positive")
        self.limit = limit
        self.window_seconds = window_seconds
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """Return key's events still in the window (a key with none left is dropped from memory)."""
        events = self._events.get(key, deque())
        while events and events[0] <= now - self.window_seconds:
            events.popleft()
        if not events:
            self._events.pop(key, None)
        return events

    def allow(self, key: str) -> bool:
        """Record an event for key and return True, or return False (recording nothing) if the cap is reached."""
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            self._events.setdefault(key, events).append(now)
            return True

    def retry_after_seconds(self, key: str) -> float:
        """Return how long until key may send again (0 if it may now)."""
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            if len(events) < self.limit:
                return 0.0
            return max(0.0, events[0] + self.window_seconds - now)

    def forget_idle(self) -> None:
        """Drop keys with no event in the window (keeps memory bounded on a long-running server)."""
        with self._lock:
            now = self.clock()
            for key in list(self._events):
                self._recent(key, now)
