"""What an auditor checks, through the real server: response headers, the session cookie behind an HTTPS proxy, and a
log nobody can forge lines into."""
from __future__ import annotations

import asyncio
import sys

import httpx
import pytest

from benchmarks.serverproc import Server, clean_env, free_port, new_workshop
from benchmarks.simclient import Browser
from benchmarks.workshop_sim import Participant, en, focus_stage
from tests.support.waiting import until
from workshop.content import workshop_from_data
from workshop.store import Store
from workshop.web.security import HEADERS

pytestmark = pytest.mark.slow


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp('security')
    new_workshop(root / 'data')
    server = Server.workshop(root / 'data', free_port(), log=root / 'server.log').start()
    yield server
    server.stop()


def _cookie(response: httpx.Response) -> str:
    return response.headers.get('set-cookie', '').lower()


# Written out here, not read from the module under test: removing a header there must fail this test.
EXPECTED = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cross-origin-opener-policy': 'same-origin',
}


def test_every_response_carries_the_security_headers(server):
    for path in ('/', '/join/AAAAAA', '/no-such-page'):
        response = httpx.get(server.url + path, timeout=15)
        for name, value in {**EXPECTED, **HEADERS}.items():
            assert response.headers.get(name) == value, (path, name)
        policy = response.headers.get('content-security-policy', '')
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert 'strict-transport-security' not in response.headers  # plain HTTP: no promise about HTTPS


def test_the_session_cookie_is_secure_behind_a_trusted_https_proxy(server):
    proxied = httpx.get(server.url + '/', headers={'X-Forwarded-Proto': 'https'}, timeout=15)
    assert {'secure', 'httponly', 'samesite=lax'} <= {p.strip() for p in _cookie(proxied).split(';')}
    assert proxied.headers['strict-transport-security'] == 'max-age=31536000'
    direct = httpx.get(server.url + '/', timeout=15)
    assert 'httponly' in _cookie(direct) and 'secure' not in _cookie(direct)


def test_forwarded_headers_from_an_untrusted_address_are_ignored(tmp_path):
    env = clean_env(CODESIGN_TRUSTED_PROXIES='10.9.8.7')
    (tmp_path / 'data').mkdir()
    other = Server.workshop(tmp_path / 'data', free_port(), log=tmp_path / 'server.log', env=env).start()
    try:
        response = httpx.get(other.url + '/', headers={'X-Forwarded-Proto': 'https'}, timeout=15)
        assert 'secure' not in _cookie(response) and 'strict-transport-security' not in response.headers
    finally:
        other.stop()


async def test_a_browser_cannot_forge_lines_in_the_server_log(server):
    browser = Browser(server.url)
    try:
        await browser.open('/')
        await browser._sio.emit('log', {'client_id': browser.client_id, 'level': 'warning',
                                        'message': 'hello\n2026-12-01 12:00:00 FORGED: facilitator signed in'})
        await until(lambda: 'FORGED' in server.log(), 'the browser\'s message in the server log', 15)
    finally:
        await browser.close()
    log = server.log()
    # the message is there (waited for above), escaped on the line it belongs to
    assert not any(line.startswith('2026-12-01 12:00:00 FORGED') for line in log.splitlines())


def test_an_upload_over_the_limit_is_refused_by_the_server_before_it_is_read(server):
    rss_before = server.rss_mb()
    big = b'x' * (30 * 1024 * 1024)
    response = httpx.post(server.url + '/_nicegui/client/any/upload/1', content=big, timeout=60,
                          headers={'content-type': 'multipart/form-data; boundary=b'})
    assert response.status_code == 413 and 'limited to' in response.text
    assert server.rss_mb() - rss_before < 20  # not held in memory


async def test_a_full_disk_tells_the_participant_not_saved_and_the_facilitator_why(tmp_path):
    data = tmp_path / 'data'
    created = new_workshop(data)
    stage = focus_stage(data, created['id'])
    store = Store(data)
    try:  # no comment limits here: the disk is what runs out
        workshop = workshop_from_data(store.load_content(created['id']), 'test')
        workshop.id, workshop.settings.comments_per_minute = created['id'], 0
        store.save_content(workshop)
    finally:
        store.close()
    used = sum(p.stat().st_size for p in data.iterdir() if p.name.startswith('workshop.sqlite3'))
    limit = used + 400_000  # bytes any one file may grow to: the database fills up after some comments
    port = free_port()
    command = [sys.executable, '-c', 'import os, resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, '
               f'({limit}, {limit})); os.execv(sys.executable, [sys.executable, "-m", "workshop", "serve", '
               f'"--data", "{data}", "--port", "{port}"])']
    server = Server(command, port, log=tmp_path / 'server.log').start()
    console, person = Browser(server.url), Participant(server.url)
    try:
        await console.open(created['links']['facilitator'][created['links']['facilitator'].index('/w/'):])
        await console.wait_for(en('moderation_heading'))
        await person.join(created['join_code'], 'Patients')
        await person.open_stage_comments()
        answers = []
        for n in range(400):
            answers.append(await person.comment(f'Comment {n} ' + 'about the long wait for the results. ' * 40))
            if answers[-1].answer == en('not_saved'):
                break
        assert answers[-1].answer == en('not_saved'), [a.answer for a in answers[-3:]]
        await console.wait_for(en('disk_full'))
    finally:
        await asyncio.gather(console.close(), person.close())
        server.stop()
    store = Store(data)
    try:
        stored = [e.payload['text'] for e in store.events(created['id']) if e.type == 'comment_added']
    finally:
        store.close()
    acknowledged = [n for n, a in enumerate(answers) if a.acked]
    assert len(stored) == len(acknowledged) and stage  # nothing false was acknowledged, nothing acknowledged lost
