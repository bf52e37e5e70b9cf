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

from typing import Iterable

from nicegui import Client
from nicegui.element import Element

NICEGUI_MINOR = '3.18'  # the NiceGUI whose internals this patches (Client.remove_elements, ObservableCollection)
_ORIGINAL = Client.remove_elements


def _remove_elements(self: Client, elements: Iterable[Element]) -> None:
    elements = list(elements)
    _ORIGINAL(self, elements)
    for element in elements:
        for observable in (element._props, element._classes, element._style):  # noqa: SLF001
            observable._change_handlers.clear()  # noqa: SLF001 (the bound method that closes the cycle)


def install() -> None:
    """Once at start-up (idempotent)."""
    Client.remove_elements = _remove_elements  # type: ignore[method-assign]
