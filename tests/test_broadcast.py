"""The same words to many pages as one encoded message: a reveal is one packet per language, however many phones.
(That the phone's browser draws what comes this way, and catches up after a dropped connection, is shown in real
browsers by tests/test_live_browser.py.)"""
from nicegui.testing import User

from tests.support.steps import HOST, choose, join, open_round
from tests.support.waiting import until
from workshop.ui.participant.results_list import ResultsList
from workshop.web.broadcast import Broadcast


def results_on(user: User) -> ResultsList:
    (element,) = [e for e in user.find(marker='results').elements if isinstance(e, ResultsList)]
    return element


async def test_a_reveal_is_one_packet_for_every_page_reading_the_same_language(create_user, app_ctx, workshop):
    created, live = workshop
    number = open_round(live)
    people = [create_user() for _ in range(4)]
    await people[3].open(f'/join/{created.join_code}')
    await choose(people[3], 'Te reo Māori', f'/join/{created.join_code}')
    for person in people:
        await join(person, created.join_code)
    sent: Broadcast = app_ctx.shared
    before = sent.packets
    live.reveal(HOST, number)
    for person in people[:3]:
        await person.should_see('Results of round 1')
    await until(lambda: sent.packets == before + 2, 'the reveal sent', 5)  # English once, te reo once
    assert all(results_on(p).props['results'] == results_on(people[0]).props['results'] for p in people[:3])
    assert results_on(people[3]).props['results'] != results_on(people[0]).props['results']


async def test_results_changing_again_before_they_are_sent_go_once_in_their_newest_words(create_user, app_ctx,
                                                                                         workshop):
    created, live = workshop
    number = open_round(live)
    aroha = create_user()
    await join(aroha, created.join_code)
    sent: Broadcast = app_ctx.shared
    before = sent.packets
    live.reveal(HOST, number)
    live.reveal(HOST, number, revealed=False)  # hidden again within the same moment: only "nothing" goes out
    await until(lambda: not sent._sending, 'the broadcast done', 5)
    assert sent.packets == before + 1
    assert not results_on(aroha).shown()


async def test_a_page_without_its_socket_gets_the_words_as_an_ordinary_update(user: User, app_ctx, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    element = results_on(user)
    sent: Broadcast = app_ctx.shared
    before = sent.packets
    tab, element.client.tab_id = element.client.tab_id, None  # the phone is between networks: no socket
    updates = []
    element.client.outbox.enqueue_update = lambda e: updates.append(e)  # what NiceGUI would send once it is back
    live.reveal(HOST, number)
    await until(lambda: element in updates, 'an element update', 5)
    assert sent.packets == before
    assert 'Results of round 1' in element.shown()
    element.client.tab_id = tab
