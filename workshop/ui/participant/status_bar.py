"""The participant's footer line (status_bar.js): "Dots left: 2 of 5" and the answer to each tap.

One element instead of five, because it is on every open participant page (see idea_list.py for why that counts).
"""
from __future__ import annotations

from nicegui import ui

from workshop.ui.shared.lang import t


class StatusBar(ui.element, component='status_bar.js'):
    def __init__(self) -> None:
        super().__init__()
        self._props.update(summary='', message='', offline=t('not_sent_offline'))

    def say(self, message: str) -> None:
        self._set('message', message)

    def show_summary(self, summary: str) -> None:
        """What is left to vote with; empty hides the line."""
        self._set('summary', summary)

    def _set(self, name: str, text: str) -> None:
        if self._props[name] != text:  # every change is a message to that browser
            self._props[name] = text
            self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props['summary'], self._props['message']]
