"""The line saying what is happening now, on every participant page: one message for the pages given the same words
by the same change. (That the browser draws what comes this way: tests/test_live_browser.py.)"""
from nicegui.testing import User

from tests.support.steps import HOST, join
from tests.support.waiting import until
from workshop.ui.shared.shared_html import SharedHtml
from workshop.web.broadcast import Broadcast


def now_line(user: User) -> SharedHtml:
    return next(e for e in user.client.elements.values() if isinstance(e, SharedHtml))


async def test_a_move_of_the_agenda_is_one_message_per_group_not_per_page(create_user, app_ctx, workshop):
    created, live = workshop
    people = [create_user() for _ in range(3)]
    for person, group in zip(people, ['Patients', 'Patients', 'Clinicians']):
        await join(person, created.join_code, group)
    sent: Broadcast = app_ctx.shared
    await until(lambda: not sent._sending, 'joined pages settled', 5)
    before = sent.packets
    live.set_agenda(HOST, 'results')
    for person in people:
        await person.should_see('Now: looking at the results.')

    await until(lambda: sent.packets == before + 2, 'the agenda sent', 5)  # the patients' words once, the clinician's
    lines = [now_line(p) for p in people]
    shared = [line.content.removesuffix(line.props['own']) for line in lines]
    assert shared[0] == shared[1] != shared[2]  # each patient's own support code follows the words they share
    assert lines[0].props['rev'] == lines[1].props['rev']  # the same message, so the same revision


async def test_a_page_of_its_own_change_gets_a_newer_revision(user: User, app_ctx, workshop):
    """A participant correcting their group: their line changes alone, and is newer than anything sent before."""
    created, live = workshop
    await join(user, created.join_code, 'Patients')
    live.set_agenda(HOST, 'results')
    await user.should_see('Now: looking at the results.')
    line = now_line(user)
    shared_revision = line.props['rev']
    own = line.props['own']
    line.show(line.content.removesuffix(own).replace('Patients', 'Clinicians'), own)
    assert line.props['rev'] > shared_revision


async def test_a_page_without_its_socket_gets_the_line_as_an_ordinary_update(user: User, app_ctx, workshop):
    created, live = workshop
    await join(user, created.join_code)
    line = now_line(user)
    sent: Broadcast = app_ctx.shared
    await until(lambda: not sent._sending, 'joined page settled', 5)
    before = sent.packets
    tab, line.client.tab_id = line.client.tab_id, None  # the phone is between networks: no socket
    updates = []
    line.client.outbox.enqueue_update = lambda e: updates.append(e)
    live.set_agenda(HOST, 'results')
    await until(lambda: line in updates, 'an element update', 5)
    assert sent.packets == before and 'Now: looking at the results.' in line.content
    line.client.tab_id = tab
