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
import ctypes
import functools
from typing import Callable, Iterable

import logging

from engineio import exceptions as engineio_exceptions
from engineio import packet as engineio_packet
from engineio.async_socket import AsyncSocket
from nicegui import Client, core
from nicegui.element import Element
from nicegui.dependencies import JsComponent
from nicegui.outbox import Outbox, deleted
from socketio import packet as socketio_packet
from socketio.async_manager import AsyncManager
from starlette.requests import Request, empty_receive, empty_send

NICEGUI_MINOR = '3.18'  # the NiceGUI whose internals this patches (Client.remove_elements, ObservableCollection, Outbox)
ENGINEIO_MINOR = '4.15'  # the python-engineio whose AsyncSocket.poll this replaces
SOCKETIO_MINOR = '5.18'  # the python-socketio whose AsyncManager.emit this shortens for one recipient
_ORIGINAL_EMIT = AsyncManager.emit
_ORIGINAL = Client.remove_elements
_ORIGINAL_DELETE = Client.delete
_ORIGINAL_BUILD_RESPONSE = Client.build_response


def _remove_elements(self: Client, elements: Iterable[Element]) -> None:
    elements = list(elements)
    _ORIGINAL(self, elements)
    for element in elements:
        for observable in (element._props, element._classes, element._style):  # noqa: SLF001
            observable._change_handlers.clear()  # noqa: SLF001 (the bound method that closes the cycle)


def _delete_once(self: Client) -> None:
    if not self.is_deleted:  # NiceGUI's own delete after the reconnect timeout finds a page freed early already gone
        _ORIGINAL_DELETE(self)
        # its connect and disconnect handlers are closures that hold the page while the page holds them: a cycle
        # only a full collection, rare with a thousand phones open, would free (nothing runs them after a delete;
        # the delete handlers stay, as an Event awaited by the page removes its own from them afterwards)
        for handlers in (self.connect_handlers, self.disconnect_handlers):
            handlers.clear()


def free_when_left(client: Client, grace: float = 2.0) -> None:
    """Free a page the browser has left for good (the join steps, once someone has joined) as soon as its socket
    closes, not after the reconnect timeout a page is kept for a phone that may come back: a thousand people joining in
    a minute otherwise kept some 250 finished join pages in memory at once. A reconnect within `grace` keeps it."""
    def free() -> None:
        if not client.has_socket_connection:
            client.delete()
            # NiceGUI's own delete, waiting out the reconnect timeout, holds the page and all its elements until then
            for task in client._delete_tasks.values():  # noqa: SLF001
                task.cancel()
            client._delete_tasks.clear()  # noqa: SLF001
    client.on_disconnect(lambda: asyncio.get_running_loop().call_later(grace, free))


async def _outbox_loop(self: Outbox) -> None:
    """NiceGUI's outbox loop, waiting for the next update without a timeout. The original wakes every page's loop
    once a second (`asyncio.wait_for(..., timeout=1.0)`, a task, a timer and a future each time) only to go back to
    sleep: with a thousand phones open that was a thousand short-lived tasks a second, the bulk of the young objects
    every garbage collection walked (40-90 ms collections in the live benchmark). `Outbox.stop` sets the event, so the
    loop still ends at once when its page is deleted."""
    self._enqueue_event = asyncio.Event()  # noqa: SLF001
    self._enqueue_event.set()  # noqa: SLF001
    while not self._should_stop:  # noqa: SLF001
        try:
            await self._enqueue_event.wait()  # noqa: SLF001
            if self._should_stop:  # noqa: SLF001
                break
            client = self.client
            if not client.has_socket_connection:
                await asyncio.sleep(0.1)
                continue
            self._enqueue_event.clear()  # noqa: SLF001
            await _send_pending(self, client)
        except asyncio.CancelledError:
            break
        except Exception as e:  # noqa: BLE001 (as NiceGUI: one page's failure must not end its loop)
            core.app.handle_exception(e)
            await asyncio.sleep(0.1)


async def _send_pending(self: Outbox, client: Client) -> None:
    """The body of NiceGUI's loop, unchanged: element updates (loading new JS components first), then messages."""
    messages = []
    if self.updates:
        data = {element_id: None if element is deleted else element._to_dict()  # noqa: SLF001
                for element_id, element in self.updates.items()}
        js_components = [element.component for element in self.updates.values()
                         if element is not deleted and isinstance(element.component, JsComponent)
                         and element.component.name not in self._loaded_components]  # noqa: SLF001
        if js_components:
            messages.append((client.id, 'load_js_components',
                             {'components': [{'key': c.key, 'tag': c.tag} for c in js_components]}))
            self._loaded_components.update(c.name for c in js_components)  # noqa: SLF001
        messages.append((client.id, 'update', data))
        self.updates.clear()
    messages.extend(self.messages)
    self.messages.clear()
    for message in messages:
        try:
            await self._emit(message)  # noqa: SLF001
        except Exception as e:  # noqa: BLE001
            core.app.handle_exception(e)


async def _poll(self: AsyncSocket) -> list:
    """Engine.IO's wait for the next packets to send on a socket, with `asyncio.timeout` instead of
    `asyncio.wait_for`: on Python 3.11 wait_for wraps the wait in a task of its own (a task, a coroutine, a timer, two
    futures), and every socket always has one waiting, made anew after each message sent. A results update to a
    thousand phones left a thousand of those for the next garbage collection to walk. Same behaviour otherwise."""
    try:
        async with asyncio.timeout(self.server.ping_interval + self.server.ping_timeout):
            packets = [await self.queue.get()]
        self.queue.task_done()
    except (asyncio.TimeoutError, asyncio.CancelledError):
        raise engineio_exceptions.QueueEmpty() from None
    if packets == [None]:
        return []
    while True:
        try:
            packet = self.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        self.queue.task_done()
        if packet is None:
            self.queue.put_nowait(None)
            break
        packets.append(packet)
    return packets


def _build_response(self: Client, request: Request, status_code: int = 200):  # noqa: ANN202
    """NiceGUI keeps the request a page was built for as long as the page is open (for its URL, headers, session).
    As it came, that request still held how it was received and answered: the middleware chain's streams, events and
    task state for that one HTTP request, and FastAPI's exit stacks, about 60 KB per open page. Once the page's
    HTML is made, the page keeps a request with the same scope minus those, and the original lets go of them too."""
    response = _ORIGINAL_BUILD_RESPONSE(self, request, status_code)
    for held in {id(request): request, id(self._request): self._request}.values():  # noqa: SLF001
        if held is not None:
            held._receive, held._send = empty_receive, empty_send  # noqa: SLF001
    if self._request is not None:  # noqa: SLF001
        scope = {k: v for k, v in self._request.scope.items()  # noqa: SLF001
                 if not (k.startswith('fastapi_') and k.endswith('astack'))}  # FastAPI's exit stacks, request-long
        self._request = Request(scope)  # noqa: SLF001
    return response


async def _emit(self: AsyncManager, event: str, data: object, namespace: str, room: str | None = None,
                skip_sid: object = None, callback: object = None, to: str | None = None, **kwargs: object) -> None:
    """Socket.IO's emit, sending straight away when the room holds one socket: NiceGUI sends every message to the
    room of one page, and the original made a task per recipient and waited for them (asyncio.wait), a task, a
    future and their callbacks for every message to every phone. Anything else goes the original way. An element
    update is never searched for bytes (below)."""
    room = to or room
    # only a named room is looked at: a broadcast (room None) would list every socket here and again in the original
    participants = [] if callback or skip_sid or room is None or namespace not in self.rooms else \
        list(self.get_participants(namespace, room))
    if len(participants) != 1:
        await _ORIGINAL_EMIT(self, event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        return
    data = list(data) if isinstance(data, tuple) else [] if data is None else [data]
    # an element update is JSON (props, classes, style, events): Socket.IO's search of it for bytes to send as
    # attachments walked every dict and list of every update in Python, a few per cent of the server's time
    binary = False if event == 'update' else None
    encoded = self.server.packet_class(socketio_packet.EVENT, namespace=namespace, data=[event, *data],
                                       binary=binary).encode()
    for part in encoded if isinstance(encoded, list) else [encoded]:
        try:
            await self.server._send_eio_packet(participants[0][1],  # noqa: SLF001
                                               engineio_packet.Packet(engineio_packet.MESSAGE, part))
        except Exception:  # as with the original's task: one page's broken socket is logged, never raised
            logging.getLogger('socketio').exception('sending to %s failed', participants[0][0])


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (looked up once: finding the library by name runs
    a program)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back() -> bool:
    """Hand memory the server has freed back to the system. After a burst (a reveal's messages to a thousand
    phones, a thousand join pages) glibc keeps the freed memory as holes in the heap for reuse, and the server's size
    stays at its high-water mark; malloc_trim returns the whole free pages among them. False where there is no
    malloc_trim (the memory then stays with the process, as before)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


async def give_back_regularly(interval: float = 5.0) -> None:
    """Every few seconds, in a thread (ctypes lets go of the GIL): a trim at 1,000 phones took 0-11 ms, measured on
    the event loop before it moved to a thread; meanwhile an allocation on the loop may wait for glibc's heap lock."""
    if _malloc_trim() is None:
        return
    while True:
        await asyncio.sleep(interval)
        await asyncio.to_thread(give_back)


def install() -> None:
    """Once at start-up (idempotent)."""
    AsyncManager.emit = _emit  # type: ignore[method-assign]
    Client.build_response = _build_response  # type: ignore[method-assign]
    AsyncSocket.poll = _poll  # type: ignore[method-assign]
    Outbox.loop = _outbox_loop  # type: ignore[method-assign]
    Client.remove_elements = _remove_elements  # type: ignore[method-assign]
    Client.delete = _delete_once  # type: ignore[method-assign]
