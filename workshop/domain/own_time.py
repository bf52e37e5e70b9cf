"""Rounds over days, and who voted live or in their own time: pure, so the app, exports and command line agree.

A round may have a schedule (`opens_at` … `ends_at`, entered in the workshop's time zone): it opens and closes by
itself at those times (`due`), so people who cannot attend vote by the same join link when it suits them, with
nobody running a session.

**Live** is defined by the log, never by clocks: a voter is *live* in a round when their first vote or pass in that
round was recorded while the facilitator's live session was running (between a `session_started` and the next
`session_ended` event); everyone else who voted in that round took part *in their own time*. Changing a ballot later
does not change which one a person is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from workshop import i18n
from workshop.domain.model import Ballot, Round, RoundStatus
from workshop.domain.state import WorkshopState

LIVE = 'live'
OWN_TIME = 'own_time'
MODES = (LIVE, OWN_TIME)
DEFINITION = ('Live voters: people whose first vote or pass in a round was made while the facilitator\'s live '
              'session was running (started and ended on the facilitator console). Own-time voters: everyone else '
              'who voted in that round, at a time that suited them while the round was open.')


@dataclass(kw_only=True, slots=True, frozen=True)
class Due:
    """An event the schedule calls for now; the op id makes it happen once, whichever process writes it first."""
    type: str
    payload: dict[str, Any]
    op_id: str


def due(state: WorkshopState, now: float) -> list[Due]:
    """What the rounds' schedules call for at `now`: closing a scheduled round past its end, then opening a scheduled
    round (still a draft) whose time has come, when no other round is open. A round closed by hand stays closed."""
    changes: list[Due] = []
    open_round = state.open_round()
    for round_ in sorted(state.rounds.values(), key=lambda r: r.number):
        if round_.opens_at is None or round_.ends_at is None:
            continue
        if round_.status == RoundStatus.OPEN and now >= round_.ends_at:
            changes.append(Due(type='round_closed', payload={'round': round_.number, 'by': 'schedule'},
                               op_id=f'schedule:close:{round_.number}:{round_.ends_at}'))
            open_round = None
    for round_ in sorted(state.rounds.values(), key=lambda r: r.number):
        if (round_.opens_at is not None and round_.ends_at is not None and round_.status == RoundStatus.DRAFT
                and round_.opens_at <= now < round_.ends_at and open_round is None):
            changes.append(Due(type='round_opened', payload={'round': round_.number, 'closes_at': round_.ends_at,
                                                             'by': 'schedule'},
                               op_id=f'schedule:open:{round_.number}:{round_.opens_at}'))
            open_round = round_
    return changes


def upcoming(state: WorkshopState, now: float) -> Round | None:
    """The next scheduled round still to open (what a participant is told when nothing is open)."""
    waiting = [r for r in state.rounds.values()
               if r.status == RoundStatus.DRAFT and r.opens_at is not None and r.ends_at is not None and r.ends_at > now]
    return min(waiting, key=lambda r: r.opens_at or 0, default=None)


def check_schedule(opens_at: float, ends_at: float, now: float) -> None:
    if ends_at <= opens_at:
        raise i18n.Refusal('refused_schedule_end_first')
    if ends_at <= now:
        raise i18n.Refusal('refused_schedule_end_past')


def parse_local(text: str, zone: str, field: str) -> float:
    """A date and time as typed ('2026-12-01T09:00' or '2026-12-01 09:00'), in the workshop's time zone."""
    try:
        moment = dt.datetime.fromisoformat((text or '').strip())
    except ValueError:
        raise i18n.Refusal('refused_schedule_not_a_time', field=field, text=text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone or 'UTC'))
    return moment.timestamp()


def local_input(timestamp: float, zone: str) -> str:
    """The form's value for a timestamp: 'YYYY-MM-DDTHH:MM' in the workshop's time zone."""
    return dt.datetime.fromtimestamp(timestamp, ZoneInfo(zone or 'UTC')).strftime('%Y-%m-%dT%H:%M')


def when_text(timestamp: float, zone: str) -> str:
    """'Tue 2 Dec 2026, 17:00 NZDT': a moment as people in the workshop's time zone read it."""
    moment = dt.datetime.fromtimestamp(timestamp, ZoneInfo(zone or 'UTC'))
    return f'{moment:%a} {moment.day} {moment:%b %Y, %H:%M %Z}'


# --- live and own-time voters -----------------------------------------------------------------------------------

def mode_of(state: WorkshopState, round_number: int, participant: str) -> str:
    return state.vote_modes.get((round_number, participant), OWN_TIME)


def ballots(state: WorkshopState, round_number: int, mode: str | None = None) -> list[Ballot]:
    """The round's ballots; with a mode, only those of live (or own-time) voters."""
    return [b for b in state.ballots(round_number)
            if mode is None or mode_of(state, round_number, b.participant) == mode]


def turnout(state: WorkshopState, round_number: int) -> dict[str, dict[str, int]]:
    """Reporting group → {'live': n, 'own_time': n, 'joined': n}: who voted how in the round, against who joined."""
    workshop = state.workshop
    box = state.boxes.get(round_number)
    voted = set(box.voters()) if box else set()
    result: dict[str, dict[str, int]] = {}
    for participant in state.active_participants():
        counts = result.setdefault(workshop.reporting_group(participant.group), {LIVE: 0, OWN_TIME: 0, 'joined': 0})
        counts['joined'] += 1
        if participant.id in voted:
            counts[mode_of(state, round_number, participant.id)] += 1
    return result


def split_matters(state: WorkshopState) -> bool:
    """Whether live and own-time voting can differ here: a round has a schedule, or a live session was held."""
    return any(r.opens_at is not None for r in state.rounds.values()) or LIVE in state.vote_modes.values()


def keep_only(state: WorkshopState, mode: str) -> None:
    """Leave only live (or own-time) voters' ballots in a folded state, for an export of one kind of voter."""
    if mode not in MODES:
        raise i18n.Refusal('refused_voters_unknown', known=' or '.join(MODES), mode=mode)
    for number, box in state.boxes.items():
        for participant in list(box.entries):
            if mode_of(state, number, participant) != mode:
                box.remove_participant(participant)
