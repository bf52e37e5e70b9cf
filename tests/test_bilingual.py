"""Workshop content in English and te reo Māori: written in the template, shown in the reader's language with the
other a tap away, marked lang="mi". The te reo here is a synthetic test marker, not te reo: no translation is made up.
"""
import json

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.support.steps import choose
from workshop import bilingual, i18n
from workshop.content import ContentError, workshop_from_yaml
from workshop.domain.model import Improvement, ImprovementReo, Stage, StageReo
from workshop.ui.participant.idea_list import IdeaList

REO = '[te reo test marker]'  # stands in for a translator's words
TEMPLATE = f'''
title: Better care together
mi: {{title: "{REO} title"}}
settings:
  participant_info: "Taking part is your choice."
  mi: {{participant_info: "{REO} information"}}
streams: [{{id: patients, label: Patients}}]
stages:
  - {{id: referral, title: Referral, description: Being sent to the service., mi: {{title: "{REO} referral"}}}}
themes:
  - id: waiting
    title: Waiting
    plain: Waiting a long time for news.
    stages: [referral]
    streams: [patients]
    mi: {{plain: "{REO} waiting"}}
improvements:
  - {{id: navigator, title: A health navigator, plain: One person who helps you through.,
     mi: {{title: "{REO} navigator", plain: "{REO} one person"}}}}
'''.encode()


def test_a_reader_gets_their_language_where_given_and_english_otherwise():
    stage = Stage(id='a', title='Referral', description='Being sent.', mi=StageReo(title='R'))
    assert bilingual.shown(stage, 'title', 'mi') == bilingual.Text(text='R', lang='mi')
    assert bilingual.other(stage, 'title', 'mi') == bilingual.Text(text='Referral', lang='en')
    assert bilingual.shown(stage, 'description', 'mi') == bilingual.Text(text='Being sent.', lang='en')
    assert bilingual.other(stage, 'description', 'mi') is None  # nothing to offer: no te reo was given
    assert bilingual.shown(stage, 'title', 'en').text == 'Referral' and bilingual.other(stage, 'title', 'en').lang == 'mi'


def test_blank_te_reo_counts_as_not_given():
    idea = Improvement(id='n', title='Navigator', mi=ImprovementReo(title='   '))
    assert bilingual.shown(idea, 'title', 'mi').lang == 'en' and not bilingual.has_reo(idea, 'title')


def test_a_template_carries_te_reo_beside_the_english():
    workshop = workshop_from_yaml(TEMPLATE, 'bilingual.yaml')
    assert workshop.mi.title == f'{REO} title'
    assert workshop.settings.mi.participant_info == f'{REO} information'
    assert workshop.stage('referral').mi.title == f'{REO} referral'
    assert workshop.theme('waiting').mi.plain == f'{REO} waiting'
    assert workshop.improvement('navigator').mi.plain == f'{REO} one person'


def test_a_te_reo_field_that_content_cannot_have_is_refused_with_the_place():
    broken = TEMPLATE.replace(b'mi: {title: "[te reo test marker] referral"}', b'mi: {colour: whero}')
    with pytest.raises(ContentError) as e:
        workshop_from_yaml(broken, 'bilingual.yaml')
    assert 'stages[0].mi.colour: unknown field (expected one of title, description)' in str(e.value)


@pytest.fixture
def bilingual_workshop(app_ctx):
    created = app_ctx.store.create_workshop(workshop_from_yaml(TEMPLATE, 'bilingual.yaml'))
    return created, app_ctx.registry.get(created.id)


def html_of(user: User, words: str) -> str:
    return next(e.content for e in user.find(words).elements if isinstance(e, ui.html))


def ideas_props(user: User) -> dict:
    return next(e for e in user.find(marker='all-ideas').elements if isinstance(e, IdeaList))._props


async def test_a_te_reo_reader_sees_the_teams_te_reo_marked_and_english_a_tap_away(user: User, bilingual_workshop):
    from tests.support.steps import HOST, join
    created, live = bilingual_workshop
    await user.open(f'/join/{created.join_code}')
    await choose(user, 'Te reo Māori', f'/join/{created.join_code}')
    (heading,) = [e for e in user.find(f'{REO} title').elements if e.props.get('role') == 'heading']
    assert heading.props['lang'] == 'mi'
    user.find('Next').click()
    await user.should_see(f'{REO} information')
    assert f'lang="mi">{REO} information' in html_of(user, f'{REO} information')
    assert '<summary lang="en"' in html_of(user, f'{REO} information')  # English: a tap away, named in English
    user.find(i18n.text('back', 'mi').text).click()  # the page is in te reo: 'Back' reads as its sourced te reo
    await join(user, created.join_code, 'Patients')
    assert f'lang="mi">{REO} title</div>' in html_of(user, f'{REO} title')  # the heading, marked
    live.focus(HOST, 'referral')
    await user.should_see(f'{REO} referral')
    assert f'<span lang="mi">1. {REO} referral</span>' in html_of(user, f'{REO} referral')  # inside an English line
    await user.should_see(f'{REO} navigator')
    card = next(c for c in json.loads(ideas_props(user)['ideas']) if c['id'] == 'navigator')
    assert (card['tl'], card['pl'], card['alt']['title']) == ('mi', 'mi', 'A health navigator')


async def test_an_english_reader_sees_english_with_the_te_reo_a_tap_away(user: User, bilingual_workshop):
    from tests.support.steps import join
    created, _ = bilingual_workshop
    await join(user, created.join_code, 'Patients')
    await user.should_see('Better care together')
    await user.should_see('A health navigator')
    await user.should_see('Te reo Māori')  # the fold holding the te reo version, named in te reo
    card = next(c for c in json.loads(ideas_props(user)['ideas']) if c['id'] == 'navigator')
    assert (card['tl'], card['alt']) == (None, {'name': 'Te reo Māori', 'l': 'mi', 'title': f'{REO} navigator',
                                                'plain': f'{REO} one person'})
