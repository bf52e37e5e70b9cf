"""The facilitation team: named co-facilitators and breakout hosts, each with their own link. Pure.

The workshop's own facilitator link stays the lead facilitator's: only it adds and revokes co-hosts. A co-facilitator
may do everything the lead facilitator does except manage the team; a breakout host may moderate comments, set their
own breakout's video room and run rounds in their own breakout, but not run the whole workshop (focus, agenda, lock,
content, splitting into breakouts). Rights are checked in LiveWorkshop for every action.

Each co-host's token is shown once and kept only as a hash, salted with the workshop id so that an archive imported
as a new workshop never accepts the old links. Revoking is an event, so the audit trail keeps who was on the team
and when. Events: `cohost_added` (cohost, name, role, token_hash) and `cohost_revoked` (cohost).
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


def facilitation_log(events: list[Any], team: Team, *, staff: tuple[str, ...] = ('facilitator', 'host', 'lead'),
                     ) -> list[tuple[float, str, str]]:
    """(when, who, event type) of every action taken by the facilitation team or the lead, oldest first: the audit
    trail of who did what (participants' own actions are their votes and comments, logged under their ids)."""
    return [(e.at, team.name_of(e.actor), e.type) for e in events if e.actor.partition(':')[0] in staff]
