"""The facilitation team: named co-facilitators and breakout hosts, each with their own link. Pure.

The workshop's own facilitator link stays the lead facilitator's: only it adds and revokes co-hosts. A co-facilitator
may do everything the lead facilitator does except manage the team; a breakout host may moderate comments, set their
own breakout's video room and run rounds in their own breakout, but not run the whole workshop (focus, agenda, lock,
content, splitting into breakouts). Rights are checked in LiveWorkshop for every action.

Each co-host's token is shown once and kept only as a hash, salted with the workshop id so that an archive imported
as a new workshop never accepts the old links. Revoking is an event, so the audit trail keeps who was on the team
and when. Events: `cohost_added` (cohost, name, role, token_hash) and `cohost_revoked` (cohost).

The audit trail (`audit_trail`) says what each facilitator action did as a catalogue key and its parameters, for a
page to put in its reader's language: round and breakout numbers and a new member's name, never who a participant is.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

COFACILITATOR = 'facilitator'  # a co-facilitator acts with the facilitator role
HOST = 'host'
ROLES = (COFACILITATOR, HOST)
LEAD_FACILITATOR = 'facilitator'  # what the log records for the workshop's own facilitator link
EVENTS = ('cohost_added', 'cohost_revoked')


@dataclass(kw_only=True, slots=True)
class CoHost:
    id: str
    name: str
    role: str  # COFACILITATOR or HOST
    token_hash: str
    added_at: float = 0.0
    revoked: bool = False


@dataclass(kw_only=True, slots=True)
class Team:
    cohosts: dict[str, CoHost] = field(default_factory=dict)

    def apply(self, type_: str, payload: dict[str, Any], at: float) -> None:
        if type_ == 'cohost_added':
            self.cohosts[payload['cohost']] = CoHost(id=payload['cohost'], name=payload['name'], role=payload['role'],
                                                     token_hash=payload['token_hash'], added_at=at)
        elif type_ == 'cohost_revoked' and (cohost := self.cohosts.get(payload['cohost'])):
            cohost.revoked = True

    def active(self) -> list[CoHost]:
        return [c for c in self.cohosts.values() if not c.revoked]

    def get_active(self, cohost_id: str) -> CoHost | None:
        cohost = self.cohosts.get(cohost_id)
        return cohost if cohost is not None and not cohost.revoked else None

    def by_token(self, workshop_id: str, token: str) -> CoHost | None:
        """The active co-host whose link this token is, if any."""
        wanted = token_hash(workshop_id, token)
        return next((c for c in self.active() if hmac.compare_digest(c.token_hash, wanted)), None)

    def cohost_of(self, logged: str) -> CoHost | None:
        """The co-host (revoked or not) an event's actor names, if any: 'host:<id>' → that host."""
        cohost_id = logged.partition(':')[2]
        return self.cohosts.get(cohost_id) if cohost_id else None

    def name_of(self, logged: str) -> str:
        """The name the audit trail shows for an event's actor: a co-host's name and role, or the role itself."""
        role, _, cohost_id = logged.partition(':')
        cohost = self.cohosts.get(cohost_id) if cohost_id else None
        if cohost is None:
            return logged
        what = 'co-facilitator' if cohost.role == COFACILITATOR else 'breakout host'
        return f'{cohost.name} ({what})'


def token_hash(workshop_id: str, token: str) -> str:
    return hashlib.sha256(f'{workshop_id}:{token}'.encode()).hexdigest()


STAFF = ('facilitator', 'host', 'lead')  # whose events are facilitator actions (by the role before any ':<id>')


def facilitation_log(events: list[Any], team: Team) -> list[tuple[float, str, str]]:
    """(when, who, event type) of the audit trail's lines, oldest first (participants' own actions are their votes
    and comments, logged under their ids)."""
    return [(line.at, team.name_of(line.actor), line.type) for line in audit_trail(events)]


@dataclass(kw_only=True, slots=True, frozen=True)
class AuditLine:
    """One facilitator action as the audit trail says it: when, who (as logged: 'facilitator', 'host:<id>', …), and
    what, as a catalogue key with its parameters (round and breakout numbers, a new member's name; never who a
    participant is)."""
    at: float
    actor: str
    type: str  # the event as logged
    key: str
    params: dict[str, Any] = field(default_factory=dict)


AUDIT = {  # event type → what the audit trail says (a catalogue key); the types with a choice are in audit_action
    'stage_focused': 'audit_stage_focused', 'agenda_step': 'audit_agenda_step', 'round_created': 'audit_round_created',
    'round_opened': 'audit_round_opened', 'round_extended': 'audit_round_extended',
    'round_closed': 'audit_round_closed', 'round_scheduled': 'audit_round_scheduled',
    'shortlist_chosen': 'audit_shortlist_chosen', 'content_changed': 'audit_content_changed',
    'proposal_approved': 'audit_proposal_approved', 'session_started': 'audit_session_started',
    'session_ended': 'audit_session_ended', 'decision_recorded': 'audit_decision_recorded',
    'action_recorded': 'audit_action_recorded', 'consent_withdrawn': 'audit_consent_withdrawn',
    'participant_removed': 'audit_participant_removed', 'messages_sent': 'audit_messages_sent',
    'cohost_added': 'audit_cohost_added', 'cohost_revoked': 'audit_cohost_revoked',
    'breakouts_set': 'audit_breakouts_set', 'support_paired': 'audit_support_paired',
    'breakouts_ended': 'audit_breakouts_ended',
}


def audit_action(type_: str, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """What a facilitator action did, as a catalogue key and its parameters. A type this version does not know (an
    archive from a newer one) is named as logged."""
    number = payload.get('round')
    params: dict[str, Any] = {'n': number.get('number') if isinstance(number, dict) else number}
    if type_ == 'results_revealed':
        return ('audit_results_revealed' if payload.get('revealed', True) else 'audit_results_hidden'), params
    if type_ == 'workshop_locked':
        return ('audit_workshop_locked' if payload.get('locked', True) else 'audit_workshop_unlocked'), {}
    if type_ == 'comment_hidden':
        return ('audit_comment_hidden' if payload.get('hidden', True) else 'audit_comment_shown'), {}
    if type_ == 'breakout_moved':
        breakout = payload.get('breakout', '')
        return ('audit_breakout_moved', {'n': _number(breakout)}) if breakout else ('audit_breakout_moved_out', {})
    if type_ == 'breakout_updated':
        what = next((f for f in ('room', 'focus', 'host') if f in payload), 'room')
        return f'audit_breakout_{what}', {'n': _number(payload.get('breakout', ''))}
    if type_ == 'breakouts_set':
        return AUDIT[type_], {'n': len(payload.get('breakouts', []))}
    if type_ == 'cohost_added':
        return AUDIT[type_], {'name': payload.get('name', '')}
    if type_ in AUDIT:
        return AUDIT[type_], {k: v for k, v in params.items() if v is not None}
    return 'audit_other', {'what': type_.replace('_', ' ')}


def audit_trail(events: list[Any], *, staff: tuple[str, ...] = STAFF) -> list[AuditLine]:
    """Every action of the facilitation team and the lead, oldest first, in words a page looks up."""
    lines = []
    for e in events:
        if e.actor.partition(':')[0] in staff:
            key, params = audit_action(e.type, e.payload)
            lines.append(AuditLine(at=e.at, actor=e.actor, type=e.type, key=key, params=params))
    return lines


def _number(breakout: str) -> int:
    """'b3' → 3."""
    return int(breakout[1:]) if breakout[1:].isdigit() else 0
