"""Aggregation of a round's ballots: pooled, per group, group-balanced, plus consensus, agreement and stability.

Pure: no I/O, no UI. Higher score = higher priority: dots total, Borda points, or mean rating on the round's first
question. An idea someone passed on is neither scored nor counted as a zero for that person; passes are counted.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from workshop.domain import analysis, methods, model

TIE_RULE = ('Ideas with the same score share a rank, shown like "3=", and the next rank skips the shared places '
            '(1, 2, 3=, 3=, 5). Within a tie, ideas are listed in the order they were listed in the round.')

BALANCED_RULE = ('Group-balanced ranking: each stakeholder group ranks the ideas by its own total; an idea in place '
                 'p of m earns m + 1 - p points from that group, and the points of all groups are added up, so every '
                 'group weighs the same whatever its size. Ties share the places they span (mid-ranks): two ideas '
                 'tied for places 2 and 3 each earn the points of place 2.5, so every group hands out exactly '
                 '1 + 2 + … + m points. An idea nobody in a group answered shares that group\'s bottom places. '
                 'Groups whose own figures are hidden take part as one combined voice that weighs as many groups as '
                 'it holds, so the balanced list never reveals a small group\'s own order. Groups with no votes do '
                 'not take part.')

SUPPRESSION_RULE = ('Small groups: a stakeholder group\'s own figures (scores, ranks, voter numbers, consensus, '
                    'agreement) are shown only when at least {t} people in that group voted in the round '
                    '(primary suppression). If the hidden groups together have fewer than {t} voters, the next '
                    'smallest groups are hidden too (complementary suppression), so that the pooled figures minus '
                    'the groups shown never give a small group\'s own figures. Beside a single vote, ballot or '
                    'comment, a person\'s group is named only when that group is shown in every round and has at '
                    'least {t} participants. Example with a threshold of 5: patients 3, clinicians 6, '
                    'administrators 8 voters. Patients are hidden (3 < 5); pooled minus clinicians minus '
                    'administrators would give the patients\' totals, so clinicians, the smallest other group, are '
                    'hidden too: the subtraction now gives patients and clinicians together (9 people), never the '
                    'patients alone.')

COMPLEMENT_REASON = ('Also hidden so that a smaller group\'s figures cannot be worked out by subtracting the groups '
                     'shown from the total (complementary suppression).')
HIDDEN_TOGETHER = 'hidden groups combined'
"""Key of the one combined voice the hidden groups take part as, in the balanced ranking and consensus."""

PREFER_NOT_TO_SAY_RULE = ('People who preferred not to say their group count in the pooled results but not in the '
                          'group-balanced ranking or the consensus check: they are not a group and never form a bloc.')


@dataclass(kw_only=True, slots=True)
class ItemResult:
    improvement: str
    score: float | None  # None: nobody rated this idea
    rank: int
    shared: bool  # the rank is shared with another idea
    n: int  # people who gave this idea something: a dot, a place in their top k, a rating
    abstentions: int  # people who passed on this idea or on the whole round
    rank_sum: int | None = None  # ranking rounds: sum of places, an unranked idea counting as k + 1; lower is better
    ratings: dict[str, analysis.RatingSummary] = field(default_factory=dict)  # rating rounds, per question
    quadrant: analysis.Quadrant | None = None  # rating rounds with two questions
    label: str = field(init=False)  # '3=' for a shared rank; a field so that exports get it from asdict()

    def __post_init__(self) -> None:
        self.label = rank_label(self.rank, self.shared)


@dataclass(kw_only=True, slots=True)
class GroupResult:
    """One stakeholder group's results. Views and exports hide them when `suppressed`; the facilitator sees them
    with the reason as a warning."""
    group: str
    n: int  # people in this group who voted (not counting those who passed on the whole round)
    suppressed: bool
    reason: str  # why it is suppressed, '' if not
    items: list[ItemResult]


@dataclass(kw_only=True, slots=True)
class BalancedItem:
    improvement: str
    score: float  # sum over groups of m + 1 - the idea's (mid-)place in that group, times the group's weight
    rank: int
    shared: bool
    points: dict[str, float]  # per group, or HIDDEN_TOGETHER for the hidden groups' one combined voice
    label: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = rank_label(self.rank, self.shared)


@dataclass(kw_only=True, slots=True)
class RoundResult:
    method: model.Method
    improvements: list[str]
    n: int  # people who voted (not counting those who passed on the whole round)
    passed: int  # people who passed on the whole round
    k: int  # ranking rounds: the top k used for Borda points
    top: int  # stability counts how often an idea ranks within this top: the round's top k, else settings.rank_top_k
    pooled: list[ItemResult]
    balanced: list[BalancedItem]
    balanced_groups: list[str]  # the voices of the balanced ranking: shown groups, then HIDDEN_TOGETHER if any
    by_group: dict[str, GroupResult]
    consensus: dict[str, analysis.ConsensusItem] | None  # checked per voice, as the balanced ranking
    kendall_w: float | None
    kendall_w_groups: dict[str, float | None]  # per shown group (ranking rounds)
    stability: dict[str, float] | None
    tie_rule: str = TIE_RULE

    @property
    def hidden(self) -> list[str]:
        """Groups whose own figures may not leave the facilitator's and lead's screens."""
        return [g for g, r in self.by_group.items() if r.suppressed]


def analyse(round: model.Round, improvements: list[str], ballots: list[model.Ballot], groups: list[str],  # noqa: A002
            settings: model.Settings, seed: int = 0, bootstrap: int = 200, agree_at: int | None = None,
            hide: Mapping[str, str] | None = None) -> RoundResult:
    """Everything the facilitator, presenter, lead view and exports show about one round.

    `improvements` are the round's ideas in listing order (the order within ties); `groups` the workshop's
    reporting groups in display order (groups only seen on ballots are added after them). Ballots carry a person's
    stream; streams combined in `settings.reporting_groups` are counted as that group. `hide` (group → reason) hides
    groups whatever their size, as across a project's events (workshop/domain/project.py).
    """
    m = len(improvements)
    k = borda_k(round, ballots, m)
    ballots = [as_reported(b, settings) for b in ballots]
    counted = [b for b in ballots if not b.abstain_all]
    pooled = score(round, improvements, ballots, k=k, agree_at=agree_at)
    split = split_by_group(ballots, groups)
    sizes = {g: sum(not b.abstain_all for b in members) for g, members in split.items()}
    reasons = suppress(sizes, settings.suppression_threshold, hide)
    by_group = {group: GroupResult(group=group, n=sizes[group], suppressed=group in reasons,
                                   reason=reasons.get(group, ''),
                                   items=score(round, improvements, members, k=k, agree_at=agree_at))
                for group, members in split.items()}
    named = [g for g in by_group if g != model.PREFER_NOT_TO_SAY and sizes[g]]
    voices = {g: [b for b in split[g] if not b.abstain_all] for g in named if g not in reasons}
    weights = dict.fromkeys(voices, 1)
    if hidden := [g for g in named if g in reasons]:
        voices[HIDDEN_TOGETHER] = [b for g in hidden for b in split[g] if not b.abstain_all]
        weights[HIDDEN_TOGETHER] = len(hidden)
    voice_items = {v: score(round, improvements, members, k=k) for v, members in voices.items()}
    top = min(round.top_k if 'top_k' in methods.get(round.method).settings and round.top_k > 0
              else settings.rank_top_k, m)
    criterion = round.criteria[0] if round.criteria else ''
    # a canonical order: who voted first cannot matter (only the bootstrap resamples them: live tallies skip it)
    samples = sorted((_points(round.method, b, improvements, k, criterion) for b in counted),
                     key=lambda points: sorted(points.items())) if bootstrap > 0 else []
    ranked = round.method == model.Method.RANK
    return RoundResult(
        method=round.method, improvements=list(improvements), n=len(counted), passed=len(ballots) - len(counted),
        k=k, top=top, pooled=pooled, by_group=by_group, balanced_groups=list(voices),
        balanced=balance(voice_items, improvements, weights),
        consensus=analysis.consensus(round.method, improvements, voices or {analysis.EVERYONE: counted},
                                     thresholds=settings.consensus, scale=round.scale, criterion=criterion, top_k=k),
        kendall_w=analysis.kendall_w(improvements, ballots) if ranked else None,
        kendall_w_groups={g: analysis.kendall_w(improvements, split[g]) for g in named if g not in reasons}
        if ranked else {},
        stability=analysis.stability(samples, lambda sample: _ranks(round.method, sample, improvements),
                                     improvements, top=top, seed=seed, bootstrap=bootstrap),
    )


def as_reported(ballot: model.Ballot, settings: model.Settings) -> model.Ballot:
    """The ballot under its reporting group: a stream combined in the settings counts as that group."""
    for combined in settings.reporting_groups:
        if ballot.group in combined.streams:
            return replace(ballot, group=combined.id)
    return ballot


def suppress(sizes: dict[str, int], threshold: int, forced: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which groups' own figures are hidden, with the reason for each (SUPPRESSION_RULE).

    Primary: fewer than `threshold` voters. Complementary: while the hidden named groups together have fewer than
    `threshold` voters, the smallest shown group is hidden too, so pooled minus shown never isolates a small group.
    People who preferred not to say are no group: their figures follow the primary rule only and never serve as the
    complement (they do not take part in the balanced ranking that the complement also protects).
    """
    reasons = {g: reason for g, n in sizes.items() if (reason := suppression_reason(n, threshold)) is not None}
    reasons.update({g: reason for g, reason in (forced or {}).items() if g in sizes and g not in reasons})
    named = [g for g, n in sizes.items() if n and g != model.PREFER_NOT_TO_SAY]
    hidden = [g for g in named if g in reasons]
    shown = sorted((g for g in named if g not in reasons), key=lambda g: (sizes[g], named.index(g)))
    while hidden and sum(sizes[g] for g in hidden) < threshold and shown:
        complement = shown.pop(0)
        reasons[complement] = COMPLEMENT_REASON
        hidden.append(complement)
    return reasons


def score(round: model.Round, improvements: Sequence[str], ballots: Sequence[model.Ballot], *,  # noqa: A002
          k: int, agree_at: int | None = None) -> list[ItemResult]:
    """Scores and ranks of the ideas over the given ballots, best first."""
    criterion = round.criteria[0] if round.criteria else ''
    method = methods.get(round.method)
    points = [_points(round.method, b, improvements, k, criterion) for b in ballots]
    totals = _totals(round.method, points, improvements)
    results = []
    for improvement, rank, shared in competition_ranks(totals, improvements):
        given = sum(improvement in p and method.answered(p[improvement]) for p in points)
        item = ItemResult(improvement=improvement, score=totals[improvement], rank=rank, shared=shared, n=given,
                          abstentions=sum(b.abstain_all or improvement in b.abstain for b in ballots))
        if round.method == model.Method.RANK:
            counted = sum(improvement in p for p in points)  # an idea left unranked counts as place k + 1
            item.rank_sum = int(counted * (k + 1) - (totals[improvement] or 0))
        if round.method == model.Method.RATING:
            threshold = agree_at or analysis.top_third(round.scale)
            item.ratings = {c: analysis.summarise(_ratings(ballots, improvement, c), threshold=threshold)
                            for c in round.criteria}
            item.quadrant = analysis.quadrant(round.criteria, {c: s.mean for c, s in item.ratings.items()},
                                              round.scale)
        results.append(item)
    return results


def balance(group_items: dict[str, list[ItemResult]], improvements: Sequence[str],
            weights: dict[str, int] | None = None) -> list[BalancedItem]:
    """James Lind Alliance group-balanced ranking from each group's own ranked results (see BALANCED_RULE).

    Ties share the places they span (mid-ranks), so each group gives out 1 + 2 + … + m points times its weight
    whatever its ties; ideas a group did not answer (score None) tie at the bottom.
    """
    m = len(improvements)
    points: dict[str, dict[str, float]] = {i: {} for i in improvements}
    for group, items in group_items.items():
        weight = (weights or {}).get(group, 1)
        for item, place in zip(items, mid_ranks(items)):
            points[item.improvement][group] = weight * (m + 1 - place)
    totals = {i: sum(p.values()) for i, p in points.items()}
    return [BalancedItem(improvement=i, score=totals[i], rank=rank, shared=shared, points=points[i])
            for i, rank, shared in competition_ranks(totals, improvements)]


def mid_ranks(items: Sequence[ItemResult]) -> list[float]:
    """The place of each ranked item, ties sharing the mean of the places they span: 1, 2.5, 2.5, 4."""
    size = {rank: sum(i.rank == rank for i in items) for rank in {i.rank for i in items}}
    return [i.rank + (size[i.rank] - 1) / 2 for i in items]


def points_text(value: float) -> str:
    """Balanced points as people read them: 12, 7.5."""
    return f'{value:.1f}'.rstrip('0').rstrip('.')


def competition_ranks(scores: Mapping[str, float | None], order: Sequence[str]) -> list[tuple[str, int, bool]]:
    """The tie rule (TIE_RULE): (idea, rank, shared) best first; None scores come last."""
    position = {i: n for n, i in enumerate(order)}
    # rounding: float noise in a mean must neither split a tie nor break one
    keys = {i: (1, 0.0) if (s := scores[i]) is None else (0, -round(s, 9)) for i in order}
    ordered = sorted(order, key=lambda i: (keys[i], position[i]))
    ranks: list[int] = []
    for n, improvement in enumerate(ordered):
        ranks.append(ranks[-1] if n and keys[improvement] == keys[ordered[n - 1]] else n + 1)
    return [(i, r, ranks.count(r) > 1) for i, r in zip(ordered, ranks)]


def rank_label(rank: int, shared: bool) -> str:
    """'3=' for a shared rank, '3' otherwise."""
    return f'{rank}=' if shared else str(rank)


def suppression_reason(n: int, threshold: int = 5) -> str | None:
    """Why a group's figures are not shown to participants or in exports; None when they may be shown."""
    if n == 0:
        return 'Nobody in this group has voted yet.'
    if n < threshold:
        return (f'Fewer than {threshold} people in this group answered, '
                'so their results are not shown to protect privacy.')
    return None


def borda_k(round: model.Round, ballots: Sequence[model.Ballot], m: int) -> int:  # noqa: A002
    """The k of truncated Borda: the round's top k, or the longest ballot when it has none; never more than m."""
    return methods.get(round.method).k(round, ballots, m)


def split_by_group(ballots: Sequence[model.Ballot], groups: Sequence[str]) -> dict[str, list[model.Ballot]]:
    """Ballots per group: the declared groups in order (possibly empty), then any other group seen on a ballot."""
    split: dict[str, list[model.Ballot]] = {g: [] for g in groups}
    for ballot in ballots:
        split.setdefault(ballot.group, []).append(ballot)
    return split


def _points(method: model.Method, ballot: model.Ballot, improvements: Sequence[str], k: int,
            criterion: str) -> dict[str, float]:
    """What one ballot gives each idea it counts for; ideas passed on are left out, not scored zero."""
    if ballot.abstain_all:
        return {}
    return methods.get(method).points(ballot, [i for i in improvements if i not in ballot.abstain], k, criterion)


def _totals(method: model.Method, points: Sequence[dict[str, float]], improvements: Sequence[str],
            ) -> dict[str, float | None]:
    total = methods.get(method).total
    return {i: total([p[i] for p in points if i in p]) for i in improvements}


def _ranks(method: model.Method, points: list[dict[str, float]], improvements: Sequence[str]) -> dict[str, int]:
    return {i: rank for i, rank, _ in competition_ranks(_totals(method, points, improvements), improvements)}


def _ratings(ballots: Sequence[model.Ballot], improvement: str, criterion: str) -> list[float]:
    return [b.ratings[criterion][improvement] for b in ballots
            if not b.abstain_all and improvement not in b.abstain and improvement in b.ratings.get(criterion, {})]
