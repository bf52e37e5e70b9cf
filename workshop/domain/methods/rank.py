"""Ranking: each person ranks up to k ideas, best first; first place earns k points, second k - 1 and so on
(truncated Borda count), and an idea's score is its total of points."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workshop.domain import model
from workshop.domain.methods import ImportRow, VoteRefused, VotingMethod, Words, say

if TYPE_CHECKING:
    from workshop.domain.voting import BallotBox, _Entry


class Rank(VotingMethod):
    name = 'rank'
    position = 2
    event = 'ranking_cast'
    imports_whole_ballots = True
    settings = ('top_k',)
    how_report = ('Ranking: each person ranks up to k ideas; first place earns k points, second k - 1 and so on '
                  '(truncated Borda count); an idea\'s score is its total of points.')

    def check_round(self, round_: model.Round, n_items: int) -> None:
        if not 0 <= round_.top_k <= n_items:
            raise VoteRefused('round_top_k_range', n=n_items)

    def order(self, box: BallotBox, entry: _Entry, order: list[str], *, check: bool) -> None:
        """Replace the ballot's order (best first, at most top k ideas; empty clears it)."""
        if check:
            for improvement in order:
                box.require_in_round(improvement)
            if len(set(order)) != len(order):
                raise VoteRefused('vote_rank_twice')
            if len(order) > box.top_k:
                raise VoteRefused('vote_rank_too_many', n=box.top_k)
        entry.order = list(order)
        entry.abstain -= set(order)

    def replay(self, box: BallotBox, participant: str, payload: dict[str, Any]) -> None:
        box.apply_ranking(participant, list(payload['order']))

    def k(self, round_: model.Round, ballots: Sequence[model.Ballot], m: int) -> int:
        """The round's top k, or the longest ballot when it has none; never more than m."""
        return min(round_.top_k or max((len(b.ranks) for b in ballots), default=0), m)

    def points(self, ballot: model.Ballot, ideas: Sequence[str], k: int, criterion: str) -> dict[str, float]:
        return {i: k + 1 - r if 0 < (r := ballot.ranks.get(i, 0)) <= k else 0 for i in ideas}

    def support(self, ballot: model.Ballot, improvement: str, criterion: str, top_k: int) -> float | None:
        return float(0 < ballot.ranks.get(improvement, 0) <= top_k)

    def chose(self, ballot: model.Ballot) -> set[str]:
        return set(ballot.ranks)

    toggle_aria = ('rank_add_aria', 'rank_remove_aria')

    def card(self, box: BallotBox, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        place = ballot.ranks.get(improvement)
        return {'place': say('your_place', place=place) if place else say('not_ranked'),
                'toggle': {'words': say('rank_remove' if place else 'rank_add'), 'on': bool(place), 'switch': False},
                'order': place or 1000, 'can_up': bool(place and place > 1),
                'can_down': bool(place and place < len(ballot.ranks))}

    def toggled(self, ballot: model.Ballot, improvement: str) -> Any:
        order = sorted(ballot.ranks, key=ballot.ranks.__getitem__)
        return [i for i in order if i != improvement] if improvement in order else [*order, improvement]

    def summary(self, box: BallotBox, ballot: model.Ballot) -> Words | None:
        return say('rank_summary', n=len(ballot.ranks), k=box.top_k)

    def describe(self, round_: model.Round, box: BallotBox, k: int) -> tuple[str, str]:
        return f'Ranking, top {k}', 'Borda points'

    def import_round(self, round_: model.Round, answers: Sequence[ImportRow], criteria: list[str],
                     scale: int | None) -> None:
        round_.top_k = int(max((row.value for row in answers if row.value is not None), default=1))

    def import_check(self, box: BallotBox, answers: Sequence[ImportRow], problems: list[str]) -> None:
        for participant, ranked in _orders(answers).items():
            positions = [int(r.value) for r in ranked]
            if positions != list(range(1, len(positions) + 1)):
                problems.append(f'rows {", ".join(str(r.line) for r in ranked)}: participant {participant[7:]} must '
                                f'rank 1, 2, 3 … without gaps or repeats, found {positions}')
                continue
            try:
                box.set_ranking(participant, [r.improvement for r in ranked])
            except VoteRefused as e:
                problems.append(f'rows {ranked[0].line}–{ranked[-1].line}: {e.message}')

    def import_events(self, number: int, answers: Sequence[ImportRow]) -> list[tuple[dict[str, Any], ImportRow]]:
        return [({'round': number, 'participant': participant, 'order': [r.improvement for r in ranked]},
                 max(ranked, key=lambda r: r.at or 0))
                for participant, ranked in _orders(answers).items()]

    def already(self, ballot: model.Ballot, row: ImportRow) -> bool:
        return ballot.ranks.get(row.improvement) == row.value

    def line(self, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        return {'place': ballot.ranks.get(improvement)}

    def matrix_cell(self, line: Any, criterion: str) -> Any:
        return line.place


def _orders(answers: Sequence[ImportRow]) -> dict[str, list[ImportRow]]:
    """Each person's answers in the order of the places they gave."""
    orders: dict[str, list[ImportRow]] = defaultdict(list)
    for row in answers:
        orders[row.participant].append(row)
    return {p: sorted(ranked, key=lambda r: r.value) for p, ranked in orders.items()}


METHOD = Rank()
