"""A round's live results computed once per change of the log, for every view that shows them.

A reveal to a thousand phones used to compute the tally once per page, and again on every coalesced tick while votes
arrived. Results depend only on the event log, so they are keyed by the log position (the last sequence number
folded in) and shared: the first view to ask after a change pays, every other view reads the same object. Pure: no
NiceGUI; the bootstrap (stability) is never computed here, so a vote's path never pays for it.
"""
from __future__ import annotations

from typing import Callable

from workshop.domain.ranking import RoundResult

Compute = Callable[[int], RoundResult]


class ResultsCache:
    """Round number → (log position, results). Only the newest position of each round is kept."""

    def __init__(self, compute: Compute) -> None:
        self._compute = compute
        self._cached: dict[int, tuple[int, RoundResult]] = {}
        self.computed = 0  # how many times results were computed (tests and benchmarks read it)

    def get(self, round_number: int, position: int) -> RoundResult:
        cached = self._cached.get(round_number)
        if cached is not None and cached[0] == position:
            return cached[1]
        result = self._compute(round_number)
        self.computed += 1
        self._cached[round_number] = (position, result)
        return result

    def put(self, round_number: int, position: int, result: RoundResult) -> None:
        """Results worked out elsewhere (off the event loop) for this log position; an older one never replaces a
        newer one."""
        cached = self._cached.get(round_number)
        if cached is None or cached[0] <= position:
            self.computed += 1
            self._cached[round_number] = (position, result)

    def newest(self, round_number: int) -> RoundResult | None:
        """The newest results of the round, whatever log position they were worked out for."""
        cached = self._cached.get(round_number)
        return cached[1] if cached else None
