"""A participant joins from the link, votes from their phone and sees results once the facilitator shows them."""
import copy
import gc
import io
import json
from html import escape

import pytest
from nicegui import ElementFilter, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from openpyxl import load_workbook

from tests.support.steps import HOST, IDEAS, choose, join, open_round
from tests.support.ideas import shown_on_cards, tap
from workshop import i18n, service
from workshop.live import Actor, Refused

async def test_joining_records_consent_group_and_name(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code, 'Support persons / whānau', name='Mere', research=True)
    (participant,) = live.state.participants.values()
    assert (participant.group, participant.display_name, participant.consent.research_use) == ('whanau', 'Mere', True)
    await user.should_see('Voting is not open right now.')


async def test_consent_is_needed_to_go_on(user: User, workshop):
    created, live = workshop
    await user.open(f'/join/{created.join_code}')
    user.find('Next').click()
    user.find('Next').click()
    await user.should_see('Please tick "I agree to take part" to go on.')
    assert live.state.participants == {}


async def test_an_unknown_code_says_so_and_offers_the_box_again(user: User, workshop):
    await user.open('/join/NOPE42')
    await user.should_see('We could not find a workshop with that code. Please check the code and type it again.')
    await user.should_see('Join code')


async def test_the_participant_page_sends_strangers_to_the_join_steps(user: User, workshop):
    created, _ = workshop
    await user.open(f'/w/{created.id}/p')
    await user.should_see('Step 1 of 4')


async def test_dots_within_budget_are_recorded_and_over_budget_refused(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    await user.should_see('Dots left: 3 of 3')
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Vote recorded. 2 dots left.')
    tap(user, 'more', 'cell_tracker')
    tap(user, 'more', 'cell_tracker')
    await user.should_see('At most 2 dots on one idea.')
    tap(user, 'more', 'health_navigator')
    tap(user, 'more', 'travel_assistance')
    await user.should_see('You have used all 3 dots. Take a dot off another idea first.')
    await user.should_see('Dots left: 0 of 3')
    (participant,) = live.state.participants
    assert live.ballot(participant, number).dots == {'cell_tracker': 2, 'health_navigator': 1}


async def test_a_reload_keeps_the_participant_and_their_votes(user: User, workshop):
    created, live = workshop
    open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Your dots: 1')
    await user.open(f'/join/{created.join_code}')  # the join link again: no second registration, no questions
    await user.should_see('Dots left: 2 of 3')
    await user.should_see('Your dots: 1')
    assert len(live.state.participants) == 1


async def test_two_tabs_of_one_participant_share_one_budget(user: User, workshop):
    created, live = workshop
    open_round(live, cap=3)
    await join(user, created.join_code)
    first_tab = user.client
    await user.open(f'/w/{created.id}/p')
    tap(user, 'more', 'cell_tracker')
    tap(user, 'more', 'cell_tracker')
    with first_tab:  # the first tab follows the second one
        await user.should_see('Dots left: 1 of 3')
    tap(user, 'more', 'health_navigator')
    tap(user, 'more', 'health_navigator')
    await user.should_see('You have used all 3 dots. Take a dot off another idea first.')


async def test_a_retried_tap_is_applied_once(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    for _ in range(2):  # the browser sends the same tap twice (a retry after a dropped connection)
        tap(user, 'more', 'cell_tracker', op='tap-7f3a')
    await user.should_see('Your dots: 1')
    assert live.tally(number).pooled[0].score == 1


async def test_passing_on_an_idea_and_on_the_whole_vote(user: User, workshop):
    created, live = workshop
    open_round(live)
    await join(user, created.join_code)
    tap(user, 'pass', 'travel_assistance')
    await user.should_see('You skipped this idea.')
    await user.should_see('Skipped (tap to undo)')
    tap(user, 'pass_round', '')
    await user.should_see('You skipped this vote. Tap to vote after all.')


async def test_ranking_with_buttons(user: User, workshop):
    created, live = workshop
    number = open_round(live, 'rank', top_k=2)
    await join(user, created.join_code)
    tap(user, 'pick', 'travel_assistance')
    tap(user, 'pick', 'cell_tracker')
    await user.should_see('You picked 2 of 2')
    tap(user, 'up', 'cell_tracker')
    await user.should_see('Moved to number 1.')
    tap(user, 'pick', 'health_navigator')
    await user.should_see('Pick at most 2 ideas.')
    (participant,) = live.state.participants
    assert live.ballot(participant, number).ranks == {'cell_tracker': 1, 'travel_assistance': 2}


async def test_rating_on_the_rounds_scale(user: User, workshop):
    created, live = workshop
    number = open_round(live, 'rating', scale=5, criteria=['importance', 'feasibility'])
    await join(user, created.join_code)
    await user.should_see('How easy is this to do?')
    tap(user, 'rate', 'cell_tracker', criterion='importance', value=5)
    await user.should_see('Vote recorded.')
    (participant,) = live.state.participants
    assert live.ballot(participant, number).ratings == {'importance': {'cell_tracker': 5}}


async def test_results_appear_only_when_the_facilitator_reveals_them(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    live.close_round(HOST, number)
    await user.should_see('Voting is closed.')
    await user.should_not_see('Results of round 1')
    live.reveal(HOST, number)
    await user.should_see('Results of round 1')
    await user.should_see('1. Cell tracker: 1 dot')


async def test_a_comment_reaches_everyone_and_a_hidden_one_disappears_for_everyone(create_user, workshop):
    created, live = workshop
    aroha, ben = create_user(), create_user()
    await join(aroha, created.join_code)
    await join(ben, created.join_code, 'Clinicians')
    live.focus(HOST, 'referral')
    await aroha.should_see('In focus now: 2. Referral and eligibility')
    for person in (aroha, ben):
        person.find('Comments on this stage (0)').click()
    comment = live.comment(Actor(role='participant', participant=next(iter(live.state.participants))),
                           'stage', 'referral', 'clarify', 'Who decides if I can have it?')
    await ben.should_see('Who decides if I can have it?')
    live.hide_comment(HOST, comment, True, 'Personal details')
    await aroha.should_not_see('Who decides if I can have it?')
    await ben.should_not_see('Who decides if I can have it?')


async def test_commenting_and_proposing_from_the_page(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    live.focus(HOST, 'referral')
    await user.should_see('In focus now: 2. Referral and eligibility')
    user.find('Comments on this stage (0)').click()
    user.find(marker='comment:stage:referral').type('The wait was long.')
    user.find(marker='send:stage:referral').click()
    await user.should_see('Your comment is sent.')
    await user.should_see('The wait was long.')
    await user.should_see('Comments on this stage (1)')
    user.find('Close').click()
    user.find(marker='propose').click()
    user.find(marker='idea-title').type('Free parking at the hospital')
    user.find(marker='idea-send').click()
    await user.should_see('Your idea is sent. The facilitator will look at it.')
    await user.should_not_see(marker='idea-title')  # the form closes once the idea is sent
    assert [p.title for p in live.state.proposals.values()] == ['Free parking at the hospital']


async def test_leaving_withdraws_consent_after_a_confirmation(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    user.find('Take my votes and comments out').click()
    await user.should_see('Your votes and comments are taken out of the results, and you leave the workshop. You cannot undo this. To stop without taking them out, just close this page.')
    user.find('Yes, take them out').click()
    await user.should_see('Your votes and comments are taken out')
    assert not live.is_member(next(iter(live.state.participants)))


async def test_a_later_round_shows_the_previous_results_by_group_with_small_groups_hidden(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    live.close_round(HOST, number)
    second = live.create_round(HOST, 'rank', improvements=IDEAS, top_k=2, show_previous=True)
    live.open_round(HOST, second)
    await user.should_see('Results of round 1, by group')
    await user.should_see('Fewer than 5 people in this group voted, so we do not show their results. '
                          'This protects their privacy.')
    await user.should_see('Pick up to 2 ideas and put them in order. Number 1 matters most.')


async def test_joining_in_te_reo_maori_keeps_the_choice_and_marks_the_language(user: User, workshop):
    created, live = workshop
    await user.open(f'/join/{created.join_code}')
    await choose(user, 'Te reo Māori', f'/join/{created.join_code}')  # and the choice is kept for this browser
    await user.should_see('Reo')  # the language step's heading says it in both: English first, then te reo
    assert next(e for e in user.find('Reo').elements if e.text == 'Reo').props['lang'] == 'mi'
    chosen = next(e for e in user.find('Te reo Māori').elements if isinstance(e, ui.button))
    assert chosen.props['aria-pressed'] == 'true'
    await join(user, created.join_code)
    await user.should_see(i18n.text('reo_notice_heading', 'en').text)  # told, in te reo's place, what stays English
    await user.should_see('Voting is not open right now.')


async def test_a_support_person_voting_with_a_patient_is_on_the_record(user: User, workshop, app_ctx):
    created, live = workshop
    await join(user, created.join_code, supported=True)
    (participant,) = live.state.participants.values()
    assert participant.supported
    book = load_workbook(io.BytesIO(service.export(app_ctx.store, created.id, 'research-xlsx')))
    consent_log = [[cell.value for cell in row] for row in book['Consent log'].iter_rows(min_row=2)]
    assert [row[-2:] for row in consent_log if row[-2] == 'joined'] == [['joined', 'with a support person']]
    archive = json.loads(service.export(app_ctx.store, created.id, 'json'))
    assert [p['supported'] for p in archive['participants']] == [True]


async def test_pass_is_offered_on_every_idea_and_on_the_whole_vote_in_every_method(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    for method, settings in (('dots', {}), ('rank', {'top_k': 2}), ('rating', {'criteria': ['importance']})):
        number = open_round(live, method, **settings)
        await user.should_see('Skip this whole vote')
        assert shown_on_cards(user).count('Skip this idea') == len(IDEAS)
        live.close_round(HOST, number)


async def test_a_theme_with_a_content_note_shows_the_note_before_its_words(user: User, workshop, car_t):
    created, live = workshop
    theme = car_t.theme('financial_barriers')
    await join(user, created.join_code)
    user.find('Show the journey map').click()
    UserInteraction(user, {user.find(marker='theme:financial_barriers').elements.pop()}, None).click()
    await user.should_see('Before you read this')
    await user.should_see(theme.content_note)
    await user.should_not_see(theme.plain)
    user.find('Show this theme').click()
    await user.should_see('What does this mean?')
    await user.should_see(theme.description[:40])


async def test_a_hostile_title_and_stage_are_text_on_the_participant_page(user: User, app_ctx, car_t):
    hostile = '<img src=x onerror=alert(1)> & "Pōti"'
    workshop = copy.deepcopy(car_t)
    workshop.title, workshop.stages[1].title = hostile, hostile
    created = app_ctx.store.create_workshop(workshop)
    live = app_ctx.registry.get(created.id)
    await join(user, created.join_code)
    live.focus(HOST, workshop.stages[1].id)
    await user.should_see('In focus now: 2. ')
    with user:  # the title and the focus line hold the words as text: escaped in the markup, never raw
        markup = [html.content for html in ElementFilter(kind=ui.html)]
    assert markup and not [m for m in markup if hostile in m]
    assert any(escape(hostile) in m for m in markup)


async def test_the_group_is_shown_and_can_be_corrected_until_the_first_vote(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code, 'Clinicians')
    await user.should_see('Your group: Clinicians')
    user.find(marker='group-change').click()
    user.find(kind=ui.radio).elements.pop().value = 'patients'
    user.find(marker='group-save').click()
    await user.should_see('Your group is now: Patients')
    await user.should_see('Your group: Patients')
    (participant,) = live.state.participants.values()
    assert participant.group == 'patients'
    open_round(live)
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Vote recorded.')
    await user.should_not_see(marker='group-change')  # a vote counts for its group: no changing it afterwards
    member = Actor(role='participant', participant=participant.id)
    with pytest.raises(Refused) as refused:  # the server refuses too, not only the page
        live.change_group(member, 'whanau')
    assert refused.value.key == 'refused_group_after_vote'
    assert live.state.participants[participant.id].group == 'patients'


async def test_results_shown_and_voting_opened_are_announced_and_brought_into_view(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code)
    number = open_round(live)
    await user.should_see('Voting is open.')
    live.close_round(HOST, number)
    live.reveal(HOST, number)
    await user.should_see('The results are now shown on this page.')


async def test_a_closed_dialog_leaves_nothing_behind(user: User, workshop):
    """A person opens and closes an idea's comments many times in a session: the page, and the server's memory, are
    as they were after the first time."""
    created, live = workshop
    await join(user, created.join_code)
    open_round(live)
    sizes = []
    for _ in range(4):
        tap(user, 'comments', 'cell_tracker')
        await user.should_see('Add a comment')
        user.find(marker='close').click()
        await user.should_not_see('Add a comment')
        gc.collect()
        sizes.append((len(user.client.elements), sum(isinstance(o, ui.dialog) for o in gc.get_objects())))
    assert sizes == sizes[:1] * 4 and sizes[0][1] == 0
