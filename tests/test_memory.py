"""A closed page, a cleared panel or a closed dialog leaves no garbage that needs a full collection to free."""
import asyncio
import contextlib
import gc
import tomllib
import weakref
from importlib.metadata import version
from pathlib import Path

import nicegui
import pytest
from nicegui import Client, core, ui
from nicegui.page import page

from workshop.web import memory


@contextlib.contextmanager
def tasks_created():
    """The names of the tasks the event loop is asked to make meanwhile."""
    loop, created = asyncio.get_running_loop(), []
    loop.set_task_factory(lambda loop, coro, **kwargs: created.append(coro.__qualname__) or asyncio.Task(coro, loop=loop,
                                                                                                       **kwargs))
    try:
        yield created
    finally:
        loop.set_task_factory(None)


def build_and_remove(clear_only: bool) -> int:
    gc.collect()
    gc.disable()
    try:
        client = Client(page('/memory-test'))
        with client:
            with ui.column() as box:
                for _ in range(50):
                    ui.label('A label')
                    ui.button('A button', on_click=lambda: None)
        if clear_only:
            box.clear()
        client.delete()
        del client, box
        return gc.collect()  # objects only the cycle collector could free
    finally:
        gc.enable()


def test_a_deleted_page_is_freed_by_reference_counting_alone():
    memory.install()
    assert build_and_remove(clear_only=False) < 30  # was about 2,000 for these 100 elements


def test_cleared_elements_are_freed_too():
    memory.install()
    assert build_and_remove(clear_only=True) < 30


def test_the_installed_nicegui_is_the_one_whose_internals_are_patched():
    installed = '.'.join(nicegui.__version__.split('.')[:2])
    assert installed == memory.NICEGUI_MINOR, (
        f'NiceGUI {nicegui.__version__} is installed, but workshop/web/memory.py patches the internals of '
        f'{memory.NICEGUI_MINOR}: check Client.remove_elements and the change handlers of props, classes and style '
        'in the new release, then update NICEGUI_MINOR and the nicegui range in pyproject.toml together')


def test_pyproject_allows_only_that_minor_version():
    pyproject = tomllib.loads((Path(__file__).parent.parent / 'pyproject.toml').read_text(encoding='utf-8'))
    (pin,) = [d.split('#')[0].strip() for d in pyproject['project']['dependencies'] if d.startswith('nicegui')]
    major, minor = memory.NICEGUI_MINOR.split('.')
    assert pin == f'nicegui>={major}.{minor},<{major}.{int(minor) + 1}'


async def test_a_join_page_left_for_good_is_freed_once_its_socket_closes(monkeypatch):
    """After joining, the browser moves on to the workshop page: the join page, with all its elements, is freed when
    its socket closes (plus a short grace for a reconnect), by reference counting alone. Deleted but still held by
    NiceGUI's own delete (waiting out the reconnect timeout) and by its handlers' cycles, a thousand join pages stayed
    in memory until a full collection, about 100 KB each."""
    memory.install()
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())  # as when the app runs, with its 15 s for a
    monkeypatch.setattr(core.app.config, 'reconnect_timeout', 15.0, raising=False)  # phone to come back
    client = Client(page('/join-test'))
    with client:
        buttons = [ui.button('Next', on_click=lambda: None) for _ in range(20)]
    memory.free_when_left(client, grace=0.05)
    client._socket_to_document_id['socket'] = 'document'  # connected, as NiceGUI's handshake records it
    client._num_connections['document'] += 1
    client.handle_disconnect('socket')  # the browser went on to the workshop page: NiceGUI starts waiting for it
    page_id, gone, button_gone = client.id, weakref.ref(client), weakref.ref(buttons[-1])
    del client, buttons
    gc.collect()
    gc.disable()  # only reference counting from here
    try:
        for _ in range(100):
            if gone() is None:
                break
            await asyncio.sleep(0.01)
    finally:
        gc.enable()
    assert gone() is None and button_gone() is None and page_id not in Client.instances


async def test_a_join_page_whose_browser_came_back_is_kept():
    import asyncio

    memory.install()
    client = Client(page('/join-test'))
    memory.free_when_left(client, grace=0.05)
    client.tab_id = 'the same tab, reconnected'
    for handler in client.disconnect_handlers:
        client.safe_invoke(handler)
    await asyncio.sleep(0.2)
    assert not client.is_deleted
    client.delete()


async def test_an_idle_page_wakes_nothing_until_there_is_something_to_send():
    """NiceGUI's own outbox loop made a task, a timer and a future every second for every open page just to check
    again: a thousand phones meant a thousand short-lived tasks a second for the garbage collector to walk."""
    import asyncio

    memory.install()
    client = Client(page('/idle-test'))
    client.tab_id = 'a connected tab'
    with tasks_created() as created:
        sending = asyncio.create_task(client.outbox.loop())
        await asyncio.sleep(2.3)
        assert len(created) == 1, created  # the loop itself; nothing woke since (the original made 'Event.wait' tasks)
        client.delete()  # stops the outbox: its loop ends at once
        await asyncio.wait_for(sending, 0.5)


async def test_a_socket_waiting_to_send_makes_no_task_of_its_own():
    """Engine.IO's wait for the next packet to send, as patched: the same packets, the same end on a closed socket or
    a silent one, without the task asyncio.wait_for wraps every wait in on Python 3.11."""

    import engineio
    from engineio.async_socket import AsyncSocket
    from engineio.exceptions import QueueEmpty

    memory.install()
    server = engineio.AsyncServer(ping_interval=0.1, ping_timeout=0.1)
    socket = AsyncSocket(server, 'sid')
    with tasks_created() as created:
        socket.queue.put_nowait('first')
        socket.queue.put_nowait('second')
        assert await socket.poll() == ['first', 'second']
        socket.queue.put_nowait('third')
        socket.queue.put_nowait(None)  # the socket closing: what came before it is still sent
        assert await socket.poll() == ['third']
        assert await socket.poll() == []
        with pytest.raises(QueueEmpty):  # nothing for ping_interval + ping_timeout
            await socket.poll()
        assert created == []  # the original made a 'Queue.get' task for each of those waits


def test_the_installed_engineio_is_the_one_whose_socket_is_patched():
    installed = '.'.join(version('python-engineio').split('.')[:2])
    assert installed == memory.ENGINEIO_MINOR, (
        f'python-engineio {installed} is installed, but workshop/web/memory.py patches AsyncSocket.poll of '
        f'{memory.ENGINEIO_MINOR}: compare it with the new release, then update ENGINEIO_MINOR and pyproject.toml')



async def test_an_open_page_keeps_its_request_but_not_how_it_was_received(user, workshop):
    """A page keeps its request (URL, headers, session) while it is open; the middleware's per-request state that
    came with it (streams, events, task state behind `receive` and `send`, FastAPI's exit stacks in the scope) goes
    once the page's HTML is made: about 30 KB per open phone."""
    from starlette.requests import empty_receive, empty_send

    from tests.support.steps import join

    created, _ = workshop
    await join(user, created.join_code, 'Patients')
    request = user.client.request
    assert request.url.path == f'/w/{created.id}/p'  # still the participant page's own request
    assert request.receive is empty_receive and request._send is empty_send  # noqa: SLF001
    assert not [key for key in request.scope if key.endswith('astack')]


async def test_a_message_to_one_page_is_sent_without_a_task_of_its_own():
    """NiceGUI sends each message to the room of one page: Socket.IO's emit, as patched, sends it straight away (the
    original made a task per recipient and waited for them); to a room of two it goes the original way."""

    import socketio

    memory.install()
    server = socketio.AsyncServer(async_mode='asgi')
    sent = []

    async def send_eio_packet(eio_sid, pkt):
        sent.append((eio_sid, pkt.encode()))
    server._send_eio_packet = send_eio_packet  # noqa: SLF001 (the socket underneath)
    for sid in ('a', 'b'):
        await server.manager.connect(f'eio-{sid}', '/')
    (page_a, page_b) = [s for s, _ in server.manager.get_participants('/', None)]
    for sid, room in ((page_a, 'page-1'), (page_a, 'both'), (page_b, 'both')):
        await server.enter_room(sid, room)
    with tasks_created() as created:
        await server.emit('update', {'7': {'text': 'Results of round 1'}}, room='page-1')
        assert sent == [('eio-a', '42["update",{"7":{"text":"Results of round 1"}}]')] and created == []
        await server.emit('update', {'8': {}}, room='both')
        assert sorted(eio for eio, _ in sent[1:]) == ['eio-a', 'eio-b']


def test_the_installed_socketio_is_the_one_whose_emit_is_patched():
    installed = '.'.join(version('python-socketio').split('.')[:2])
    assert installed == memory.SOCKETIO_MINOR, (
        f'python-socketio {installed} is installed, but workshop/web/memory.py patches AsyncManager.emit of '
        f'{memory.SOCKETIO_MINOR}: compare it with the new release, then update SOCKETIO_MINOR and pyproject.toml')


def rss_mb() -> float:
    status = Path('/proc/self/status').read_text()
    return int(next(line for line in status.splitlines() if line.startswith('VmRSS:')).split()[1]) / 1024


@pytest.mark.skipif(not Path('/proc/self/status').exists() or memory._malloc_trim() is None,
                    reason='needs Linux with glibc (malloc_trim and /proc), as the server runs in production')
def test_memory_freed_after_a_burst_goes_back_to_the_system():
    """A burst of messages leaves freed memory below what is still in use: glibc keeps it (the server stays at its
    high-water mark) until give_back hands the free pages back."""
    burst = [bytearray(3000) for _ in range(40_000)]  # 120 MB in pieces the heap serves (not separate mappings)
    still_used = [bytearray(3000) for _ in range(10)]  # allocated after the burst: the heap cannot shrink past it
    high = rss_mb()
    del burst
    kept = rss_mb()
    if kept < high - 40:
        pytest.skip('the freed memory went back without asking (another allocator, or memory pressure): nothing to show')
    assert memory.give_back()
    assert rss_mb() < kept - 80, (high, kept, rss_mb())
    del still_used


@pytest.mark.skipif(memory._malloc_trim() is None, reason='needs glibc (malloc_trim)')
async def test_the_server_gives_memory_back_again_and_again_off_its_event_loop(monkeypatch):
    import threading

    threads = []
    monkeypatch.setattr(memory, 'give_back', lambda: threads.append(threading.current_thread()) or True)
    task = asyncio.create_task(memory.give_back_regularly(interval=0.01))
    try:
        for _ in range(200):
            if len(threads) >= 3:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
    assert len(threads) >= 3 and threading.main_thread() not in threads
