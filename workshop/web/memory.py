"""Removed elements free their memory at once, not at the next full garbage collection.

NiceGUI's props, classes and style of an element each keep a bound method of themselves as their change handler: a
small reference cycle per element, about 20 objects, that only Python's full collection can free. With a thousand
phones open, full collections are kept rare (they stall every connection for about a second), so the join pages,
closed dialogs and rebuilt panels of hundreds of people piled up as garbage and, once finally collected, left the heap
full of holes the server could not give back (113 MB at 1,000 participants). Breaking the cycle when NiceGUI removes
an element lets reference counting free it the moment it goes. Checked by tests/test_memory.py against the installed
NiceGUI, so an upgrade that changes these internals fails a test instead of quietly leaking; pyproject.toml allows
only the minor version below, and a test fails loudly when another one is installed.
"""
from __future__ import annotations

import asyncio
from typing import Iterable

from nicegui import Client
from nicegui.element import Element

NICEGUI_MINOR = '3.18'  # the NiceGUI whose internals this patches (Client.remove_elements, ObservableCollection)
_ORIGINAL = Client.remove_elements
_ORIGINAL_DELETE = Client.delete


def _remove_elements(self: Client, elements: Iterable[Element]) -> None:
    elements = list(elements)
    _ORIGINAL(self, elements)
    for element in elements:
        for observable in (element._props, element._classes, element._style):  # noqa: SLF001
            observable._change_handlers.clear()  # noqa: SLF001 (the bound method that closes the cycle)


def _delete_once(self: Client) -> None:
    if not self.is_deleted:  # NiceGUI's own delete after the reconnect timeout finds a page freed early already gone
        _ORIGINAL_DELETE(self)


def free_when_left(client: Client, grace: float = 2.0) -> None:
    """Free a page the browser has left for good (the join steps, once someone has joined) as soon as its socket
    closes, not after the reconnect timeout a page is kept for a phone that may come back: a thousand people joining in
    a minute otherwise kept some 250 finished join pages in memory at once. A reconnect within `grace` keeps it."""
    def free() -> None:
        if not client.has_socket_connection:
            client.delete()
    client.on_disconnect(lambda: asyncio.get_running_loop().call_later(grace, free))


def install() -> None:
    """Once at start-up (idempotent)."""
    Client.remove_elements = _remove_elements  # type: ignore[method-assign]
    Client.delete = _delete_once  # type: ignore[method-assign]
