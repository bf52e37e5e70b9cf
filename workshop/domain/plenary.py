"""A round's results per breakout, and the breakouts combined into a plenary ranking the James Lind Alliance way.
Pure. The pooled and group-balanced rankings over everyone are the round's own results (ranking.analyse).

Small cells: a breakout's own results are shown only when at least the workshop's threshold of its people voted;
when the hidden breakouts (with anyone who voted outside a breakout) together have fewer than the threshold, the
smallest other breakout is hidden too, exactly as for stakeholder groups (ranking.suppress). Inside a breakout, its
stakeholder groups are protected as everywhere else (ranking.analyse).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.domain import model, ranking

OUTSIDE = 'outside breakouts'  # voters who were in no breakout: never shown on their own
HIDDEN_BREAKOUTS = 'hidden breakouts combined'

PLENARY_RULE = ('Plenary ranking (James Lind Alliance small groups): each breakout ranks the ideas by its own pooled '
                'score; ties share the places they span (mid-ranks). An idea\'s rank sum is the sum of its places '
                'over the breakouts, and the plenary lists ideas by rank sum, lowest first, so every breakout weighs '
                'the same whatever its size. Breakouts whose own results are hidden take part as one combined voice '
                'that counts as many breakouts as it holds; people who voted outside any breakout count in the '
                'pooled and group-balanced results but not in the plenary. Each ballot belongs to the breakout its '
                'voter was in when they first voted in the round.')
BREAKOUT_SUPPRESSION_RULE = ('Small breakouts: a breakout\'s own results are shown only when at least {t} of its '
                             'people voted; if the hidden breakouts together have fewer than {t} voters, the next '
                             'smallest breakout is hidden too, so that the pooled results minus the breakouts shown '
                             'never give a small breakout\'s votes.')


@dataclass(kw_only=True, slots=True)
class BreakoutResult:
    breakout: str
    n: int  # voters in this breakout (not counting those who passed on the whole round)
    suppressed: bool
    reason: str
    result: ranking.RoundResult  # the breakout's own results (views show them only when not suppressed)


@dataclass(kw_only=True, slots=True)
class PlenaryItem:
    improvement: str
    rank_sum: float  # lower is better
    rank: int
    shared: bool
    places: dict[str, float]  # per shown breakout, or HIDDEN_BREAKOUTS (its place times the breakouts it stands for)
    label: str = ''

    def __post_init__(self) -> None:
        self.label = ranking.rank_label(self.rank, self.shared)


@dataclass(kw_only=True, slots=True)
class Combined:
    breakouts: dict[str, BreakoutResult]
    plenary: list[PlenaryItem]  # empty when fewer than two breakouts voted
    voices: list[str]  # the shown breakouts that took part, then HIDDEN_BREAKOUTS if any

    @property
    def hidden(self) -> list[str]:
        return [b for b, r in self.breakouts.items() if r.suppressed]


def combine(round_: model.Round, improvements: list[str], ballots: Sequence[model.Ballot],
            breakout_of: Mapping[str, str], breakouts: Sequence[str], groups: list[str],
            settings: model.Settings) -> Combined:
    """Results per breakout (in `breakouts` order) and the plenary ranking of a round whose ballots were cast in
    breakouts (`breakout_of`: participant → breakout)."""
    split: dict[str, list[model.Ballot]] = {b: [] for b in breakouts}
    for ballot in ballots:
        split.setdefault(breakout_of.get(ballot.participant, OUTSIDE), []).append(ballot)
    sizes = {b: sum(not x.abstain_all for x in members) for b, members in split.items()}
    reasons = ranking.suppress(sizes, settings.suppression_threshold)
    results = {b: BreakoutResult(breakout=b, n=sizes[b], suppressed=b in reasons, reason=reasons.get(b, ''),
                                 result=ranking.analyse(round_, improvements, split[b], groups, settings, bootstrap=0))
               for b in breakouts}
    voters = {b: [x for x in split[b] if not x.abstain_all] for b in breakouts if sizes[b] and b not in reasons}
    weights = dict.fromkeys(voters, 1)
    hidden = [b for b in split if sizes[b] and b in reasons]
    if hidden:
        voters[HIDDEN_BREAKOUTS] = [x for b in hidden for x in split[b] if not x.abstain_all]
        weights[HIDDEN_BREAKOUTS] = max(1, sum(1 for b in hidden if b != OUTSIDE))
    taking_part = sum(weights.values()) if sum(1 for b in breakouts if sizes[b]) >= 2 else 0
    plenary = _rank_sums(round_, improvements, voters, weights) if taking_part else []
    return Combined(breakouts=results, plenary=plenary, voices=list(voters) if plenary else [])


def _rank_sums(round_: model.Round, improvements: list[str], voters: dict[str, list[model.Ballot]],
               weights: dict[str, int]) -> list[PlenaryItem]:
    k = ranking.borda_k(round_, [x for members in voters.values() for x in members], len(improvements))
    places: dict[str, dict[str, float]] = {i: {} for i in improvements}
    for voice, members in voters.items():
        items = ranking.score(round_, improvements, members, k=k)
        for item, place in zip(items, ranking.mid_ranks(items)):
            places[item.improvement][voice] = weights[voice] * place
    sums = {i: sum(p.values()) for i, p in places.items()}
    ordered = ranking.competition_ranks({i: -s for i, s in sums.items()}, improvements)  # lowest sum first
    return [PlenaryItem(improvement=i, rank_sum=sums[i], rank=rank, shared=shared, places=places[i])
            for i, rank, shared in ordered]
