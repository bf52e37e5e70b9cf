"""What a person does on the pages in NiceGUI `User` tests: join a workshop, open the console, add a team member,
choose a language; and the facilitator opening a round underneath (the pages' own steps are tested elsewhere)."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.support.waiting import until
from workshop import i18n
from workshop.live import FACILITATOR, Actor

HOST = Actor(role=FACILITATOR)
IDEAS = ['health_navigator', 'cell_tracker', 'travel_assistance']
JOIN = {i18n.text('join', lang).text for lang in i18n.LANGUAGES}


async def join(user: User, code: str, group: str = 'Patients', *, name: str = '', research: bool = False,
               supported: bool = False) -> None:
    await user.open(f'/join/{code}')
    await user.should_see('Step 1 of 4')
    user.find('Next').click()
    await user.should_see('About this workshop')
    user.find('I agree to take part. (You need to tick this to go on.)').click()
    if research:
        user.find('The team may use my comments for research. (You can leave this empty.)').click()
    user.find('Next').click()
    await user.should_see('Which group are you in?')
    user.find(group).click()
    if supported:
        user.find('I am a support person voting with or for a patient').click()
    user.find('Next').click()
    await user.should_see('Your name (you can leave this empty)')
    if name:
        user.find(kind=ui.input).type(name)
    press_join(user)
    await user.should_see('Taking part')


def press_join(user: User) -> None:
    """The last step's "Join", in the language the person chose."""
    (button,) = [b for b in user.find(kind=ui.button).elements if b.text in JOIN]
    UserInteraction(user, {button}, None).click()


def open_round(live, method: str = 'dots', **settings) -> int:
    number = live.create_round(HOST, method, improvements=IDEAS, **{'budget': 3, 'cap': 2, **settings})
    live.open_round(HOST, number)
    return number


async def console(user: User, created) -> None:
    await user.open(f'/w/{created.id}/facilitate?token={created.facilitator_token}')
    await user.should_see('Agenda')


async def add_member(lead: User, name: str, role: str) -> str:
    """The lead facilitator adds someone; the dialog shows their own link once. Returns its path."""
    lead.find(marker='team-name').type(name)
    lead.find(marker='team-role').elements.pop().value = role
    lead.find('Add to the team').click()
    await lead.should_see(f'{name} added.')
    link = next(iter(lead.find(marker='team-link').elements)).text
    lead.find(marker='team-link-close').click()
    return link[link.index('/w/'):]


async def choose(user: User, language: str, page: str) -> None:
    """Press the language button and wait until the page comes back with it chosen (the choice goes to this
    browser's session cookie); then open `page` in that language."""
    user.find(kind=ui.button, content=language).click()
    await until(lambda: any(e.props.get('aria-pressed') == 'true'
                            for e in user.find(kind=ui.button, content=language).elements), f'{language} chosen', 5)
    await user.open(page)
