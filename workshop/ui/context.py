"""What every page needs, built once at start-up and handed to the page builders (no module globals)."""
from __future__ import annotations

from dataclasses import dataclass

from workshop.config import Config
from workshop.live import Registry
from workshop.store import Store


@dataclass(kw_only=True, slots=True)
class AppContext:
    config: Config
    store: Store
    registry: Registry

    @property
    def exposed(self) -> bool:
        """True when the app listens beyond this machine: then the home page lists no workshops."""
        return self.config.host not in ('127.0.0.1', 'localhost', '::1')
