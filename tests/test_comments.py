"""Comments at volume, through the real server: a thread of ten thousand opens as one page of the latest, a new
comment reaches an open thread as one row added in place, and a participant who floods is told to slow down."""
from __future__ import annotations

import asyncio

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop
from benchmarks.workshop_sim import Participant, en, focus_stage, prefill_comments
from workshop.ui.participant.comments import PAGE

pytestmark = pytest.mark.slow
EARLIER = 10_000

@pytest.fixture(scope='module')
def running(tmp_path_factory):
    root = tmp_path_factory.mktemp('comments')
    created = new_workshop(root / 'data')
    stage = focus_stage(root / 'data', created['id'])
    prefill_comments(root / 'data', created['id'], EARLIER, stage=stage)
    server = Server.workshop(root / 'data', free_port(), log=root / 'server.log').start()
    yield server, created
    server.stop()

async def test_a_thread_of_ten_thousand_opens_as_a_page_and_grows_in_place(running):
    server, created = running
    reader, writer = Participant(server.url), Participant(server.url)
    try:
        await asyncio.gather(reader.join(created['join_code'], 'Patients'), writer.join(created['join_code'],
                                                                                        'Clinicians'))
        assert reader.browser.find(en('stage_comments_open', n=EARLIER), tag='q-btn')
        await reader.open_stage_comments()
        shown = reader.browser.find('Earlier comment number')
        assert len(shown) == PAGE and shown[-1].label == f'Earlier comment number {EARLIER - 1}'
        assert reader.browser.find(en('comments_earlier'), tag='q-btn')
        updates: list[int] = []
        reader.browser.listeners.append(lambda changed, notes, arrived: updates.append(len(changed)))
        await writer.open_stage_comments()
        sent = await writer.comment('The parking is too far from the ward')
        assert sent.acked is not None, sent.answer
        await reader.browser.wait_for('The parking is too far from the ward')
        assert max(updates) < 20  # one row in, the page's oldest row out: never the whole thread again
        assert len(reader.browser.find('Earlier comment number')) == PAGE - 1
    finally:
        await asyncio.gather(reader.close(), writer.close())

async def test_a_participant_sending_too_fast_is_told_to_wait(running):
    server, created = running
    person = Participant(server.url)
    try:
        await person.join(created['join_code'], 'Patients')
        await person.open_stage_comments()
        answers = [await person.comment(f'Point number {n}') for n in range(11)]
        assert all(a.acked for a in answers[:10]), [a.answer for a in answers]
        assert answers[10].acked is None and answers[10].answer == en('refused_comment_rate')
    finally:
        await person.close()
