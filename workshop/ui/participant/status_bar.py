"""The participant's footer line (status_bar.js): "Dots left: 2 of 5" and the answer to each tap.

One element instead of five, because it is on every open participant page (see idea_list.py for why that counts).
What everyone is told at once (results revealed) comes in the one message sent alike to every page
(web/broadcast.py); each message carries a revision, so that the browser shows the newest of the two ways.
"""
from __future__ import annotations

from nicegui import ui

from workshop.ui.shared.lang import t
from workshop.web.broadcast import Broadcast, resend_on_reconnect


class StatusBar(ui.element, component='status_bar.js'):
    def __init__(self, shared: Broadcast) -> None:
        super().__init__()
        self.shared = shared
        self._props.update(summary='', message='', rev=0, offline=t('not_sent_offline'), shared=shared.event)
        resend_on_reconnect(self)

    def say(self, message: str) -> None:
        """This page's own answer (to a tap, a comment sent): an element update."""
        if self._props['message'] != message:
            with self._props.suspend_updates():
                self._props['rev'] = self.shared.revision()
            self._set('message', message)

    def announce(self, message: str, revision: int) -> None:
        """What every page is told at once, numbered by the caller once for all of them: sent to the browser with
        the other pages' (unless this page has said something newer since)."""
        if self._props['rev'] >= revision or self._props['message'] == message:
            return
        self.shared.deliver(self, {'message': message, 'rev': revision}, s=message, sr=revision)

    def show_summary(self, summary: str) -> None:
        """What is left to vote with; empty hides the line."""
        self._set('summary', summary)

    def _set(self, name: str, text: str) -> None:
        if self._props[name] != text:  # every change is a message to that browser
            self._props[name] = text
            self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props['summary'], self._props['message']]
