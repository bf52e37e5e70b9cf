"""The socket-level browser simulator (benchmarks/simclient.py) against a tiny NiceGUI app run as a subprocess.

The crash-safety test and the live benchmark trust this simulator; here it proves it speaks NiceGUI's protocol:
page + cookies, element tree, clicks and values, replayed messages after a dropped socket, reload after a restart.
"""
from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from benchmarks.serverproc import Server, clean_env, free_port
from benchmarks.simclient import Browser
from tests.support.waiting import until

pytestmark = pytest.mark.slow

TINY_APP = '''
import sys
from nicegui import app, ui

pages = []

@ui.page('/')
def index():
    n = app.storage.user.get('n', 0)
    label = ui.label(f'Count {n}')
    news = ui.label('')
    pages.append(news)

    def add_one():
        app.storage.user['n'] = app.storage.user.get('n', 0) + 1
        label.set_text(f'Count {app.storage.user["n"]}')
        if app.storage.user['n'] == 2:
            ui.notify('Two already')

    def tell_everyone():
        for other in pages:
            if not other.is_deleted:
                other.set_text('News for all')

    ui.button('Add one', on_click=add_one).props('data-testid=add')
    ui.button('Tell everyone', on_click=tell_everyone)
    name = ui.input('Name')
    group = ui.radio(['whānau', 'clinician'])
    echo = ui.label('')
    name.on_value_change(lambda e: echo.set_text(f'Kia ora {e.value}'))
    group.on_value_change(lambda e: echo.set_text(f'Group {e.value}'))
    with ui.dialog() as dialog:
        ui.label('In a closed dialog')
    ui.button('Next page', on_click=lambda: ui.navigate.to('/next'))

@ui.page('/next')
def next_page():
    ui.label('The next page')

@app.get('/deleted')
def deleted():  # how many pages the server has deleted (a page is deleted reconnect_timeout after its socket went)
    return sum(news.is_deleted for news in pages)

ui.run(port=int(sys.argv[1]), reload=False, show=False, storage_secret='s' * 32, show_welcome_message=False,
       reconnect_timeout=3)
'''


@pytest.fixture
def tiny(tmp_path: Path):
    (tmp_path / 'tiny.py').write_text(TINY_APP)
    port = free_port()
    server = Server([sys.executable, str(tmp_path / 'tiny.py'), str(port)], port, log=tmp_path / 'tiny.log',
                    env=clean_env(), cwd=tmp_path).start()
    yield server
    server.stop()


async def test_clicks_values_and_notifications(tiny):
    browser = Browser(tiny.url)
    try:
        await browser.open('/')
        assert 'Count 0' in browser.texts() and 'In a closed dialog' not in browser.texts()
        sent = await browser.click(browser.find_one(props={'data-testid': 'add'}))
        assert await browser.wait_for('Count 1') >= sent
        await browser.click('Add one')
        await browser.wait_for('Two already')
        await browser.set_value(browser.find_one('Name', tag='nicegui-input'), 'Aroha')
        await browser.wait_for('Kia ora Aroha')
        await browser.choose(browser.find_one(tag='q-option-group'), 'clinician')
        await browser.wait_for('Group clinician')
        await browser.click('Next page')
        await browser.wait_for('The next page')
        assert browser.path == '/next'
    finally:
        await browser.close()


async def test_user_storage_is_bound_to_the_simulated_browser(tiny):
    first, second = Browser(tiny.url), Browser(tiny.url)
    try:
        await first.open('/')
        await first.click('Add one')
        await first.wait_for('Count 1')
        await first.reload()
        assert 'Count 1' in first.texts()
        await second.open('/')
        assert 'Count 0' in second.texts()
    finally:
        await first.close()
        await second.close()


async def test_a_dropped_socket_reconnects_and_gets_what_it_missed(tiny):
    def deleted() -> int:
        return httpx.get(f'{tiny.url}/deleted', timeout=5).json()

    dropped, other, gone = Browser(tiny.url), Browser(tiny.url), Browser(tiny.url, reconnect=False)
    try:
        await dropped.open('/')
        await other.open('/')
        await gone.open('/')
        client_id = dropped.client_id
        await dropped._sio.eio.disconnect(abort=True)  # the network goes away, the server still knows the client
        await gone._sio.eio.disconnect(abort=True)  # and a witness that never comes back
        await other.click('Tell everyone')
        await dropped.wait_for('News for all', timeout=15)
        assert dropped.client_id == client_id and dropped.reloads == 0
        # past reconnect_timeout, seen by the witness's page being deleted: the page must not be deleted under the
        # new socket
        await until(lambda: deleted() >= 1, 'the witness page deleted', 15)
        assert deleted() == 1  # the witness's page only
        status = dropped.find_one('Count 0')
        change = dropped.expect_change(status)
        await dropped.click('Add one')
        _, status = await change.wait(timeout=5)
        assert status.text == 'Count 1'
    finally:
        await dropped.close()
        await other.close()
        await gone.close()


async def test_after_a_server_restart_the_browser_reloads_and_carries_on(tiny):
    browser = Browser(tiny.url)
    try:
        await browser.open('/')
        await browser.click('Add one')
        await browser.wait_for('Count 1')
        tiny.kill()
        tiny.start()
        await browser.wait_until(lambda b: b.reloads == 1 and b.connected.is_set(), timeout=20, what='reload')
        await browser.click('Add one')
        await browser.wait_for('Count 2')
    finally:
        await browser.close()
