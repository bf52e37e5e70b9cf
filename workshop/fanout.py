"""An Event that reaches its subscribers a batch at a time, with the event loop free in between.

A change everyone sees (voting opens, results are revealed) runs a handler on every open page. On a thousand phones,
run all at once, that held the loop for a second or more, and every tap waited behind it. Here the handlers run
BATCH at a time (fewer when they take longer than BUDGET), each batch its own turn of the loop, so taps and socket
messages are served between batches. Each page's handler reads the current state (not the event's argument alone),
so a page served later shows the same.
Imports NiceGUI's Event and its way of running a subscriber in the subscriber's own page.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

from nicegui import Event
from nicegui.event import _invoke_and_forget

BATCH = 25  # pages per turn of the event loop at most
SHARED_BATCH = 20  # pages per turn at most for the reveal: it comes while everyone taps (see SpreadEvent)
BUDGET = 0.02  # seconds of their handlers per turn at most (a round opening rebuilds each page's voting panel)


class SpreadEvent(Event):
    """`emitted` counts the emissions: what pages build from shared state can be shared per emission, so that votes
    landing between two batches do not make each batch compute it afresh.

    `batch` pages at most per turn. The reveal comes at the moment a thousand phones are tapping: in small
    batches its pages hand their words to the shared message (web/broadcast.py) in many short turns, and the taps
    are answered between them (in the live benchmark, taps sent in the first 0.4 s after the reveal were answered
    in 104 and 86 ms, p95, at 40 pages a turn, in 72 and 66 ms at 20; the reveal itself took 0.64 s).

    `spread` (seconds) paces a change that need not arrive at once (comment counts, results already showing): its
    batches are spread over about that long instead of following each other, so the taps and answers arriving
    meanwhile never queue behind a thousand pages' updates at once."""

    def __init__(self, spread: float = 0.0, batch: int = BATCH) -> None:
        super().__init__()
        self.batch = batch
        self.emitted = 0
        self.unsubscribed = 0
        self.spread = spread
        self._runs: dict[int, tuple[tuple, dict]] = {}  # emissions still reaching pages: their arguments

    @property
    def busy(self) -> bool:
        """Some emission has not reached every page yet."""
        return bool(self._runs)

    def unsubscribe(self, callback: Any) -> None:
        super().unsubscribe(callback)
        self.unsubscribed += 1

    def emit(self, *args: Any, **kwargs: Any) -> None:
        self.emitted += 1
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            super().emit(*args, **kwargs)  # no event loop (command line, plain tests): all at once
            return
        # a page not reached yet by an earlier emission of the same change is reached by this one (handlers read the
        # current state): that one stops, so a slow fan-out is never followed by a second running beside it
        for earlier in [n for n, given in self._runs.items() if given == (args, kwargs)]:
            del self._runs[earlier]
        emission = self.emitted
        self._runs[emission] = (args, kwargs)
        callbacks = list(self.callbacks)
        pause = self.spread / -(-len(callbacks) // self.batch) if self.spread and len(callbacks) > self.batch else 0.0
        subscribed: set[int] = set()
        seen = [-1]  # the unsubscriptions counted when `subscribed` was taken

        def run(start: int) -> None:
            if emission not in self._runs:
                return  # superseded by a newer emission of the same change
            if seen[0] != self.unsubscribed:  # a page closed meanwhile: taken again (not for every batch of a thousand)
                subscribed.clear()
                subscribed.update(id(c) for c in self.callbacks)
                seen[0] = self.unsubscribed
            deadline, end = time.perf_counter() + BUDGET, min(start + self.batch, len(callbacks))
            heavy = False
            while start < end:
                callback, start = callbacks[start], start + 1
                if id(callback) in subscribed:
                    _invoke_and_forget(callback, *args, **kwargs)
                if time.perf_counter() > deadline:  # pages that rebuild a panel take longer: fewer of them per turn
                    heavy = True
                    break
            if start < len(callbacks):
                if pause:
                    loop.call_later(pause, run, start)
                elif heavy:  # the updates of pages that rebuilt a panel are sent in the next turn: that turn is
                    loop.call_soon(loop.call_soon, run, start)  # theirs, and the next batch the one after
                else:
                    loop.call_soon(run, start)
            else:
                del self._runs[emission]
        run(0)
