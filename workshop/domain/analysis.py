"""Rating summaries, consensus, agreement (Kendall's W) and rank stability. Pure: no I/O, no UI.

`workshop.domain.ranking` builds on this module; this module never imports it (stability takes the ranking step as a
function), so the two stay free of import cycles.
"""
from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from workshop.domain import methods, model

EVERYONE = '*'
"""Key used for consensus when there are no named stakeholder groups to check: everyone counts as one group."""

LOWER_IS_BETTER = frozenset({'effort', 'cost', 'difficulty', 'complexity'})
"""Rating questions where a low answer is the good one (impact–effort rather than importance–feasibility)."""

T = TypeVar('T')


class Quadrant(StrEnum):
    QUICK_WIN = 'quick_win'
    MAJOR_PROJECT = 'major_project'
    FILL_IN = 'fill_in'
    THANKLESS_TASK = 'thankless_task'

    @property
    def label(self) -> str:
        return {'quick_win': 'Quick win', 'major_project': 'Major project', 'fill_in': 'Fill-in',
                'thankless_task': 'Thankless task'}[self.value]


class Verdict(StrEnum):
    IN = 'in'
    OUT = 'out'
    NONE = 'none'


@dataclass(kw_only=True, slots=True)
class RatingSummary:
    """Ratings of one idea on one question."""
    n: int
    mean: float | None
    median: float | None
    agreement: float | None  # share of ratings at or above `threshold`
    threshold: int


@dataclass(kw_only=True, slots=True)
class ConsensusItem:
    """Consensus on one idea, with the shares per group that decided it."""
    improvement: str
    verdict: Verdict
    support: dict[str, float] = field(default_factory=dict)  # ratings: share in the top third; dots/rank: share voting
    against: dict[str, float] = field(default_factory=dict)  # ratings only: share in the bottom third
    n: dict[str, int] = field(default_factory=dict)


def top_third(scale: int) -> int:
    """Lowest rating in the top third of 1..scale: 4 on 1–5, 7 on 1–9."""
    return 1 + (2 * (scale - 1) + 2) // 3


def bottom_third(scale: int) -> int:
    """Highest rating in the bottom third of 1..scale: 2 on 1–5, 3 on 1–9."""
    return scale + 1 - top_third(scale)


def summarise(values: Sequence[float], *, threshold: int) -> RatingSummary:
    if not values:
        return RatingSummary(n=0, mean=None, median=None, agreement=None, threshold=threshold)
    return RatingSummary(n=len(values), mean=sum(values) / len(values), median=float(statistics.median(values)),
                         agreement=sum(v >= threshold for v in values) / len(values), threshold=threshold)


def quadrant(criteria: Sequence[str], means: dict[str, float | None], scale: int) -> Quadrant | None:
    """Place an idea on the 2×2 of its first two rating questions, split at the scale midpoint.

    The benefit question (importance, impact) goes first; the other is read as ease (feasibility) unless it is
    an effort-like question, where low is good. A mean exactly on the midpoint counts as the less favourable side,
    so a quick win is clearly good on both.
    """
    if len(criteria) < 2:
        return None
    benefit, ease = criteria[0], criteria[1]
    if benefit.lower() in LOWER_IS_BETTER and ease.lower() not in LOWER_IS_BETTER:
        benefit, ease = ease, benefit
    value, other = means.get(benefit), means.get(ease)
    if value is None or other is None:
        return None
    middle = (1 + scale) / 2
    high = value > middle
    easy = other < middle if ease.lower() in LOWER_IS_BETTER else other > middle
    return {(True, True): Quadrant.QUICK_WIN, (True, False): Quadrant.MAJOR_PROJECT,
            (False, True): Quadrant.FILL_IN, (False, False): Quadrant.THANKLESS_TASK}[(high, easy)]


def consensus(method: model.Method, improvements: Sequence[str], groups: dict[str, list[model.Ballot]], *,
              thresholds: model.Consensus, scale: int = 9, criterion: str = '', top_k: int = 0,
              ) -> dict[str, ConsensusItem] | None:
    """Delphi-style consensus per idea, checked in every group (each group's ballots given separately).

    Ratings (on `criterion`): "in" when in every group at least `agree_in` rate it in the top third and fewer than
    `disagree_max` in the bottom third; "out" when in every group at most `out_max` rate it in the top third.
    Dots: support is the share of a group who gave the idea at least one dot; ranking: the share who placed it in
    their top k. Neither has a way to disagree, so only the support thresholds apply. A ranking where everyone ranks
    every idea (k >= number of ideas) carries no support signal: None. Groups without a counted answer on an idea
    are left out of that idea's check; an idea nobody answered has no consensus.
    """
    if method == model.Method.RANK and (top_k <= 0 or top_k >= len(improvements)):
        return None
    result = {}
    for improvement in improvements:
        item = ConsensusItem(improvement=improvement, verdict=Verdict.NONE)
        for group, ballots in groups.items():
            answers = [a for a in (_answer(method, b, improvement, criterion, top_k) for b in ballots) if a is not None]
            if not answers:
                continue
            item.n[group] = len(answers)
            if method == model.Method.RATING:
                item.support[group] = sum(v >= top_third(scale) for v in answers) / len(answers)
                item.against[group] = sum(v <= bottom_third(scale) for v in answers) / len(answers)
            else:
                item.support[group] = sum(answers) / len(answers)
        if item.n:
            item.verdict = _verdict(item, thresholds)
        result[improvement] = item
    return result


def kendall_w(improvements: Sequence[str], ballots: Sequence[model.Ballot]) -> float | None:
    """Kendall's coefficient of concordance for a ranking round, with the correction for ties.

    Ideas a person did not rank (or passed on) share the bottom positions: with 5 ideas and a top 2, the other three
    each get position (3 + 4 + 5) / 3 = 4. People who ranked nothing are left out. None when undefined (fewer than
    two people or two ideas, or no differences at all).
    """
    m = len(improvements)
    rows, ties = [], 0.0
    for ballot in ballots:
        ranked = sorted((r, i) for i, r in ballot.ranks.items()
                        if i in improvements and i not in ballot.abstain and not ballot.abstain_all)
        if not ranked:
            continue
        positions = {i: float(p) for p, (_, i) in enumerate(ranked, start=1)}  # closes gaps left by passes
        rest = m - len(positions)
        bottom = len(positions) + (rest + 1) / 2
        rows.append([positions.get(i, bottom) for i in improvements])
        ties += rest ** 3 - rest
    n = len(rows)
    denominator = n ** 2 * (m ** 3 - m) - n * ties
    if n < 2 or m < 2 or denominator <= 0:
        return None
    sums = [sum(column) for column in zip(*rows)]
    mean = n * (m + 1) / 2
    return 12 * sum((s - mean) ** 2 for s in sums) / denominator


def stability(samples: Sequence[T], rank: Callable[[list[T]], dict[str, int]], improvements: Sequence[str], *,
              top: int, seed: int = 0, bootstrap: int = 200) -> dict[str, float] | None:
    """Share of bootstrap resamples of the participants in which each idea ranks within the top `top`.

    `samples` holds one entry per participant, `rank` turns a resample into rank numbers. The resamples come from
    `random.Random(seed)`, so the same ballots and seed always give the same figures. None without participants.
    """
    if not samples or bootstrap <= 0 or not improvements:
        return None
    rng = random.Random(seed)
    counts = dict.fromkeys(improvements, 0)
    for _ in range(bootstrap):
        ranks = rank([samples[rng.randrange(len(samples))] for _ in range(len(samples))])
        for improvement in improvements:
            counts[improvement] += ranks[improvement] <= top
    return {improvement: count / bootstrap for improvement, count in counts.items()}


def _answer(method: model.Method, ballot: model.Ballot, improvement: str, criterion: str, top_k: int) -> float | None:
    """One person's answer on one idea for the consensus check; None when it does not count (a pass, no rating)."""
    if ballot.abstain_all or improvement in ballot.abstain:
        return None
    return methods.get(method).support(ballot, improvement, criterion, top_k)


def _verdict(item: ConsensusItem, thresholds: model.Consensus) -> Verdict:
    slack = 1e-9  # shares such as 7/10 must meet a 0.70 threshold despite rounding
    if all(item.support[g] >= thresholds.agree_in - slack and item.against.get(g, 0.0) < thresholds.disagree_max
           for g in item.n):
        return Verdict.IN
    if all(item.support[g] <= thresholds.out_max + slack for g in item.n):
        return Verdict.OUT
    return Verdict.NONE
