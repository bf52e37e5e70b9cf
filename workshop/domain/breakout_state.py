"""Breakout groups as the event log holds them: who is in which breakout, each breakout's host and video room, who
supports whom, who was together before, and the breakout each ballot was cast in. Pure; folded by state.py.

Events:

| type | payload |
| --- | --- |
| breakouts_set | breakouts (lists of participant ids: breakout n is the n-th list). A split or a reshuffle: the earlier membership goes into the history of who was together. Rooms and hosts stay with their breakout number. |
| breakout_moved | participant, breakout (a breakout id, '' for none): a move by hand |
| breakout_updated | breakout, and any of room (the video room's name or link), host (a co-host id, '' for none), focus (a stage id its host put in focus, '' to follow the workshop's) |
| support_paired | participant (a support person), supports (the participant they support, '' for nobody) |
| breakouts_ended | (none): everyone back in the plenary; the membership goes into the history |

A ballot belongs to the breakout its voter was in when they first voted in that round (moves afterwards do not
carry votes across), recorded as the vote is folded in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENTS = ('breakouts_set', 'breakout_moved', 'breakout_updated', 'support_paired', 'breakouts_ended')
MAX_BREAKOUTS = 20


@dataclass(kw_only=True, slots=True)
class Breakout:
    id: str  # 'b1', 'b2', …: the breakout's number stays with its room and host across reshuffles
    room: str = ''
    host: str = ''  # a co-host id
    focus: str = ''  # the stage its host put in focus; '' follows the workshop's focus

    @property
    def number(self) -> int:
        return int(self.id[1:])


@dataclass(kw_only=True, slots=True)
class BreakoutState:
    breakouts: dict[str, Breakout] = field(default_factory=dict)  # every breakout ever used, by id
    member_of: dict[str, str] = field(default_factory=dict)  # participant → breakout id, while breakouts run
    history: list[list[list[str]]] = field(default_factory=list)  # earlier memberships (for reshuffles)
    supports: dict[str, str] = field(default_factory=dict)  # support person → the participant they support
    ballots: dict[tuple[int, str], str] = field(default_factory=dict)  # (round, participant) → breakout id
    count: int = 0  # breakouts in the current split (0: none running)

    def apply(self, type_: str, payload: dict[str, Any]) -> None:
        if type_ == 'breakouts_set':
            self._end()
            lists = payload['breakouts']
            self.count = len(lists)
            for n, members in enumerate(lists, start=1):
                breakout = self.breakouts.setdefault(f'b{n}', Breakout(id=f'b{n}'))
                self.member_of.update(dict.fromkeys(members, breakout.id))
        elif type_ == 'breakout_moved':
            if payload.get('breakout'):
                self.member_of[payload['participant']] = payload['breakout']
            else:
                self.member_of.pop(payload['participant'], None)
        elif type_ == 'breakout_updated':
            breakout = self.breakouts.setdefault(payload['breakout'], Breakout(id=payload['breakout']))
            breakout.room = payload.get('room', breakout.room)
            breakout.host = payload.get('host', breakout.host)
            breakout.focus = payload.get('focus', breakout.focus)
        elif type_ == 'support_paired':
            if payload.get('supports'):
                self.supports[payload['participant']] = payload['supports']
            else:
                self.supports.pop(payload['participant'], None)
        elif type_ == 'breakouts_ended':
            self._end()
            self.count = 0

    def voted(self, round_number: int, participant: str) -> None:
        """A vote was folded in: its ballot belongs to the voter's breakout now, unless it already has one."""
        if (breakout := self.member_of.get(participant)) is not None:
            self.ballots.setdefault((round_number, participant), breakout)

    def running(self) -> list[Breakout]:
        return [self.breakouts[f'b{n}'] for n in range(1, self.count + 1)]

    def members(self) -> dict[str, list[str]]:
        """Breakout id → its participants, in the order they were put there."""
        found: dict[str, list[str]] = {b.id: [] for b in self.running()}
        for participant, breakout in self.member_of.items():
            found.setdefault(breakout, []).append(participant)
        return found

    def host_of(self, breakout: str) -> str:
        return self.breakouts[breakout].host if breakout in self.breakouts else ''

    def hosted_by(self, cohost: str) -> list[str]:
        return [b.id for b in self.running() if b.host == cohost]

    def of_round(self, round_number: int) -> dict[str, str]:
        """Participant → the breakout their ballot in this round belongs to."""
        return {p: b for (r, p), b in self.ballots.items() if r == round_number}

    def _end(self) -> None:
        if self.member_of:
            self.history.append([m for m in self.members().values() if m])
        self.member_of = {}
