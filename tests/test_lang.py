"""Language on the participant's pages: a te reo reader is told what is still English, and switching language
never loses a vote or something half typed."""

from nicegui.testing import User

from tests.support.steps import HOST, choose, join, open_round
from tests.support.ideas import tap
from workshop import i18n

NOTICE = i18n.text('reo_notice', 'en').text


async def test_a_te_reo_reader_is_told_what_is_still_english_and_why(user: User, workshop):
    created, _ = workshop
    await user.open(f'/join/{created.join_code}')
    await user.should_not_see(NOTICE)  # an English reader is not told about te reo coverage
    await choose(user, 'Te reo Māori', f'/join/{created.join_code}')
    await user.should_see(i18n.text('reo_notice_heading', 'en').text)
    await user.should_see(NOTICE)
    await join(user, created.join_code)
    await user.should_see(NOTICE)  # on the participant page too, beside the language switch
    await choose(user, 'English', f'/w/{created.id}/p')
    await user.should_not_see(NOTICE)


async def test_the_notice_shows_te_reo_marked_as_such_once_it_has_a_sourced_translation(user: User, workshop,
                                                                                           monkeypatch):
    sourced = {**i18n.catalogue(), 'reo_notice': i18n.Entry(key='reo_notice', en=NOTICE, mi='[te reo test marker]',
                                                            source='test', participant=True)}
    monkeypatch.setattr(i18n, 'catalogue', lambda: sourced)
    created, _ = workshop
    await user.open(f'/join/{created.join_code}')
    await choose(user, 'Te reo Māori', f'/join/{created.join_code}')
    await user.should_see(NOTICE)  # English first: screen readers still read te reo poorly
    (reo,) = user.find('[te reo test marker]').elements
    assert reo.props['lang'] == 'mi'


async def test_switching_language_keeps_the_vote_and_the_comment_being_typed(user: User, workshop):
    created, live = workshop
    number = open_round(live)
    await join(user, created.join_code)
    tap(user, 'more', 'cell_tracker')
    await user.should_see('Your dots: 1')
    live.focus(HOST, 'referral')
    user.find('Comments on this stage (0)').click()
    user.find(marker='comment:stage:referral').type('The wait was long and')
    await choose(user, 'Te reo Māori', f'/w/{created.id}/p')
    await user.should_see('Your dots: 1')
    (participant,) = live.state.participants
    assert live.ballot(participant, number).dots == {'cell_tracker': 1}
    user.find('Comments on this stage (0)').click()
    await user.should_see('E kore ngā kōrero anō')  # "No comments yet.": the page is in te reo now
    (box,) = user.find(marker='comment:stage:referral').elements
    assert box.value == 'The wait was long and'  # nothing typed is lost
    user.find(marker='send:stage:referral').click()
    await user.should_see('Your comment is sent.')
    await choose(user, 'English', f'/w/{created.id}/p')
    user.find('Comments on this stage (1)').click()
    (box,) = user.find(marker='comment:stage:referral').elements
    assert box.value == ''  # a sent comment is not offered again


async def test_a_half_typed_idea_survives_a_language_switch(user: User, workshop):
    created, _ = workshop
    await join(user, created.join_code)
    user.find(marker='propose').click()
    user.find(marker='idea-title').type('Free parking')
    await choose(user, 'Te reo Māori', f'/w/{created.id}/p')
    user.find(marker='propose').click()
    (title,) = user.find(marker='idea-title').elements
    assert title.value == 'Free parking'
