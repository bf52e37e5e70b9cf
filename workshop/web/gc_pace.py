"""Python's cycle collector, paced for many phones on one event loop.

A young collection holds the loop for as long as it takes to look at every object in the young generations, so they
must stay small. Python starts one when allocations outnumber deallocations by the first threshold, but any object
freed counts as a deallocation, however old: with a thousand phones open, each message to a phone replaces that
socket's waiting objects (a coroutine, a timer, a timeout) and each update an element's props, so allocations and
deallocations stay even while the replacements pile up young. Measured in the live benchmark, a young collection
then walked 12,000-44,000 objects and held the loop 20-60 ms, a dozen times a minute. Here the young generation is
also collected every INTERVAL, whatever the counts say: a few thousand objects at a time, a few milliseconds each.

Full collections, which look at every page's objects (about a second at a thousand phones), stay as rare as Python
makes them, with the start-up objects frozen out of them. Closed pages do not wait for collections: see memory.py.
"""
from __future__ import annotations

import asyncio
import gc

INTERVAL = 0.05  # seconds between young collections at most
SECOND_EVERY = 4  # every this many, the second generation too (Python's own ratio below)


def install() -> None:
    """Once at start-up. At (5,000, 5), Python's default for the first two, collections of 25,000 objects of a
    thousand pages' updates held the loop 100-170 ms; smaller young generations are cheaper to walk."""
    gc.set_threshold(1_000, SECOND_EVERY, 5_000)


def freeze() -> None:
    """After start-up: what exists now lives as long as the server, and no collection need look at it again."""
    gc.collect()
    gc.freeze()


async def collect_young_regularly(interval: float = INTERVAL) -> None:
    n = 0
    while True:
        await asyncio.sleep(interval)
        n += 1
        gc.collect(1 if n % SECOND_EVERY == 0 else 0)
