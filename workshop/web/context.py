"""What every page needs, built once at start-up and handed to the page builders (no module globals)."""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

from workshop.config import Config
from workshop.domain.ratelimit import RateLimiter
from workshop.live import LiveWorkshop, Registry
from workshop.store import Store
from workshop.ui.participant.idea_list import CardTexts
from workshop.ui.participant.results_list import ResultTexts
from workshop.web.broadcast import Broadcast

BURST = 10  # joins from one address within a minute that the facilitator is told about


class Drafts:
    """Join steps not finished yet, in memory only (a name typed by someone who never joins is never written):
    the newest `size`, each for at most `ttl` seconds."""

    def __init__(self, size: int = 5000, ttl: float = 2 * 3600, clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.ttl, self.clock = size, ttl, clock
        self._items: OrderedDict[Any, tuple[float, dict]] = OrderedDict()

    def get(self, key: Any) -> dict:
        at, draft = self._items.get(key, (0.0, {}))
        return dict(draft) if self.clock() - at < self.ttl else {}

    def put(self, key: Any, draft: dict) -> None:
        self._items[key] = (self.clock(), draft)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def pop(self, key: Any) -> None:
        self._items.pop(key, None)


class JoinGuard:
    """Joins per network address and workshop: at most the workshop's `joins_per_minute_per_address`, and a burst
    (BURST or more in a minute) shown to the facilitator. Addresses stay in memory and are never shown."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._recent: dict[tuple[str, str], RateLimiter] = {}

    def allow(self, live: LiveWorkshop, address: str) -> bool:
        limit = live.workshop.settings.joins_per_minute_per_address
        return not limit or self._limiter(live.id, address, limit).count(address) < limit

    def joined(self, live: LiveWorkshop, address: str) -> None:
        limit = live.workshop.settings.joins_per_minute_per_address
        self._limiter(live.id, address, limit).failed(address)

    def burst(self, workshop_id: str) -> int:
        """The most joins from one address in the last minute, when that is a burst (BURST, or the workshop's limit
        when lower); else 0."""
        recent = [(r.count(a), r.limit) for (w, a), r in list(self._recent.items()) if w == workshop_id]
        most, limit = max(recent, default=(0, BURST))
        return most if most >= min(BURST, limit) else 0

    def _limiter(self, workshop_id: str, address: str, limit: int) -> RateLimiter:
        key = (workshop_id, address)
        if key not in self._recent:
            if len(self._recent) > 10_000:  # a scan from many addresses: forget the quiet ones
                for quiet in [k for k, r in self._recent.items() if not r.count(k[1])]:
                    self._recent.pop(quiet)
            self._recent[key] = RateLimiter(limit=max(limit, 1), window=60.0, clock=self.clock)
        return self._recent[key]


@dataclass(kw_only=True, slots=True)
class AppContext:
    config: Config
    store: Store
    registry: Registry
    limiter: RateLimiter = field(default_factory=RateLimiter)  # failed join codes and tokens, per address
    joins: JoinGuard = field(default_factory=JoinGuard)  # successful joins, per address and workshop
    drafts: Drafts = field(default_factory=Drafts)  # unfinished join steps, per browser and workshop
    cards: CardTexts = field(default_factory=CardTexts)  # idea-card words shared by every participant page
    home_token: str = ''  # printed at start: the workshop list on the home page is shown only with it
    home_sessions: set[str] = field(default_factory=set)  # browsers that opened the home page with that token
    results: ResultTexts = field(default_factory=ResultTexts)  # revealed results' words, shared likewise
    # what every participant page shows alike (revealed results and their announcement), sent once to all
    shared: Broadcast = field(default_factory=lambda: Broadcast('cw_shared'))
