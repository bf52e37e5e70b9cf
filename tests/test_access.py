"""Doors through the real server: role links exchanged for sessions, rotation, attempt limits, where identity lives.

Each test speaks HTTP (and the NiceGUI socket, through benchmarks/simclient.py) to `workshop serve` started as a
subprocess, from a working directory that is not the data folder. Requests come through the local proxy address
(127.0.0.1, trusted by default) with X-Forwarded-For naming a different client for each test, as nginx would send.
"""
from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import stat
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from benchmarks.serverproc import Server, clean_env, free_port, new_workshop, workshop_cli
from benchmarks.simclient import Browser, SimError
from benchmarks.workshop_sim import Participant, en, focus_stage
from workshop.content import workshop_from_data
from workshop.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope='module')
def running(tmp_path_factory):
    root = tmp_path_factory.mktemp('access')
    data, elsewhere = root / 'data', root / 'elsewhere'
    elsewhere.mkdir()
    created = new_workshop(data)
    server = Server.workshop(data, free_port(), log=root / 'server.log', cwd=elsewhere).start()
    yield server, created, data, elsewhere
    server.stop()


def _client(server: Server, address: str, **kwargs) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={'X-Forwarded-For': address}, timeout=15, **kwargs)


def _path(link: str) -> str:
    return link[link.index('/w/'):]


def test_the_token_leaves_the_address_bar_for_a_session(running):
    server, created, _, _ = running
    with _client(server, '198.51.100.1') as browser:
        first = browser.get(_path(created['links']['facilitator']))
        assert first.status_code == 303 and first.headers['location'] == f'/w/{created["id"]}/facilitate'
        assert en('moderation_heading') in browser.get(first.headers['location']).text  # the console, by session
    with _client(server, '198.51.100.2') as stranger:  # the same address without the session: no console
        page = stranger.get(f'/w/{created["id"]}/facilitate').text
        assert en('facilitator_link_needed') in page and en('moderation_heading') not in page


async def test_rotating_a_token_ends_the_old_link_and_the_open_console(running):
    server, _, data, _ = running
    created = new_workshop(data)
    console = Browser(server.url)
    console.http.headers['X-Forwarded-For'] = '198.51.100.3'
    try:
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(en('moderation_heading'))
        new_link = (await asyncio.to_thread(workshop_cli, 'rotate-token', created['id'], '--role', 'facilitator',
                                            data=data)).split(': ', 1)[1].strip()
        started = time.perf_counter()
        await console.wait_for(en('facilitator_link_needed'), timeout=10)
        assert time.perf_counter() - started < 5
    finally:
        await console.close()
    with _client(server, '198.51.100.3') as again:
        assert en('facilitator_link_needed') in again.get(_path(created['links']['facilitator'])).text
        assert en('moderation_heading') in again.get(_path(new_link), follow_redirects=True).text


def test_a_guesser_is_slowed_down_but_a_browser_with_a_session_is_not(running):
    server, created, _, _ = running
    with _client(server, '198.51.100.4') as facilitator, _client(server, '198.51.100.4') as newcomer:
        facilitator.get(_path(created['links']['facilitator']), follow_redirects=True)
        for n in range(12):
            facilitator.get(f'/w/{created["id"]}/lead?token=guess{n}')
        assert en('moderation_heading') in facilitator.get(f'/w/{created["id"]}/facilitate').text
        # a new browser from the guessing address waits, even with the right link
        assert en('lead_link_needed') in newcomer.get(_path(created['links']['lead']), follow_redirects=True).text
    with _client(server, '198.51.100.5') as elsewhere:  # other addresses are not held up
        assert en('lead_link_needed') not in elsewhere.get(_path(created['links']['lead']), follow_redirects=True).text


async def test_join_codes_are_limited_on_the_join_page_but_joined_browsers_get_in(running):
    server, created, _, _ = running
    person = Participant(server.url)
    person.browser.http.headers['X-Forwarded-For'] = '198.51.100.6'
    try:
        await person.join(created['join_code'], 'Patients')
        with _client(server, '198.51.100.6') as guesser:
            assert en('join_unknown_code') in guesser.get('/join/AAAAAA').text
            for _ in range(10):
                guesser.get('/join/AAAAAA')
            assert en('join_too_many_tries') in guesser.get(f'/join/{created["join_code"]}').text
        again = await person.browser.http.get(f'/join/{created["join_code"]}')
        assert again.url.path == f'/w/{created["id"]}/p'
    finally:
        await person.close()


async def test_identity_lives_in_the_data_folder_private_and_without_tokens_or_unconsented_names(running, tmp_path):
    server, created, data, elsewhere = running
    joined = Participant(server.url)
    visitor = Browser(server.url)
    try:
        await joined.join(created['join_code'], 'Clinicians')
        await visitor.open(f'/join/{created["join_code"]}')  # gets as far as the name, and never joins
        await visitor.click(visitor.find_one(en('next'), tag='q-btn', exact=True))
        await visitor.wait_for(en('join_info_heading'))
        await visitor.set_value(visitor.find_one(en('consent_take_part'), tag='q-checkbox'), True)
        await visitor.click(visitor.find_one(en('next'), tag='q-btn', exact=True))
        await visitor.wait_for(en('join_group_heading'))
        await visitor.choose(visitor.find_one(tag='q-option-group', props={'aria-label': en('group')}), 'Patients')
        await visitor.click(visitor.find_one(en('next'), tag='q-btn', exact=True))
        await visitor.wait_for(en('join_name_heading'))
        await visitor.set_value(visitor.find_one(en('name')), 'Unconsented Visitorname')
        await visitor.click(visitor.find_one(en('back'), tag='q-btn', exact=True))  # answered after the name arrived
        await visitor.wait_for(en('join_group_heading'))
        with _client(server, '198.51.100.7') as facilitator:
            facilitator.get(_path(created['links']['facilitator']), follow_redirects=True)
        server.stop()
        token = created['links']['facilitator'].split('token=')[1]
        assert not list(elsewhere.iterdir())  # nothing in the directory the server was started from
        for path in [data, *data.rglob('*')]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f'{path} is readable by others ({oct(mode)})'
            if path.is_file():
                raw = path.read_bytes()
                assert token.encode() not in raw and b'Visitorname' not in raw, path
        server.cwd = tmp_path  # started again from another directory: the same participant, no second join
        server.start()
        again = Browser(server.url)
        again.http.cookies = joined.browser.http.cookies
        response = await again.http.get(f'/join/{created["join_code"]}')
        assert response.url.path == f'/w/{created["id"]}/p'
        await again.close()
    finally:
        await joined.close()
        await visitor.close()
        server.cwd = elsewhere


def test_a_deleted_workshop_is_no_longer_served(running):
    server, _, data, _ = running
    created = new_workshop(data)
    with _client(server, '198.51.100.8') as browser:
        assert browser.get(f'/w/{created["id"]}/map').status_code == 200
        assert created['join_code'] not in browser.get('/join/AAAAAA').text
        assert en('join_step', n=1, total=4) in browser.get(f'/join/{created["join_code"]}').text
        workshop_cli('delete', created['id'], '--yes', data=data)
        assert en('not_found') in browser.get(f'/w/{created["id"]}/map').text
        assert en('join_unknown_code') in browser.get(f'/join/{created["join_code"]}').text


def test_the_home_page_lists_nothing_to_a_proxied_stranger_and_all_to_the_operator(running):
    server, created, _, _ = running
    proxied = {'X-Forwarded-For': '203.0.113.9', 'Host': 'hui.example.org', 'X-Forwarded-Proto': 'https'}
    for headers in (proxied, {}):
        page = httpx.get(server.url + '/', headers=headers, timeout=15).text
        assert created['join_code'] not in page and 'CAR T-cell' not in page
    admin = re.findall(r'/\?admin=(\S+)', server.log())[-1]  # printed at (the latest) start
    with _client(server, '127.0.0.1') as operator:
        assert created['join_code'] in operator.get(f'/?admin={admin}', follow_redirects=True).text


async def test_withdrawal_leaves_nothing_behind_and_a_rejoin_is_a_new_empty_participant(running, tmp_path):
    server, _, data, _ = running
    created = new_workshop(data)
    focus_stage(data, created['id'])  # the app folds it in (catch-up) when the page opens
    person = Participant(server.url)
    try:
        await person.join(created['join_code'], 'Patients', name='Wiremu Tamahori')
        await person.open_stage_comments()
        assert (await person.comment('The ward was freezing at night')).acked
        b = person.browser
        await b.click(b.find_one(en('close'), tag='q-btn', exact=True))
        await b.click(b.find_one(en('propose_heading'), tag='q-btn', exact=True))
        await b.wait_for(en('propose_title'))
        await b.set_value(b.find_one(en('propose_title'), exact=True), 'Heated blankets on every bed')
        await b.trigger(b.find_one(en('send'), tag='q-btn', exact=True), 'click', {})
        await b.wait_until(lambda _: person._status().props.get('message') == en('idea_sent'), what='idea sent')
        await b.click(b.find_one(en('leave'), tag='q-btn', exact=True))
        await b.wait_for(en('leave_confirm'))
        await b.click(b.find_one(en('leave_confirm'), tag='q-btn', exact=True))
        await b.wait_for(en('left_explain'))
        await b.open(f'/join/{created["join_code"]}')  # the same browser comes back
        assert b.find(en('join_again_as_new')), (b.path, b.texts()[:12])
        await person.join(created['join_code'], 'Patients')
        assert b.find(en('stage_comments_open', n=0), tag='q-btn')  # a new, empty participant
    finally:
        await person.close()
    for fmt in ('json', 'xlsx', 'csv', 'md', 'html'):
        out = tmp_path / f'export.{fmt}'
        workshop_cli('export', created['id'], '--format', fmt, '--out', str(out), '--identified', data=data)
        raw = _text_of(out)
        for trace in ('Wiremu', 'Tamahori', 'freezing', 'Heated blankets'):
            assert trace not in raw, f'{trace} left in the {fmt} export'
    participants = json.loads((tmp_path / 'export.json').read_text())['participants']
    assert len(participants) == 2 and sum(p['withdrawn'] for p in participants) == 1


def _text_of(path: Path) -> str:
    if path.suffix == '.xlsx':
        with zipfile.ZipFile(path) as book:
            return ' '.join(book.read(name).decode('utf-8', 'replace') for name in book.namelist())
    return path.read_text(encoding='utf-8-sig')


async def test_joins_from_one_address_are_limited_and_the_facilitator_is_warned_and_can_remove(running):
    server, _, data, _ = running
    created = new_workshop(data)
    store = Store(data)
    try:  # before any page opens it: this workshop lets three people join per minute from one address
        workshop = workshop_from_data(store.load_content(created['id']), 'test')
        workshop.id, workshop.settings.joins_per_minute_per_address = created['id'], 3
        store.save_content(workshop)
    finally:
        store.close()
    # the fourth is refused: it gives up on the participant page after 5 s instead of the usual 30
    people = [Participant(server.url, address='198.51.100.9', timeout=30 if n < 3 else 5) for n in range(4)]
    console = Browser(server.url)
    try:
        for person in people[:3]:
            await person.join(created['join_code'], 'Patients')
        with pytest.raises(SimError):
            await people[3].join(created['join_code'], 'Patients')
        assert people[3].browser.find(en('join_busy_network'))
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(en('join_burst_warning', n=3))
        removes = console.find(en('person_remove'), tag='q-btn', exact=True)
        assert len(removes) == 3
        await console.click(removes[0])
        await console.wait_for(en('person_remove_confirm', pseudonym='P03'))
        await console.set_value(console.find(en('hide_reason'))[-1], 'not a real person')
        await console.click(console.find(en('person_remove'), tag='q-btn', exact=True)[-1])
        await console.wait_for(en('person_removed'))
    finally:
        await asyncio.gather(console.close(), *(p.close() for p in people))
    store = Store(data)
    try:
        (removed,) = [e for e in store.events(created['id']) if e.type == 'participant_removed']
    finally:
        store.close()
    assert removed.actor == 'facilitator' and removed.payload['reason'] == 'not a real person'


async def test_a_role_session_ends_by_itself_and_closes_the_open_console(tmp_path):
    created = new_workshop(tmp_path / 'data')
    env = clean_env(CODESIGN_ROLE_SESSION_HOURS='0.001')  # 3.6 seconds
    server = Server.workshop(tmp_path / 'data', free_port(), log=tmp_path / 'server.log', env=env).start()
    console = Browser(server.url)
    try:
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(en('moderation_heading'))
        await console.wait_for(en('facilitator_link_needed'), timeout=15)
    finally:
        await console.close()
        server.stop()
    assert _sessions(tmp_path / 'data', 'facilitator') == 1, 'kept until retention runs'
    workshop_cli('purge-expired', data=tmp_path / 'data')
    assert _sessions(tmp_path / 'data', 'facilitator') == 0, 'an expired session leaves no trace'


def _sessions(data: Path, role: str) -> int:
    with sqlite3.connect(data / 'workshop.sqlite3') as db:
        return db.execute('SELECT COUNT(*) FROM browser_bindings WHERE role = ?', (role,)).fetchone()[0]


async def test_a_join_passphrase_set_on_the_console_keeps_out_whoever_lacks_it(running):
    server, _, data, _ = running
    created = new_workshop(data)
    console = Browser(server.url)
    insider, outsider, guesser = (Participant(server.url, address=f'198.51.100.{n}') for n in (31, 32, 33))
    try:
        await insider.join(created['join_code'], 'Patients')  # before any passphrase: stays in
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(en('passphrase_none'))
        field = console.find_one(en('passphrase_field'), exact=True)
        await console.set_value(field, 'ab')
        await console.click(console.find_one(en('passphrase_set'), tag='q-btn', exact=True))
        await console.wait_for(en('refused_passphrase_short'))
        await console.set_value(console.find_one(en('passphrase_field'), exact=True), 'Kōwhai tree 7')
        await console.click(console.find_one(en('passphrase_set'), tag='q-btn', exact=True))
        await console.wait_for(en('passphrase_on'))
        assert not any('Kōwhai tree 7' in text for text in console.texts()), 'never shown again'

        # no passphrase or a wrong one: the first step says so and goes no further
        assert await _try_passphrase(outsider, created['join_code'], '') == en('refused_passphrase')
        for attempt in range(10):  # a guesser is slowed down like one guessing join codes
            assert await _try_passphrase(guesser, created['join_code'], f'guess {attempt}') == en('refused_passphrase')
        assert await _try_passphrase(guesser, created['join_code'], 'Kōwhai tree 7') == en('join_too_many_tries')

        late = Participant(server.url, address='198.51.100.34')
        await late.join(created['join_code'], 'Clinicians', passphrase='KŌWHAI-TREE 7')  # as read out, typed loosely
        assert late.browser.path.endswith('/p')
        await late.close()
        await insider.browser.open(f'/w/{created["id"]}/p')
        assert insider.browser.path.endswith('/p'), 'who joined before the passphrase stays in'

        await console.click(console.find_one(en('passphrase_clear'), tag='q-btn', exact=True))
        await console.wait_for(en('passphrase_none'))
        await outsider.join(created['join_code'], 'Clinicians')
        assert outsider.browser.path.endswith('/p')
    finally:
        await asyncio.gather(console.close(), insider.close(), outsider.close(), guesser.close())
    store = Store(data)
    try:
        joined = [e for e in store.events(created['id']) if e.type == 'participant_joined']
        database = (data / 'workshop.sqlite3').read_bytes()
    finally:
        store.close()
    assert len(joined) == 3, 'the insider, the late one with the passphrase, the outsider once it was removed'
    assert not any(words.encode() in database for words in ('Kōwhai tree', 'kōwhaitree7', 'kowhai')), 'only a hash kept'


async def _try_passphrase(person: Participant, code: str, words: str) -> str:
    """Open the join page, type a passphrase, press Next: what the page says (it stays on the first step)."""
    b = person.browser
    await b.open(f'/join/{code}')
    if b.find(en('join_too_many_tries')):  # the address is refused for a while: not even the steps
        return en('join_too_many_tries')
    await b.set_value(b.find_one(en('join_passphrase'), exact=True), words)
    await b.click(b.find_one(en('next'), tag='q-btn', exact=True))
    answers = (en('refused_passphrase'), en('join_too_many_tries'))
    await b.wait_until(lambda _: any(a in b.texts() for a in answers), what='the answer to the passphrase')
    assert b.find(en('join_step', n=1, total=4))
    return next(a for a in answers if a in b.texts())
