"""Splitting people into breakouts balanced by stakeholder group, a support person with their patient, and a
reshuffle "into new groups" with as few repeat pairings as the numbers allow."""
from collections import Counter

import pytest

from workshop.domain.breakouts import Person, move, pairs, repeats, split
from workshop.domain.model import PREFER_NOT_TO_SAY

LIVED = {'patients', 'whanau'}


def people(**groups: int) -> list[Person]:
    return [Person(id=f'{group[:3]}{n}', group=group) for group, count in groups.items() for n in range(1, count + 1)]


def mix(breakout: list[str], everyone: list[Person]) -> Counter:
    group = {p.id: p.group for p in everyone}
    return Counter(group[p] for p in breakout)


def spread_evenly(breakouts: list[list[str]], everyone: list[Person]) -> bool:
    """Every group (and 'prefer not to say') differs by at most one person between any two breakouts."""
    mixes = [mix(b, everyone) for b in breakouts]
    return all(max(m[g] for m in mixes) - min(m[g] for m in mixes) <= 1 for g in {p.group for p in everyone})


def test_a_re_tell_sized_workshop_in_two_breakouts():
    # 7 people as in the RE-TELL shape: 2 patients, 1 support person (with patient 1), 2 clinicians, 2 administrators
    everyone = [Person(id='pat1', group='patients'), Person(id='pat2', group='patients'),
                Person(id='wha1', group='whanau', supports='pat1'),
                *people(clinicians=2, administrators=2)]
    breakouts = split(everyone, 2, lived=LIVED)
    assert sorted(len(b) for b in breakouts) == [3, 4]
    assert all(mix(b, everyone)['patients'] == 1 for b in breakouts)  # each breakout has a patient
    assert any({'pat1', 'wha1'} <= set(b) for b in breakouts)  # the support person is with their patient
    assert spread_evenly(breakouts, everyone)
    assert sorted(p for b in breakouts for p in b) == sorted(p.id for p in everyone)  # everyone, once


def jla() -> list[Person]:
    """24 people for four breakouts of six, as online JLA workshops run: 8 patients, 6 support persons (two with the
    patient they support), 8 clinicians, 2 who preferred not to say."""
    everyone = people(patients=8, whanau=6, clinicians=8)
    everyone[8] = Person(id='wha1', group='whanau', supports='pat1')
    everyone[9] = Person(id='wha2', group='whanau', supports='pat2')
    return everyone + [Person(id=f'pnts{n}', group=PREFER_NOT_TO_SAY) for n in (1, 2)]


def test_a_jla_sized_workshop_in_four_balanced_breakouts():
    everyone = jla()
    breakouts = split(everyone, 4, lived=LIVED)
    assert [len(b) for b in breakouts] == [6, 6, 6, 6]
    assert spread_evenly(breakouts, everyone)
    assert [mix(b, everyone)['patients'] for b in breakouts] == [2, 2, 2, 2]
    assert [mix(b, everyone)['clinicians'] for b in breakouts] == [2, 2, 2, 2]
    assert max(mix(b, everyone)[PREFER_NOT_TO_SAY] for b in breakouts) == 1  # never gathered in one breakout
    for carer, patient in (('wha1', 'pat1'), ('wha2', 'pat2')):
        assert any({carer, patient} <= set(b) for b in breakouts)
    assert split(everyone, 4, lived=LIVED) == breakouts  # the same people give the same split


def test_a_reshuffle_into_new_groups_repeats_as_few_pairs_as_the_numbers_allow():
    everyone = jla()
    first = split(everyone, 4, lived=LIVED)
    second = split(everyone, 4, lived=LIVED, met=pairs(first))
    # By hand: six people drawn from four earlier breakouts always include two pairs from the same earlier breakout
    # (2 + 2 + 1 + 1 is the best spread), so four new breakouts repeat at least 4 × 2 = 8 pairs. With a support
    # person and their patient in a new breakout (one pair that must repeat), the other four people come from the
    # three other earlier breakouts: one more repeat, 2 again. The split reaches that minimum.
    assert repeats(second, pairs(first)) == 8
    assert spread_evenly(second, everyone) and [len(b) for b in second] == [6, 6, 6, 6]
    assert all(any({carer, patient} <= set(b) for b in second) for carer, patient in (('wha1', 'pat1'),
                                                                                        ('wha2', 'pat2')))
    naive = [[p.id for p in everyone][n::4] for n in range(4)]  # dealing out again without looking at the history
    assert repeats(naive, pairs(first)) > 8


def test_every_breakout_gets_someone_with_lived_experience_where_there_are_enough():
    everyone = people(patients=3, clinicians=9)
    breakouts = split(everyone, 3, lived=LIVED)
    assert all(mix(b, everyone)['patients'] == 1 for b in breakouts)
    fewer = split(people(patients=2, clinicians=10), 3, lived=LIVED)
    assert sorted(mix(b, people(patients=2, clinicians=10))['patients'] for b in fewer) == [0, 1, 1]


def test_moving_someone_by_hand_and_numbers_that_do_not_fit():
    breakouts = [['a', 'b'], ['c', 'd']]
    assert move(breakouts, 'a', 1) == [['b'], ['c', 'd', 'a']]
    with pytest.raises(ValueError, match='there is no breakout 3'):
        move(breakouts, 'a', 2)
    with pytest.raises(ValueError, match='at least one breakout'):
        split(people(patients=2), 0)
    assert split(people(patients=2), 5) == [['pat1'], ['pat2']]  # more breakouts than people: one each
