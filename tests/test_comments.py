"""Comments at volume, through the real server: a thread of ten thousand opens as one page of the latest, a new
comment reaches an open thread as one element changed in place, and a participant who floods is told to slow down."""
from __future__ import annotations

import asyncio

import pytest

from benchmarks.serverproc import Server, free_port, new_workshop
from benchmarks.workshop_sim import Participant, en, focus_stage, prefill_comments
from workshop.store import Store
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
        shown = reader.thread_comments()
        assert len(shown) == PAGE and shown[-1] == f'Earlier comment number {EARLIER - 1}'
        assert reader.browser.find(en('comments_earlier'), tag='q-btn')
        elements = len(reader.browser.elements)
        updates: list[int] = []
        reader.browser.listeners.append(lambda changed, notes, arrived: updates.append(len(changed)))
        await writer.open_stage_comments()
        sent = await writer.comment('The parking is too far from the ward')
        assert sent.acked is not None, sent.answer
        await reader.browser.wait_until(lambda _: 'The parking is too far from the ward' in reader.thread_comments(),
                                        what='the new comment in the open thread')
        assert max(updates) <= 2  # the page of comments, and the count on the stage's button: never the thread again
        assert len(reader.browser.elements) == elements
        shown = reader.thread_comments()
        assert len(shown) == PAGE and shown[0] == f'Earlier comment number {EARLIER - PAGE + 1}'
        await reader.browser.click(reader.browser.find_one(en('comments_earlier'), tag='q-btn'))
        await reader.browser.wait_until(lambda _: len(reader.thread_comments()) == 2 * PAGE, what='an earlier page')
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


async def test_ideas_too_fast_are_refused_with_a_message_and_nothing_stored(running):
    server, created = running
    person = Participant(server.url)
    b = person.browser
    try:
        await person.join(created['join_code'], 'Clinicians')
        answers = []
        for n in range(4):  # the workshop's default: three ideas a minute
            await b.click(b.find_one(en('propose_heading'), tag='q-btn', exact=True))
            await b.wait_for(en('propose_title'))
            await b.set_value(b.find_one(en('propose_title'), exact=True), f'Idea number {n}')
            await b.trigger(b.find_one(en('send'), tag='q-btn', exact=True), 'click', {})
            # sent: the form closes and the status line thanks them; refused: the form stays, the line says why
            await b.wait_until(lambda _: not b.find(en('propose_title'), exact=True)
                               or person._status().props.get('message') == en('refused_idea_rate'), what='an answer')
            answers.append(person._status().props.get('message'))
        assert b.find(en('propose_title'), exact=True), 'the refused idea stays in the open form'
        assert answers == [en('idea_sent')] * 3 + [en('refused_idea_rate')]
    finally:
        await person.close()
    store = Store(running[0].cwd)
    try:
        ideas = [e.payload['title'] for e in store.events(created['id']) if e.type == 'improvement_proposed']
    finally:
        store.close()
    assert sorted(i for i in ideas if i.startswith('Idea number')) == ['Idea number 0', 'Idea number 1', 'Idea number 2']
