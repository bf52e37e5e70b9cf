"""A simulated NiceGUI browser: real HTTP and socket.io, no JavaScript. Test and benchmark infrastructure only.

What a browser does with a NiceGUI 3.x page (nicegui/client.py `build_response`, templates/index.html,
static/nicegui.js, nicegui/nicegui.py socket handlers), and what this class does in its place:

1. GET the page, keeping cookies (the session cookie binds `app.storage.user` to this browser). The HTML holds the
   element tree as `parseElements(String.raw`{json}`)` (JSON with & < > ` $ HTML-escaped) and the socket query as
   `query: {...}` (a Python dict literal: client_id, next_message_id, implicit_handshake).
2. Connect socket.io (websocket) at `{prefix}/_nicegui_ws/socket.io` with that query plus the page load's
   document_id (new per page load, the same on every reconnect: the server deletes a client whose document has been
   without a socket for reconnect_timeout) and this tab's tab_id (one per tab, kept across reloads). With
   implicit_handshake=true the connect itself is the handshake. A refused connect
   ('Implicit handshake failed') means the server no longer knows this client (it restarted, or the client was
   deleted after reconnect_timeout): the browser reloads the page, and so does this class.
3. Receive messages, each numbered by `_id`; ones below next_message_id are replays after a reconnect and are
   skipped. 'update' maps element ids to their new dict (None: deleted); 'notify' is a toast; 'open' navigates;
   'run_javascript' cannot run here and is only recorded. Every ~3 s the browser sends 'ack' {client_id,
   next_message_id} so the server can prune its replay history; on reconnect it sends the current next_message_id
   in the query so the server replays what was missed.
4. Send 'event' {id, client_id, listener_id, args}: args are JSON strings of the DOM event's arguments filtered by
   the listener's `args` spec, so a q-btn click sends [] and a value change ('update:modelValue') [json(value)].
"""
from __future__ import annotations

import ast
import asyncio
import json
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote

import aiohttp
import httpx
import socketio

ACK_INTERVAL = 3.0  # seconds, as nicegui.js
SHARED = 'cw_shared'  # the event what every page shows alike comes by (workshop/web/broadcast.py)
_ELEMENTS = re.compile(r'parseElements\(String\.raw`(.*?)`\)', re.S)
_QUERY = re.compile(r'^\s*query: (\{.*?\}),\s*$', re.M)
_PREFIX = re.compile(r'^\s*prefix: "(.*?)",\s*$', re.M)
_UNESCAPE = (('&#36;', '$'), ('&#96;', '`'), ('&gt;', '>'), ('&lt;', '<'), ('&amp;', '&'))  # nicegui.js order


class SimError(Exception):
    pass


@dataclass(slots=True)
class Element:
    """One element as the browser holds it (the dict from Element._to_dict, with its id)."""
    id: int
    tag: str
    text: str = ''
    props: dict[str, Any] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, id_: int, d: dict[str, Any]) -> Element:
        return cls(id=id_, tag=d.get('tag', ''), text=d.get('text') or '', props=d.get('props') or {},
                   classes=d.get('class') or [], children=d.get('children') or [], slots=d.get('slots') or {},
                   events=d.get('events') or [])

    @property
    def label(self) -> str:
        """What a person reads on it: the text, else the label or aria-label prop."""
        return self.text or str(self.props.get('label') or self.props.get('aria-label') or '')

    def child_ids(self) -> list[int]:
        return [*self.children, *(i for slot in self.slots.values() for i in slot.get('ids', []))]

    def listener(self, type_: str) -> dict[str, Any]:
        for listener in self.events:
            if listener['type'] == type_:
                return listener
        raise SimError(f'{self.tag} #{self.id} {self.label!r} has no {type_!r} listener')


class Browser:
    """One simulated browser tab. Keeps cookies across pages, like one phone in a workshop.

    >>> b = Browser('http://127.0.0.1:8080'); await b.open('/join/ACD479')
    >>> await b.click(b.find_one('Join')); t = await b.wait_for('Welcome')
    """

    def __init__(self, base_url: str, *, reconnect: bool = True, follow_navigation: bool = True,
                 timeout: float = 30.0, js_handlers: dict[str, Callable[[Browser], tuple | None]] | None = None,
                 ) -> None:
        self.base_url = base_url.rstrip('/')
        self.http = httpx.AsyncClient(base_url=self.base_url, follow_redirects=True, timeout=timeout)
        self.tab_id = str(uuid.uuid4())  # sessionStorage: one per tab, kept across reloads
        self.reconnect, self.follow_navigation, self.timeout = reconnect, follow_navigation, timeout
        # An app's own js_handler source → a Python stand-in returning the args it would emit (None: no emit)
        self.js_handlers = js_handlers or {}
        self.path = ''
        self.client_id = ''
        self._query: dict[str, Any] = {}
        self._document_id = ''
        self.elements: dict[int, Element] = {}
        self.notifications: list[str] = []
        self.javascript: list[str] = []  # run_javascript code the server asked for (not run)
        self.reloads = 0  # page loads after the first: reconnects the server refused, navigations
        self.drops = 0  # socket connections the server or the network ended
        self.log: list[str] = []  # connection history (drops, reconnect attempts and why they failed)
        self.connected = asyncio.Event()
        self._sio: socketio.AsyncClient | None = None
        self._ws_session: aiohttp.ClientSession | None = None  # ours, so failed reconnects leak nothing
        self._next_message_id = 0
        self._acked_id = -1
        self._last_ack = 0.0
        self._prefix = ''
        self._refused = ''
        self._closing = False
        self._reconnect_task: asyncio.Task | None = None
        self._loading = asyncio.Lock()
        self._waiters: list[Waiter] = []
        # Called after every update or notification with (changed elements, new notifications, arrival time)
        self.listeners: list[Callable[[list[Element], list[str], float], None]] = []

    # --- pages ---------------------------------------------------------------------------------------------------

    async def open(self, path: str) -> None:
        """Load a page and connect its socket: what typing the address into the browser does."""
        async with self._loading:  # a navigation and a reload after a refused reconnect never interleave
            await self._open(path)

    async def _open(self, path: str) -> None:
        await self._disconnect()
        if self.path:
            self.reloads += 1
        response = await self.http.get(path)
        if response.status_code >= 400:
            raise SimError(f'GET {path}: HTTP {response.status_code}')
        self.path = response.url.raw_path.decode()  # after redirects, as the address bar shows it
        self._load_html(response.text)
        try:
            await self._connect()
        except SimError:
            if not self.reconnect:
                raise
            self._start_reconnecting()  # socket.io retries a failed first connection too

    async def reload(self) -> None:
        await self.open(self.path)

    async def close(self) -> None:
        self._closing = True
        if self._reconnect_task:
            self._reconnect_task.cancel()
        await self._disconnect()
        await self.http.aclose()
        if self._ws_session is not None:
            await self._ws_session.close()
        for waiter in self._waiters:
            waiter.future.cancel()

    # --- finding -------------------------------------------------------------------------------------------------

    def find(self, text: str | None = None, *, tag: str | None = None, exact: bool = False,
             props: dict[str, Any] | None = None, visible: bool = True) -> list[Element]:
        """Elements whose label contains `text` (or equals it, exact), with that tag and those prop values.
        visible=True looks only at what is attached to the page and not hidden (class 'hidden')."""
        pool = self._visible() if visible else self.elements.values()
        return [e for e in pool if _matches(e, text, tag, exact, props)]

    def find_one(self, text: str | None = None, **kwargs: Any) -> Element:
        found = self.find(text, **kwargs)
        if len(found) != 1:
            raise SimError(f'expected one element {text!r} {kwargs or ""} on {self.path}, found {len(found)}')
        return found[0]

    def texts(self) -> list[str]:
        """Every visible label, in page order: handy in assertion messages."""
        return [e.label for e in self._visible() if e.label]

    # --- acting --------------------------------------------------------------------------------------------------

    async def click(self, element: Element | str) -> float:
        """Click as a browser does; returns the perf_counter time the event left."""
        return await self.trigger(self.find_one(element) if isinstance(element, str) else element, 'click', {})

    async def set_value(self, element: Element, value: Any) -> float:
        """Type into an input, tick a checkbox, pick an option (ui.radio/select/toggle take the option's index).
        The listener is 'update:' + the element's VALUE_PROP ('modelValue' mostly, 'value' for ui.input)."""
        types = [listener['type'] for listener in element.events if listener['type'].startswith('update:')]
        if not types:
            raise SimError(f'{element.tag} #{element.id} {element.label!r} takes no value')
        return await self.trigger(element, types[0], value)

    async def choose(self, element: Element, label: str) -> float:
        """Pick the option with this label in a radio, toggle or select."""
        for option in element.props.get('options', []):
            if option.get('label') == label:
                return await self.set_value(element, option['value'])
        raise SimError(f'no option {label!r} in {element.tag} #{element.id}')

    async def trigger(self, element: Element, type_: str, *args: Any) -> float:
        """Send the event a browser sends for this DOM event; a JavaScript handler is played by its stand-in."""
        listener = element.listener(type_)
        if listener.get('js_handler'):
            stand_in = self.js_handlers.get(listener['js_handler'])
            if stand_in is None:
                raise SimError(f'{element.tag} #{element.id} handles {type_!r} in JavaScript: give Browser a '
                               f'js_handlers stand-in for {listener["js_handler"]!r}')
            args = stand_in(self)
            if args is None:
                return time.perf_counter()
        sio = self._sio
        if sio is None or not self.connected.is_set():
            raise SimError(f'not connected: {type_!r} on {element.tag} #{element.id} not sent')
        sent = time.perf_counter()
        try:
            await sio.emit('event', {'id': element.id, 'client_id': self.client_id,
                                     'listener_id': listener['listener_id'],
                                     'args': _stringify_args(args, listener.get('args'))})
        except socketio.exceptions.SocketIOError as e:
            raise SimError(f'{type_!r} on {element.tag} #{element.id} not sent: {e}') from None
        return sent

    # --- waiting -------------------------------------------------------------------------------------------------

    async def wait_for(self, text: str, *, timeout: float | None = None, changed_only: bool = False) -> float:
        """Wait until `text` is shown (a visible label or a notification); returns the perf_counter time the message
        that showed it arrived. changed_only ignores what is on the page already: only new updates count."""
        if not changed_only and (any(text in t for t in self.texts()) or any(text in n for n in self.notifications)):
            return time.perf_counter()
        return await self._wait(lambda changed, notes: any(text in e.label for e in changed)
                                or any(text in n for n in notes), timeout, f'text {text!r}')

    def expect_change(self, element: Element) -> Expectation:
        """Start watching an element before acting, so a fast answer cannot slip past:
        `change = b.expect_change(status); await b.click(button); arrived, status = await change.wait()`."""
        return Expectation(self, lambda changed, notes: any(e.id == element.id for e in changed),
                           f'a change of {element.tag} #{element.id}', element.id, same_page=True)

    async def wait_until(self, predicate: Callable[[Browser], bool], *, timeout: float | None = None,
                         what: str = 'condition') -> float:
        """Wait until predicate(self) holds, checked after every message."""
        if predicate(self):
            return time.perf_counter()
        return await self._wait(lambda changed, notes: predicate(self), timeout, what)

    async def _wait(self, check: Callable, timeout: float | None, what: str) -> float:
        return await Expectation(self, check, what).wait(timeout)

    def _wake(self, changed: list[Element], notes: list[str], arrived: float, *, connected: bool = False) -> None:
        """After a message (or, with connected=True, after the socket (re)connected: everything is news)."""
        for listener in self.listeners:
            listener(changed, notes, arrived)
        for waiter in list(self._waiters):
            if waiter.future.done():
                continue
            if waiter.same_page and connected:
                if waiter.document_id != self._document_id:  # the page it watched is gone: no answer will come
                    waiter.future.set_exception(SimError(f'{waiter.what}: the page was reloaded'))
                continue  # same page, new socket: the update may still come (replayed)
            if waiter.check(changed, notes):
                waiter.future.set_result(arrived)

    # --- protocol ------------------------------------------------------------------------------------------------

    def _load_html(self, html: str) -> None:
        elements, query, prefix = _ELEMENTS.search(html), _QUERY.search(html), _PREFIX.search(html)
        if not (elements and query):
            raise SimError(f'{self.path} is not a NiceGUI page')
        raw = elements.group(1)
        for escaped, plain in _UNESCAPE:
            raw = raw.replace(escaped, plain)
        self.elements = {int(k): Element.from_dict(int(k), v) for k, v in json.loads(raw).items()}
        self._query = ast.literal_eval(query.group(1))  # rendered from a Python dict
        self._prefix = prefix.group(1) if prefix else ''
        self.client_id = self._query['client_id']
        # One per page load, kept across reconnects: the server deletes a client whose document has had no socket
        # for reconnect_timeout, so a new id on each reconnect would get the page deleted under a live socket.
        self._document_id = str(uuid.uuid4())
        self._next_message_id = int(self._query['next_message_id'])
        self._acked_id = -1
        self.notifications.clear()

    async def _connect(self) -> None:
        if self._ws_session is None:
            self._ws_session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        # reconnecting is done here, the way nicegui.js does it
        # like every browser, offer per-message compression (the server decides whether to use it)
        sio = socketio.AsyncClient(reconnection=False, http_session=self._ws_session,
                                   websocket_extra_options={'compress': 15})

        def current(handler: Callable) -> Callable:
            """Messages of a page's socket count only while that page is shown: a late one from the previous
            page (after a navigation or reload) would otherwise land in the new element tree."""
            return lambda *args: handler(*args) if sio is self._sio else None

        def dropped(*args: Any) -> None:
            asyncio.ensure_future(_close_websocket(sio))  # engine.io leaves it to the garbage collector
            current(self._on_disconnect)(*args)

        for event, handler in (('update', self._on_update), ('notify', self._on_notify), ('open', self._on_open),
                               ('run_javascript', self._on_javascript), ('connect_error', self._on_connect_error),
                               ('load_js_components', self._on_ignored), ('download', self._on_ignored),
                               (SHARED, self._on_shared)):
            sio.on(event, current(handler))
        sio.on('disconnect', dropped)
        query = {**self._query, 'next_message_id': self._next_message_id, 'document_id': self._document_id,
                 'tab_id': self.tab_id}
        url = f'{self.base_url}?' + '&'.join(f'{k}={_js(v)}' for k, v in query.items())
        cookies = '; '.join(f'{c.name}={c.value}' for c in self.http.cookies.jar)
        self._refused = ''
        self._sio = sio
        try:
            await sio.connect(url, headers={'Cookie': cookies} if cookies else {}, transports=['websocket'],
                              socketio_path=f'{self._prefix}/_nicegui_ws/socket.io', wait_timeout=self.timeout)
        except socketio.exceptions.ConnectionError as e:
            if self._sio is sio:
                self._sio = None
            await sio.disconnect()
            raise SimError(f'socket for {self.path}: {self._refused or e}') from None
        self.connected.set()
        self._wake(list(self.elements.values()), [], time.perf_counter(), connected=True)

    async def _disconnect(self) -> None:
        self.connected.clear()
        sio, self._sio = self._sio, None
        if sio is not None:
            if sio.connected and self._acked_id < self._next_message_id:
                await sio.emit('ack', {'client_id': self.client_id, 'next_message_id': self._next_message_id})
            await sio.disconnect()

    def _accept(self, msg: dict[str, Any]) -> bool:
        """Message numbering: skip replays, remember where we are, ack now and then."""
        if '_id' in msg:
            message_id = msg.pop('_id')
            if message_id < self._next_message_id:
                return False
            self._next_message_id = message_id + 1
        now = time.monotonic()
        if now - self._last_ack > ACK_INTERVAL and self._sio is not None:
            self._last_ack, self._acked_id = now, self._next_message_id
            asyncio.ensure_future(self._ack(self._sio))
        return True

    async def _ack(self, sio: socketio.AsyncClient) -> None:
        try:
            await sio.emit('ack', {'client_id': self.client_id, 'next_message_id': self._next_message_id})
        except socketio.exceptions.SocketIOError:
            pass  # the socket went away; the reconnect query carries next_message_id instead

    def _on_update(self, msg: dict[str, Any]) -> None:
        arrived = time.perf_counter()
        if not self._accept(msg):
            return
        changed = []
        for key, data in msg.items():
            id_ = int(key)
            if data is None:
                self.elements.pop(id_, None)
                continue
            old = self.elements.get(id_)
            for prop in data.get('preserved_props') or []:  # props the browser owns (e.g. an input's typing)
                if old is not None and prop in old.props:
                    data.setdefault('props', {})[prop] = old.props[prop]
            self.elements[id_] = element = Element.from_dict(id_, data)
            changed.append(element)
        self._wake(changed, [], arrived)

    def _on_shared(self, msg: dict[str, Any]) -> None:
        """What is sent alike to every page (workshop/web/broadcast.py), taken as results_list.js and status_bar.js
        take it: each by the component listening for it, unless what it has is newer."""
        arrived = time.perf_counter()
        changed = []
        for element in self.elements.values():
            if element.props.get('shared') != SHARED:
                continue
            props = element.props
            if 'r' in msg and 'results' in props and _revision(msg['r']) > _revision(props['results']):
                props['results'] = msg['r']
                changed.append(element)
            if 's' in msg and 'message' in props and msg['sr'] > props.get('rev', 0):
                props.update(message=msg['s'], rev=msg['sr'])
                changed.append(element)
        self._wake(changed, [], arrived)

    def _on_notify(self, msg: dict[str, Any]) -> None:
        arrived = time.perf_counter()
        if self._accept(msg):
            note = str(msg.get('message', ''))
            self.notifications.append(note)
            self._wake([], [note], arrived)

    def _on_open(self, msg: dict[str, Any]) -> None:
        if self._accept(msg) and self.follow_navigation and str(msg.get('path', '')).startswith('/'):
            asyncio.ensure_future(self._navigate(msg['path']))

    async def _navigate(self, path: str) -> None:
        try:
            await self.open(path)
        except (SimError, httpx.HTTPError) as e:
            self._note(f'navigation to {path} failed: {e!r}')  # a waiter for the new page times out and says so

    def _on_javascript(self, msg: dict[str, Any]) -> None:
        if self._accept(msg):
            self.javascript.append(str(msg.get('code', '')))

    def _on_ignored(self, msg: dict[str, Any]) -> None:
        self._accept(msg)

    def _on_connect_error(self, data: Any) -> None:
        self._refused = data.get('message', str(data)) if isinstance(data, dict) else str(data)

    def _on_disconnect(self, reason: Any = None, *_: Any) -> None:
        if self._sio is None or self._closing:
            return  # we hung up ourselves
        self.connected.clear()
        self._sio = None
        self.drops += 1
        self._note(f'dropped: {reason!r}')
        if self.reconnect:
            self._start_reconnecting()

    def _start_reconnecting(self) -> None:
        if self._reconnect_task is None or self._reconnect_task.done():
            self._reconnect_task = asyncio.ensure_future(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        """socket.io's back-off (1 s doubling to 5 s, ±50 %); a refused handshake means reload, as nicegui.js."""
        delay = 1.0
        while not self._closing and not self.connected.is_set():
            await asyncio.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 5.0)
            async with self._loading:
                if self.connected.is_set():
                    return  # a navigation connected meanwhile
                try:
                    await self._connect()
                    self._note('reconnected')
                    return
                except Exception as e:  # whatever the network does, a browser keeps trying
                    self._note(f'reconnect failed: {e!r}')
                    if 'Implicit handshake failed' not in self._refused:
                        continue  # server still down or too busy
                try:
                    await self._open(self.path)
                    self._note('reloaded')
                except Exception as e:
                    self._note(f'reload failed: {e!r}')

    def _note(self, what: str) -> None:
        self.log.append(f'{time.perf_counter():.3f} {what}')

    def _visible(self) -> list[Element]:
        """Elements reachable from the page root without passing through a hidden one, in page order. An open dialog
        or menu is drawn over the page wherever it sits in the tree (Quasar moves it to the end of the body), so it
        counts even under a hidden element, and comes after the page."""
        result, seen, floating = [], set(), []
        roots = [(0, False)]
        while roots:
            stack = roots
            roots = []
            while stack:
                element_id, hidden = stack.pop()
                element = self.elements.get(element_id)
                if element is None or element.id in seen:
                    continue
                if element.tag.endswith(('-dialog', '-menu')) and element.id not in floating:
                    if element.props.get('model-value'):
                        floating.append(element.id)
                        roots.append((element.id, False))
                    continue  # a closed dialog's or menu's content is in the tree but not on screen
                hidden = hidden or 'hidden' in element.classes
                seen.add(element.id)
                if not hidden:
                    result.append(element)
                stack.extend((child, hidden) for child in reversed(element.child_ids()))
            roots.reverse()
        return result


@dataclass(eq=False, slots=True)
class Waiter:
    check: Callable[[list[Element], list[str]], bool]
    future: asyncio.Future
    what: str
    same_page: bool  # a change on this page only: fails when the page is replaced
    document_id: str


class Expectation:
    """Something a Browser waits to see, registered before the action that should cause it."""

    def __init__(self, browser: Browser, check: Callable, what: str, element_id: int | None = None, *,
                 same_page: bool = False) -> None:
        self.browser, self.what, self.element_id = browser, what, element_id
        self.future = asyncio.get_running_loop().create_future()
        self._entry = Waiter(check=check, future=self.future, what=what, same_page=same_page,
                             document_id=browser._document_id)
        browser._waiters.append(self._entry)

    def cancel(self) -> None:
        self.future.cancel()
        if self._entry in self.browser._waiters:
            self.browser._waiters.remove(self._entry)

    async def wait(self, timeout: float | None = None) -> float | tuple[float, Element]:
        """The perf_counter time it was seen (with the element as it is now, for expect_change)."""
        b, timeout = self.browser, timeout or self.browser.timeout
        try:
            arrived = await asyncio.wait_for(self.future, timeout)
        except asyncio.TimeoutError:
            raise SimError(f'{self.what} did not appear on {b.path} within {timeout} s; '
                           f'the page shows: {b.texts()[-25:]}') from None
        finally:
            if self._entry in b._waiters:
                b._waiters.remove(self._entry)
        return arrived if self.element_id is None else (arrived, b.elements.get(self.element_id))


def _matches(e: Element, text: str | None, tag: str | None, exact: bool, props: dict[str, Any] | None) -> bool:
    if tag is not None and e.tag != tag:
        return False
    if text is not None and not (e.label == text if exact else text in e.label):
        return False
    return all(e.props.get(k) == v for k, v in (props or {}).items())


def _stringify_args(args: tuple, spec: list | None) -> list[str | None]:
    """nicegui.js stringifyEventArgs: keep only the listener's declared fields of each argument."""
    result = []
    for i, arg in enumerate(args):
        if spec is not None and i >= len(spec):
            break
        if isinstance(arg, dict) and spec is not None and spec[i] is not None:
            arg = {k: v for k, v in arg.items() if k in spec[i]}
        result.append(json.dumps(arg))
    return result


async def _close_websocket(sio: socketio.AsyncClient) -> None:
    ws = getattr(sio.eio, 'ws', None)
    if ws is not None and not ws.closed:
        try:
            await ws.close()
        except Exception:  # already broken: closing is only tidying up
            pass


def _js(value: Any) -> str:
    """A query value as the JavaScript socket.io client writes it."""
    return 'true' if value is True else 'false' if value is False else quote(str(value), safe='')


def _revision(results: str) -> int:
    """The revision a results text ends with (`..."rev":12}`), -1 for none."""
    head, _, tail = results.rpartition('"rev":')
    return int(tail.rstrip('}')) if head and tail.rstrip('}').isdigit() else -1
