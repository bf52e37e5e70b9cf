"""Helpers for real-browser tests: the app as a subprocess, and Debian's Chromium driven by Playwright.

    def test_something(browser, tmp_path):    # `browser`: conftest's module-scoped sync Chromium
        with running_server(tmp_path) as (base_url, lines):
            page = browser.new_page()
            page.goto(demo_links(tmp_path, base_url)['map'])

The server is `python -m workshop serve --demo` on a free port with its own data folder, started without any
PYTEST_* / NICEGUI_* variables (NiceGUI would otherwise think it runs under pytest). Never `playwright install`:
the browser is /usr/bin/chromium.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / 'test-artifacts'  # gitignored; CI keeps it
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-quic']
START_TIMEOUT = 30  # seconds


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
                   ) -> Iterator[tuple[str, list[str]]]:
    """The app serving `tmp_path / 'data'` (with the demo workshop); yields its base URL and its output so far."""
    port = free_port()
    data = tmp_path / 'data'
    command = [sys.executable, '-m', 'workshop', 'serve', '--demo', '--data', str(data), '--port', str(port),
               *extra_args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_', 'CODESIGN_'))}
    environment.update({'CODESIGN_HOST': '127.0.0.1', 'PYTHONUNBUFFERED': '1', **(env or {})})
    process = subprocess.Popen(command, cwd=tmp_path, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.rstrip('\n') for line in process.stdout), daemon=True)
    reader.start()
    base_url = f'http://127.0.0.1:{port}'
    try:
        _wait_until_answering(base_url, process, lines)
        yield base_url, lines
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        process.stdout.close()


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
CHARTS_DRAWN = "() => [...document.querySelectorAll('.nicegui-echart')].every((e) => e.querySelector('canvas, svg'))"


_calls = itertools.count()


def wait_until_still(page: Any, locator: Any = None, *, in_view: bool = False, timeout: float = 5000) -> None:
    """Until the element (a locator or a handle; default: the page) stops moving, e.g. at the end of a smooth scroll
    or a redraw."""
    element = locator.element_handle() if hasattr(locator, 'element_handle') else locator
    page.wait_for_function(STILL, arg=[element, in_view, next(_calls)], timeout=timeout)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _wait_until_answering(base_url: str, process: subprocess.Popen, lines: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'the server stopped (exit {process.returncode}):\n' + '\n'.join(lines[-30:]))
        try:
            with urllib.request.urlopen(base_url + '/', timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f'the server did not answer within {START_TIMEOUT} s:\n' + '\n'.join(lines[-30:]))
