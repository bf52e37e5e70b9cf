"""Voting methods: one module each in this folder, found by name; everything else asks `get(name)` or `every()`.

A method owns its rules: what a round of it needs (`check_round`), what one vote may be and how it changes a ballot
(`vote`), how a ballot scores the ideas (`points`, `total`), what counts as support for the consensus check
(`support`), how its score reads, how its ballots are read from a spreadsheet or CSV file (`import_*`), its cells in
the exports (`line`, `matrix_cell`), and its words: the catalogue's `method_<name>` (its name), `how_to_<name>` (how
to vote), `vote_wants_<name>` (a vote of another method refused). Adding a method is one module here defining
`METHOD`, its words in the catalogue and, where its ballot is not one of the shapes the participant page already
shows, its mode there. Pure: no I/O, no UI.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from workshop import i18n
from workshop.domain import model

if TYPE_CHECKING:
    from workshop.domain.voting import BallotBox, _Entry

VoteRefused = i18n.Refusal


class Words(NamedTuple):
    """Words for the participant's page: a catalogue key and its parameters (the page says them in its language)."""
    key: str
    params: dict[str, Any] = {}


def say(key: str, **params: Any) -> Words:
    return Words(key, params)


class ImportRow(Protocol):
    """One answer read from a ballot file (exports/ballots.py reads the file; the method judges the answer)."""
    line: int  # as the person sees it in their spreadsheet
    participant: str
    improvement: str
    value: Any  # a number; None: a pass (only `import_round` sees passes)
    criterion: str  # '' unless the method asks questions
    at: float | None


class VotingMethod:
    name: ClassVar[str]
    position: ClassVar[int]  # where it stands among the methods the facilitator chooses from
    event: ClassVar[str] = 'vote_cast'  # how a change is stored: one idea's value; 'ranking_cast': the whole order
    settings: ClassVar[tuple[str, ...]] = ()  # the round's fields the facilitator sets for it
    mode: ClassVar[str] = ''  # the participant page's controls for it ('' : its own, named after the method)
    how_report: ClassVar[str] = ''  # the exports' Method text: how people vote and how an idea's score is made
    keeps_budget: ClassVar[bool] = False  # a participant is told what is left of a budget after each vote
    imports_whole_ballots: ClassVar[bool] = False  # a file's answers are checked a person at a time, not a row

    @property
    def label_key(self) -> str:
        return f'method_{self.name}'

    def how_key(self, round_: model.Round) -> str:
        return f'how_to_{self.name}'

    # --- rules ----------------------------------------------------------------------------------------------------

    def check_round(self, round_: model.Round, n_items: int) -> None:
        """Refuse settings with which nobody could vote sensibly (messages for the facilitator)."""

    def vote(self, box: BallotBox, entry: _Entry, improvement: str, criterion: str | None, value: Any, *,
             check: bool) -> str:
        """Change the would-be `entry` by one vote on one idea (refusing it first when `check`); returns the
        catalogue key of what the participant is told."""
        raise VoteRefused(f'vote_wants_{box.round.method}')

    def replay(self, box: BallotBox, participant: str, payload: dict[str, Any]) -> None:
        """Fold a stored vote in again, unchecked (it was checked before it was stored)."""
        box.apply_vote(participant, payload['improvement'], payload.get('criterion'), payload['value'])

    # --- scoring ---------------------------------------------------------------------------------------------------

    def k(self, round_: model.Round, ballots: Sequence[model.Ballot], m: int) -> int:
        """The k of truncated Borda (ranking methods); 0 for the others."""
        return 0

    def points(self, ballot: model.Ballot, ideas: Sequence[str], k: int, criterion: str) -> dict[str, float]:
        """What one ballot (not a pass on the round) gives each idea it counts for, passes left out."""
        raise NotImplementedError

    def total(self, given: list[float]) -> float | None:
        return sum(given)

    def answered(self, points: float) -> bool:
        """Whether these points make the ballot's owner one of the idea's voters."""
        return points > 0

    def support(self, ballot: model.Ballot, improvement: str, criterion: str, top_k: int) -> float | None:
        """One person's support for an idea in the consensus check (1.0 or 0.0; a rating for rating methods)."""
        return float(self.points(ballot, [improvement], top_k, criterion).get(improvement, 0) > 0)

    def chose(self, ballot: model.Ballot) -> set[str]:
        """The ideas this ballot gives something (the journey map's votes per stage)."""
        return {i for i, n in ballot.dots.items() if n}

    def score_text(self, score: float) -> str:
        """Scores as the exports write them: whole dots and points by default."""
        return str(int(round(score)))

    def score_words(self, score: float) -> tuple[str, dict[str, Any]]:
        """A score as the pages say it: a catalogue key and its parameters."""
        return 'score_points', {'n': int(score)}

    def criteria(self, round_: model.Round) -> list[str]:
        """The questions each idea is asked (rating methods), else none."""
        return list(round_.criteria) if 'criteria' in self.settings else []

    def describe(self, round_: model.Round, box: BallotBox, k: int) -> tuple[str, str]:
        """(the round as the exports name it, what its score is)."""
        raise NotImplementedError

    # --- ballots from a file ----------------------------------------------------------------------------------------

    def import_round(self, round_: model.Round, answers: Sequence[ImportRow], criteria: list[str],
                     scale: int | None) -> None:
        """Set up a round (closed, every idea) wide enough for ballots as they were cast on paper (`answers`
        include passes: value None)."""

    def import_check(self, box: BallotBox, answers: Sequence[ImportRow], problems: list[str]) -> None:
        """Run the file's answers (a row's, or with `imports_whole_ballots` everyone's) through the same checks as
        live votes, noting each problem with its row."""
        for row in answers:
            try:
                box.set_vote(row.participant, row.improvement, row.criterion or None, self.import_value(row))
            except VoteRefused as e:
                problems.append(f'row {row.line}: {e.message}')

    def import_value(self, row: ImportRow) -> Any:
        return int(row.value) if row.value == int(row.value) else row.value

    def import_events(self, number: int, answers: Sequence[ImportRow]) -> list[tuple[dict[str, Any], ImportRow]]:
        """The events' payloads (with the row whose time they take), as a live vote stores them."""
        return [({'round': number, 'participant': row.participant, 'improvement': row.improvement,
                  'value': self.import_value(row), 'criterion': row.criterion or None}, row) for row in answers]

    def already(self, ballot: model.Ballot, row: ImportRow) -> bool:
        """Whether the ballot holds this answer already (a re-import adds nothing)."""
        raise NotImplementedError

    # --- the participant's page (words as catalogue keys; workshop/ui/participant shows them) -----------------------

    toggle_aria: ClassVar[tuple[str, str]] = ('', '')  # a card's one toggle button as heard: add it, take it out

    def card(self, box: BallotBox, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        """What this person's ballot shows on an idea's card in the method's mode. Under 'toggle', the card's one
        toggle button: {'words', 'on', 'switch'} (a switch is heard as pressed or not)."""
        return {}

    def toggled(self, ballot: model.Ballot, improvement: str) -> Any:
        """What a tap on the card's toggle button casts: a vote's value (or a ranking method's whole order)."""
        raise NotImplementedError

    def summary(self, box: BallotBox, ballot: model.Ballot) -> Words | None:
        """The line that stays in view at the foot of the page ("Dots left: 2 of 5"), if any."""
        return None

    # --- exports ----------------------------------------------------------------------------------------------------

    def line(self, ballot: model.Ballot, improvement: str) -> dict[str, Any]:
        """Its cells of a person × idea line of the Votes sheet: dots, place, ratings, or `extra` columns."""
        return {}

    def matrix_cell(self, line: Any, criterion: str) -> Any:
        """A person × idea cell of the matrix: what they gave the idea."""
        raise NotImplementedError


def whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@cache
def _methods() -> dict[str, VotingMethod]:
    found = [importlib.import_module(f'{__name__}.{m.name}').METHOD for m in pkgutil.iter_modules(__path__)]
    return {m.name: m for m in sorted(found, key=lambda m: (m.position, m.name))}


def every() -> list[VotingMethod]:
    """Every method, in the order the facilitator is offered them."""
    return list(_methods().values())


def names() -> list[str]:
    return list(_methods())


def get(name: str) -> VotingMethod:
    """The method of this name (a ValueError names the known ones, as for any unknown value)."""
    try:
        return _methods()[name]
    except KeyError:
        raise ValueError(f"unknown voting method '{name}' (known: {', '.join(_methods())})") from None
