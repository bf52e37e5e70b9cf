"""`workshop serve` with a stall monitor inside the server's event loop, for benchmarks:

    CW_LOOPWATCH=stalls.json python -m benchmarks.loopwatch serve --data DIR --port P

A task wakes every 10 ms and records how late it woke: that lateness is how long something held the loop (a page
build, a fan-out, a garbage collection), which every tap and every update waited behind. Measured in the server,
because the simulator shares the machine and its own lag says nothing about the server's. Every half second the
figures are written to the file named by CW_LOOPWATCH: the number of samples, the worst stall, and every stall over
20 ms with its wall-clock time, so a benchmark can say in which phase of the session it happened, and how much of it
the loop spent computing (thread CPU time) rather than waiting for a core the rest of the machine had taken, and the
longest garbage collection of each generation in computing time (with every one over 20 ms).
"""
from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path

INTERVAL = 0.01  # seconds between wake-ups
NOTED = 0.02  # stalls longer than this are listed with their time


class Collections:
    """The interpreter's garbage collections, timed: a full collection of a thousand pages' objects holds the loop as
    long as any handler, and only a figure says whether tuning it is warranted."""

    def __init__(self) -> None:
        self.started = self.cpu = 0.0
        # when, how long (ms), which generation, how much of it computing (ms): those over NOTED
        self.noted: list[tuple[float, float, int, float]] = []
        self.worst: dict[int, float] = {0: 0.0, 1: 0.0, 2: 0.0}
        gc.callbacks.append(self.timed)

    def timed(self, phase: str, info: dict) -> None:
        if phase == 'start':
            self.started, self.cpu = time.perf_counter(), time.thread_time()
            return
        took, generation = time.perf_counter() - self.started, info['generation']
        busy = min(took, time.thread_time() - self.cpu)  # computing, not waiting for a core
        self.worst[generation] = max(self.worst[generation], busy)
        if took > NOTED:
            self.noted.append((round(time.time() - took, 3), round(took * 1000, 1), generation, round(busy * 1000, 1)))


async def watch(path: Path) -> None:
    collections = Collections()
    samples, worst, worst_busy, stalls, written = 0, 0.0, 0.0, [], time.monotonic()
    while True:
        before, cpu = time.perf_counter(), time.thread_time()
        await asyncio.sleep(INTERVAL)
        late = time.perf_counter() - before - INTERVAL
        # the loop's own CPU time in that interval: on a shared machine the process may also wait for a core, which
        # delays everything as much but is the machine's doing, not the code's
        busy = min(late, time.thread_time() - cpu)
        samples += 1
        worst, worst_busy = max(worst, late), max(worst_busy, busy)
        if late > NOTED:  # when it began, how long (ms), how much of it the loop was computing (ms)
            stalls.append((round(time.time() - late, 3), round(late * 1000, 1), round(busy * 1000, 1)))
        if time.monotonic() - written > 0.5:
            written = time.monotonic()
            temporary = path.with_suffix('.tmp')
            temporary.write_text(json.dumps({'samples': samples, 'max_ms': round(worst * 1000, 1),
                                             'max_busy_ms': round(worst_busy * 1000, 1), 'stalls': stalls,
                                             'gc_max_ms': {g: round(w * 1000, 1) for g, w in collections.worst.items()},
                                             'gc_over_20ms': collections.noted}))
            temporary.replace(path)  # the benchmark never reads half a file


def main() -> int:
    from nicegui import app, background_tasks

    from workshop.cli import main as workshop_main

    path = Path(os.environ['CW_LOOPWATCH'])
    app.on_startup(lambda: background_tasks.create(watch(path), name='loopwatch'))
    return workshop_main(sys.argv[1:])


if __name__ == '__main__':
    sys.exit(main())
