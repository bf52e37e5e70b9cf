"""Start-up: build the store and the registry of running workshops, register the pages, run the server."""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import time
from pathlib import Path
from typing import Callable

from fastapi.middleware.gzip import GZipMiddleware
from nicegui import app, background_tasks, run, ui
from nicegui import client as nicegui_client

from workshop import service
from workshop.config import Config
from workshop.domain import links
from workshop.live import Registry, tally_worker
from workshop.store import Credentials, Store, connect
from workshop.ui import home, map_page
from workshop.ui.editor import page as editor
from workshop.ui.editor.files import MAX_UPLOAD
from workshop.ui.facilitator import console as facilitator
from workshop.ui.lead import page as lead
from workshop.ui.participant import page as participant
from workshop.ui.presenter import screen as presenter
from workshop.ui.shared import frame, lang, widgets
from workshop.wakeup import Wakeup
from workshop.web import gc_pace, memory
from workshop.web.context import AppContext
from workshop.web.page_pace import OnePageAtATime
from workshop.web.security import SecurityHeaders, UploadLimit, install_log_filter, install_sessions

DEMO_TEMPLATE = 'car-t-cell-therapy'
DEMO_FILE = 'demo-links.json'
PURGE_INTERVAL = 6 * 3600  # seconds
SCHEDULE_INTERVAL = 15  # seconds: scheduled rounds open and close within this of their times
LOOPBACK = ('127.0.0.1', 'localhost', '::1')


def create(cfg: Config, store: Store | None = None, clock: Callable[[], float] = time.time) -> AppContext:
    """Register every page against one context; used by `serve` and by the tests (which may pass a simulated
    clock for rounds over days)."""
    store = store or connect(cfg.data_dir, database_url=cfg.database_url, synchronous=cfg.sync)
    # Quasar's loading bar would flash up as an unnamed progressbar (an axe "serious"); it tells people nothing here
    app.config.quasar_config['loadingBar']['skipHijack'] = True
    ctx = AppContext(config=cfg, store=store, registry=Registry(store, clock))
    memory.install()
    frame.shared_head()
    widgets.shared_head()
    for module in (home, map_page, participant, facilitator, presenter, lead, editor):
        module.register(ctx)
    lang.register()
    return ctx


def serve(cfg: Config, *, demo: bool = False) -> int:
    os.umask(0o077)  # every file the app writes is its owner's only
    secret = storage_secret(cfg)
    _check_port_free(cfg.host, cfg.port)
    with service.server_lock(cfg), service.open_store(cfg) as store:
        ctx = create(cfg, store)
        ctx.home_token = secrets.token_urlsafe(24)
        _storage_in(cfg.data_dir)
        if demo:
            print_demo_links(cfg, ensure_demo(cfg, store))
        print(f'Codesign Workshop is running at {cfg.public_url}/ (data in {cfg.data_dir}); press Ctrl+C to stop.',
              flush=True)
        print(f'  Workshops on this server (keep this link to yourself): {cfg.public_url}/?admin={ctx.home_token}',
              flush=True)
        app.add_middleware(UploadLimit, limit=MAX_UPLOAD + 64 * 1024)  # the file and its multipart envelope
        app.add_middleware(SecurityHeaders)
        app.add_middleware(OnePageAtATime)  # a thousand phones joining: one page built per turn of the loop
        install_sessions()
        install_log_filter()
        # NiceGUI's page template never changes while the app runs: without this, Jinja looks at the file's time on
        # disk for every page served, a system call on the event loop for each of a thousand phones joining
        nicegui_client.templates.env.auto_reload = False
        # many phones on one loop: young collections kept small and paced by time (see gc_pace.py)
        gc_pace.install()
        app.on_startup(gc_pace.freeze)
        app.on_startup(lambda: background_tasks.create(gc_pace.collect_young_regularly(), name='young collections'))
        app.on_startup(lambda: background_tasks.create(memory.give_back_regularly(), name='give memory back'))
        ctx.registry.worker = worker = tally_worker()
        app.on_startup(lambda: worker.submit(int))  # the process starts now, not on the first vote
        app.on_shutdown(lambda: worker.shutdown(wait=True, cancel_futures=True))
        app.on_startup(lambda: background_tasks.create(_purge_expired_regularly(ctx), name='retention'))
        app.on_startup(lambda: background_tasks.create(Wakeup(ctx.registry).run(), name='wakeup'))
        app.on_startup(lambda: background_tasks.create(_keep_schedules(ctx), name='schedules'))
        app.on_shutdown(ctx.store.close)
        ui.run(host=cfg.host, port=cfg.port, title='Codesign Workshop', reload=False, show=False,
               storage_secret=secret, show_welcome_message=False, language='en-GB', favicon='🗺️', access_log=False,
               reconnect_timeout=15,  # phones on weak connections, and a busy loop, get time before a page is dropped
               # the socket's own pings (every 12 s, from reconnect_timeout) find a dead connection; uvicorn's pings
               # on top were another 50 a second at a thousand phones, each a timer and a frame each way
               ws_ping_interval=None, ws_ping_timeout=None,
               # messages kept per page to replay after a short reconnect (older than about a minute go anyway): a phone
               # that missed more reloads its page. NiceGUI's 1,000 kept each results update's element for a minute
               message_history_length=10,
               # Browsers offer per-message compression; accepted, it holds two zlib streams (about 120 KB) for
               # every open page. Our messages are small JSON, so memory for a thousand phones matters more.
               ws_per_message_deflate=False,
               # Starlette compresses at level 9: for a page or a script that costs the event loop two to three times
               # level 5 for a few per cent smaller files, and a thousand phones joining each fetch them
               gzip_middleware_factory=lambda asgi: GZipMiddleware(asgi, minimum_size=500, compresslevel=5),
               # the session cookie lives as long as a role session may; X-Forwarded-* only from trusted proxies
               session_middleware_kwargs={'max_age': int(max(cfg.role_session_hours, 24 * 14) * 3600)},
               forwarded_allow_ips=cfg.trusted_proxies, proxy_headers=True)
    return 0


def _storage_in(data_dir: Path) -> None:
    """NiceGUI's own storage, should anything use it, in the data folder (never the working directory)."""
    from nicegui.storage import Storage
    Storage.path = (data_dir / 'nicegui').resolve()
    general = app.storage.general
    if hasattr(general, 'filepath'):
        general.filepath = Storage.path / general.filepath.name


async def _purge_expired_regularly(ctx: AppContext) -> None:
    """Retention: workshops past their period are deleted at start and every six hours."""
    while True:
        for workshop in await run.io_bound(service.purge_expired, ctx.store, time.time()):
            ctx.registry.forget(workshop['id'])
            print(f'Deleted workshop {workshop["id"]}: its {workshop["retention_days"]}-day retention period passed',
                  flush=True)
        await asyncio.sleep(PURGE_INTERVAL)


async def _keep_schedules(ctx: AppContext) -> None:
    """Rounds over days open and close by themselves (a workshop nobody has opened since the start does so when
    it is first opened)."""
    while True:
        await asyncio.sleep(SCHEDULE_INTERVAL)
        try:
            ctx.registry.keep_schedules()
        except Exception as e:  # noqa: BLE001 - one bad workshop must not stop the schedules of the others
            print(f'Could not keep the round schedules: {e}', flush=True)


def storage_secret(cfg: Config) -> str:
    """From the environment; on loopback only, a random one kept in the data folder is good enough."""
    if cfg.storage_secret:
        return cfg.storage_secret
    if cfg.host not in LOOPBACK:
        raise service.UserError(f'listening on {cfg.host} needs CODESIGN_STORAGE_SECRET set to a long random '
                                'value (it signs participants\' browser sessions); without it, only 127.0.0.1 '
                                'is allowed')
    path = cfg.data_dir / 'storage-secret'
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def ensure_demo(cfg: Config, store: Store) -> dict[str, str]:
    """The CAR T-cell demo workshop, created once; its links are kept (private to this user) in the data folder."""
    path = cfg.data_dir / DEMO_FILE
    if path.exists():
        saved = json.loads(path.read_text())
        if saved.get('id') in {row.id for row in store.workshops()}:
            return saved
    created = service.new_from_template(store, DEMO_TEMPLATE)
    saved = {'id': created.id, 'join_code': created.join_code, 'facilitator_token': created.facilitator_token,
             'lead_token': created.lead_token}
    path.write_text(json.dumps(saved))
    path.chmod(0o600)
    return saved


def print_demo_links(cfg: Config, saved: dict[str, str]) -> None:
    urls = links.for_credentials(cfg.public_url, Credentials(**saved))
    print('Demo workshop: CAR T-cell therapy in Aotearoa New Zealand', flush=True)
    print(f'  Journey map:  {cfg.public_url}/w/{saved["id"]}/map')
    print(f'  Facilitator:  {urls["facilitator"]}')
    print(f'  Participants: {urls["participant"]}  (join code {links.spaced(saved["join_code"])})')
    print(f'  Project lead: {urls["lead"]}', flush=True)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise service.UserError(f'cannot listen on {host}:{port} ({e.strerror or e}); is the app already '
                                    'running? Choose another port with --port') from None

