import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain import model, ranking
from workshop.domain.analysis import Quadrant, Verdict
from workshop.domain.model import PREFER_NOT_TO_SAY, Method

IDEAS = ['transport', 'whanau_room', 'one_contact', 'plain_consent']
GROUPS = ['patients', 'whanau', 'clinicians']


def dots(participant: str, group: str = 'patients', abstain: set[str] | None = None, **given: int) -> model.Ballot:
    return model.Ballot(participant=participant, group=group, dots=given, abstain=abstain or set())


def ranks(participant: str, *order: str, group: str = 'patients') -> model.Ballot:
    return model.Ballot(participant=participant, group=group, ranks={i: r for r, i in enumerate(order, start=1)})


def rates(participant: str, group: str = 'patients', abstain: set[str] | None = None,
          **given: tuple[int, int]) -> model.Ballot:
    """Ratings as idea=(importance, feasibility)."""
    return model.Ballot(participant=participant, group=group, abstain=abstain or set(),
                        ratings={'importance': {i: v[0] for i, v in given.items()},
                                 'feasibility': {i: v[1] for i, v in given.items()}})


def analyse(method: Method, ballots: list[model.Ballot], ideas: list[str] = IDEAS, seed: int = 0,
            bootstrap: int = 50, threshold: int = 5, **round_fields) -> ranking.RoundResult:
    round_ = model.Round(number=1, method=method, **round_fields)
    return ranking.analyse(round_, ideas, ballots, GROUPS, model.Settings(suppression_threshold=threshold), seed=seed,
                           bootstrap=bootstrap)


def table(items: list) -> list[tuple]:
    """What a results table shows: rank label, idea, score."""
    return [(item.label, item.improvement, item.score) for item in items]


def test_the_tie_rule_reads_as_plain_english_and_labels_shared_ranks():
    assert ranking.TIE_RULE.startswith('Ideas with the same score share a rank, shown like "3="')
    scores = {'a': 5, 'b': 4, 'c': 2, 'd': 2, 'e': 1}
    assert [(i, ranking.rank_label(r, shared)) for i, r, shared in ranking.competition_ranks(scores, list('abcde'))] \
        == [('a', '1'), ('b', '2'), ('c', '3='), ('d', '3='), ('e', '5')]


def test_dot_totals_with_a_tie_listed_in_the_round_order():
    # transport 2 + 1 = 3, whanau_room 1 + 2 = 3, one_contact 1 + 1 = 2, plain_consent 0
    result = analyse(Method.DOTS, [dots('aroha', transport=2, whanau_room=1),
                                   dots('ben', whanau_room=2, one_contact=1),
                                   dots('carla', transport=1, one_contact=1)])
    assert table(result.pooled) == [('1=', 'transport', 3), ('1=', 'whanau_room', 3), ('3', 'one_contact', 2),
                                    ('4', 'plain_consent', 0)]
    reordered = analyse(Method.DOTS, [dots('aroha', transport=2, whanau_room=1)] * 2,
                        ideas=['whanau_room', 'plain_consent', 'transport', 'one_contact'])
    assert [row[:2] for row in table(reordered.pooled)] == \
        [('1', 'transport'), ('2', 'whanau_room'), ('3=', 'plain_consent'), ('3=', 'one_contact')]


def test_truncated_borda_and_rank_sums_by_hand():
    # top 2: first place 2 points, second 1 point, unranked 0
    # transport 2 + 0 + 1 = 3, whanau_room 1 + 2 + 2 = 5, one_contact 0 + 1 + 0 = 1, plain_consent 0
    # rank sums count an unranked idea as place 3: whanau_room 2 + 1 + 1 = 4, transport 1 + 3 + 2 = 6
    result = analyse(Method.RANK, [ranks('aroha', 'transport', 'whanau_room'),
                                   ranks('ben', 'whanau_room', 'one_contact'),
                                   ranks('carla', 'whanau_room', 'transport')], top_k=2)
    assert table(result.pooled) == [('1', 'whanau_room', 5), ('2', 'transport', 3), ('3', 'one_contact', 1),
                                    ('4', 'plain_consent', 0)]
    assert [item.rank_sum for item in result.pooled] == [4, 6, 8, 9]
    assert result.k == 2
    assert analyse(Method.RANK, [ranks('aroha', 'transport', 'whanau_room', 'one_contact')]).k == 3  # longest ballot


def test_ratings_by_hand_with_quadrants_and_a_pass():
    # importance: transport 5, 4, 3 → mean 4, median 4, 2 of 3 at 4 or more
    #             whanau_room 2, 3, 1 → mean 2; one_contact 4, 5 (carla passed) → mean 4.5
    # feasibility: transport 4, 2, 2 → 2.67 (hard) · whanau_room 5, 4, 4 → 4.33 · one_contact 4, 5 → 4.5
    result = analyse(Method.RATING, [
        rates('aroha', transport=(5, 4), whanau_room=(2, 5), one_contact=(4, 4)),
        rates('ben', transport=(4, 2), whanau_room=(3, 4), one_contact=(5, 5)),
        rates('carla', transport=(3, 2), whanau_room=(1, 4), abstain={'one_contact'}),
    ], criteria=['importance', 'feasibility'], scale=5)
    assert table(result.pooled) == [('1', 'one_contact', 4.5), ('2', 'transport', 4.0), ('3', 'whanau_room', 2.0),
                                    ('4', 'plain_consent', None)]
    one_contact, transport, whanau_room, nobody = result.pooled
    assert (transport.ratings['importance'].median, transport.ratings['importance'].agreement) == (4.0, 2 / 3)
    assert (one_contact.n, one_contact.abstentions) == (2, 1)  # a pass is not a zero
    assert [i.quadrant for i in result.pooled] == [Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT, Quadrant.FILL_IN, None]
    assert nobody.n == 0


def test_an_empty_round_shows_every_idea_level_and_nothing_undefined():
    result = analyse(Method.RANK, [], top_k=2)
    assert table(result.pooled) == [('1=', i, 0) for i in IDEAS]
    assert (result.n, result.kendall_w, result.stability) == (0, None, None)
    assert [b.label for b in result.balanced] == ['1='] * 4
    assert all(item.verdict == Verdict.NONE for item in result.consensus.values())
    assert all(g.suppressed and g.reason == 'Nobody in this group has voted yet.' for g in result.by_group.values())


def test_a_single_voter():
    result = analyse(Method.RANK, [ranks('aroha', 'one_contact', 'transport')], top_k=2)
    assert [row[:2] for row in table(result.pooled)] == \
        [('1', 'one_contact'), ('2', 'transport'), ('3=', 'whanau_room'), ('3=', 'plain_consent')]
    assert result.kendall_w is None  # agreement needs two people
    assert result.stability == {'one_contact': 1.0, 'transport': 1.0, 'whanau_room': 0.0, 'plain_consent': 0.0}


def test_passes_are_counted_and_not_scored():
    result = analyse(Method.DOTS, [dots('aroha', transport=2), dots('ben', abstain={'transport'}, one_contact=1),
                                   model.Ballot(participant='carla', group='whanau', abstain_all=True)])
    transport = result.pooled[0]
    assert (transport.score, transport.n, transport.abstentions) == (2, 1, 2)  # ben and carla passed
    assert (result.n, result.passed) == (2, 1)


def test_group_balanced_ranking_gives_each_group_the_same_weight():
    # 6 clinicians: 2 dots on transport, 1 on whanau_room each → transport 12, whanau_room 6, the rest 0
    #   places 1, 2, then one_contact and plain_consent tie for places 3 and 4: each mid-place 3.5
    #   points m + 1 - place (m = 4): transport 4, whanau_room 3, one_contact 1.5, plain_consent 1.5 (total 10)
    # 3 patients: 2 dots on one_contact, 1 on transport each → one_contact 6, transport 3, the rest 0
    #   points: one_contact 4, transport 3, whanau_room 1.5, plain_consent 1.5 (total 10)
    # balanced: transport 7, one_contact 5.5, whanau_room 4.5, plain_consent 3
    # pooled: transport 15, whanau_room 6, one_contact 6 (a tie), plain_consent 0
    ballots = ([dots(f'c{n}', 'clinicians', transport=2, whanau_room=1) for n in range(6)]
               + [dots(f'p{n}', 'patients', one_contact=2, transport=1) for n in range(3)]
               + [dots('quiet', PREFER_NOT_TO_SAY, whanau_room=2)])  # in pooled only: whanau_room 8
    result = analyse(Method.DOTS, ballots, threshold=3)
    assert table(result.pooled) == [('1', 'transport', 15), ('2', 'whanau_room', 8), ('3', 'one_contact', 6),
                                    ('4', 'plain_consent', 0)]
    assert table(result.balanced) == [('1', 'transport', 7), ('2', 'one_contact', 5.5), ('3', 'whanau_room', 4.5),
                                      ('4', 'plain_consent', 3)]
    assert result.balanced[0].points == {'patients': 3, 'clinicians': 4}
    assert result.balanced_groups == ['patients', 'clinicians']  # whānau had no votes; prefer-not-to-say is no bloc
    assert list(result.by_group) == ['patients', 'whanau', 'clinicians', PREFER_NOT_TO_SAY]
    assert [ranking.points_text(b.score) for b in result.balanced] == ['7', '5.5', '4.5', '3']


def test_a_small_group_hides_the_next_smallest_too_so_that_subtracting_gives_nothing_away():
    ballots = ([dots(f'c{n}', 'clinicians', transport=1) for n in range(6)]
               + [dots(f'w{n}', 'whanau', whanau_room=1) for n in range(8)]
               + [dots(f'p{n}', 'patients', one_contact=1) for n in range(3)])
    result = analyse(Method.DOTS, ballots)
    patients, clinicians, whanau = (result.by_group[g] for g in ('patients', 'clinicians', 'whanau'))
    assert (patients.n, patients.suppressed) == (3, True)
    assert patients.reason == \
        'Fewer than 5 people in this group answered, so their results are not shown to protect privacy.'
    assert clinicians.suppressed and clinicians.reason == ranking.COMPLEMENT_REASON  # 6 < 8: the smallest other group
    assert not whanau.suppressed
    assert table(patients.items)[0] == ('1', 'one_contact', 3)  # still there for the facilitator, with the warning
    # the balanced ranking hears patients and clinicians as one voice weighing two groups: never the patients alone
    assert result.balanced_groups == ['whanau', ranking.HIDDEN_TOGETHER]
    # combined: transport 6, one_contact 3, then two ideas tied for places 3-4; whanau: whanau_room, then a 3-way tie
    assert result.balanced[0].points == {'whanau': 2, ranking.HIDDEN_TOGETHER: 2 * 4}


@pytest.mark.parametrize(('sizes', 'hidden'), [
    ({'patients': 2, 'whanau': 0, 'clinicians': 5}, {'patients', 'whanau', 'clinicians'}),
    ({'patients': 2, 'whanau': 3, 'clinicians': 5}, {'patients', 'whanau'}),  # 2 + 3 voters hide in each other
    ({'patients': 2, 'whanau': 1, 'clinicians': 7, 'administrators': 6}, {'patients', 'whanau', 'administrators'}),
    ({'patients': 6, 'clinicians': 9, PREFER_NOT_TO_SAY: 2}, {PREFER_NOT_TO_SAY}),  # no group to protect there
    ({'patients': 3, 'clinicians': 9, PREFER_NOT_TO_SAY: 4}, {'patients', 'clinicians', PREFER_NOT_TO_SAY}),
])
def test_complementary_suppression_rule(sizes, hidden):
    assert set(ranking.suppress(sizes, threshold=5)) == hidden


def test_consensus_and_agreement_come_with_the_result():
    ballots = [ranks(f'p{n}', 'transport', 'one_contact', group='patients') for n in range(3)] + \
              [ranks(f'c{n}', 'transport', 'whanau_room', group='clinicians') for n in range(3)]
    result = analyse(Method.RANK, ballots, top_k=2, threshold=3)
    assert {i: c.verdict for i, c in result.consensus.items()} == {
        'transport': Verdict.IN, 'whanau_room': Verdict.NONE, 'one_contact': Verdict.NONE,
        'plain_consent': Verdict.OUT}
    assert 0 < result.kendall_w < 1
    assert result.stability['transport'] == 1.0 and result.stability['plain_consent'] == 0.0



# --- properties -----------------------------------------------------------------------------------------------------

group_names = st.sampled_from(GROUPS + [PREFER_NOT_TO_SAY])
dot_ballots = st.lists(st.tuples(group_names, st.dictionaries(st.sampled_from(IDEAS), st.integers(0, 3)),
                                 st.sets(st.sampled_from(IDEAS), max_size=1)), max_size=12)
rank_ballots = st.lists(st.tuples(group_names, st.permutations(IDEAS), st.integers(0, 4)), max_size=12)
rating_ballots = st.lists(st.tuples(group_names, st.dictionaries(st.sampled_from(IDEAS), st.tuples(
    st.integers(1, 5), st.integers(1, 5)))), max_size=12)


def profile(method: Method, data) -> list[model.Ballot]:
    ballots = []
    for n, row in enumerate(data):
        if method == Method.DOTS:
            group, given, abstain = row
            ballots.append(dots(f'v{n}', group, abstain, **{i: d for i, d in given.items() if i not in abstain}))
        elif method == Method.RANK:
            group, order, length = row
            ballots.append(ranks(f'v{n}', *order[:length], group=group))
        else:
            ballots.append(rates(f'v{n}', row[0], **row[1]))
    return ballots


profiles = st.one_of(dot_ballots.map(lambda d: (Method.DOTS, d)), rank_ballots.map(lambda d: (Method.RANK, d)),
                     rating_ballots.map(lambda d: (Method.RATING, d)))
FIELDS = {Method.DOTS: {}, Method.RANK: {'top_k': 3}, Method.RATING: {'criteria': ['importance', 'feasibility']}}


@settings(max_examples=40, deadline=None)
@given(profiles, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_who_is_who_or_who_voted_first(method_and_data, rnd):
    method, data = method_and_data
    ballots = profile(method, data)
    shuffled = [model.Ballot(participant=f'someone_{rnd.random()}', group=b.group, dots=b.dots, ranks=b.ranks,
                             ratings=b.ratings, abstain=b.abstain, abstain_all=b.abstain_all) for b in ballots]
    rnd.shuffle(shuffled)
    assert analyse(method, shuffled, bootstrap=20, **FIELDS[method]) == \
        analyse(method, ballots, bootstrap=20, **FIELDS[method])


@settings(max_examples=60, deadline=None)
@given(dot_ballots, st.sampled_from(IDEAS), st.integers(0, 12))
def test_another_dot_never_lowers_an_ideas_pooled_rank(data, idea, voter):
    ballots = profile(Method.DOTS, data)
    before = {item.improvement: item.rank for item in analyse(Method.DOTS, ballots, bootstrap=0).pooled}
    if voter < len(ballots) and idea not in ballots[voter].abstain:
        ballots[voter].dots[idea] = ballots[voter].dots.get(idea, 0) + 1
    else:
        ballots.append(dots('newcomer', 'patients', **{idea: 1}))
    after = {item.improvement: item.rank for item in analyse(Method.DOTS, ballots, bootstrap=0).pooled}
    assert after[idea] <= before[idea]


@settings(max_examples=40, deadline=None)
@given(profiles, st.sampled_from(GROUPS))
def test_duplicating_every_member_of_a_group_leaves_the_balanced_ranking_alone(method_and_data, group):
    method, data = method_and_data
    ballots = profile(method, data)
    doubled = ballots + [model.Ballot(participant=f'{b.participant}_twin', group=b.group, dots=b.dots, ranks=b.ranks,
                                      ratings=b.ratings, abstain=b.abstain) for b in ballots if b.group == group]
    # a threshold of 1 keeps every group that voted on its own: suppression is tested on its own above
    assert analyse(method, doubled, bootstrap=0, threshold=1, **FIELDS[method]).balanced == \
        analyse(method, ballots, bootstrap=0, threshold=1, **FIELDS[method]).balanced


# An independent reference, written from the definition in README rather than from ranking.py: Borda by counting
# pairs (each voter gives an idea one point plus one for every idea it placed above).

def borda_by_pairs(orders: list[list[str]], ideas: list[str]) -> dict[str, int]:
    return {idea: sum(1 + sum(order.index(idea) < order.index(other) for other in ideas if other != idea)
                      for order in orders) for idea in ideas}


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.integers(1, 15), st.randoms(use_true_random=False))
def test_borda_agrees_with_counting_pairs_on_full_rankings(m, n, rnd):
    ideas = [f'idea_{c}' for c in range(m)]
    orders = [rnd.sample(ideas, m) for _ in range(n)]
    ours = analyse(Method.RANK, [ranks(f'v{v}', *order) for v, order in enumerate(orders)],
                   ideas=ideas, bootstrap=0, top_k=m)
    assert {item.improvement: item.score for item in ours.pooled} == borda_by_pairs(orders, ideas)


def test_borda_agrees_with_counting_pairs_on_a_known_profile():
    orders = [['a', 'b', 'c'], ['c', 'b', 'a'], ['b', 'a', 'c']]
    assert borda_by_pairs(orders, ['a', 'b', 'c']) == {'a': 6, 'b': 7, 'c': 5}  # b: 2 + 2 + 3
    result = analyse(Method.RANK, [ranks('x', 'a', 'b', 'c'), ranks('y', 'c', 'b', 'a'), ranks('z', 'b', 'a', 'c')],
                     ideas=['a', 'b', 'c'], top_k=3)
    assert table(result.pooled) == [('1', 'b', 7), ('2', 'a', 6), ('3', 'c', 5)]  # 4 + 3, 3 + 3, 2 + 3


def test_stability_reproduces_with_the_same_seed():
    generator = random.Random(3)
    ballots = [dots(f'v{n}', 'patients', **{generator.choice(IDEAS): 1}) for n in range(12)]
    assert analyse(Method.DOTS, ballots, seed=5, bootstrap=100).stability == \
        analyse(Method.DOTS, ballots, seed=5, bootstrap=100).stability


@settings(max_examples=60, deadline=None)
@given(profiles, st.integers(1, 6))
def test_every_group_hands_out_the_same_balanced_points_whatever_its_ties(method_and_data, threshold):
    method, data = method_and_data
    result = analyse(method, profile(method, data), bootstrap=0, threshold=threshold, **FIELDS[method])
    hidden = len([g for g in result.hidden if result.by_group[g].n and g != PREFER_NOT_TO_SAY])
    given = {voice: sum(b.points[voice] for b in result.balanced) for voice in result.balanced_groups}
    per_group = len(IDEAS) * (len(IDEAS) + 1) / 2
    assert given == {v: per_group * (hidden if v == ranking.HIDDEN_TOGETHER else 1) for v in result.balanced_groups}


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_balanced_scores_agree_with_an_independent_mid_rank_computation(method_and_data):
    import pandas as pd
    method, data = method_and_data
    ballots = profile(method, data)
    result = analyse(method, ballots, bootstrap=0, threshold=1, **FIELDS[method])
    expected = pd.Series(0.0, index=IDEAS)
    for group in result.balanced_groups:  # each group's own scores, ranked by pandas with ties averaged
        members = [b for b in ballots if b.group == group]
        scores = pd.Series([own_score(method, members, i) for i in IDEAS], index=IDEAS, dtype=float).round(9)
        places = scores.rank(method='average', ascending=False, na_option='bottom')
        expected += len(IDEAS) + 1 - places
    assert {b.improvement: b.score for b in result.balanced} == pytest.approx(expected.to_dict())


def own_score(method: Method, ballots: list[model.Ballot], idea: str) -> float | None:
    """A group's score for one idea, straight from the definitions: dots, Borda points for a top 3, mean rating."""
    if method == Method.DOTS:
        return sum(b.dots.get(idea, 0) for b in ballots)
    if method == Method.RANK:
        return sum(4 - b.ranks[idea] for b in ballots if b.ranks.get(idea, 9) <= 3)
    given = [b.ratings['importance'][idea] for b in ballots if idea in b.ratings['importance']]
    return sum(given) / len(given) if given else None
