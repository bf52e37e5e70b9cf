"""Breakouts combined the James Lind Alliance way (rank sums), checked by hand, and small breakouts protected."""
from workshop.domain.model import Ballot, Method, Round, Settings
from workshop.domain.plenary import HIDDEN_BREAKOUTS, combine

IDEAS = ['a', 'b', 'c']
DOTS = Round(number=1, method=Method.DOTS, improvements=IDEAS, budget=3)


def breakout(name: str, totals: dict[str, int], voters: int = 5) -> list[Ballot]:
    """`voters` ballots whose dots add up to `totals` (the first voter carries the rest)."""
    ballots = [Ballot(participant=f'{name}-{n}', group='patients', dots={}) for n in range(voters)]
    for idea, total in totals.items():
        for n in range(total):
            ballots[n % voters].dots[idea] = ballots[n % voters].dots.get(idea, 0) + 1
    return ballots


def run(ballots: list[Ballot], breakouts: list[str]):
    return combine(DOTS, IDEAS, ballots, {b.participant: b.participant.split('-')[0] for b in ballots}, breakouts,
                   ['patients'], Settings())


def test_three_breakouts_combined_by_rank_sums():
    ballots = (breakout('b1', {'a': 10, 'b': 5}) + breakout('b2', {'b': 8, 'c': 6, 'a': 1})
               + breakout('b3', {'a': 4, 'b': 4, 'c': 7}))
    combined = run(ballots, ['b1', 'b2', 'b3'])
    # By hand: places b1: a 1, b 2, c 3; b2: b 1, c 2, a 3; b3: c 1, a and b share 2 and 3 (2.5 each).
    # Rank sums: a 1 + 3 + 2.5 = 6.5, b 2 + 1 + 2.5 = 5.5, c 3 + 2 + 1 = 6: the plenary is b, c, a, while pooled dots
    # (a 15, b 17, c 13) would give b, a, c: each breakout weighs the same.
    assert [(i.improvement, i.rank_sum, i.label) for i in combined.plenary] == [('b', 5.5, '1'), ('c', 6, '2'),
                                                                                 ('a', 6.5, '3')]
    assert combined.voices == ['b1', 'b2', 'b3'] and combined.hidden == []
    assert [i.improvement for i in combined.breakouts['b2'].result.pooled] == ['b', 'c', 'a']


def test_a_small_breakout_is_hidden_with_the_next_smallest_and_cannot_be_worked_out():
    big = breakout('b1', {'a': 10, 'b': 5}) + breakout('b2', {'b': 8, 'c': 6, 'a': 1}, voters=6)
    small = breakout('b3', {'c': 3}, voters=2)
    combined = run(big + small, ['b1', 'b2', 'b3'])
    assert combined.breakouts['b3'].suppressed  # 2 voters
    assert combined.breakouts['b1'].suppressed  # the smallest other breakout: pooled minus b2 must not give b3
    assert not combined.breakouts['b2'].suppressed
    assert combined.voices == ['b2', HIDDEN_BREAKOUTS]  # the hidden ones speak as one voice worth two breakouts
    # Attack: one of b3's voters votes differently, and a b1 voter makes up for it so that b1 and b3 together cast
    # the same ballots. Everything that may be shown (b2's results, the plenary) stays the same.
    other = breakout('b1', {'a': 10, 'b': 5})
    other[0], small[0] = Ballot(participant='b1-0', group='patients', dots=small[0].dots), \
        Ballot(participant='b3-0', group='patients', dots=other[0].dots)
    changed = run(other + big[5:] + small, ['b1', 'b2', 'b3'])
    assert changed.breakouts['b3'].result.pooled != combined.breakouts['b3'].result.pooled  # b3 itself did change
    assert [(i.improvement, i.rank_sum) for i in changed.plenary] == [(i.improvement, i.rank_sum)
                                                                       for i in combined.plenary]
    assert changed.breakouts['b2'].result.pooled == combined.breakouts['b2'].result.pooled
