"""Wake-ups: running workshops catch up soon after another writer (app process, command line) appends to the log.

Each process runs one `Wakeup` task. It waits for news in a worker thread, so nothing blocks the event loop:
SQLite says whether another connection committed (`PRAGMA data_version`, checked every INTERVAL); PostgreSQL
delivers LISTEN/NOTIFY wake-ups that carry only a workshop id. Then, on the loop, every running workshop whose newest
sequence number is past its own catches up, and its pages update through the usual LiveWorkshop events.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the registry is passed in: this module stays free of NiceGUI
    from workshop.live import Registry

INTERVAL = 0.25  # seconds between SQLite checks; PostgreSQL answers as soon as a notification arrives
SAFETY_NET = 5.0  # seconds: a full check even without news (a notification lost with a dropped connection)

log = logging.getLogger(__name__)


class Wakeup:
    def __init__(self, registry: Registry, *, interval: float = INTERVAL) -> None:
        self.registry = registry
        self.interval = interval

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        last_full = loop.time()
        while True:
            try:
                news = await asyncio.to_thread(self.registry.store.wait_for_news, self.interval)
                if loop.time() - last_full > SAFETY_NET:
                    news, last_full = None, loop.time()
                self.check(news)
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end wake-ups for good: try again next time
                log.exception('checking the log for news failed')
                await asyncio.sleep(self.interval)

    def check(self, news: set[str] | None = None) -> int:
        """Let every running workshop that is behind the log catch up (only those in `news`, unless None).
        Returns how many events were folded in."""
        running = {live.id: live for live in self.registry.running() if news is None or live.id in news}
        latest = self.registry.store.latest_seqs(list(running))
        return sum(live.catch_up() for workshop_id, live in running.items()
                   if latest.get(workshop_id, 0) > live.state.last_seq)
