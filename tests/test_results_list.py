"""Revealed results on participants' phones: one shared component, computed once for everyone, updated in place."""
from nicegui.testing import User

from tests.support.ideas import tap
from tests.support.steps import HOST, join, open_round
from workshop.ui.participant.results_list import ResultsList


def results_on(user: User, marker: str = 'results') -> ResultsList:
    (element,) = [e for e in user.find(marker=marker).elements if isinstance(e, ResultsList)]
    return element


async def test_a_reveal_reaches_every_phone_from_one_computation_and_the_status_line_says_so(create_user, workshop):
    created, live = workshop
    number = open_round(live)
    people = [create_user() for _ in range(3)]
    for person in people:
        await join(person, created.join_code)
    tap(people[0], 'more', 'cell_tracker')
    await people[0].should_see('Vote recorded.')
    computed = live._results.computed
    live.reveal(HOST, number)
    for person in people:
        await person.should_see('Results of round 1')
        await person.should_see('1. Cell tracker: 1 dot')
        await person.should_see('The results are now shown on this page.')
    assert live._results.computed == computed + 1  # once for three pages
    shown = [results_on(person)._props['results'] for person in people]
    assert shown[1] is shown[0] and shown[2] is shown[0]  # one string shared by every page in the same language


async def test_results_follow_votes_in_place_while_the_round_is_still_open(create_user, workshop):
    created, live = workshop
    number = open_round(live)
    aroha, ben = create_user(), create_user()
    await join(aroha, created.join_code)
    await join(ben, created.join_code, 'Clinicians')
    live.reveal(HOST, number)  # revealed while people still vote
    await ben.should_see('Results of round 1')
    element = results_on(ben)
    tap(aroha, 'more', 'travel_assistance')
    await aroha.should_see('Vote recorded.')
    await ben.should_see('1. Stronger National Travel Assistance: 1 dot', retries=20)  # within a second
    assert results_on(ben) is element  # the same element, its words swapped


async def test_the_folded_parts_hold_unvoted_ideas_the_balanced_view_and_small_groups_hidden(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    live.close_round(HOST, number)
    live.reveal(HOST, number)
    await user.should_see('Ideas with no votes (2)')
    await user.should_see('Every group counts the same')
    await user.should_see('Fewer than 5 people in this group voted, so we do not show their results. '
                          'This protects their privacy.')
    shown = results_on(user).shown()
    assert 'Cell tracker' not in ' '.join(shown[shown.index('Results for each group'):])  # no group ranking shown
    live.reveal(HOST, number, False)
    await user.should_not_see('Results of round 1')
