"""Tapping on idea cards in user-fixture tests: a card is part of one IdeaList element, and a tap is its 'act' event
(in a browser, window.cwSend adds a fresh op id; here a test may give one, to play a retried message)."""
from __future__ import annotations

from nicegui.testing import User

from workshop.ui.participant.idea_list import IdeaList


def tap(user: User, what: str, idea: str, *, criterion: str | None = None, value: int | None = None,
        op: str | None = None, marker: str = 'ideas') -> None:
    user.find(marker=marker).trigger('act', {'a': what, 'id': idea, 'c': criterion, 'v': value, 'op': op})


def shown_on_cards(user: User, marker: str = 'ideas') -> list[str]:
    (cards,) = [e for e in user.find(marker=marker).elements if isinstance(e, IdeaList)]
    return cards.shown()
