"""Helpers for real-browser tests: the app as a subprocess, and Debian's Chromium driven by Playwright.

    def test_something(browser, tmp_path):    # `browser`: conftest's module-scoped sync Chromium
        with running_server(tmp_path) as (base_url, server):
            page = browser.new_page()
            page.goto(demo_links(tmp_path, base_url)['map'])

The server is `python -m workshop serve --demo` on a free port with its own data folder, started by the one harness
that tests and benchmarks share (benchmarks/serverproc.py) without any PYTEST_* / NICEGUI_* / CODESIGN_* variables
(NiceGUI would otherwise think it runs under pytest). Never `playwright install`: the browser is /usr/bin/chromium.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from benchmarks.serverproc import Server, clean_env, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / 'test-artifacts'  # gitignored; CI keeps it
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-quic']


def require_chromium() -> None:
    """Skip (with the reason shown) when Chromium is missing on a developer's machine; in CI that is a failure."""
    if Path(CHROMIUM).exists():
        return
    message = f'{CHROMIUM} is missing: install Debian\'s chromium package to run the browser tests'
    if os.environ.get('CI') == 'true':
        pytest.fail(message)
    pytest.skip(message)


def launch_chromium(playwright: Any) -> Any:
    require_chromium()
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def running_server(tmp_path: Path, *extra_args: str, env: dict[str, str] | None = None
                   ) -> Iterator[tuple[str, Server]]:
    """The app serving `tmp_path / 'data'` (with the demo workshop); yields its base URL and the server (its output
    so far: `server.log()`). Stopped as an operator would (SIGTERM) when the block ends."""
    environment = {k: v for k, v in clean_env().items() if not k.startswith('CODESIGN_')}
    environment.update({'CODESIGN_HOST': '127.0.0.1', 'PYTHONUNBUFFERED': '1', **(env or {})})
    server = Server.workshop(tmp_path / 'data', free_port(), '--demo', *extra_args, log=tmp_path / 'server.log',
                             env=environment, cwd=tmp_path)
    server.start()
    try:
        yield server.url, server
    except BaseException:  # a failing test shows what the app said meanwhile (a flake in CI can be read afterwards)
        print(f"--- the server's output ---\n{server.log()}", flush=True)
        raise
    finally:
        server.stop()


def demo_links(tmp_path: Path, base_url: str) -> dict[str, str]:
    """The demo workshop's addresses: map, participant join, facilitator and lead (with their tokens)."""
    saved = json.loads((tmp_path / 'data' / 'demo-links.json').read_text())
    workshop = f'{base_url}/w/{saved["id"]}'
    return {'id': saved['id'], 'map': f'{workshop}/map', 'join': f'{base_url}/join/{saved["join_code"]}',
            'facilitator': f'{workshop}/facilitate?token={saved["facilitator_token"]}',
            'facilitator_map': f'{workshop}/map?token={saved["facilitator_token"]}',
            'edit': f'{workshop}/edit?token={saved["facilitator_token"]}',
            'lead': f'{workshop}/lead?token={saved["lead_token"]}'}


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f'{name}.png'
    page.screenshot(path=str(path), full_page=full_page)
    return path


# Waiting for a condition, never for a fixed time: an element (or the page) has stopped moving when its box is the
# same in two frames in a row (wait_for_function polls once a frame); with in_view, it must also be inside the window
# (a smooth scroll has arrived). `call` keeps one wait's memory of the last frame apart from an earlier wait's.
STILL = '''([element, inView, call]) => {
    const e = element || document.body, r = e.getBoundingClientRect();
    const box = [call, r.x, r.y, r.width, r.height].join();
    const still = e.cwLastBox === box;
    e.cwLastBox = box;
    return still && (!inView || (r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight));
}'''
# A page has settled when what `look` (a JavaScript function of no arguments) sees is the same in two looks in a row,
# `every` ms apart: the last update of a step has been drawn.
SETTLED = '''([call]) => {
    const seen = call + JSON.stringify((LOOK)());
    const settled = window.cwLastLook === seen;
    window.cwLastLook = seen;
    return settled;
}'''
CHARTS_DRAWN = "() => [...document.querySelectorAll('.nicegui-echart')].every((e) => e.querySelector('canvas, svg'))"


_calls = itertools.count()


def wait_until_still(page: Any, locator: Any = None, *, in_view: bool = False, timeout: float = 5000) -> None:
    """Until the element (a locator or a handle; default: the page) stops moving, e.g. at the end of a smooth scroll
    or a redraw."""
    element = locator.element_handle() if hasattr(locator, 'element_handle') else locator
    page.wait_for_function(STILL, arg=[element, in_view, next(_calls)], timeout=timeout)


def wait_until_settled(page: Any, look: str = '() => document.body.innerText', *, every: float = 100,
                       timeout: float = 5000) -> None:
    """Until what `look` sees stops changing between two looks `every` ms apart (e.g. the texts a step shows)."""
    page.wait_for_function(SETTLED.replace('LOOK', look), arg=[next(_calls)], polling=every, timeout=timeout)


async def join(page: Any, link: str, group: str) -> None:
    """A participant joins the demo workshop in a real browser (async Playwright) and sees their dots."""
    from playwright.async_api import expect
    await page.goto(link)
    await page.get_by_role('button', name='Next').click()
    await page.get_by_role('checkbox', name='I agree to take part').click()
    await page.get_by_role('button', name='Next').click()
    await page.get_by_role('radio', name=group).click()
    await page.get_by_role('button', name='Next').click()
    await page.get_by_role('button', name='Join').click()
    await expect(page.get_by_text('Dots left: 5 of 5')).to_be_visible()
