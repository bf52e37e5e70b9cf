"""Attempt limits for guessing doors: join codes and facilitator/lead tokens.

A sliding window per key (the client's address): after `limit` failures within `window` seconds further attempts
are refused until the oldest failure ages out. Successes do not count. Pure and clock-injectable for tests.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable


class RateLimiter:
    def __init__(self, *, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def blocked(self, key: str) -> bool:
        failures = self._prune(key)
        return failures is not None and len(failures) >= self.limit

    def failed(self, key: str) -> None:
        self._failures.setdefault(key, deque()).append(self.clock())
        if len(self._failures) > 10_000:  # bound memory under a scan from many addresses
            for stale in [k for k in self._failures if not self._prune(k)]:
                self._failures.pop(stale, None)

    def count(self, key: str) -> int:
        """Failures (or, used as a counter, events) within the window."""
        failures = self._prune(key)
        return len(failures) if failures else 0

    def retry_after(self, key: str) -> int:
        failures = self._prune(key)
        return int(failures[0] + self.window - self.clock()) + 1 if failures else 0

    def _prune(self, key: str) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        cutoff = self.clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures
