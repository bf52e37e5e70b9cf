"""Dots: each person shares out a budget of dots over the ideas, at most `cap` on one; an idea's score is its total."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workshop.domain import model
from workshop.domain.methods import ImportRow, VoteRefused, VotingMethod, Words, say, whole

if TYPE_CHECKING:
    from workshop.domain.voting import BallotBox, _Entry


class Dots(VotingMethod):
    name = 'dots'
    position = 1
    settings = ('budget', 'cap')
    keeps_budget = True
    how_report = 'Dots: each person shares out a number of dots; an idea\'s score is its total of dots.'

    def how_key(self, round_: model.Round) -> str:
        return 'how_to_dots' if round_.cap else 'how_to_dots_nocap'

    def check_round(self, round_: model.Round, n_items: int) -> None:
        if round_.budget < 0:
            raise VoteRefused('round_budget_below_0')
        if round_.cap < 0:
            raise VoteRefused('round_cap_below_0')

    def vote(self, box: BallotBox, entry: _Entry, improvement: str, criterion: str | None, value: Any, *,
             check: bool) -> str:
        n = value or 0
        if check:
            self._check_amount(box, entry, improvement, n)
        entry.dots[improvement] = n
        if not n:
            del entry.dots[improvement]
        entry.abstain.discard(improvement)
        return 'recorded_dots'

    def _check_amount(self, box: BallotBox, entry: _Entry, improvement: str, n: int) -> None:
        if not whole(n) or n < 0:
            raise VoteRefused('vote_dots_whole')
        if box.round.cap and n > box.round.cap:
            raise VoteRefused('vote_dots_cap', n=box.round.cap)
        current = entry.dots.get(improvement, 0)
        others = sum(entry.dots.values()) - current
        if others + n > box.budget and n > current:  # taking dots off is always allowed, even over a lowered budget
            left = box.budget - others - current
            if left <= 0:
                raise VoteRefused('vote_dots_used', n=box.budget)
            raise VoteRefused('vote_dots_only', n=left)

    def replay(self, box: BallotBox, participant: str, payload: dict[str, Any]) -> None:
        box.apply_vote(participant, payload['improvement'], None, int(payload['value'] or 0))

    def points(self, ballot: model.Ballot, ideas: Sequence[str], k: int, criterion: str) -> dict[str, float]:
        return {i: ballot.dots.get(i, 0) for i in ideas}

    def score_words(self, score: float) -> tuple[str, dict[str, Any]]:
        return 'score_dots', {'n': int(score)}

    def card(self, box: BallotBox, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        return {'count': say('your_dots', n=ballot.dots.get(improvement, 0))}

    def summary(self, box: BallotBox, ballot: model.Ballot) -> Words | None:
        return say('dots_summary', left=box.dots_left(ballot.participant), budget=box.budget)

    def describe(self, round_: model.Round, box: BallotBox, k: int) -> tuple[str, str]:
        cap = f', at most {round_.cap} on one idea' if round_.cap else ''
        return f'Dots, {box.budget} each{cap}', 'dots'

    def import_round(self, round_: model.Round, answers: Sequence[ImportRow], criteria: list[str],
                     scale: int | None) -> None:
        totals: dict[str, float] = {}
        for row in answers:
            if row.value is not None:  # not a pass
                totals[row.participant] = totals.get(row.participant, 0) + row.value
        round_.budget, round_.cap = int(max(totals.values(), default=1)) or 1, 0

    def import_check(self, box: BallotBox, answers: Sequence[ImportRow], problems: list[str]) -> None:
        for row in answers:
            if row.value != int(row.value) or row.value < 0:
                problems.append(f'row {row.line}, column value: dots are whole numbers from 0 up')
            else:
                super().import_check(box, [row], problems)

    def already(self, ballot: model.Ballot, row: ImportRow) -> bool:
        return ballot.dots.get(row.improvement) == row.value

    def line(self, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        return {'dots': ballot.dots.get(improvement, 0)}

    def matrix_cell(self, line: Any, criterion: str) -> Any:
        return line.dots


METHOD = Dots()
