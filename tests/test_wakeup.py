"""Wake-ups: a running workshop catches up soon after another process or the command line writes, on both stores."""
import asyncio
import time

import pytest

from workshop.live import FACILITATOR, Actor, LiveWorkshop, Registry
from workshop.store import connect
from workshop.wakeup import Wakeup

HOST = Actor(role=FACILITATOR)


@pytest.fixture
def cfg(cfg_each_store):
    return cfg_each_store


@pytest.fixture
def here(store, car_t):
    """A workshop running in this process, and the log it replicates."""
    registry = Registry(store)
    return registry, registry.get(store.create_workshop(car_t).id)


@pytest.fixture
def elsewhere(cfg):
    """Another process's (or the command line's) connection to the same database."""
    other = connect(cfg.data_dir, database_url=cfg.database_url)
    yield other
    other.close()


def test_what_another_process_writes_reaches_this_ones_views(here, elsewhere):
    registry, live = here
    seen = []
    live.focus_changed.subscribe(lambda: seen.append('focus'))
    live.participants_changed.subscribe(lambda: seen.append('people'))
    other = LiveWorkshop(elsewhere, live.id)
    other.join('aroha', group='patients')
    other.focus(HOST, 'consent')
    assert live.state.focus is None, 'nothing has woken it yet'
    assert Wakeup(registry).check() == 3
    assert live.state.focus == 'consent' and live.is_member('aroha') and seen == ['people', 'focus']
    assert Wakeup(registry).check() == 0


def test_news_names_the_workshop_on_postgresql_and_says_check_on_sqlite(here, elsewhere, cfg):
    registry, live = here
    registry.store.wait_for_news(0.01)  # PostgreSQL: starts listening (None); SQLite: notes where the file is
    assert registry.store.wait_for_news(0.01) == set(), 'no news without a write'
    elsewhere.append(live.id, 'stage_focused', {'stage': 'consent'})
    assert registry.store.wait_for_news(2.0) == ({live.id} if cfg.database_url else None)


async def test_the_wake_up_loop_catches_up_while_nobody_acts(here, elsewhere):
    registry, live = here
    task = asyncio.create_task(Wakeup(registry).run())
    try:
        await asyncio.sleep(0.3)
        elsewhere.append(live.id, 'stage_focused', {'stage': 'consent'})
        written = time.monotonic()
        while live.state.focus != 'consent' and time.monotonic() - written < 10:
            await asyncio.sleep(0.02)
        assert live.state.focus == 'consent'
    finally:
        task.cancel()
