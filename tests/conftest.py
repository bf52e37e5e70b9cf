"""Shared fixtures: a fresh data folder, a store, and the app's pages registered for NiceGUI's User fixture."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from workshop import config
from workshop.content import load_yaml_file, template_path
from workshop.store import connect

STORES = ('sqlite', 'postgresql')


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The suite on every core unless `-n` says otherwise (pytest-xdist, from the test extra): a test module per
    worker, so its server and browser start once. An environment set up before pytest-xdist simply runs serially."""
    if getattr(config.option, 'numprocesses', 0) is None and not hasattr(config, 'workerinput'):  # not in a worker
        config.option.numprocesses = 'auto'
        if config.option.dist == 'no':
            config.option.dist = 'loadfile'


@pytest.fixture
def cfg(tmp_path: Path) -> config.Config:
    return config.load({'CODESIGN_DATA': str(tmp_path / 'data')})


@pytest.fixture
def run(cfg, capsys):
    """The `workshop` command on the test's data folder: (exit status, stdout, stderr)."""
    from workshop.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, '--data', str(cfg.data_dir)])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def store(cfg: config.Config):
    store = connect(cfg.data_dir, database_url=cfg.database_url)
    yield store
    store.close()


@pytest.fixture(scope='module')
def browser():
    """Debian's Chromium through sync Playwright (tests/support/browser.py), one per module: sync Playwright at session scope
    breaks pytest-asyncio. Skipped with the reason where Chromium is missing, a failure in CI."""
    from tests.support.browser import launch_chromium, require_chromium
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope='session')
def postgres():
    """A PostgreSQL server the tests start themselves (tests/support/postgres.py); skipped with the reason where it is not
    installed, a failure in CI."""
    from tests.support.postgres import PostgresServer, require_postgres
    server = PostgresServer(require_postgres()).start()
    yield server
    server.stop()


@pytest.fixture(params=STORES)
def database_url(request) -> str:
    """'' for SQLite, or a fresh PostgreSQL database: a module runs on both stores with
    `@pytest.fixture def cfg(cfg_each_store): return cfg_each_store`."""
    if request.param == 'sqlite':
        return ''
    return request.getfixturevalue('postgres').new_database()


@pytest.fixture
def cfg_each_store(tmp_path: Path, database_url: str) -> config.Config:
    return config.load({'CODESIGN_DATA': str(tmp_path / 'data'), 'CODESIGN_DATABASE_URL': database_url})


@pytest.fixture
def car_t():
    return load_yaml_file(template_path('car-t-cell-therapy'))


@pytest.fixture
def clock():
    """The time the pages see; tests/test_rounds_over_days.py gives a simulated one."""
    return time.time


@pytest.fixture
def app_ctx(user, cfg, store, clock):
    """The real pages on a fresh store; `user` (NiceGUI's simulated browser) must start first: it resets NiceGUI.
    At the end every page is closed as when its person leaves, while the store is still open: NiceGUI's simulation
    would only drop them, so their clean-up never ran, and a dialog left open outlived its page until exit, where
    NiceGUI's finaliser failed on it ("The client this element belongs to has been deleted")."""
    from nicegui import Client

    from workshop.web.app import create
    yield create(cfg, store, clock)
    for client in list(Client.instances.values()):
        client.delete()


@pytest.fixture
def workshop(app_ctx, car_t):
    """The CAR T-cell workshop, running: (its credentials, its LiveWorkshop). A module may define its own."""
    created = app_ctx.store.create_workshop(car_t)
    return created, app_ctx.registry.get(created.id)


@pytest.fixture
def soffice():
    """LibreOffice's command; skips with the reason on a developer's machine without it, fails in CI."""
    found = shutil.which('soffice') or shutil.which('libreoffice')
    if found is None:
        if os.environ.get('CI') == 'true':
            pytest.fail('soffice is missing in CI (install the Debian packages libreoffice-calc-nogui and '
                        'libreoffice-writer-nogui)')
        pytest.skip('LibreOffice (soffice) is not installed; install libreoffice-calc-nogui and '
                    'libreoffice-writer-nogui to run this check')
    return found


@pytest.fixture
def office_pdf(soffice, tmp_path):
    """Print a file to PDF with LibreOffice headless, as someone would, and return the PDF's path."""
    def print_to_pdf(source: Path) -> Path:
        result = subprocess.run([soffice, f'-env:UserInstallation={(tmp_path / "profile").as_uri()}', '--headless',
                                 '--convert-to', 'pdf', '--outdir', str(tmp_path / 'pdf'), str(source)],
                                capture_output=True, text=True, timeout=180)
        printed = tmp_path / 'pdf' / f'{source.stem}.pdf'
        assert result.returncode == 0 and printed.exists(), result.stdout + result.stderr
        return printed
    return print_to_pdf

