"""The presenter view, shared on the video call: join code and QR, the map or the vote, and revealed results."""

from nicegui import ui
from nicegui.testing import User

from tests.support.steps import IDEAS
from tests.support.waiting import until
from workshop.live import FACILITATOR, PARTICIPANT, Actor

HOST = Actor(role=FACILITATOR)


async def present(user: User, created) -> None:
    await user.open(f'/w/{created.id}/present?token={created.facilitator_token}')
    await user.should_see('Presenter view')


async def test_without_the_facilitator_link_nothing_is_shown(user: User, workshop):
    created, _ = workshop
    await user.open(f'/w/{created.id}/present')
    await user.should_see('This page needs the facilitator link.')
    await user.should_not_see(created.join_code[:3])


async def test_the_join_code_link_and_qr_code(user: User, workshop):
    created, _ = workshop
    await present(user, created)
    await user.should_see(f'Join code: {created.join_code[:3]} {created.join_code[3:]}')
    await user.should_see(f'http://localhost:8080/join/{created.join_code}')
    (qr,) = user.find(kind=ui.image).elements
    assert qr.source.startswith('data:image/svg+xml') and qr.props['alt'] == 'QR code with the join link'
    await user.should_see('Welcome')


async def test_the_map_follows_the_agenda_and_the_focus(user: User, workshop):
    created, live = workshop
    await present(user, created)
    live.set_agenda(HOST, 'themes')
    live.focus(HOST, 'infusion')
    await user.should_see('We are looking at: Getting the cells back (infusion)')


async def test_during_a_vote_only_turnout_and_time_are_shown(user: User, workshop):
    created, live = workshop
    live.join('aroha', group='patients')
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3)
    live.open_round(HOST, number, minutes=5)
    live.set_agenda(HOST, 'prioritise')
    await present(user, created)
    await user.should_see('Round 1: Dots. Vote now on your phone or laptop.')
    await user.should_see('0 of 1 Patients have voted')
    live.set_dots(Actor(role=PARTICIPANT, participant='aroha'), 'cell_tracker', 2)
    await user.should_see('1 of 1 Patients have voted', retries=20)
    await user.should_not_see('Cell tracker')


async def test_revealed_results_as_charts_with_a_table(user: User, workshop):
    created, live = workshop
    live.join('aroha', group='patients')
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3)
    live.open_round(HOST, number)
    live.set_dots(Actor(role=PARTICIPANT, participant='aroha'), 'cell_tracker', 2)
    live.set_agenda(HOST, 'results')
    await present(user, created)
    await user.should_see('The results are not shown yet.')
    live.reveal(HOST, number)
    await user.should_see('Results of round 1')
    charts = user.find(kind=ui.echart).elements
    pooled, balanced = sorted(charts, key=lambda chart: chart.id)[:2]  # then one small chart per group
    first = pooled.options['yAxis']['data'][0]
    assert first == {'value': '1 Cell tracker', 'textStyle': {'fontWeight': 'bold'}}  # the top three in bold
    assert pooled.options['series'][0]['data'][0]['value'] == 2
    table = min(user.find(kind=ui.table).elements, key=lambda element: element.id)
    assert table.rows[0] == {'rank': '1', 'idea': 'Cell tracker', 'score': '2 dots', 'balanced': '1'}
    live.set_dots(Actor(role=PARTICIPANT, participant='aroha'), 'health_navigator', 1)  # revealed while still open
    await until(lambda: table.rows[1]['score'] == '1 dot', 'the new dot in the table', 2)
    assert table.rows[1] == {'rank': '2', 'idea': 'Health navigator', 'score': '1 dot', 'balanced': '2'}
    assert user.find(kind=ui.echart).elements == charts  # updated in place, not rebuilt
    assert [bar['value'] for bar in pooled.options['series'][0]['data']] == [2, 1, 0]
    # every group counts the same, as points above an idea nobody voted for: the unvoted idea has no bar
    assert [bar['value'] for bar in balanced.options['series'][0]['data']][-1] == 0


async def test_each_group_and_the_impact_effort_quadrant_have_a_chart_and_a_table(user: User, workshop):
    created, live = workshop
    for person, group in (('aroha', 'patients'), ('ben', 'clinicians')):
        live.join(person, group=group)
    number = live.create_round(HOST, 'rating', improvements=IDEAS, criteria=['importance', 'feasibility'], scale=5)
    live.open_round(HOST, number)
    for person in ('aroha', 'ben'):
        actor = Actor(role=PARTICIPANT, participant=person)
        live.set_rating(actor, 'cell_tracker', 'importance', 5)
        live.set_rating(actor, 'cell_tracker', 'feasibility', 4)
    live.close_round(HOST, number)
    live.set_agenda(HOST, 'results')
    live.reveal(HOST, number)
    await present(user, created)
    await user.should_see('Results for each group')
    await user.should_see('Fewer than 5 people in this group voted')  # a shared screen hides small groups
    await user.should_see('How important and how easy to do')
    quadrant = next(t for t in user.find(kind=ui.table).elements if t.props.get('aria-label') == 'How important '
                    'and how easy to do')
    assert quadrant.rows == [{'idea': 'Cell tracker', 'importance': 5.0, 'feasibility': 4.0, 'quadrant': 'Quick win'}]


async def test_the_welcome_screen_counts_who_joined_by_group_and_a_focused_stage_shows_its_themes(user: User,
                                                                                                workshop):
    created, live = workshop
    await present(user, created)
    await user.should_see('0 people have joined.')
    live.join('aroha', group='patients')
    live.join('ben', group='clinicians')
    await user.should_see('2 people have joined. · Patients: 1 · Clinicians: 1', retries=20)
    live.set_agenda(HOST, 'themes')
    live.focus(HOST, 'referral')
    await user.should_see('We are looking at: Referral and eligibility')
    (focused,) = [e for e in user.find(kind=ui.html).elements if 'cw-focus-grid' in e.content]
    assert 'Geographical barriers' in focused.content and 'Administrators' in focused.content
    live.focus(HOST, None)
    await user.should_see('The journey map')  # no stage in focus: the whole map again
