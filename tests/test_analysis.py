import pytest

from workshop.domain import analysis, model
from workshop.domain.analysis import Quadrant, Verdict
from workshop.domain.model import Method


def ranked(participant: str, *order: str, group: str = 'patients', abstain: set[str] | None = None) -> model.Ballot:
    return model.Ballot(participant=participant, group=group, ranks={i: r for r, i in enumerate(order, start=1)},
                        abstain=abstain or set())


def rated(participant: str, group: str, **importance: int) -> model.Ballot:
    return model.Ballot(participant=participant, group=group, ratings={'importance': importance})


def test_top_and_bottom_thirds_of_the_usual_scales():
    assert [(s, analysis.top_third(s), analysis.bottom_third(s)) for s in (3, 5, 7, 9)] == \
        [(3, 3, 1), (5, 4, 2), (7, 5, 3), (9, 7, 3)]


def test_rating_summary():
    # 5, 4, 3, 1: mean 13 / 4 = 3.25, median (3 + 4) / 2 = 3.5, two of four at 4 or more
    assert analysis.summarise([5, 4, 3, 1], threshold=4) == \
        analysis.RatingSummary(n=4, mean=3.25, median=3.5, agreement=0.5, threshold=4)
    assert analysis.summarise([], threshold=4).mean is None


@pytest.mark.parametrize(('criteria', 'means', 'expected'), [
    (['importance', 'feasibility'], {'importance': 4.5, 'feasibility': 4.0}, Quadrant.QUICK_WIN),
    (['importance', 'feasibility'], {'importance': 4.5, 'feasibility': 2.0}, Quadrant.MAJOR_PROJECT),
    (['importance', 'feasibility'], {'importance': 2.0, 'feasibility': 4.0}, Quadrant.FILL_IN),
    (['importance', 'feasibility'], {'importance': 3.0, 'feasibility': 3.0}, Quadrant.THANKLESS_TASK),  # on the line
    (['impact', 'effort'], {'impact': 4.5, 'effort': 1.5}, Quadrant.QUICK_WIN),  # low effort is good
    (['effort', 'impact'], {'impact': 4.5, 'effort': 4.5}, Quadrant.MAJOR_PROJECT),
    (['impact', 'effort'], {'impact': 2.0, 'effort': 4.0}, Quadrant.THANKLESS_TASK),
    (['importance'], {'importance': 5.0}, None),
    (['impact', 'effort'], {'impact': 4.0, 'effort': None}, None),
])
def test_quadrants_split_at_the_scale_midpoint(criteria, means, expected):
    assert analysis.quadrant(criteria, means, scale=5) == expected


def test_quadrant_labels_read_as_plain_words():
    assert [q.label for q in Quadrant] == ['Quick win', 'Major project', 'Fill-in', 'Thankless task']


def test_rating_consensus_in_every_group():
    def group(name: str, top: int, bottom: int, size: int = 10) -> list[model.Ballot]:
        # `top` people rate 8, `bottom` rate 2, the rest rate 5
        values = [8] * top + [2] * bottom + [5] * (size - top - bottom)
        return [model.Ballot(participant=f'{name}{n}', group=name, ratings={'importance': {'idea': v}})
                for n, v in enumerate(values)]

    def verdict(patients: list[model.Ballot], clinicians: list[model.Ballot]) -> Verdict:
        result = analysis.consensus(Method.RATING, ['idea'], {'patients': patients, 'clinicians': clinicians},
                                    thresholds=model.Consensus(), scale=9, criterion='importance')
        return result['idea'].verdict

    assert verdict(group('patients', 8, 1), group('clinicians', 7, 1)) == Verdict.IN  # 80% and 70% top, 10% bottom
    assert verdict(group('patients', 8, 2), group('clinicians', 10, 0)) == Verdict.NONE  # 20% bottom is too many
    assert verdict(group('patients', 5, 0), group('clinicians', 3, 0)) == Verdict.OUT  # at most 50% top in each
    assert verdict(group('patients', 9, 0), group('clinicians', 2, 0)) == Verdict.NONE  # the groups differ
    assert verdict(group('patients', 6, 0, size=8), []) == Verdict.IN  # 75%; a group with no answers is left out


def test_consensus_shares_are_reported_per_group():
    ballots = {'patients': [rated('a', 'patients', idea=9), rated('b', 'patients', idea=1)],
               'clinicians': [rated('c', 'clinicians', idea=7)]}
    item = analysis.consensus(Method.RATING, ['idea'], ballots, thresholds=model.Consensus(), scale=9,
                              criterion='importance')['idea']
    assert (item.support, item.against, item.n) == \
        ({'patients': 0.5, 'clinicians': 1.0}, {'patients': 0.5, 'clinicians': 0.0}, {'patients': 2, 'clinicians': 1})


def test_dot_consensus_is_the_share_who_gave_any_dot_and_full_rankings_have_none():
    dots = {'patients': [model.Ballot(participant=p, group='patients', dots={'a': 1}) for p in 'xyz']}
    result = analysis.consensus(Method.DOTS, ['a', 'b'], dots, thresholds=model.Consensus())
    assert (result['a'].verdict, result['b'].verdict) == (Verdict.IN, Verdict.OUT)
    assert analysis.consensus(Method.RANK, ['a', 'b'], {'patients': [ranked('x', 'a', 'b')]},
                              thresholds=model.Consensus(), top_k=2) is None


def test_kendall_w_by_hand():
    # rank sums a = 1 + 1 + 2 = 4, b = 2 + 3 + 1 = 6, c = 3 + 2 + 3 = 8; mean 6; S = 4 + 0 + 4 = 8
    # W = 12 S / (n² (m³ - m)) = 96 / (9 × 24) = 0.444...
    ballots = [ranked('x', 'a', 'b', 'c'), ranked('y', 'a', 'c', 'b'), ranked('z', 'b', 'a', 'c')]
    assert analysis.kendall_w(['a', 'b', 'c'], ballots) == pytest.approx(96 / 216)


def test_kendall_w_shares_the_bottom_places_among_unranked_ideas():
    # x ranks only a: a = 1, b = c = (2 + 3) / 2 = 2.5, ties T = 2³ - 2 = 6; y ranks a, b, c
    # rank sums a = 2, b = 4.5, c = 5.5; mean 4; S = 4 + 0.25 + 2.25 = 6.5
    # W = 12 × 6.5 / (4 × 24 - 2 × 6) = 78 / 84
    assert analysis.kendall_w(['a', 'b', 'c'], [ranked('x', 'a'), ranked('y', 'a', 'b', 'c')]) == pytest.approx(78 / 84)


def test_kendall_w_extremes_and_undefined_cases():
    ideas = ['a', 'b', 'c', 'd']
    assert analysis.kendall_w(ideas, [ranked(p, *ideas) for p in 'xyz']) == pytest.approx(1.0)
    assert analysis.kendall_w(ideas, [ranked('x', *ideas), ranked('y', *reversed(ideas))]) == pytest.approx(0.0)
    assert analysis.kendall_w(ideas, [ranked('x', *ideas)]) is None  # a single voter
    assert analysis.kendall_w(ideas, []) is None
    assert analysis.kendall_w(['a'], [ranked('x', 'a'), ranked('y', 'a')]) is None


def test_stability_is_reproducible_with_a_seed():
    samples = [{'a': 3, 'b': 0}, {'a': 0, 'b': 1}, {'a': 1, 'b': 2}]

    def rank(sample: list[dict[str, int]]) -> dict[str, int]:
        a, b = sum(s['a'] for s in sample), sum(s['b'] for s in sample)
        return {'a': 1 if a >= b else 2, 'b': 1 if b >= a else 2}

    first = analysis.stability(samples, rank, ['a', 'b'], top=1, seed=7, bootstrap=100)
    assert first == analysis.stability(samples, rank, ['a', 'b'], top=1, seed=7, bootstrap=100)
    assert 0 < first['a'] < 1 and 0 < first['b'] < 1
    assert analysis.stability([], rank, ['a', 'b'], top=1) is None

