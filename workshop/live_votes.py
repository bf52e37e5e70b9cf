"""LiveWorkshop's vote actions: dots, ratings, rankings and passes on the open round, each voter's ballot, turnout,
and the round's results, worked out once per log position (off the event loop where the server has a worker) and
told to the facilitator and presenter at most every TALLY_INTERVAL.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right.
"""
from __future__ import annotations

import asyncio
import copy
import functools
import logging
from typing import Any

from workshop.actors import Actor, Refused, fresh
from workshop.domain import own_time, ranking, voting
from workshop.domain.model import PREFER_NOT_TO_SAY, Ballot, Method
from workshop.live_part import LivePart

TALLY_INTERVAL = 0.25  # seconds: tallies reach facilitator and presenter at most four times a second
RESULTS_INTERVAL = 1.0  # seconds: revealed results (on every phone) follow the votes at most once a second


class VoteActions(LivePart):
    _tally_pending: set[int]
    _tally_handle: asyncio.TimerHandle | None
    _working: set[int]
    _work: asyncio.Task | None
    _results: Any

    @fresh()
    def set_dots(self, actor: Actor, improvement: str, dots: int, op_id: str | None = None) -> int | None:
        """Put exactly `dots` dots on one improvement. Every vote method returns the dots left (None: not a dots
        round) once the change is committed; a retry with the same op_id is applied once."""
        box = self._box_for_vote(actor)
        box.check_dots(actor.participant, improvement, dots)
        return self._vote(box, actor, 'vote_cast', {'improvement': improvement, 'value': dots, 'criterion': None},
                          op_id)

    @fresh()
    def set_rating(self, actor: Actor, improvement: str, criterion: str, value: int | None,
                   op_id: str | None = None) -> int | None:
        box = self._box_for_vote(actor)
        box.check_rating(actor.participant, improvement, criterion, value)
        return self._vote(box, actor, 'vote_cast', {'improvement': improvement, 'value': value,
                                                    'criterion': criterion}, op_id)

    @fresh()
    def set_vote(self, actor: Actor, improvement: str, value: Any, op_id: str | None = None) -> int | None:
        """One vote on one idea as the open round's method takes it (workshop/domain/methods)."""
        box = self._box_for_vote(actor)
        box.check_vote(actor.participant, improvement, None, value)
        return self._vote(box, actor, 'vote_cast', {'improvement': improvement, 'value': value, 'criterion': None},
                          op_id)

    @fresh()
    def set_ranking(self, actor: Actor, order: list[str], op_id: str | None = None) -> int | None:
        box = self._box_for_vote(actor)
        box.check_ranking(actor.participant, list(order))
        return self._vote(box, actor, 'ranking_cast', {'order': list(order)}, op_id)

    @fresh()
    def set_abstain(self, actor: Actor, improvement: str | None, abstain: bool,
                    op_id: str | None = None) -> int | None:
        """Pass on one improvement, or on the whole round when `improvement` is None."""
        box = self._box_for_vote(actor)
        box.check_abstain(actor.participant, improvement, abstain)
        return self._vote(box, actor, 'abstained', {'improvement': improvement, 'abstain': bool(abstain)}, op_id)

    def ballot(self, participant_id: str, round_number: int) -> Ballot:
        """This participant's current ballot in a round (what their voting panel shows)."""
        box = self.state.boxes.get(round_number)
        participant = self.state.participants.get(participant_id)
        group = participant.group if participant else PREFER_NOT_TO_SAY
        return box.ballot(participant_id, group) if box else Ballot(participant=participant_id, group=group)

    def dots_left(self, participant_id: str, round_number: int) -> int | None:
        box = self.state.boxes.get(round_number)
        return box.dots_left(participant_id) if box and box.round.method == Method.DOTS else None

    def budget(self, round_number: int) -> int:
        return self.state.boxes[round_number].budget

    def top_k(self, round_number: int) -> int:
        return self.state.boxes[round_number].top_k

    def turnout(self, round_number: int) -> dict[str, tuple[int, int]]:
        """Group → (voted, joined) for the round: "2 of 5 whānau have voted" (a breakout's own round: its people)."""
        box = self.state.boxes.get(round_number)
        voted = set(box.voters()) if box else set()
        result: dict[str, tuple[int, int]] = {}
        people = self.state.active_participants()
        if box is not None and box.round.breakout:
            people = [p for p in people if self.sees_round(p.id, box.round)]
        for participant in people:
            group = self.workshop.reporting_group(participant.group)
            done, total = result.get(group, (0, 0))
            result[group] = (done + (participant.id in voted), total + 1)
        return result

    def turnout_by_mode(self, round_number: int) -> dict[str, dict[str, int]]:
        return own_time.turnout(self.state, round_number)

    def results(self, round_number: int, *, seed: int = 0, bootstrap: int = 200,
                voters: str | None = None) -> ranking.RoundResult:
        """A round's results; `voters` 'live' or 'own_time' keeps only those voters (own_time.py defines them)."""
        round_ = self.state.rounds[round_number]
        return ranking.analyse(round_, self.state.boxes[round_number].improvements,
                               own_time.ballots(self.state, round_number, voters), self.groups(),
                               self.workshop.settings, seed=seed, bootstrap=bootstrap)

    def tally(self, round_number: int) -> ranking.RoundResult:
        """Results without the bootstrap, computed once per change of what they depend on, for every view that shows
        them (shared: never change the object returned)."""
        return self._results.get(round_number, self.state.results_seq)

    def latest_tally(self, round_number: int) -> ranking.RoundResult:
        """What live views show while votes arrive: the newest results worked out off the event loop, which may lag
        the log by one TALLY_INTERVAL while newer ones are on their way (a `tally_changed` follows them). Without
        such newer ones coming, the exact `tally`."""
        if round_number in self._tally_pending or round_number in self._working:
            newest = self._results.newest(round_number)
            if newest is not None:
                return newest
        return self.tally(round_number)

    def _tally(self, round_number: int) -> ranking.RoundResult:
        return self.results(round_number, bootstrap=0)

    def _tally_inputs(self, round_number: int) -> tuple:
        """A copy of what the results of a round depend on, for working them out in another thread while the event
        loop folds in new votes."""
        box = self.state.boxes[round_number]
        return (copy.copy(self.state.rounds[round_number]), list(box.improvements), self.state.ballots(round_number),
                self.groups(), self.workshop.settings)

    def groups(self) -> list[str]:
        """The groups results are reported by: streams, or streams combined in the settings."""
        return [g for g, _ in self.workshop.reporting_groups()]

    def _vote(self, box: voting.BallotBox, actor: Actor, type_: str, payload: dict[str, Any],
              op_id: str | None) -> int | None:
        number = box.round.number
        # op_ids are scoped to the participant: nobody can block another person's vote by reusing its op_id
        if self._record(type_, {'round': number, 'participant': actor.participant, **payload},
                        actor=actor.participant, op_id=f'{actor.participant}:{op_id}' if op_id else None):
            self._tally_dirty(number)
            self.ballot_event(actor.participant).emit(number)
        return self.dots_left(actor.participant, number)

    def _box_for_vote(self, actor: Actor) -> voting.BallotBox:
        self._require_participant(actor)
        self._require_unlocked()
        round_ = self.open_round_for(actor.participant)
        if round_ is None:
            raise Refused('voting_not_open')
        if round_.closes_at and self.clock() >= round_.closes_at:
            raise Refused('refused_time_up')
        return self.state.boxes[round_.number]

    def _tally_dirty(self, *rounds: int) -> None:
        self._tally_pending.update(rounds)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._flush_tally()  # no event loop (command line, plain tests): tell at once
            return
        if self._tally_handle is None:
            self._tally_handle = loop.call_later(TALLY_INTERVAL, self._flush_tally)

    def _flush_tally(self) -> None:
        self._tally_handle = None
        if self._working:
            return  # results are being worked out: the next flush follows them
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        pending, self._tally_pending = self._tally_pending, set()
        if loop is not None and self.worker is not None and any(n in self.state.boxes for n in pending):
            # a thousand ballots take the analysis a tenth of a second or more: done on the event loop four times a
            # second, every tap and every page waited behind it. Worked out by another process from a copy instead
            # (a thread would still hold the interpreter's lock while the loop waits for it, taps and all).
            self._working = pending
            self._work = loop.create_task(self._work_out(sorted(pending)))
            return
        self._tell_tally(pending)

    async def _work_out(self, numbers: list[int]) -> None:
        for number in numbers:
            if number not in self.state.boxes:
                continue
            position, inputs = self.state.results_seq, self._tally_inputs(number)
            try:
                self._results.put(number, position, await asyncio.get_running_loop().run_in_executor(
                    self.worker, functools.partial(ranking.analyse, *inputs, bootstrap=0)))
            except Exception:  # views then work the results out themselves, as without a worker
                logging.getLogger(__name__).exception('results of round %s could not be worked out', number)
                self.worker = None
        self._working = set()
        self._tell_tally(set(numbers))
        if self._tally_pending and self._tally_handle is None:  # votes arrived meanwhile: their turn comes next
            self._tally_handle = asyncio.get_running_loop().call_later(TALLY_INTERVAL, self._flush_tally)

    def _tell_tally(self, pending: set[int]) -> None:
        for number in sorted(pending):
            self.tally_changed.emit(number)
        if any(self.state.rounds[n].revealed for n in pending if n in self.state.rounds):
            # revealed results are shown to everyone, so they follow the votes: at a pace a thousand phones can take
            self._results_due.add({'results'})
