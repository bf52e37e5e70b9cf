"""Every string a page shows comes from the catalogue (or is workshop content): each door, in English and te reo.

Each check opens a page (and the states that matter: an open dots round, revealed results, a theme with a content
note), collects every text the page shows (see tests/shown_text.py) and lists what the catalogue cannot explain.
"""
from tests.support import export_scenario as scenario
import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from exports.report_records import pseudonyms
from tests.support.ideas import tap
from tests.support.shown_text import content_of, not_in_catalogue, shown
from tests.support.steps import JOIN
from workshop import i18n
from workshop.domain import links
from workshop.live import FACILITATOR, Actor

HOST = Actor(role=FACILITATOR)
JOIN_STEPS = ('Step 1 of 4', 'About this workshop', 'Which group are you in?', 'Your name (you can leave this empty)')


@pytest.fixture
def workshop(app_ctx):
    """The export scenario: fourteen people, two rounds, comments, an idea waiting, decisions and actions."""
    created = app_ctx.store.create_workshop(scenario.workshop(), scenario.events())
    return created, app_ctx.registry.get(created.id)


def unknown(user: User, live, *extra: str) -> list[str]:
    return not_in_catalogue(shown(user.client), content_of(live), *extra)


@pytest.mark.parametrize('language', ['English', 'Te reo Māori'])
async def test_the_join_steps_and_the_participant_view(user: User, workshop, language):
    created, live = workshop
    await user.open(f'/join/{created.join_code}')
    user.find(language).click()
    await user.should_see('Step 1 of 4')
    for step in range(4):
        assert unknown(user, live) == [], JOIN_STEPS[step]
        if step == 1:
            user.find('I agree to take part. (You need to tick this to go on.)').click()
        if step == 2:
            user.find('Patients').click()
        if step < 3:
            user.find(kind=ui.button, content='Next').click()
    (button,) = [b for b in user.find(kind=ui.button).elements if b.text in JOIN]  # in whichever language is shown
    UserInteraction(user, {button}, None).click()
    await user.should_see('Taking part')
    for number in (1, 2):
        live.reveal(HOST, number)
    third = live.create_round(HOST, 'dots', improvements=scenario.ROUND_1, budget=3, show_previous=True)
    live.open_round(HOST, third, minutes=5)
    live.focus(HOST, 'travel')
    await user.should_see('Results of round 2')
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Dots left: 2 of 3')
    assert unknown(user, live) == []

    tap(user, 'comments', 'cell_tracker')  # an idea's comments, in a dialog
    await user.should_see(i18n.text('no_comments', 'mi' if language == 'Te reo Māori' else 'en').text)  # sourced te reo
    assert unknown(user, live) == []
    user.find(marker='close').click()
    user.find(marker='propose').click()
    await user.should_see('Your idea in a few words')
    assert unknown(user, live) == []
    user.find(marker='close').click()
    user.find('Show the journey map').click()
    UserInteraction(user, {user.find(marker='theme:financial_barriers').elements.pop()}, None).click()
    await user.should_see('Show this theme')
    assert unknown(user, live) == []
    user.find('Show this theme').click()
    await user.should_see('What does this mean?')
    assert unknown(user, live) == []


async def test_a_ranking_and_a_rating_round(user: User, workshop):
    created, live = workshop
    await user.open(f'/join/{created.join_code}')
    for click in ('Next', 'I agree to take part. (You need to tick this to go on.)', 'Next', 'Clinicians', 'Next'):
        user.find(click).click()
    user.find(kind=ui.button, content='Join').click()
    await user.should_see('Taking part')
    number = live.create_round(HOST, 'rank', improvements=scenario.ROUND_2, top_k=2)
    live.open_round(HOST, number)
    tap(user, 'pick', 'cell_tracker' if 'cell_tracker' in scenario.ROUND_2 else 'health_navigator')
    await user.should_see('You picked 1 of 2')
    assert unknown(user, live) == []
    live.close_round(HOST, number)
    number = live.create_round(HOST, 'rating', improvements=scenario.ROUND_2, criteria=['importance', 'feasibility'])
    live.open_round(HOST, number)
    await user.should_see('How easy is this to do?')
    assert unknown(user, live) == []


async def test_the_facilitator_console(user: User, workshop):
    created, live = workshop
    number = live.create_round(HOST, 'dots', improvements=scenario.ROUND_1)
    live.open_round(HOST, number, minutes=5)
    await user.open(f'/w/{created.id}/facilitate?token={created.facilitator_token}')
    await user.should_see('Voting rounds')
    user.find('Show who did what (audit trail)').click()
    await user.should_see('Lead facilitator: round 1 created')
    link = links.participant_link('http://localhost:8080', created.join_code)
    assert unknown(user, live, link, *pseudonyms(list(live.state.participants)).values()) == []


@pytest.mark.parametrize('step', ['welcome', 'themes', 'prioritise', 'results', 'close'])
async def test_the_presenter_view(user: User, workshop, step):
    created, live = workshop
    live.reveal(HOST, 2)
    live.set_agenda(HOST, step)
    await user.open(f'/w/{created.id}/present?token={created.facilitator_token}')
    await user.should_see('Presenter view')
    link = links.participant_link('http://localhost:8080', created.join_code)
    assert unknown(user, live, link, *pseudonyms(list(live.state.participants)).values()) == []


async def test_the_lead_view_home_and_map(user: User, app_ctx, workshop):
    created, live = workshop
    app_ctx.home_token = 'start-token'  # the list of workshops is only for whoever started the server
    await user.open(f'/w/{created.id}/lead?token={created.lead_token}')
    await user.should_see('Where the project stands')
    assert unknown(user, live, *pseudonyms(list(live.state.participants)).values()) == []
    await user.open('/?admin=start-token')
    await user.should_see('Workshops on this machine')
    assert unknown(user, live) == []
    await user.open(f'/w/{created.id}/map?token={created.facilitator_token}')
    await user.should_see('The whole map as a picture')
    assert unknown(user, live) == []


@pytest.mark.parametrize('kind', ['stages', 'streams', 'themes', 'improvements'])
async def test_the_editor_and_its_forms(user: User, workshop, kind):
    created, live = workshop
    await user.open(f'/w/{created.id}/edit?token={created.facilitator_token}')
    user.find(marker=f'tab-{kind}').click()
    user.find(marker=f'add-{kind}').click()
    await user.should_see(marker='form-save')
    assert unknown(user, live) == []
    user.find(marker='tab-files').click()
    assert unknown(user, live) == []


async def test_a_string_outside_the_catalogue_is_caught(user: User, workshop):
    created, live = workshop
    await user.open('/')
    with user.client.layout:
        ui.label('Workshops on this computer')  # what a page with a literal would show
        ui.label('3. Consent and tests')  # content the page numbered itself: fine
    assert unknown(user, live) == ['Workshops on this computer']
