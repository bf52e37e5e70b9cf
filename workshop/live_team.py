"""LiveWorkshop's facilitation-team actions: the lead facilitator adds and revokes named co-facilitators and breakout
hosts (workshop/domain/team.py), and the console shows who is facilitating now.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right.
"""
from __future__ import annotations

import secrets

from workshop.actors import FACILITATOR, MAX_NAME, Actor, Refused, clean, fresh
from workshop.domain import team
from workshop.live_part import LivePart


class TeamActions(LivePart):
    @fresh()
    def add_cohost(self, actor: Actor, name: str, role: str) -> tuple[str, str]:
        """A named co-facilitator or breakout host with their own link. Returns (their id, the token for their
        link): the token is shown once and stored only as a hash."""
        self._require_lead_facilitator(actor)
        name = clean(name, MAX_NAME)
        if not name:
            raise Refused('refused_cohost_name')
        if role not in team.ROLES:
            raise Refused('refused_cohost_role')
        if any(c.name.casefold() == name.casefold() for c in self.state.team.active()):
            raise Refused('refused_cohost_twice', name=name)
        cohost_id, token = secrets.token_hex(4), secrets.token_urlsafe(18)
        self._record('cohost_added', {'cohost': cohost_id, 'name': name, 'role': role,
                                      'token_hash': team.token_hash(self.id, token)}, actor=actor.log_name)
        self.team_changed.emit()
        return cohost_id, token

    @fresh()
    def revoke_cohost(self, actor: Actor, cohost_id: str) -> None:
        """Their link stops working at once (an open console is closed by the page's guard)."""
        self._require_lead_facilitator(actor)
        if self.state.team.get_active(cohost_id) is None:
            raise Refused('refused_no_cohost')
        self._record('cohost_revoked', {'cohost': cohost_id}, actor=actor.log_name)
        self.team_changed.emit()

    def cohost_for_token(self, token: str) -> Actor | None:
        """The Actor a co-host's link stands for, or None for a wrong or revoked token."""
        self.catch_up()
        cohost = self.state.team.by_token(self.id, token)
        return None if cohost is None else self.cohost_actor(cohost.id)

    def cohost_actor(self, cohost_id: str) -> Actor | None:
        cohost = self.state.team.get_active(cohost_id)
        return None if cohost is None else Actor(role=cohost.role, cohost=cohost.id)

    # --- who is facilitating now: consoles open in this process ------------------------------------------------

    def console_opened(self, actor: Actor) -> None:
        self._present[actor.log_name] += 1
        self.team_changed.emit()

    def console_closed(self, actor: Actor) -> None:
        self._present[actor.log_name] -= 1
        if self._present[actor.log_name] <= 0:
            del self._present[actor.log_name]
        self.team_changed.emit()

    def facilitating(self) -> list[tuple[str, bool]]:
        """(log name, console open now) of the lead facilitator and every active co-host, lead first."""
        members = [FACILITATOR, *(f'{c.role}:{c.id}' for c in self.state.team.active())]
        return [(name, self._present.get(name, 0) > 0) for name in members]

    def facilitation_log(self) -> list[tuple[float, str, str]]:
        """Every action of the facilitation team and the lead, with the name of who took it (the audit trail)."""
        return team.facilitation_log(self.store.events(self.id), self.state.team)

    def audit_trail(self) -> list[team.AuditLine]:
        """The same actions as catalogue keys, for a page to say in its reader's language."""
        return team.audit_trail(self.store.events(self.id))
