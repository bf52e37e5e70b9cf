"""Young collections paced by time: objects that replace freed ones never trigger Python's own, and pile up young."""
import asyncio
import gc

from workshop.web import gc_pace

N = 20_000


def replace_all(held: list) -> None:
    """What a thousand phones do all the time: a new waiting object per socket, the old one freed."""
    for i in range(len(held)):
        held[i] = []


async def test_replacements_pile_up_young_without_the_pace_and_stay_few_with_it():
    held = [[] for _ in range(N)]
    gc.collect()  # all old now
    replace_all(held)
    assert len(gc.get_objects(0)) >= N  # allocations and deallocations even: Python never started a collection

    gc.collect()
    pacer = asyncio.ensure_future(gc_pace.collect_young_regularly(interval=0.01))
    try:
        most = 0
        for start in range(0, N, 1_000):  # the same replacements, while the server goes on serving
            for i in range(start, start + 1_000):
                held[i] = []
            await asyncio.sleep(0.02)
            most = max(most, len(gc.get_objects(0)))
        assert most < 3_000
    finally:
        pacer.cancel()


def test_the_young_generations_are_small_and_start_up_is_frozen_out():
    before = gc.get_threshold()
    try:
        gc_pace.install()
        assert gc.get_threshold() == (1_000, gc_pace.SECOND_EVERY, 5_000)
        gc_pace.freeze()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
