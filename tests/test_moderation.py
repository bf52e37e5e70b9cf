"""Moderation at volume, through the real server: the facilitator console with ten thousand comments shows the
newest page, takes new comments in place at the top, and pages back through the rest."""
from __future__ import annotations

import asyncio

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop
from benchmarks.simclient import Browser
from benchmarks.workshop_sim import Participant, en, focus_stage, prefill_comments
from workshop.ui.facilitator.moderation import PAGE

pytestmark = pytest.mark.slow
EARLIER = 10_000


async def test_ten_thousand_comments_on_the_console_a_page_at_a_time_updated_in_place(tmp_path):
    created = new_workshop(tmp_path / 'data')
    stage = focus_stage(tmp_path / 'data', created['id'])
    prefill_comments(tmp_path / 'data', created['id'], EARLIER, stage=stage)
    server = Server.workshop(tmp_path / 'data', free_port(), log=tmp_path / 'server.log').start()
    console, person = Browser(server.url), Participant(server.url)
    try:
        link = created['links']['facilitator']
        await console.open(link[link.index('/w/'):])
        await console.wait_for(en('comments_range', first=1, last=PAGE, total=EARLIER))
        assert len(console.find('Earlier comment number')) == PAGE
        assert console.find('Earlier comment number')[0].label == f'Earlier comment number {EARLIER - 1}'  # newest
        updates: list[int] = []
        # earlier comments sent again, per message (a message can also carry the joined counts and more: on a busy
        # machine several changes go in one)
        console.listeners.append(lambda changed, notes, arrived: updates.append(
            sum('Earlier comment number' in e.label for e in changed)))
        await person.join(created['join_code'], 'Patients')
        await person.open_stage_comments()
        assert (await person.comment('Please put the timetable online')).acked
        await console.wait_for(en('comments_range', first=1, last=PAGE, total=EARLIER + 1))
        shown = console.find('Earlier comment number')
        assert console.find('Please put the timetable online') and len(shown) == PAGE - 1
        assert max(updates) == 0  # one card in, one out, the count: never the earlier cards again
        await console.click(console.find_one(en('comments_earlier'), tag='q-btn'))
        await console.wait_for(en('comments_range', first=PAGE + 1, last=2 * PAGE, total=EARLIER + 1))
        assert console.find('Earlier comment number')[0].label == f'Earlier comment number {EARLIER - PAGE}'
    finally:
        await asyncio.gather(console.close(), person.close())
        server.stop()
