"""The facilitator edits the map; everyone with the map open sees the change, and a breaking edit is refused."""
import pytest
from nicegui.testing import User

from workshop.live import Actor


@pytest.fixture
def made(app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    return created, app_ctx.registry.get(created.id)


async def open_editor(user: User, created) -> None:
    await user.open(f'/w/{created.id}/edit?token={created.facilitator_token}')
    await user.should_see('Edit the journey map')


@pytest.mark.parametrize('query', ['', '?token=wrong'])
async def test_only_the_facilitator_link_opens_the_editor(user: User, made, query):
    created, _ = made
    await user.open(f'/w/{created.id}/edit{query}')
    await user.should_see('This page needs the facilitator link.')
    await user.should_not_see('Add a stage')
    await user.should_not_see('Before seeking treatment')


async def test_a_new_stage_reaches_a_participants_open_map(user: User, create_user, made):
    created, live = made
    participant = create_user()
    await participant.open(f'/w/{created.id}/map')
    await open_editor(user, created)
    user.find('Add a stage').click()
    user.find(marker='field-title').type('Whānau hui after going home')
    user.find(marker='form-save').click()
    await user.should_see('Added: Whānau hui after going home')
    await user.should_see('12. Whānau hui after going home')
    await participant.should_see('12. Whānau hui after going home')
    assert live.workshop.stage('whanau_hui_after_going_home') is not None


async def test_editing_a_theme_keeps_its_place(user: User, made):
    created, live = made
    await open_editor(user, created)
    user.find('Themes').click()
    user.find(marker='edit:cell_tracking').click()
    title = user.find(marker='field-title').elements.pop()
    assert title.value == 'Cell tracker for manufacturing progress'
    title.value = 'A cell tracker app'
    user.find(marker='form-save').click()
    await user.should_see('Saved: A cell tracker app')
    assert live.workshop.theme('cell_tracking').stages == ['collection', 'manufacturing']


async def test_stages_move_up_and_down(user: User, made):
    created, live = made
    await open_editor(user, created)
    user.find(marker='edit_move_down:pre_referral').click()
    await user.should_see('1. Referral and eligibility')
    assert [s.id for s in live.workshop.stages[:2]] == ['referral', 'pre_referral']


async def test_deleting_a_stage_in_use_asks_where_its_themes_go(user: User, made):
    created, live = made
    await open_editor(user, created)
    user.find(marker='delete:infusion').click()
    await user.should_see("is still used by theme 'Treatment easier than chemotherapy'")
    user.find(marker='confirm-delete').click()
    await user.should_see('Please choose where to move them.')
    assert live.workshop.stage('infusion') is not None
    user.find(marker='move-to').elements.pop().value = 'inpatient'
    user.find(marker='confirm-delete').click()
    await user.should_see('Deleted: Getting the cells back (infusion)')
    assert live.workshop.stage('infusion') is None
    assert live.workshop.theme('underwhelming_infusion').stages == ['inpatient']


async def test_a_stage_without_themes_is_deleted_after_confirming(user: User, made):
    created, live = made
    await open_editor(user, created)
    user.find('Add a stage').click()
    user.find(marker='field-title').type('Spare')
    user.find(marker='form-save').click()
    await user.should_see('12. Spare')
    user.find(marker='delete:spare').click()
    await user.should_see('Delete Spare? This cannot be undone.')
    user.find(marker='confirm-delete').click()
    await user.should_not_see('12. Spare')
    assert len(live.workshop.stages) == 11


async def test_a_group_people_joined_as_cannot_be_deleted(user: User, made):
    created, live = made
    live.join('p1', group='patients', consent_version='1')
    await open_editor(user, created)
    user.find('Groups').click()
    user.find(marker='delete:patients').click()
    await user.should_see('People have joined the workshop as Patients, so this group stays.')
    await user.should_not_see(marker='confirm-delete')


async def test_the_number_invited_to_a_group_reaches_the_board_paper(user: User, made):
    created, live = made
    await open_editor(user, created)
    user.find('Groups').click()
    user.find(marker='edit:patients').click()
    invited = user.find(marker='field-invited').elements.pop()
    assert invited.value is None  # not recorded yet: the board paper shows "–"
    invited.value = -3
    user.find(marker='form-save').click()
    await user.should_see('People invited: please give a whole number, 0 or more, or leave it empty.')
    assert live.workshop.streams[0].invited is None  # refused: nothing changed
    invited.value = 8
    user.find(marker='form-save').click()
    await user.should_see('Saved: Patients')
    await user.should_see('8 invited')
    await user.open(f'/w/{created.id}/lead?token={created.lead_token}')
    user.find(marker='export-md').click()
    paper = (await user.download.next(timeout=10)).content.decode('utf-8')
    assert '| Patients | 8 | 0 | 0% |' in paper and '| Clinicians | – | 0 | – |' in paper


async def test_an_edit_that_would_break_the_map_is_refused_with_the_reason(user: User, made):
    created, live = made
    before = live.workshop
    await open_editor(user, created)
    user.find(marker='edit:consent').click()
    user.find(marker='field-next').elements.pop().value = ['pre_referral']
    user.find(marker='form-save').click()
    await user.should_see('That would break the map: the stages go round in a circle')
    assert live.workshop is before and live.workshop.stage('consent').next is None


async def test_the_facilitators_edit_is_checked_again_on_the_server(made, car_t):
    _, live = made
    from workshop.live import Refused
    with pytest.raises(Refused):
        live.save_content(Actor(role='participant', participant='p'), car_t, 'sneaky')


async def test_an_idea_gets_its_te_reo_words_in_the_editor_and_participants_in_te_reo_see_them(user: User, made):
    created, live = made  # a synthetic marker stands in for a translator's words: no te reo is made up here
    await open_editor(user, created)
    user.find('Ideas').click()
    user.find(marker='edit:health_navigator').click()
    (reo_title,) = user.find(marker='field-mi-title').elements
    assert reo_title.props['lang'] == 'mi' and reo_title.value == ''  # what is typed is marked as te reo
    reo_title.value = '[te reo test marker] navigator'
    user.find(marker='field-mi-plain').elements.pop().value = '[te reo test marker] plain'
    user.find(marker='form-save').click()
    await user.should_see('Saved: Health navigator')
    idea = live.workshop.improvement('health_navigator')
    assert (idea.mi.title, idea.mi.plain) == ('[te reo test marker] navigator', '[te reo test marker] plain')
    user.find(marker='edit:health_navigator').click()
    assert user.find(marker='field-mi-title').elements.pop().value == '[te reo test marker] navigator'
