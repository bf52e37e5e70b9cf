"""Idea cards as one element: what a participant sees on them, and words shared between pages."""
import json

from nicegui import ui
from nicegui.testing import User

from tests.support.ideas import shown_on_cards, tap
from tests.support.steps import IDEAS, join, open_round
from workshop.ui.participant.idea_list import IdeaList


async def test_the_cards_show_titles_counts_and_pass_for_the_open_round(user: User, workshop):
    created, live = workshop
    open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Vote recorded. 2 dots left.')
    shown = shown_on_cards(user)
    assert shown[:3] == ['Vote', 'You have 3 dots. Put them on the ideas that matter most to you. At most 2 dots on one '
                         'idea.', 'Skip this whole vote']
    assert 'Cell tracker' in shown and 'Your dots: 1' in shown and shown.count('Your dots: 0') == 2
    assert shown.count('Skip this idea') == len(IDEAS)


async def test_every_page_in_one_language_shares_one_copy_of_the_card_words(create_user, workshop):
    created, live = workshop
    open_round(live)
    aroha, ben = create_user(), create_user()
    await join(aroha, created.join_code)
    await join(ben, created.join_code, 'Clinicians')
    lists = []
    for person in (aroha, ben):
        (cards,) = [e for e in person.find(marker='ideas').elements if isinstance(e, IdeaList)]
        lists.append(cards)
    assert lists[0].props['ideas'] is lists[1].props['ideas']  # one string in the server, not one per phone
    assert [idea['more'] for idea in json.loads(lists[0].props['ideas'])] == [
        'Add a dot: Health navigator', 'Add a dot: Cell tracker',
        'Add a dot: Stronger National Travel Assistance']


async def test_a_crafted_tap_changes_nothing(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    for crafted in ({'a': 'more', 'id': 'not_an_idea'}, {'a': 'delete_everything', 'id': 'cell_tracker'},
                    {'a': 'rate', 'id': 'cell_tracker', 'c': 'importance', 'v': 'five'}, {'a': 'drop', 'id': 1},
                    {'a': 'drop', 'id': 'cell_tracker', 'v': 1}, {'a': ['more'], 'id': {'x': 1}}):
        user.find(marker='ideas').trigger('act', crafted)
    (participant,) = live.state.participants
    assert live.ballot(participant, number).dots == {}


async def test_ranking_by_dropping_an_idea_on_another(user: User, workshop):
    created, live = workshop
    number = open_round(live, 'rank', top_k=3)
    await join(user, created.join_code)
    for idea in IDEAS:
        tap(user, 'pick', idea)
    tap(user, 'drop', 'travel_assistance', value=1)  # dragged onto the card in first place
    await user.should_see('Moved to number 1.')
    (participant,) = live.state.participants
    assert live.ballot(participant, number).ranks == {'travel_assistance': 1, 'health_navigator': 2, 'cell_tracker': 3}


async def test_the_ranking_buttons_name_their_idea_for_screen_readers(user: User, workshop):
    created, live = workshop
    open_round(live, 'rank', top_k=3)
    await join(user, created.join_code)
    (cards,) = [e for e in user.find(marker='ideas').elements if isinstance(e, IdeaList)]
    assert 'Pick this idea: Cell tracker' in cards.shown(aria=True)
    tap(user, 'pick', 'cell_tracker')
    await user.should_see('Your number 1')
    heard = cards.shown(aria=True)
    assert 'Take it out: Cell tracker' in heard and 'Pick this idea: Health navigator' in heard


async def test_comments_open_from_an_idea_and_close_again(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    tap(user, 'comments', 'cell_tracker', marker='all-ideas')
    await user.should_see('No comments yet.')
    user.find(marker='comment:improvement:cell_tracker').type('Would it work on my phone?')
    user.find(marker='send:improvement:cell_tracker').click()
    await user.should_see('Would it work on my phone?')
    user.find(marker='close').click()
    await user.should_not_see('Would it work on my phone?')  # the thread is gone with its dialog
    assert 'Comments (1)' in shown_on_cards(user, 'all-ideas')
    with user:
        assert not [e for e in ui.context.client.elements.values() if isinstance(e, ui.dialog)]
