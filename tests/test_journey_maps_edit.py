"""Facilitator edits: each gives a checked copy; an edit that would break the map is refused and changes nothing."""
import copy

import pytest

from journey_maps.edit import add, delete, move, new_id, replace, users
from journey_maps.model import stage_order
from workshop.domain.model import Stage, Stream, Theme, Workshop
from workshop.i18n import Refusal


def test_adding_a_stage_and_a_theme_gives_a_new_copy(car_t):
    before = copy.deepcopy(car_t)
    edited = add(car_t, 'stages', Stage(id=new_id(car_t, 'stages', 'Whānau hui'), title='Whānau hui'))
    edited = add(edited, 'themes', Theme(id='hui', title='Hui', stages=['whanau_hui'], streams=['whanau']))
    assert stage_order(edited)[-1] == 'whanau_hui' and edited.theme('hui') is not None
    assert car_t == before


def test_an_edit_keeps_the_id_and_a_broken_reference_is_refused(car_t):
    theme = copy.deepcopy(car_t.theme('cell_tracking'))
    theme.title = 'Cell tracker app'
    assert replace(car_t, 'themes', theme).theme('cell_tracking').title == 'Cell tracker app'
    theme.stages = ['nowhere']
    with pytest.raises(Refusal, match="unknown stage 'nowhere'"):
        replace(car_t, 'themes', theme)
    assert car_t.theme('cell_tracking').title != 'Cell tracker app'


def test_reordering_moves_up_and_down_but_not_past_the_ends(car_t):
    assert stage_order(move(car_t, 'stages', 'referral', -1))[:2] == ['referral', 'pre_referral']
    with pytest.raises(Refusal, match='already first'):
        move(car_t, 'streams', 'patients', -1)


def test_a_reorder_that_makes_a_circle_is_refused():
    workshop = Workshop(title='T', stages=[Stage(id='a', title='A', next=['b']), Stage(id='b', title='B'),
                                           Stage(id='c', title='C', next=['a'])])
    with pytest.raises(Refusal, match='cannot be reached|circle'):
        move(workshop, 'stages', 'c', -1)


def test_deleting_a_stage_that_themes_use_is_refused_with_the_reason(car_t):
    with pytest.raises(Refusal) as refused:
        delete(car_t, 'stages', 'infusion')
    assert "'Getting the cells back (infusion)' is still used by theme 'Treatment easier than chemotherapy'" in \
        str(refused.value)
    assert refused.value.key == 'edit_still_used'
    assert users(car_t, 'stages', 'infusion')[:2] == ["theme 'Treatment easier than chemotherapy'",
                                                      "theme 'Underwhelming administration of cells'"]


def test_deleting_a_stage_can_move_its_themes_to_another(car_t):
    edited = delete(car_t, 'stages', 'infusion', move_to='inpatient')
    assert edited.stage('infusion') is None and len(edited.stages) == 10
    assert edited.theme('underwhelming_infusion').stages == ['inpatient']
    assert edited.theme('easier_than_chemotherapy').stages == ['inpatient']  # no duplicates


def test_deleting_a_branch_stage_joins_the_journey_up():
    workshop = Workshop(title='T', stages=[Stage(id='ref', title='Referral', next=['nz', 'overseas']),
                                           Stage(id='nz', title='NZ', next=['inf']),
                                           Stage(id='overseas', title='Overseas'), Stage(id='inf', title='Infusion')])
    edited = delete(workshop, 'stages', 'nz')
    assert edited.stage('ref').next == ['inf', 'overseas'] and stage_order(edited) == ['ref', 'overseas', 'inf']


def test_protected_items_and_unknown_targets_are_refused(car_t):
    with pytest.raises(Refusal, match='People have joined the workshop as Patients') as refused:
        delete(car_t, 'streams', 'patients', move_to='whanau',
               protected={'patients': Refusal('edit_stream_joined', name='Patients')})
    assert refused.value.key == 'edit_stream_joined'  # the page says it in its own language
    with pytest.raises(Refusal, match='Choose another stream'):
        delete(car_t, 'streams', 'patients', move_to='patients')
    with pytest.raises(Refusal, match='no longer there'):
        delete(car_t, 'themes', 'gone')


def test_deleting_a_stream_moves_themes_and_quotes():
    workshop = Workshop(title='T', stages=[Stage(id='a', title='A')],
                        streams=[Stream(id='p', label='P'), Stream(id='w', label='W')],
                        themes=[Theme(id='t', title='T', stages=['a'], streams=['p', 'w'])])
    assert delete(workshop, 'streams', 'p', move_to='w').theme('t').streams == ['w']


def test_new_ids_are_readable_and_unused(car_t):
    assert new_id(car_t, 'themes', 'Whānau support!') == 'whanau_support'
    assert new_id(car_t, 'stages', 'Referral') == 'referral_2'
    assert new_id(car_t, 'themes', '🧬') == 'theme'
