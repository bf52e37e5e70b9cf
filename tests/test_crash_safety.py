"""Crash safety: the real server, simulated participants voting continuously, `kill -9` mid-round, a restart.

Every vote a participant saw acknowledged ("Vote recorded.") must be in the store exactly once; a tap whose answer
never came may or may not be there (DESIGN.md, "The life of a vote", step 5); and the participants carry on after
their browsers reconnect, as the same participants, without joining again. `-s` prints the figures.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop
from benchmarks.workshop_sim import Participant, open_dots_round
from tests.support.waiting import until
from workshop.content import workshop_from_data
from workshop.domain.state import fold
from workshop.store import connect

pytestmark = pytest.mark.slow

PARTICIPANTS = 12
BUDGET = 60  # nobody runs out of dots: voting goes on straight through the crash
ACKS_BEFORE_KILL = 80
VOTES_AFTER_RESTART = 3  # each participant's proof of carrying on; then they stop, so nobody runs out of dots
PHASE_TIMEOUT = 60.0  # seconds for each phase; the test never hangs


async def test_every_acknowledged_vote_survives_kill_9_and_participants_carry_on(tmp_path: Path, database_url: str,
                                                                                 monkeypatch):
    if database_url:  # the command line and the server subprocesses inherit it
        monkeypatch.setenv('CODESIGN_DATABASE_URL', database_url)
    data = tmp_path / 'data'
    created = new_workshop(data)
    titles, groups = open_dots_round(data, created['id'], budget=BUDGET, database_url=database_url)
    server = Server.workshop(data, free_port(), log=tmp_path / 'server.log').start()
    people = [Participant(server.url, timeout=15) for _ in range(PARTICIPANTS)]
    restarted = asyncio.Event()
    stop = asyncio.Event()
    try:
        await asyncio.gather(*(p.join(created['join_code'], groups[i % len(groups)]) for i, p in enumerate(people)))
        voters = [asyncio.create_task(_vote_continuously(p, titles, restarted, stop, random.Random(i)))
                  for i, p in enumerate(people)]
        await until(lambda: _count(people, acked=True) >= ACKS_BEFORE_KILL, 'votes before the crash', PHASE_TIMEOUT)
        in_flight = sum(1 for p in people for t in p.taps if t.op and t.acked is None and not t.answer)
        await asyncio.to_thread(server.kill)
        killed = time.perf_counter()
        await asyncio.to_thread(server.start)
        restarted.set()
        await until(lambda: all(any(t.acked and t.after_restart for t in p.taps) for p in people),
                    'every participant voting again after the restart', PHASE_TIMEOUT)
        carried_on = time.perf_counter() - killed
        stop.set()
        await asyncio.gather(*voters)
    finally:
        stop.set()
        await asyncio.gather(*(p.close() for p in people))
        server.stop()

    store = connect(data, database_url=database_url)
    try:
        events = store.events(created['id'])
        content = store.load_content(created['id'])
    finally:
        store.close()
    votes = [e for e in events if e.type == 'vote_cast']
    present = Counter(e.op_id.split(':', 1)[1] for e in votes)
    taps = [t for p in people for t in p.taps]
    sent = {t.op for t in taps if t.op}
    acked = [t for t in taps if t.acked]
    unanswered = [t for t in taps if t.op and not t.acked]
    missing = [t for t in acked if present[t.op] == 0]
    doubled = [t for t in acked if present[t.op] > 1]
    print(f'\ncrash safety: {len(acked)} votes acknowledged, {sum(present[t.op] == 1 for t in acked)} of them present '
          f'exactly once ({len(missing)} missing, {len(doubled)} doubled); {in_flight} taps in flight at the kill; '
          f'{len(unanswered)} taps never answered, {sum(present[t.op] > 0 for t in unanswered)} of those committed '
          f'anyway; {len(votes)} vote events in the store; every participant voting again '
          f'{carried_on:.1f} s after the kill')

    assert not missing and not doubled
    assert set(present) <= sent and max(present.values()) == 1  # nothing the participants did not send
    assert not any(t.answer and not t.acked and not t.answer.startswith('not sent') for t in taps)  # no refusals
    assert sum(1 for t in acked if t.after_restart) >= PARTICIPANTS
    # the same people carried on: nobody had to join again, and the log folds to one dot per stored vote
    assert sum(e.type == 'participant_joined' for e in events) == PARTICIPANTS
    workshop = workshop_from_data(content, 'crash test')
    state = fold(workshop, events)
    box = state.boxes[max(state.boxes)]
    per_person = Counter(e.payload['participant'] for e in votes)
    assert {p: sum(box.ballot(p, '').dots.values()) for p in per_person} == dict(per_person)


async def _vote_continuously(person: Participant, titles: list[str], restarted: asyncio.Event, stop: asyncio.Event,
                             rng: random.Random) -> None:
    """Tap "+" on a random idea, wait for the answer, pause a moment, again; while offline, wait like a person."""
    browser = person.browser
    while not stop.is_set() and sum(1 for t in person.taps if t.acked and t.after_restart) < VOTES_AFTER_RESTART:
        if not (browser.connected.is_set() and browser.path.endswith('/p') and person.plus_buttons()):
            await asyncio.sleep(0.05)
            continue
        await person.add_dot(rng.choice(titles), timeout=5, after_restart=restarted.is_set())
        await asyncio.sleep(rng.uniform(0.01, 0.08))


def _count(people: list[Participant], *, acked: bool) -> int:
    return sum(1 for p in people for t in p.taps if (t.acked is not None) == acked)


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid`, from /proc (the server's tally worker among them)."""
    found = set()
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[0]
    except OSError:
        return False
    return state != 'Z'


async def test_a_server_killed_outright_leaves_no_process_behind(tmp_path: Path):
    """kill -9 runs no shutdown handler: the tally worker must notice by itself that its server is gone."""
    data = tmp_path / 'data'
    new_workshop(data)
    server = Server.workshop(data, free_port(), log=tmp_path / 'server.log').start()
    try:
        await until(lambda: bool(_children(server.process.pid)), 'the tally worker started', 30)
        workers = _children(server.process.pid)
        await asyncio.to_thread(server.kill)
        await until(lambda: not any(_alive(pid) for pid in workers), 'the worker ending with its server', 15)
    finally:
        server.stop()
