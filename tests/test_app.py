"""Start-up: the demo workshop, the storage secret and the port check; and a quiet stop."""
import re
import signal
import socket

import httpx
import pytest

from benchmarks.serverproc import Server, free_port, new_workshop
from tests.support.browser import demo_links, join, launch_chromium, require_chromium, running_server
from workshop.config import load
from workshop.service import UserError
from workshop.store import Store
from workshop.web import app as app_module


def test_the_demo_workshop_is_created_once(cfg):
    store = Store(cfg.data_dir)
    first = app_module.ensure_demo(cfg, store)
    again = app_module.ensure_demo(cfg, store)
    assert first == again and [row.title for row in store.workshops()] == ['CAR T-cell therapy in Aotearoa New Zealand']
    assert store.check_token(first['id'], 'facilitator', first['facilitator_token'])
    assert oct((cfg.data_dir / 'demo-links.json').stat().st_mode & 0o777) == '0o600'


def test_a_public_address_needs_a_storage_secret(tmp_path):
    cfg = load({'CODESIGN_DATA': str(tmp_path), 'CODESIGN_HOST': '0.0.0.0'})
    with pytest.raises(UserError, match='needs CODESIGN_STORAGE_SECRET'):
        app_module.storage_secret(cfg)
    assert app_module.storage_secret(cfg.with_flags(storage_secret='s' * 40)) == 's' * 40


def test_localhost_keeps_a_random_secret_in_the_data_folder(cfg):
    secret = app_module.storage_secret(cfg)
    assert len(secret) > 30 and app_module.storage_secret(cfg) == secret


def test_a_port_in_use_is_a_clear_message():
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f'cannot listen on 127.0.0.1:{port}'):
            app_module._check_port_free('127.0.0.1', port)


@pytest.mark.browser
@pytest.mark.slow
async def test_the_server_stops_quietly_with_pages_and_a_dialog_open(tmp_path):
    """Stopped as Ctrl+C or a service manager stops it (SIGTERM) while a console and a participant's comments
    dialog are open, and after another participant closed their dialog, the server ends cleanly and prints no
    traceback or warning on its way out."""
    require_chromium()
    from playwright.async_api import async_playwright, expect
    with running_server(tmp_path) as (base, server):
        links = demo_links(tmp_path, base)
        async with async_playwright() as playwright:
            browser = await launch_chromium(playwright)
            host = await browser.new_page()
            await host.goto(links['facilitator'])
            await host.get_by_role('button', name='Create the round').click()
            await host.get_by_role('button', name='Open voting').click()
            await expect(host.get_by_role('button', name='Close voting')).to_be_visible()
            for leaves_it_open in (False, True):
                page = await (await browser.new_context()).new_page()
                await join(page, links['join'], 'Patients')
                await page.get_by_role('button', name='Comments on this idea: Cell tracker').click()
                await expect(page.get_by_role('dialog').last).to_be_visible()
                if not leaves_it_open:
                    await page.keyboard.press('Escape')
                    await expect(page.get_by_role('dialog')).to_have_count(0)
            server.stop()  # with every page still connected
            await browser.close()
    said = server.log()
    assert server.process.returncode in (0, -signal.SIGTERM), said[-2000:]  # uvicorn re-raises the signal it handled
    assert 'Traceback' not in said and 'Warning' not in said, said[-4000:]


def test_pages_and_scripts_reach_phones_compressed(tmp_path):
    """A phone on a slow connection downloads the page and the app's scripts gzip-compressed (at a level the server can
    afford for a thousand phones joining at once)."""
    created = new_workshop(tmp_path / 'data')
    server = Server.workshop(tmp_path / 'data', free_port(), log=tmp_path / 'server.log').start()
    try:
        with httpx.Client(base_url=server.url, headers={'Accept-Encoding': 'gzip'}) as http:
            page = http.get(f'/join/{created["join_code"]}')
            script = next(src for src in _scripts(page.text) if 'vue' in src or 'quasar' in src)
            for response in (page, http.get(script)):
                assert response.status_code == 200
                assert response.headers.get('content-encoding') == 'gzip'
                assert response.num_bytes_downloaded < len(response.content) / 2
    finally:
        server.stop()


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script[^>]+src="([^"]+)"', html)
