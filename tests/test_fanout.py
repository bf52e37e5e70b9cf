"""A change everyone sees reaches every page a batch at a time, with the event loop free between batches."""
import asyncio
import time

from workshop.fanout import BATCH, BUDGET, SHARED_BATCH, SpreadEvent


async def test_subscribers_are_reached_in_batches_with_the_loop_free_in_between():
    event, reached, between = SpreadEvent(), [], []
    for n in range(3 * BATCH):
        event.subscribe(lambda what, n=n: reached.append((n, what)))
    asyncio.get_running_loop().call_soon(lambda: between.append(len(reached)))  # a tap arriving meanwhile
    event.emit('round')
    assert len(reached) == BATCH  # the first batch at once, the rest in later turns of the loop
    for _ in range(5):
        await asyncio.sleep(0)
    assert [n for n, _ in reached] == list(range(3 * BATCH)) and {what for _, what in reached} == {'round'}
    assert between and between[0] < 3 * BATCH  # something else ran before the last batch


async def test_the_reveal_reaches_its_pages_a_small_batch_per_turn_so_taps_are_answered_between():
    """Results revealed while everyone taps: SHARED_BATCH pages in each turn of the event loop, the rest later."""
    event, reached = SpreadEvent(batch=SHARED_BATCH), []
    for n in range(3 * SHARED_BATCH):
        event.subscribe(lambda what, n=n: reached.append(n))
    event.emit('reveal')
    assert reached == list(range(SHARED_BATCH))
    await asyncio.sleep(0)
    assert reached == list(range(2 * SHARED_BATCH))
    for _ in range(3):
        await asyncio.sleep(0)
    assert reached == list(range(3 * SHARED_BATCH))


async def test_a_page_closed_meanwhile_is_not_called():
    event, reached = SpreadEvent(), []
    callbacks = [lambda what, n=n: reached.append(n) for n in range(2 * BATCH)]
    for callback in callbacks:
        event.subscribe(callback)
    event.emit('reveal')
    event.unsubscribe(callbacks[-1])
    for _ in range(3):
        await asyncio.sleep(0)
    assert reached == list(range(2 * BATCH - 1))


def test_without_an_event_loop_everyone_is_reached_at_once():
    event, reached = SpreadEvent(), []
    for n in range(2 * BATCH):
        event.subscribe(lambda what, n=n: reached.append(n))
    event.emit('focus')
    assert len(reached) == 2 * BATCH


def test_each_emission_is_counted():
    event = SpreadEvent()
    event.emit('round')
    event.emit('reveal')
    assert event.emitted == 2


async def test_slow_pages_are_reached_fewer_at_a_time():
    event, reached = SpreadEvent(), []
    for n in range(BATCH):
        event.subscribe(lambda what, n=n: (reached.append(n), time.sleep(BUDGET / 2)))  # a page rebuilding its panel
    event.emit('round')
    assert 1 <= len(reached) <= 3  # the loop is free again after about BUDGET, not after BATCH slow pages
    for _ in range(BATCH):
        await asyncio.sleep(0)
    assert reached == list(range(BATCH))


async def test_after_slow_pages_their_updates_have_a_turn_of_the_loop_to_themselves():
    """NiceGUI sends a page's updates in the turn after its handler ran: after a batch of pages that rebuilt a
    panel, that turn is theirs, and the next batch runs in the turn after it (the two together held the loop twice as
    long)."""
    loop, event, log, turn = asyncio.get_running_loop(), SpreadEvent(), [], [0]

    def tick() -> None:  # counts the turns of the loop
        turn[0] += 1
        loop.call_soon(tick)

    def page(n: int) -> None:
        log.append(('page', n, turn[0]))
        time.sleep(BUDGET / 2)
        loop.call_soon(lambda: log.append(('send', n, turn[0])))  # as NiceGUI's outbox, woken by the update

    for n in range(6):
        event.subscribe(lambda what, n=n: page(n))
    loop.call_soon(tick)
    event.emit('round')
    for _ in range(20):
        await asyncio.sleep(0)
    pages = [n for what, n, _ in log if what == 'page']
    first_of_next = pages[len([w for w, _, t in log if w == 'page' and t == 0])]
    sent = max(t for what, n, t in log if what == 'send' and n < first_of_next)
    started = next(t for what, n, t in log if what == 'page' and n == first_of_next)
    assert started > sent, log


async def test_a_change_that_can_wait_is_spread_over_time():
    """Comment counts on a thousand phones need not arrive in the same second: their batches are paced."""
    event, reached = SpreadEvent(spread=0.2), []
    for n in range(4 * BATCH):
        event.subscribe(lambda what, n=n: reached.append((n, time.perf_counter())))
    started = time.perf_counter()
    event.emit('counts')
    await asyncio.sleep(0.02)
    assert len(reached) == BATCH  # the first batch at once, the next one not yet
    await asyncio.sleep(0.3)
    assert [n for n, _ in reached] == list(range(4 * BATCH))
    assert reached[-1][1] - started >= 0.14  # three pauses of a quarter of 0.2 s


async def test_a_newer_emission_of_the_same_change_takes_over_from_a_slow_one():
    """Results that changed again before the last update reached every phone: the pages not reached yet get the newer
    one only (each reads the current state), never two fan-outs running side by side."""
    event, reached = SpreadEvent(spread=0.2), []
    for n in range(4 * BATCH):
        event.subscribe(lambda n=n: reached.append(n))
    event.emit()
    assert event.busy
    await asyncio.sleep(0.07)  # one or two batches further
    first = len(reached)
    event.emit()
    await asyncio.sleep(0.4)
    assert first < 4 * BATCH and reached[first:] == list(range(4 * BATCH))  # the newer one reached everyone
    assert len(reached) == first + 4 * BATCH  # and the first stopped where it was
    assert not event.busy


async def test_an_emission_with_other_arguments_still_reaches_everyone():
    event, reached = SpreadEvent(spread=0.1), []
    for n in range(3 * BATCH):
        event.subscribe(lambda kinds, n=n: reached.append((kinds, n)))
    event.emit('stage')
    event.emit('improvement')
    await asyncio.sleep(0.3)
    assert sorted(n for kinds, n in reached if kinds == 'stage') == list(range(3 * BATCH))
    assert sorted(n for kinds, n in reached if kinds == 'improvement') == list(range(3 * BATCH))
