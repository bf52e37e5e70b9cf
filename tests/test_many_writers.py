"""One log, many writers: the command line beside the running app, and two app processes on one store.

Real servers as subprocesses, the facilitator console and participants as simulated browsers, the `workshop` command
as a subprocess: what a person sees on the open page is what is asserted. `-s` prints how long news took to show.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop, workshop_cli
from benchmarks.simclient import Browser
from benchmarks.workshop_sim import Facilitator, Participant, en, open_dots_round
from tests.support.waiting import until
from workshop.content import workshop_from_data
from workshop.domain.state import fold
from workshop.store import connect

pytestmark = pytest.mark.slow

BALLOTS = '''participant,group,improvement,value
c1,clinicians,health_navigator,2
c1,clinicians,cell_tracker,3
c2,clinicians,cell_tracker,5
p1,patients,Health navigator,3
p1,patients,culturally_appropriate_care,2
p2,patients,health_navigator,5
'''
SHOWN_WITHIN = 10.0  # seconds the test waits for a page to show news (the figure printed is what it took)
PER_PROCESS = 4  # participants on each app process
ACKS_BEFORE_KILL = 40
ACKS_AFTER_KILL = 12


async def test_ballots_imported_beside_the_app_count_and_round_numbers_stay_unique(tmp_path: Path):
    data = tmp_path / 'data'
    created = new_workshop(data)
    (tmp_path / 'paper.csv').write_text(BALLOTS)
    server = Server.workshop(data, free_port(), log=tmp_path / 'server.log').start()
    console = Browser(server.url)
    try:
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(en('round_new'))

        workshop_cli('import-votes', created['id'], str(tmp_path / 'paper.csv'), '--method', 'dots', data=data)
        done = time.perf_counter()
        shown = await console.wait_for(_round_title(1), timeout=SHOWN_WITHIN) - done
        await console.wait_for(en('voters', n=4))  # the imported ballots, on the open console

        await console.click(_button(console, en('round_create')))
        await console.wait_for(_round_title(2), timeout=SHOWN_WITHIN)
        server.stop()
        server.start()
        await console.open(_path(created['links']['facilitator']))
        await console.wait_for(_round_title(2))
        assert any(_round_title(1) in text for text in console.texts())
    finally:
        await console.close()
        server.stop()
    print(f'\nthe command line\'s round showed on the open console {shown:.2f} s after the command finished')

    rounds, state, _ = _log(data, created['id'])
    assert rounds == [1, 2], 'each round number created once'
    assert len(state.ballots(1)) == 4 and sum(sum(b.dots.values()) for b in state.ballots(1)) == 20


async def test_two_app_processes_share_one_log_and_kill_9_of_one_loses_no_acknowledged_vote(
        tmp_path: Path, database_url: str, monkeypatch):
    """Two app processes on one store (a proxy keeps each browser on one): votes cast on B reach the console on A;
    B is killed mid-voting while A keeps serving; rounds created on both, and imported beside them, stay unique."""
    if database_url:
        monkeypatch.setenv('CODESIGN_DATABASE_URL', database_url)  # the servers and the command line inherit it
    data = tmp_path / 'data'
    created = new_workshop(data)
    titles, groups = open_dots_round(data, created['id'], budget=60, database_url=database_url)
    a = Server.workshop(data, free_port(), log=tmp_path / 'a.log').start()
    b = Server.workshop(data, free_port(), log=tmp_path / 'b.log').start()
    console = Facilitator(a.url, created['links']['facilitator'])
    people = [Participant(server.url, timeout=15) for server in (a, b) for _ in range(PER_PROCESS)]
    stop, killed = asyncio.Event(), asyncio.Event()
    try:
        await console.open()
        await asyncio.gather(*(p.join(created['join_code'], groups[i % len(groups)]) for i, p in enumerate(people)))
        voters = [asyncio.create_task(_vote(p, titles, stop, killed, random.Random(i))) for i, p in enumerate(people)]
        await until(lambda: _acked(people) >= ACKS_BEFORE_KILL, 'votes on both processes')
        await asyncio.to_thread(b.kill)
        killed.set()
        at_kill = _acked(people)
        await until(lambda: _acked(people[:PER_PROCESS]) + _acked(people[PER_PROCESS:]) >= at_kill + ACKS_AFTER_KILL,
                     'process A serving on after B was killed')
        stop.set()
        await asyncio.gather(*voters)
        # what the proxy does when a process is gone: the browser goes to another one, as the same person
        moved = Participant(a.url, timeout=15)
        moved.browser.http.cookies = people[PER_PROCESS].browser.http.cookies
        await moved.browser.open(people[PER_PROCESS].browser.path)
        await moved.wait_ready()
        used = len([t for t in people[PER_PROCESS].taps if t.acked])
        assert moved.browser.path.endswith('/p') and moved.dots_left() <= 60 - used, 'not asked to join again'
        await moved.close()
        votes = len([e for e in _log(data, created['id'])[2] if e.type == 'vote_cast'])
        settled = time.perf_counter()
        await console.browser.wait_until(lambda _: console.total() == votes, timeout=SHOWN_WITHIN,
                                         what=f'the console on A showing all {votes} votes')
        tally_lag = time.perf_counter() - settled

        (tmp_path / 'paper.csv').write_text(BALLOTS)
        workshop_cli('import-votes', created['id'], str(tmp_path / 'paper.csv'), '--method', 'dots', data=data)
        await console.browser.wait_for(_round_title(2), timeout=SHOWN_WITHIN)  # the form is rebuilt: click after
        await console.browser.click(_button(console.browser, en('round_create')))
        await console.browser.wait_for(_round_title(3), timeout=SHOWN_WITHIN)
        b.start()
        console_b = Browser(b.url)
        await console_b.open(_path(created['links']['facilitator']))
        await console_b.click(_button(console_b, en('round_create')))
        await console_b.wait_for(_round_title(4), timeout=SHOWN_WITHIN)
        await console.browser.wait_for(_round_title(4), timeout=SHOWN_WITHIN)  # B's new round, on A's console
        await console_b.close()
    finally:
        stop.set()
        await asyncio.gather(*(p.close() for p in people), console.close())
        a.stop(), b.stop()

    rounds, state, events = _log(data, created['id'])
    present = Counter(e.op_id.split(':', 1)[1] for e in events if e.type == 'vote_cast' and e.op_id)
    acked = [t for p in people for t in p.taps if t.acked]
    print(f'\ntwo processes: {len(acked)} votes acknowledged ({_acked(people[PER_PROCESS:])} on the killed one); '
          f'the console on A showed every vote {tally_lag:.2f} s after voting stopped')
    assert [t for t in acked if present[t.op] != 1] == [], 'every acknowledged vote stored exactly once'
    assert any(t.acked and t.after_restart for p in people[:PER_PROCESS] for t in p.taps), 'A served after the kill'
    assert rounds == [1, 2, 3, 4], 'each round number created once, by whichever writer'
    assert len(state.ballots(2)) == 4, 'the imported ballots count'


async def test_command_line_writes_beside_live_voting_never_hold_the_votes_back(tmp_path: Path):
    """While people vote, the command line imports 3,000 paper ballots, exports the workshop and creates a copy of it
    from that export. Each write is one short transaction (everything read and checked before it starts; the app
    waits for the lock, never fails): votes keep being acknowledged while every command runs, none is lost, and no
    tap waits as long as a command takes. `-s` prints the figures (benchmarks/README.md keeps them)."""
    data = tmp_path / 'data'
    created = new_workshop(data)
    titles, groups = open_dots_round(data, created['id'], budget=10_000)
    paper = tmp_path / 'paper.csv'
    paper.write_text('participant,group,improvement,value\n' + ''.join(
        f'x{i},{groups[i % len(groups)]},health_navigator,2\nx{i},{groups[i % len(groups)]},cell_tracker,3\n'
        for i in range(3000)))
    server = Server.workshop(data, free_port(), log=tmp_path / 'server.log').start()
    people = [Participant(server.url, timeout=15) for _ in range(4)]
    stop, never = asyncio.Event(), asyncio.Event()
    commands = {'import-votes': ('import-votes', created['id'], str(paper), '--method', 'dots'),
                'export': ('export', created['id'], '--format', 'json', '--out', str(tmp_path / 'copy.json')),
                'import (create)': ('import', str(tmp_path / 'copy.json'), '--json')}
    runs: dict[str, tuple[float, float]] = {}
    try:
        await asyncio.gather(*(p.join(created['join_code'], groups[i % len(groups)]) for i, p in enumerate(people)))
        voters = [asyncio.create_task(_vote(p, titles, stop, never, random.Random(i))) for i, p in enumerate(people)]
        await until(lambda: _acked(people) >= 20, 'votes before the commands')
        for name, args in commands.items():
            started = time.perf_counter()
            await asyncio.to_thread(workshop_cli, *args, data=data)
            runs[name] = (started, time.perf_counter())
        done = time.perf_counter()
        await until(lambda: all(any(t.acked and t.sent > done for t in p.taps) for p in people),
                    'every person votes again once the commands are done')
        stop.set()
        await asyncio.gather(*voters)
    finally:
        stop.set()
        await asyncio.gather(*(p.close() for p in people))
        server.stop()

    taps = [t for p in people for t in p.taps]
    _, state, events = _log(data, created['id'])
    present = Counter(e.op_id.split(':', 1)[1] for e in events if e.type == 'vote_cast' and e.op_id)
    assert [t for t in taps if t.acked and present[t.op] != 1] == [], 'every acknowledged vote stored exactly once'
    assert len(state.ballots(2)) == 3000, 'the paper ballots are in, beside the live ones'
    assert len(state.ballots(1)) == len(people)
    assert len([w for w in connect(data).workshops()]) == 2, 'the copy was created'
    figures = []
    for name, (start, end) in runs.items():
        during = [t for t in taps if t.sent < end and (t.acked or t.sent + 15) > start]
        inside = [t for t in during if t.acked and start <= t.sent and t.acked <= end]
        waits = [t.acked - t.sent for t in during if t.acked]
        assert inside, f'no vote was acknowledged while {name} ran'
        assert all(t.acked for t in during), f'a tap went unanswered while {name} ran'
        assert max(waits) < end - start, f'a tap waited as long as the whole {name} command'
        figures.append(f'{name} {end - start:.2f} s: {len(inside)} votes acknowledged meanwhile, longest wait '
                       f'{1000 * max(waits):.0f} ms')
    quiet = sorted(t.acked - t.sent for t in taps if t.acked and not any(s <= t.sent <= e for s, e in runs.values()))
    print(f'\nvotes while the command line wrote: {"; ".join(figures)}; otherwise p50 '
          f'{1000 * quiet[len(quiet) // 2]:.0f} ms, max {1000 * quiet[-1]:.0f} ms')


async def _vote(person: Participant, titles: list[str], stop: asyncio.Event, killed: asyncio.Event,
                rng: random.Random) -> None:
    """Tap "+" on a random idea and wait for the answer, until told to stop (or this person's process is gone)."""
    while not stop.is_set():
        if not (person.browser.connected.is_set() and person.plus_buttons()):
            await asyncio.sleep(0.05)
            continue
        await person.add_dot(rng.choice(titles), timeout=5, after_restart=killed.is_set())
        await asyncio.sleep(rng.uniform(0.01, 0.08))


def _acked(people: list[Participant]) -> int:
    return sum(1 for p in people for t in p.taps if t.acked)


def _round_title(n: int) -> str:
    return en('round_title', n=n, method='\0', status='\0').split('\0')[0]


def _button(browser: Browser, text: str):
    return next(e for e in browser.find(text, tag='q-btn') if e.label == text)


def _path(link: str) -> str:
    return link[link.index('/w/'):]


def _log(data: Path, workshop_id: str):
    """Round numbers created, the folded state and the events, read from the store the servers used."""
    import os
    store = connect(data, database_url=os.environ.get('CODESIGN_DATABASE_URL', ''))
    try:
        events = store.events(workshop_id)
        workshop = workshop_from_data(store.load_content(workshop_id), 'test')
    finally:
        store.close()
    return [e.payload['round']['number'] for e in events if e.type == 'round_created'], fold(workshop, events), events
