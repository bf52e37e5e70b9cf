"""Ballots of one voting round: validation and current state. Pure: no I/O, no UI.

Every change is absolute ("2 dots on this idea", "my order is A, B, C"), so replaying the event log gives the same
state however often an event is applied. Validating and applying are separate steps: the live layer calls `check_*`
(raises `VoteRefused`), appends the event, then folds it in with `apply_*` (no checks, as in a replay). `set_*` is
check and apply in one. A refused change changes nothing. Who may vote at all (consent, withdrawal) is the live
layer's question; `remove_participant` drops a withdrawn participant's ballot.

Voting on an idea lifts a pass on it and passing on an idea removes the vote on it, so a ballot never says both.
Passing on the whole round clears the participant's votes; any later vote lifts that pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop import i18n
from workshop.domain import methods, model
from workshop.domain.methods.rank import METHOD as RANKING

VoteRefused = i18n.Refusal  # the one refusal type: a catalogue key (plain language meant for them) and its params


@dataclass(kw_only=True, slots=True)
class Recorded:
    """What a participant is told after an accepted change (announced as a status message): a catalogue key."""
    changed: bool  # False when the change repeats the current state, e.g. a replayed event or a second tab
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    dots_left: int | None = None  # dots rounds only

    @property
    def message(self) -> str:
        return i18n.text(self.key, 'en', **self.params).text


@dataclass(kw_only=True, slots=True)
class BallotBox:
    """The current ballots of one round, one per participant.

    `improvements` are the round's improvements in listing order; use `for_round` to resolve a round that lists
    none (meaning every improvement).
    """
    round: model.Round
    improvements: list[str]
    entries: dict[str, _Entry] = field(default_factory=dict, init=False)
    # participant → (the entry and group it was built from, the ballot): entries are replaced, never changed in place,
    # so a ballot is rebuilt only for who voted since. The tally reads every ballot four times a second while a
    # thousand people vote; rebuilt each time, that alone held the event loop for tens of milliseconds.
    _built: dict[str, tuple[_Entry, str, model.Ballot]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def for_round(cls, round: model.Round, all_improvements: list[str]) -> BallotBox:  # noqa: A002
        return cls(round=round, improvements=list(round.improvements or all_improvements))

    @property
    def method(self) -> methods.VotingMethod:
        """The round's voting method, which owns the rules of a vote (workshop/domain/methods)."""
        return methods.get(self.round.method)

    @property
    def budget(self) -> int:
        """Dots per participant; 0 in the round means about half the number of ideas (at least 1)."""
        return self.round.budget if self.round.budget > 0 else max(1, (len(self.improvements) + 1) // 2)

    @property
    def top_k(self) -> int:
        """How many ideas a participant may rank; 0 in the round means all of them."""
        m = len(self.improvements)
        return min(self.round.top_k, m) if self.round.top_k > 0 else m

    # --- checks: raise VoteRefused, change nothing --------------------------------------------------------------------

    def check_vote(self, participant: str, improvement: str, criterion: str | None, value: Any) -> None:
        self._with_vote(participant, improvement, criterion, value)

    def check_dots(self, participant: str, improvement: str, n: int) -> None:
        self._with_vote(participant, improvement, None, n, expect=model.Method.DOTS)

    def check_ranking(self, participant: str, order: list[str]) -> None:
        self._with_ranking(participant, order)

    def check_rating(self, participant: str, improvement: str, criterion: str, value: int | None) -> None:
        self._with_vote(participant, improvement, criterion, value, expect=model.Method.RATING)

    def check_abstain(self, participant: str, improvement: str | None, abstain: bool) -> None:
        self._with_abstain(participant, improvement, abstain)

    # --- changes: check, then apply -----------------------------------------------------------------------------------

    def set_vote(self, participant: str, improvement: str, criterion: str | None, value: Any) -> Recorded:
        """One vote on one idea as the round's method takes it: dots on it, a rating (on a question), …"""
        return self._vote_recorded(participant, *self._with_vote(participant, improvement, criterion, value))

    def set_dots(self, participant: str, improvement: str, n: int) -> Recorded:
        """Put exactly `n` dots on one idea."""
        return self._vote_recorded(participant, *self._with_vote(participant, improvement, None, n,
                                                                 expect=model.Method.DOTS))

    def set_ranking(self, participant: str, order: list[str]) -> Recorded:
        """Replace the participant's ranking with `order` (best first, at most `top_k` ideas; empty clears it)."""
        return self._recorded(participant, self._with_ranking(participant, order),
                              'recorded_ranking' if order else 'recorded_ranking_cleared')

    def set_rating(self, participant: str, improvement: str, criterion: str, value: int | None) -> Recorded:
        """Rate one idea on one question; None removes the rating."""
        return self._vote_recorded(participant, *self._with_vote(participant, improvement, criterion, value,
                                                                 expect=model.Method.RATING))

    def set_abstain(self, participant: str, improvement: str | None, abstain: bool) -> Recorded:
        """Pass (or stop passing) on one idea, or on the whole round when `improvement` is None."""
        return self._abstain_recorded(participant, improvement, abstain,
                                      self._with_abstain(participant, improvement, abstain))

    # --- replay: apply a change that was checked before it was stored -------------------------------------------------
    # No checks: the change was checked before it was stored, and the round may have closed or changed since.

    def apply_vote(self, participant: str, improvement: str, criterion: str | None, value: Any) -> Recorded:
        return self._vote_recorded(participant, *self._with_vote(participant, improvement, criterion, value,
                                                                 check=False))

    def apply_dots(self, participant: str, improvement: str, n: int) -> Recorded:
        return self.apply_vote(participant, improvement, None, n)

    def apply_ranking(self, participant: str, order: list[str]) -> Recorded:
        return self._recorded(participant, self._with_ranking(participant, order, check=False), 'recorded_ranking')

    def apply_rating(self, participant: str, improvement: str, criterion: str, value: int | None) -> Recorded:
        return self.apply_vote(participant, improvement, criterion, value)

    def apply_abstain(self, participant: str, improvement: str | None, abstain: bool) -> Recorded:
        return self._abstain_recorded(participant, improvement, abstain,
                                      self._with_abstain(participant, improvement, abstain, check=False))

    def remove_participant(self, participant: str) -> None:
        """Drop a withdrawn participant's ballot."""
        self.entries.pop(participant, None)
        self._built.pop(participant, None)

    # --- reading --------------------------------------------------------------------------------------------------

    def dots_left(self, participant: str) -> int:
        """Never below 0, even when the budget was lowered under what someone had already used."""
        entry = self.entries.get(participant)
        return max(0, self.budget - (sum(entry.dots.values()) if entry else 0))

    def voters(self) -> list[str]:
        """Participants with something on their ballot (a vote or a pass), in the order they first voted."""
        return [p for p, entry in self.entries.items() if not entry.empty]

    def ballot(self, participant: str, group: str = model.PREFER_NOT_TO_SAY) -> model.Ballot:
        """The participant's ballot; the same object while their entry and group stay the same (do not change it)."""
        entry = self.entries.get(participant)
        if entry is None:
            return self._build(participant, _Entry(), group)
        built = self._built.get(participant)
        if built is None or built[0] is not entry or built[1] != group:
            built = self._built[participant] = (entry, group, self._build(participant, entry, group))
        return built[2]

    @staticmethod
    def _build(participant: str, entry: _Entry, group: str) -> model.Ballot:
        return model.Ballot(participant=participant, group=group,
                            dots={i: n for i, n in entry.dots.items() if n},
                            ranks={i: position for position, i in enumerate(entry.order, start=1)},
                            ratings={c: dict(values) for c, values in entry.ratings.items() if values},
                            abstain=set(entry.abstain), abstain_all=entry.abstain_all)

    def ballots(self, groups: dict[str, str]) -> list[model.Ballot]:
        """Ballots of everyone who voted or passed; `groups` maps participant to stakeholder group."""
        return [self.ballot(p, groups.get(p, model.PREFER_NOT_TO_SAY)) for p in self.voters()]

    # --- helpers: each returns the would-be entry or raises -----------------------------------------------------------

    def _with_vote(self, participant: str, improvement: str, criterion: str | None, value: Any, *,
                   check: bool = True, expect: str | None = None) -> tuple[_Entry, str]:
        entry = self._start(participant, expect or self.round.method, improvement, check=check)
        return entry, self.method.vote(self, entry, improvement, criterion, value, check=check)

    def _with_ranking(self, participant: str, order: list[str], *, check: bool = True) -> _Entry:
        entry = self._start(participant, model.Method.RANK, check=check)
        RANKING.order(self, entry, list(order), check=check)
        return entry

    def _with_abstain(self, participant: str, improvement: str | None, abstain: bool, *, check: bool = True) -> _Entry:
        entry = self._start(participant, self.round.method, improvement, check=check, keep_pass=improvement is None)
        if improvement is None:
            entry.abstain_all = abstain
            return _Entry(abstain_all=True) if abstain else entry
        if abstain:
            entry.abstain.add(improvement)
            entry.dots.pop(improvement, None)
            entry.order = [i for i in entry.order if i != improvement]
            for values in entry.ratings.values():
                values.pop(improvement, None)
            entry.ratings = {c: values for c, values in entry.ratings.items() if values}
        else:
            entry.abstain.discard(improvement)
        return entry

    def _start(self, participant: str, method: str, improvement: str | None = None, *,
               check: bool = True, keep_pass: bool = False) -> _Entry:
        """Common checks; returns a copy of the participant's entry to change."""
        if check:
            self._require_open(method)
            if improvement is not None:
                self.require_in_round(improvement)
        entry = self.entries[participant].copy() if participant in self.entries else _Entry()
        if not keep_pass:
            entry.abstain_all = False  # voting again lifts a pass on the whole round
        return entry

    def _require_open(self, method: str) -> None:
        if self.round.status == model.RoundStatus.DRAFT:
            raise VoteRefused('vote_not_opened')
        if self.round.status != model.RoundStatus.OPEN:
            raise VoteRefused('vote_closed')
        if method != self.round.method:
            raise VoteRefused(f'vote_wants_{self.round.method.value}')

    def require_in_round(self, improvement: str) -> None:
        if improvement not in self.improvements:
            raise VoteRefused('vote_not_in_round')

    def _recorded(self, participant: str, entry: _Entry, key: str) -> Recorded:
        changed = self.entries.get(participant, _Entry()) != entry
        self.entries[participant] = entry
        return Recorded(changed=changed, key=key)

    def _vote_recorded(self, participant: str, entry: _Entry, key: str) -> Recorded:
        result = self._recorded(participant, entry, key)
        if self.method.keeps_budget:
            result.dots_left = self.dots_left(participant)
            result.params = {'n': result.dots_left}
        return result

    def _abstain_recorded(self, participant: str, improvement: str | None, abstain: bool, entry: _Entry) -> Recorded:
        key = ('passed_round' if improvement is None else 'passed_idea') if abstain else 'pass_removed'
        result = self._recorded(participant, entry, key)
        if self.method.keeps_budget:
            result.dots_left = self.dots_left(participant)
        return result


def check_round(round: model.Round, n_items: int) -> None:  # noqa: A002
    """Refuse a round set up so that nobody could vote in it sensibly (messages for the facilitator)."""
    if n_items < 1:
        raise VoteRefused('round_needs_idea')
    if len(set(round.improvements)) != len(round.improvements):
        raise VoteRefused('round_idea_twice')
    methods.get(round.method).check_round(round, n_items)


@dataclass(kw_only=True, slots=True)
class _Entry:
    dots: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)
    abstain: set[str] = field(default_factory=set)
    abstain_all: bool = False

    @property
    def empty(self) -> bool:
        return not (self.dots or self.order or any(self.ratings.values()) or self.abstain or self.abstain_all)

    def copy(self) -> _Entry:
        return _Entry(dots=dict(self.dots), order=list(self.order),
                      ratings={c: dict(values) for c, values in self.ratings.items()},
                      abstain=set(self.abstain), abstain_all=self.abstain_all)

