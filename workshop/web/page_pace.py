"""Pages are built one at a time, each in a turn of the event loop of its own.

A thousand phones joining in a minute load two pages each (the join steps, then the workshop), 10-30 ms of building
apiece. Requests that arrived together were built in the same turn of the loop, and the taps and messages of
everyone already in waited behind all of them (loop stalls near 100 ms in the live benchmark while people joined).
Here a page request waits for the one before it to have started its answer, and the lock is handed on a turn later,
so a turn holds one page's building at most. Only pages: NiceGUI's scripts, downloads and socket
(under /_nicegui) and anything but GET pass straight through. The lock is released when the answer starts, never held
while it is sent, so a slow reader cannot hold up the next page.
"""
from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class OnePageAtATime:
    """ASGI middleware; see the module's docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._lock: asyncio.Lock | None = None  # made in the server's event loop, on the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or scope['method'] != 'GET' or scope['path'].startswith('/_nicegui'):
            await self.app(scope, receive, send)
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        lock = self._lock
        await lock.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                # in the next turn: a request reaching the lock later in this turn waits for it too, so two pages
                # are never built in one turn even when each is built and answered without a pause
                asyncio.get_running_loop().call_soon(lock.release)

        async def answer(message: Message) -> None:
            if message['type'] == 'http.response.start':
                release()  # built: the next page may start (in a later turn of the loop)
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            release()
