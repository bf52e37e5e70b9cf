"""LiveWorkshop's breakout actions: split the people present into breakouts (workshop/domain/breakouts.py), reshuffle into
new groups, move people by hand, pair a support person with the patient they support, give each breakout a host and
a video room, end breakouts; and the round's results per breakout and combined (workshop/domain/plenary.py).

A breakout can also run on its own: its own focus (a stage for its members; none set follows the workshop's) and its
own rounds, which only its members see and vote in, revealed to them alone. A round for everyone runs in all
breakouts at once: each ballot belongs to its voter's breakout (breakout_state.py). One round at a time for each
person: a breakout's round cannot open while a round for everyone is open, nor the other way round.

A support person pairs themselves with the patient they support when they join, by the short pairing code shown on
the patient's own phone: nothing to find or type for the patient, and no names shown to anyone. The code is worked
out from the patient's secret participant id, so it cannot be listed; a wrong code counts towards the address's
attempt limit like a wrong join code (the join page's job).

Rights: facilitators (lead and co-) do all of it; a breakout host may set their own breakout's room and focus and
create, open, close and reveal their own breakout's rounds, never another breakout's nor a round for everyone.
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from workshop.actors import FACILITATOR, HOST, Actor, Refused, clean, fresh
from workshop.domain import breakouts, plenary
from workshop.domain.breakout_state import MAX_BREAKOUTS
from workshop.domain.model import PREFER_NOT_TO_SAY, Comment, Round
from workshop.live_part import LivePart

MAX_ROOM = 300
LIVED = frozenset({'patients', 'whanau'})  # the template streams of lived experience (patients, support persons)
SUPPORT = frozenset({'whanau'})  # the template stream of support persons / whānau

if TYPE_CHECKING:
    from workshop.domain.model import Workshop


class BreakoutActions(LivePart):
    def plan_breakouts(self, k: int, *, reshuffle: bool = False) -> list[list[str]]:
        """A balanced split of the people present into k breakouts (nothing is recorded): `reshuffle` keeps apart
        the pairs who were together before. Pure work on the state: a page may run it off the event loop."""
        if not 1 <= k <= MAX_BREAKOUTS:
            raise Refused('refused_breakout_count', most=MAX_BREAKOUTS)
        present = self.state.active_participants()
        if len(present) < 2:
            raise Refused('refused_breakouts_too_few')
        ids = {p.id for p in present}
        supports = self.state.breakouts.supports
        people = [breakouts.Person(id=p.id, group=p.group, supports=supports.get(p.id, '') if supports.get(
            p.id) in ids else '') for p in present]
        met: set[breakouts.Pair] = set()
        if reshuffle:
            for earlier in [*self.state.breakouts.history, list(self.state.breakouts.members().values())]:
                met |= breakouts.pairs(earlier)
        return breakouts.split(people, k, lived=lived_experience(self.workshop), met=met)

    @fresh()
    def set_breakouts(self, actor: Actor, plan: list[list[str]]) -> None:
        """Put everyone in the breakouts of a plan (from plan_breakouts, or edited)."""
        self._require(actor, FACILITATOR)
        self._require_unlocked()
        if not 1 <= len(plan) <= MAX_BREAKOUTS or any(not self.is_member(p) for members in plan for p in members):
            raise Refused('refused_breakout_plan')
        self._record('breakouts_set', {'breakouts': [list(m) for m in plan]}, actor=actor.log_name)
        self.breakouts_changed.emit()

    def split_breakouts(self, actor: Actor, k: int, *, reshuffle: bool = False) -> None:
        self._require(actor, FACILITATOR)
        self.set_breakouts(actor, self.plan_breakouts(k, reshuffle=reshuffle))

    @fresh()
    def move_to_breakout(self, actor: Actor, participant: str, breakout: str) -> None:
        """Move someone by hand ('' takes them out of the breakouts, back to the plenary)."""
        self._require(actor, FACILITATOR)
        if not self.is_member(participant):
            raise Refused('refused_no_participant')
        if breakout and breakout not in {b.id for b in self.state.breakouts.running()}:
            raise Refused('refused_no_breakout')
        self._record('breakout_moved', {'participant': participant, 'breakout': breakout}, actor=actor.log_name)
        self.breakouts_changed.emit()

    @fresh()
    def set_breakout_room(self, actor: Actor, breakout: str, room: str) -> None:
        """The breakout's video room, as people should see it (a name, or a link to open)."""
        self._require(actor, FACILITATOR, HOST)
        self._require_breakout_right(actor, breakout)
        self._record('breakout_updated', {'breakout': breakout, 'room': clean(room, MAX_ROOM).replace('\n', ' ')},
                     actor=actor.log_name)
        self.breakouts_changed.emit()

    @fresh()
    def set_breakout_focus(self, actor: Actor, breakout: str, stage_id: str) -> None:
        """The stage this breakout talks about now ('' follows the workshop's focus again)."""
        self._require(actor, FACILITATOR, HOST)
        self._require_breakout_right(actor, breakout)
        if stage_id and self.workshop.stage(stage_id) is None:
            raise Refused('refused_no_stage', stage=stage_id)
        self._record('breakout_updated', {'breakout': breakout, 'focus': stage_id}, actor=actor.log_name)
        self.breakouts_changed.emit()

    @fresh()
    def assign_host(self, actor: Actor, breakout: str, cohost: str) -> None:
        """A co-host hosts this breakout ('' for nobody)."""
        self._require(actor, FACILITATOR)
        self._require_running(breakout)
        if cohost and self.state.team.get_active(cohost) is None:
            raise Refused('refused_no_cohost')
        self._record('breakout_updated', {'breakout': breakout, 'host': cohost}, actor=actor.log_name)
        self.breakouts_changed.emit()

    @fresh()
    def pair_support(self, actor: Actor, supporter: str, supports: str) -> None:
        """A support person is kept in the same breakout as the participant they support ('' unpairs)."""
        self._require(actor, FACILITATOR)
        if not self.is_member(supporter) or supports and (not self.is_member(supports) or supports == supporter):
            raise Refused('refused_no_participant')
        self._record('support_paired', {'participant': supporter, 'supports': supports}, actor=actor.log_name)
        self.breakouts_changed.emit()

    def pair_code(self, participant: str) -> str:
        """Four digits shown on a patient's phone for their support person to type at joining."""
        digest = hashlib.sha256(f'{self.id}:pair:{participant}'.encode()).digest()
        return str(1000 + int.from_bytes(digest[:4], 'big') % 9000)

    def shows_pair_code(self, participant: str) -> bool:
        """Who is shown a pairing code: people with lived experience who are not support persons themselves, and
        people who preferred not to say their group (a patient may)."""
        person = self.state.participants.get(participant)
        return person is not None and not person.supported and person.group not in SUPPORT and (
            person.group in lived_experience(self.workshop) or person.group == PREFER_NOT_TO_SAY)

    def is_support_group(self, group: str | None) -> bool:
        return group in SUPPORT

    def supported_by_code(self, code: str, *, supporter: str = '') -> str:
        """The participant whose pairing code this is (refused when nobody's or more than one person's)."""
        code = ''.join(ch for ch in str(code) if ch.isdigit())
        found = [p.id for p in self.state.active_participants()
                 if p.id != supporter and self.shows_pair_code(p.id) and self.pair_code(p.id) == code]
        if len(found) != 1:
            raise Refused('refused_pair_code_twice' if found else 'refused_pair_code', code=code)
        return found[0]

    @fresh()
    def pair_by_code(self, actor: Actor, code: str) -> None:
        """A support person says whom they support, by the code on that person's phone."""
        self._require_participant(actor)
        supports = self.supported_by_code(code, supporter=actor.participant)
        self._record('support_paired', {'participant': actor.participant, 'supports': supports},
                     actor=actor.participant)
        self.breakouts_changed.emit()

    def supports_whom(self, participant: str) -> str:
        """The participant this support person is paired with ('' for nobody present)."""
        supports = self.state.breakouts.supports.get(participant, '')
        return supports if self.is_member(supports) else ''

    @fresh()
    def end_breakouts(self, actor: Actor) -> None:
        self._require(actor, FACILITATOR)
        if not self.state.breakouts.count:
            raise Refused('refused_no_breakout')
        self._record('breakouts_ended', {}, actor=actor.log_name)
        self.breakouts_changed.emit()

    # --- what pages show ----------------------------------------------------------------------------------------

    def breakout_of(self, participant: str) -> str:
        """The breakout this participant is in now ('' for none)."""
        return self.state.breakouts.member_of.get(participant, '') if self.state.breakouts.count else ''

    def focus_for(self, participant: str) -> str | None:
        """The stage in focus for this participant: their breakout's own, else the workshop's."""
        breakout = self.breakout_of(participant)
        own = self.state.breakouts.breakouts[breakout].focus if breakout else ''
        return own or self.state.focus

    def open_round_for(self, participant: str) -> Round | None:
        """The round this participant votes in now: their breakout's own, else the round for everyone."""
        breakout = self.breakout_of(participant)
        own = self.state.open_round(breakout) if breakout else None
        return own or self.state.open_round()

    def sees_round(self, participant: str, round_: Round) -> bool:
        """A breakout's own round is its members' (and, once they voted in it, theirs after a move) alone."""
        return not round_.breakout or round_.breakout == self.breakout_of(participant) or (
            round_.number, participant) in self.state.breakouts.ballots

    def breakout_comments(self, breakout: str) -> list[Comment]:
        """What the people in this breakout now have said (shown ones, newest first): its host's comments view."""
        members = set(self.breakout_members().get(breakout, []))
        return sorted((c for c in self.state.visible_comments() if c.participant in members), key=lambda c: -c.at)

    def breakout_members(self) -> dict[str, list[str]]:
        """Running breakout → the people in it now (withdrawn people left)."""
        return {b: [p for p in members if self.is_member(p)]
                for b, members in self.state.breakouts.members().items()}

    def combined(self, round_number: int) -> plenary.Combined:
        """The round's results per breakout and the plenary ranking, worked out once per change of what they depend
        on for every view that shows them (never change the object returned)."""
        key = (round_number, self.state.results_seq)
        cache = self.__dict__.setdefault('_combined', {})
        if key not in cache:
            for stale in [k for k in cache if k[1] != self.state.results_seq]:
                del cache[stale]
            cache[key] = self._combine(round_number)
        return cache[key]

    def _combine(self, round_number: int) -> plenary.Combined:
        box = self.state.boxes[round_number]
        used = sorted(set(self.state.breakouts.of_round(round_number).values()), key=lambda b: int(b[1:]))
        return plenary.combine(self.state.rounds[round_number], box.improvements, self.state.ballots(round_number),
                               self.state.breakouts.of_round(round_number), used, self.groups(),
                               self.workshop.settings)

    def _require_running(self, breakout: str) -> None:
        if breakout not in {b.id for b in self.state.breakouts.running()}:
            raise Refused('refused_no_breakout')


def lived_experience(workshop: Workshop) -> set[str]:
    """The streams of lived experience: patients and support persons / whānau, and any stream reported together
    with them (settings.reporting_groups), e.g. "lived experience"."""
    lived = {s.id for s in workshop.streams if s.id in LIVED}
    for combined in workshop.settings.reporting_groups:
        if lived & set(combined.streams):
            lived |= set(combined.streams)
    return lived - {PREFER_NOT_TO_SAY}
