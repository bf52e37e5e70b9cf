"""One message to many pages, encoded once and sent a batch at a time.

When results are revealed, a thousand phones get the same words. Sent as NiceGUI element updates, each phone's
message was made on its own (the element's dict, two JSON encodings, Socket.IO's packet) and each was a task of its
own page's outbox: most of the second a reveal took at 1,000 participants. Here a page hands over the text it now
shows; the pages given the same text within one turn of the event loop share one encoded packet, put straight on
each socket's queue, BATCH sockets per turn so that taps are answered in between.

A message sent while a page has no socket reaches nobody, and NiceGUI's replay on reconnect only knows its own
messages: an element using this sends an ordinary update instead while its page has no socket, and again whenever
its page reconnects (`resend_on_reconnect`). What it sends carries a revision, newest highest, so that the browser
keeps the newest whichever way it came.
"""
from __future__ import annotations

import asyncio
import logging

from engineio import packet as engineio_packet
from nicegui import Client, background_tasks, core
from nicegui.element import Element
from socketio import packet as socketio_packet

BATCH = 10  # sockets per turn of the event loop


class Broadcast:
    """Sends a dict of parts (`{"r": results}`, `{"s": status, "sr": its revision}`) as Socket.IO event `event` to
    each page given them; a page's components each take their own part. Created once at start-up."""

    def __init__(self, event: str) -> None:
        self.event = event
        self._pending: dict[str, dict[str, str | int]] = {}  # page (client id) → its parts not sent yet, the newest
        self._sending = False
        self._revision = 0
        self._named: dict[object, int] = {}  # a few revisions handed out by name, the oldest dropped first
        self.packets = 0  # encoded packets so far (one per distinct message per turn, however many pages)

    def revision(self, name: object = None) -> int:
        """The next number of a sequence that only grows: a part sent this way and the same prop changed by an
        ordinary element update carry one each, and the browser shows the newer, whichever arrived last. With a
        `name`, the same number for every page asking by that name (one announcement reaching many pages)."""
        if name is not None and name in self._named:
            return self._named[name]
        self._revision += 1
        if name is not None:
            while len(self._named) >= 64:
                self._named.pop(next(iter(self._named)))
            self._named[name] = self._revision
        return self._revision

    def send(self, client: Client, **parts: str | int) -> None:
        """Queue `parts` for the page of `client` (newer parts for the same page replace older ones)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop, so no browser either (command line, plain tests)
        self._pending[client.id] = {**self._pending.get(client.id, {}), **parts}
        if not self._sending:
            self._sending = True
            background_tasks.create(self._send_pending(), name=f'broadcast {self.event}')

    def deliver(self, element: Element, props: dict[str, object], **parts: str | int) -> None:
        """Set `props` on `element` without an element update and send `parts` (the same words) to its page in this
        message; a page without its socket gets the props as an element update instead, sent once it is back."""
        with element.props.suspend_updates():
            element.props.update(props)
        if element.client.has_socket_connection:
            self.send(element.client, **parts)
        else:
            element.update()

    async def _send_pending(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # the rest of this fan-out's batch of pages adds theirs first
                pending, self._pending = self._pending, {}
                pages: dict[tuple, list[str]] = {}
                for client_id, parts in pending.items():
                    pages.setdefault(tuple(sorted(parts.items())), []).append(client_id)
                for parts, client_ids in pages.items():
                    await self._send(dict(parts), client_ids)
        finally:
            self._sending = False

    async def _send(self, message: dict, client_ids: list[str]) -> None:
        self.packets += 1
        encoded = core.sio.packet_class(socketio_packet.EVENT, namespace='/', data=[self.event, message],
                                        binary=False).encode()  # words and numbers only
        packet = engineio_packet.Packet(engineio_packet.MESSAGE, encoded)
        for n, client_id in enumerate(client_ids, start=1):
            if client_id in self._pending:
                self._pending[client_id] = {**message, **self._pending[client_id]}  # goes with what came meanwhile
                continue
            for sid, eio_sid in list(core.sio.manager.get_participants('/', client_id)):
                try:
                    await core.sio._send_eio_packet(eio_sid, packet)  # noqa: SLF001 (queues it; never waits)
                except Exception:  # one broken socket must not keep the message from the others
                    logging.getLogger('socketio').exception('sending to %s failed', sid)
            if n % BATCH == 0:
                await asyncio.sleep(0)


def resend_on_reconnect(element: Element) -> None:
    """When the page of `element` reconnects, its browser gets the element's props as they are now: a message sent
    just before the connection dropped may have been lost with it. (The first connection needs nothing: the page's
    HTML, or an update waiting for the socket, holds them.)"""
    connections = 0

    def connected() -> None:
        nonlocal connections
        connections += 1
        if connections > 1:
            element.update()

    element.client.on_connect(connected)
