"""What every page needs, built once at start-up and handed to the page builders (no module globals)."""
from __future__ import annotations

from dataclasses import dataclass, field

from workshop.config import Config
from workshop.live import Registry
from workshop.ratelimit import RateLimiter
from workshop.store import Store
from workshop.ui.idea_list import CardTexts
from workshop.ui.results_list import ResultTexts


@dataclass(kw_only=True, slots=True)
class AppContext:
    config: Config
    store: Store
    registry: Registry
    limiter: RateLimiter = field(default_factory=RateLimiter)  # failed join codes and tokens, per address
    cards: CardTexts = field(default_factory=CardTexts)  # idea-card words shared by every participant page
    results: ResultTexts = field(default_factory=ResultTexts)  # revealed results' words, shared likewise

    @property
    def exposed(self) -> bool:
        """True when the app listens beyond this machine: then the home page lists no workshops."""
        return self.config.host not in ('127.0.0.1', 'localhost', '::1')
