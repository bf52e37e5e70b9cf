"""Who does something in a running workshop (an Actor and its role), and the `fresh` rule every state-dependent
action follows. Kept apart from live.py so that the workshop's action modules can share them.

Roles: the facilitator (the workshop's own facilitator link, or a named co-facilitator's), a breakout host (a
named co-host with limited rights: see workshop/domain/team.py), the project lead, and participants.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from workshop import i18n
from workshop.store import Conflict

RETRIES = 3  # attempts after a conflict with another writer before the person is asked to try again
_F = TypeVar('_F', bound=Callable[..., Any])

Refused = i18n.Refusal  # the one refusal type: a catalogue key and params, shown in the asker's language

FACILITATOR = 'facilitator'
HOST = 'host'
LEAD = 'lead'
PARTICIPANT = 'participant'

MAX_TEXT = 2000  # characters in a comment or proposal
MAX_NAME = 60


@dataclass(kw_only=True, slots=True, frozen=True)
class Actor:
    role: str  # 'facilitator', 'host', 'lead' or 'participant'
    participant: str = ''
    cohost: str = ''  # a named co-facilitator or breakout host (their id); '' for the workshop's own links

    @property
    def log_name(self) -> str:
        """Who the event log records: 'facilitator', or 'facilitator:<id>' / 'host:<id>' for a named co-host (the
        audit trail shows their name), or the participant's id."""
        if self.role == PARTICIPANT:
            return self.participant
        return f'{self.role}:{self.cohost}' if self.cohost else self.role


def fresh(retry: bool = True) -> Callable[[_F], _F]:
    """An action that depends on state: catch up with the log first (other processes and the command line write to
    it too). If another writer got there first (a store Conflict), catch up and decide again; `retry=False` refuses
    instead, for decisions a person should see before overriding."""
    def decorate(method: _F) -> _F:
        @functools.wraps(method)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            for _ in range(RETRIES if retry else 1):
                self.catch_up()
                try:
                    return method(self, *args, **kwargs)
                except Conflict:
                    continue
            self.catch_up()
            raise Refused('refused_changed_meanwhile')
        return wrapper  # type: ignore[return-value]
    return decorate


def clean(text: str, limit: int) -> str:
    """Trim, drop control characters (keep newlines), and cap the length of text people type."""
    text = ''.join(ch for ch in str(text) if ch in '\n\t' or ch.isprintable())
    return text.strip()[:limit]
