"""Rating: each person rates ideas 1 to `scale` on one or more questions (importance, feasibility…); an idea's
score is its mean rating on the first question."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workshop.domain import model
from workshop.domain.methods import ImportRow, VoteRefused, VotingMethod, whole

if TYPE_CHECKING:
    from workshop.domain.voting import BallotBox, _Entry


class Rating(VotingMethod):
    name = 'rating'
    position = 3
    settings = ('scale', 'criteria')
    how_report = ('Rating: each person rates ideas on a scale; an idea\'s score is its mean rating on the first '
                  'question.')

    def check_round(self, round_: model.Round, n_items: int) -> None:
        if not 2 <= round_.scale <= 10:
            raise VoteRefused('round_scale_range')
        if not round_.criteria or not all(round_.criteria) or len(set(round_.criteria)) != len(round_.criteria):
            raise VoteRefused('round_criteria')

    def vote(self, box: BallotBox, entry: _Entry, improvement: str, criterion: str | None, value: Any, *,
             check: bool) -> str:
        """Rate one idea on one question; None removes the rating."""
        if check and criterion is None:  # a vote without a question is no rating (a dots tap on a stale page)
            raise VoteRefused(f'vote_wants_{self.name}')
        criterion = criterion or ''
        if check and criterion not in box.round.criteria:
            raise VoteRefused('vote_rating_question')
        if check and value is not None and (not whole(value) or not 1 <= value <= box.round.scale):
            raise VoteRefused('vote_rating_range', scale=box.round.scale)
        values = entry.ratings.setdefault(criterion, {})
        if value is None:
            values.pop(improvement, None)
            if not values:
                del entry.ratings[criterion]
        else:
            values[improvement] = value
            entry.abstain.discard(improvement)
        return 'recorded_rating' if value is not None or not check else 'recorded_rating_removed'

    def replay(self, box: BallotBox, participant: str, payload: dict[str, Any]) -> None:
        box.apply_vote(participant, payload['improvement'], payload.get('criterion') or box.round.criteria[0],
                       payload['value'])

    def points(self, ballot: model.Ballot, ideas: Sequence[str], k: int, criterion: str) -> dict[str, float]:
        ratings = ballot.ratings.get(criterion, {})
        return {i: ratings[i] for i in ideas if i in ratings}

    def total(self, given: list[float]) -> float | None:
        return sum(given) / len(given) if given else None

    def answered(self, points: float) -> bool:
        return True  # any rating, even the lowest, is an answer

    def support(self, ballot: model.Ballot, improvement: str, criterion: str, top_k: int) -> float | None:
        return ballot.ratings.get(criterion, {}).get(improvement)

    def chose(self, ballot: model.Ballot) -> set[str]:
        return {i for values in ballot.ratings.values() for i in values}

    def score_text(self, score: float) -> str:
        return f'{score:.2f}'

    def score_words(self, score: float) -> tuple[str, dict[str, Any]]:
        return 'score_mean', {'mean': f'{score:.1f}'}

    def card(self, box: BallotBox, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        return {'rates': {c: v for c, rated in ballot.ratings.items() if (v := rated.get(improvement))}}

    def describe(self, round_: model.Round, box: BallotBox, k: int) -> tuple[str, str]:
        questions = ', '.join(round_.criteria)
        return f'Rating 1–{round_.scale}: {questions}', f'mean {round_.criteria[0]} (1–{round_.scale})'

    def import_round(self, round_: model.Round, answers: Sequence[ImportRow], criteria: list[str],
                     scale: int | None) -> None:
        round_.scale = scale or 5
        named = list(dict.fromkeys(criteria or [row.criterion for row in answers if row.criterion]))
        round_.criteria = named or ['importance']

    def already(self, ballot: model.Ballot, row: ImportRow) -> bool:
        return ballot.ratings.get(row.criterion, {}).get(row.improvement) == row.value

    def line(self, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        return {'ratings': {c: values[improvement] for c, values in ballot.ratings.items() if improvement in values}}

    def matrix_cell(self, line: Any, criterion: str) -> Any:
        value = line.ratings.get(criterion)
        return int(value) if value is not None and value == int(value) else value


METHOD = Rating()
