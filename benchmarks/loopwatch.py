"""`workshop serve` with a stall monitor inside the server's event loop, for benchmarks:

    CW_LOOPWATCH=stalls.json python -m benchmarks.loopwatch serve --data DIR --port P

A task wakes every 10 ms and records how late it woke: that lateness is how long something held the loop (a page
build, a fan-out, a garbage collection), which every tap and every update waited behind. Measured in the server,
because the simulator shares the machine and its own lag says nothing about the server's. Every half second the
figures are written to the file named by CW_LOOPWATCH: the number of samples, the worst stall, and every stall over
20 ms with its wall-clock time, so a benchmark can say in which phase of the session it happened, and how much of it
the loop spent computing (thread CPU time) rather than waiting for a core the rest of the machine had taken, and the
longest garbage collection of each generation in computing time (with every one over 20 ms); with CW_GC_CENSUS=1,
what the slowest young collections looked at.
"""
from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

INTERVAL = 0.01  # seconds between wake-ups
NOTED = 0.02  # stalls longer than this are listed with their time


class Collections:
    """The interpreter's garbage collections, timed: a full collection of a thousand pages' objects holds the loop as
    long as any handler, and only a figure says whether tuning it is warranted."""

    def __init__(self, census: bool = False) -> None:
        self.started = self.cpu = 0.0
        self.running = False
        # with `census`, every 7th young collection first counts what it will look at (objects and references by
        # type), and the ten slowest so counted are kept: what made a young collection slow
        self.census, self.calls, self.counted = census, 0, None
        self.censuses: list = []
        # when, how long (ms), which generation, how much of it computing (ms), objects freed: those over NOTED
        self.noted: list[tuple[float, float, int, float, int]] = []
        self.worst: dict[int, float] = {0: 0.0, 1: 0.0, 2: 0.0}
        gc.callbacks.append(self.timed)

    def timed(self, phase: str, info: dict) -> None:
        if phase == 'start':
            self.calls += 1
            self.counted = None
            if self.census and self.calls % 7 == 0 and info['generation'] < 2:
                self.counted = _census(info['generation'])
            self.started, self.cpu, self.running = time.perf_counter(), time.thread_time(), True
            return
        self.running = False
        took, generation = time.perf_counter() - self.started, info['generation']
        busy = min(took, time.thread_time() - self.cpu)  # computing, not waiting for a core
        self.worst[generation] = max(self.worst[generation], busy)
        if self.counted is not None:
            self.censuses = sorted([*self.censuses, (round(busy * 1000, 1), generation, *self.counted)],
                                   key=lambda c: -c[0])[:10]
        if took > NOTED:
            self.noted.append((round(time.time() - took, 3), round(took * 1000, 1), generation, round(busy * 1000, 1),
                               info.get('collected', 0)))


def _census(generation: int) -> tuple[int, list]:
    """How many objects the young generations up to `generation` hold, and which types hold the most references."""
    references: Counter[str] = Counter()
    n = 0
    for g in range(generation + 1):
        for o in gc.get_objects(g):
            references[type(o).__name__] += len(gc.get_referents(o))
            n += 1
    return n, references.most_common(8)


class Culprits:
    """What the loop was running while it stalled: a thread looks at the loop's thread every 5 ms, and when the loop
    has not checked in for 30 ms it records that thread's innermost frames of our code and the web stack (or that a
    garbage collection was running). The sums say which code to make cheaper; nothing else names it as directly."""

    def __init__(self, collections: Collections) -> None:
        self.beat = time.perf_counter()
        self.collections = collections
        self.stacks: Counter[str] = Counter()
        self.current: list[str] = []  # what this stall has run so far, in order (the loop clears it at each beat)
        self.loop_thread = threading.get_ident()
        threading.Thread(target=self._look, daemon=True, name='stall culprits').start()

    def _look(self) -> None:
        while True:
            time.sleep(0.005)
            if time.perf_counter() - self.beat < 0.03:
                continue
            if self.collections.running:
                self.stacks['(garbage collection)'] += 1
                self.current.append('(garbage collection)')
                continue
            frame = sys._current_frames().get(self.loop_thread)  # noqa: SLF001
            if frame is None:
                continue
            # walked by hand: traceback.extract_stack reads every frame's source line (a stat per file), and the
            # time this thread holds the interpreter's lock is time the loop waits, so it lengthened the very
            # stalls it was looking at
            innermost: list[str] = []
            while frame is not None and len(innermost) < 8:
                code = frame.f_code
                if 'asyncio' not in code.co_filename:
                    stem = code.co_filename.rsplit('/', 1)[-1].removesuffix('.py')
                    innermost.append(f'{stem}:{frame.f_lineno} {code.co_name}')
                frame = frame.f_back
            self.stacks[' < '.join(innermost)] += 1
            self.current.append(' < '.join(innermost[:4]))


async def watch(path: Path) -> None:
    collections = Collections(census=bool(os.environ.get('CW_GC_CENSUS')))
    culprits = Culprits(collections)
    samples, worst, worst_busy, stalls, written = 0, 0.0, 0.0, [], time.monotonic()
    longest: list[tuple[float, list[str]]] = []  # the five longest stalls and what ran in each, 5 ms apart
    while True:
        before, cpu = time.perf_counter(), time.thread_time()
        await asyncio.sleep(INTERVAL)
        culprits.beat = time.perf_counter()
        late = time.perf_counter() - before - INTERVAL
        # the loop's own CPU time in that interval: on a shared machine the process may also wait for a core, which
        # delays everything as much but is the machine's doing, not the code's
        busy = min(late, time.thread_time() - cpu)
        seen, culprits.current = culprits.current, []
        if late > 0.06:
            longest = sorted([*longest, (round(late * 1000, 1), seen)], key=lambda s: -s[0])[:5]
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
                                             'gc_over_20ms': collections.noted, 'gc_census': collections.censuses,
                                             'stall_culprits': culprits.stacks.most_common(60),
                                             'longest_stalls': longest}))
            temporary.replace(path)  # the benchmark never reads half a file


def main() -> int:
    from nicegui import app, background_tasks

    from workshop.cli import main as workshop_main

    path = Path(os.environ['CW_LOOPWATCH'])
    app.on_startup(lambda: background_tasks.create(watch(path), name='loopwatch'))
    return workshop_main(sys.argv[1:])


if __name__ == '__main__':
    sys.exit(main())
