"""One log, many writers: the command line beside the running app, and two app processes on one store.

Real servers as subprocesses, the facilitator console and participants as simulated browsers, the `workshop` command
as a subprocess: what a person sees on the open page is what is asserted. `-s` prints how long news took to show.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop, workshop_cli
from benchmarks.simclient import Browser
from benchmarks.workshop_sim import en
from workshop.content import workshop_from_data
from workshop.state import fold
from workshop.store import Store

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

    rounds, state = _log(data, created['id'])
    assert rounds == [1, 2], 'each round number created once'
    assert len(state.ballots(1)) == 4 and sum(sum(b.dots.values()) for b in state.ballots(1)) == 20


def _round_title(n: int) -> str:
    return en('round_title', n=n, method='\0', status='\0').split('\0')[0]


def _button(browser: Browser, text: str):
    return next(e for e in browser.find(text, tag='q-btn') if e.label == text)


def _path(link: str) -> str:
    return link[link.index('/w/'):]


def _log(data: Path, workshop_id: str):
    store = Store(data)
    try:
        events = store.events(workshop_id)
        workshop = workshop_from_data(store.load_content(workshop_id), 'test')
    finally:
        store.close()
    return [e.payload['round']['number'] for e in events if e.type == 'round_created'], fold(workshop, events)
