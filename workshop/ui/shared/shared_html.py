"""HTML (built from escaped text) that many pages show alike, sent in the one message that reaches them all.

The line saying what is happening now is on every participant page, and moving the agenda (which revealing results
does too) or the focus changes it on all of them at once: as a thousand element updates that held up the taps of
those seconds. The words differ only by group and language, so the pages given the same words by the same change
share one message (web/broadcast.py). Each text carries a revision; the browser (shared_html.js) shows the newest,
whichever way it came.
"""
from __future__ import annotations

from nicegui import ui

from workshop.web.broadcast import Broadcast, resend_on_reconnect


class SharedHtml(ui.html, component='shared_html.js'):
    """`show(html, own, name)`: words many pages share, then this page's own; `part`: the key of the shared words in
    the broadcast message (one such element per page)."""

    def __init__(self, shared: Broadcast, part: str) -> None:
        super().__init__('', sanitize=False)
        self.shared, self.part = shared, part
        self._props.update(rev=0, own='', shared=shared.event, part=part)
        resend_on_reconnect(self)

    def show(self, html: str, own: str = '', name: object = None) -> None:
        """Show `html` followed by `own` (this page's alone: its group, its support code). Pages given the same
        `html` by the same change pass the same `name` (the change's counts, say) and share one message; a change of
        `own`, or no name, makes this page's message its own."""
        if self.content == html + own:
            return
        revision = self.shared.revision((self.part, name, html) if name is not None else None)
        if revision <= self._props['rev']:  # named before this page's own last change, which is newer
            revision = self.shared.revision()
        with self._props.suspend_updates():
            self.content = html + own
        if self._props['own'] != own:  # this page's own words changed: an element update
            self._props.update(own=own, rev=revision)
        else:
            self.shared.deliver(self, {'rev': revision}, **{self.part: html, f'{self.part}r': revision})
