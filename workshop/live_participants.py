"""LiveWorkshop's participant actions: join (with consent, and the optional join passphrase), change group, withdraw
(or be withdrawn by the lead, or removed by the facilitator), and the addresses people give for reminders.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from workshop import reminders
from workshop.actors import FACILITATOR, LEAD, MAX_NAME, MAX_TEXT, Actor, Refused, fresh
from workshop.actors import clean as _clean
from workshop.domain.model import PREFER_NOT_TO_SAY, QuoteConsent
from workshop.live_part import LivePart
from workshop.store import NotSaved

WORKSHOP, PASSPHRASE = 'workshop', 'passphrase'  # the store's binding that holds the join passphrase's hash


class ParticipantActions(LivePart):

    @fresh()
    def join(self, participant_id: str, *, group: str, display_name: str = '', consent_version: str | None = None,
             research_use: bool = False, quotes: str = QuoteConsent.ANONYMOUS, supported: bool = False,
             passphrase: str = '') -> None:
        """Record consent first, then the participant. Joining again (a reload, a second tab) changes nothing."""
        if self.is_member(participant_id):
            return
        if (earlier := self.state.participants.get(participant_id)) is not None and earlier.withdrawn:
            raise Refused('refused_join_first')  # whoever withdrew stays withdrawn: a new join is a new participant
        self._require_unlocked()
        if not self.passphrase_fits(passphrase):
            raise Refused('refused_passphrase')
        if group != PREFER_NOT_TO_SAY and self.workshop.stream(group) is None:
            raise Refused('refused_group')
        if quotes not in set(QuoteConsent):
            raise Refused('refused_quotes')
        new = participant_id not in self.state.participants
        self._record('consent_given', {'participant': participant_id,
                                       'version': consent_version or self.workshop.settings.consent_version,
                                       'take_part': True, 'research_use': bool(research_use),
                                       'quotes': QuoteConsent(quotes).value}, actor=participant_id)
        if new:
            self._record('participant_joined', {'participant': participant_id, 'group': group,
                                                'display_name': _clean(display_name, MAX_NAME),
                                                'supported': bool(supported)}, actor=participant_id)
        self._people.add({'joined'})

    @fresh()
    def withdraw(self, actor: Actor) -> None:
        """A participant withdraws: their votes and comments leave results and exports; the log keeps an entry."""
        self._require_participant(actor)
        self._record('consent_withdrawn', {'participant': actor.participant}, actor=actor.participant)
        self._withdrawn(actor.participant)

    @fresh()
    def withdraw_for(self, actor: Actor, participant_id: str, reason: str = '') -> None:
        """The lead withdraws someone who asked later or voted on paper: exactly as if they had withdrawn themselves,
        with who did it and why in the consent log."""
        self._require(actor, LEAD)
        if not self.is_member(participant_id):
            raise Refused('refused_no_participant')
        self._record('consent_withdrawn', {'participant': participant_id, 'by': LEAD,
                                           'reason': _clean(reason, MAX_TEXT)}, actor=LEAD)
        self._withdrawn(participant_id)

    def _withdrawn(self, participant_id: str) -> None:
        self.store.forget_contact(self.id, participant_id)  # an address given for reminders leaves with its owner
        self.participants_changed.emit()
        self.ballot_event(participant_id).emit(0)
        self._comments_dirty('', at_once=True)
        self._tally_dirty(*self.state.rounds)

    @fresh()
    def remove_participant(self, actor: Actor, participant_id: str, reason: str = '') -> None:
        """The facilitator removes a participant (a fake one, or someone abusive): their votes and comments leave the
        results as on withdrawal, and the log keeps who did it and why."""
        self._require(actor, FACILITATOR)
        if not self.is_member(participant_id):
            raise Refused('refused_no_participant')
        self._record('participant_removed', {'participant': participant_id, 'reason': _clean(reason, 200)},
                     actor=actor.log_name)
        self._withdrawn(participant_id)

    def is_member(self, participant_id: str) -> bool:
        participant = self.state.participants.get(participant_id)
        return participant is not None and not participant.withdrawn and participant.consent is not None

    @fresh()
    def change_group(self, actor: Actor, group: str) -> None:
        """A participant corrects the group they chose, until they have voted (a vote counts for its group)."""
        self._require_participant(actor)
        self._require_unlocked()
        if group != PREFER_NOT_TO_SAY and self.workshop.stream(group) is None:
            raise Refused('refused_group')
        if self.has_voted(actor.participant):
            raise Refused('refused_group_after_vote')
        self._record('participant_updated', {'participant': actor.participant, 'group': group}, actor=actor.participant)
        self._people.add({'group'})

    def has_voted(self, participant_id: str) -> bool:
        """A vote or a pass in any round (a lookup per round: every participant page asks on every change)."""
        return any((entry := box.entries.get(participant_id)) is not None and not entry.empty
                   for box in self.state.boxes.values())

    def joined_by_group(self) -> dict[str, int]:
        """Group → people taking part now (joined and not withdrawn): shown from before the first round."""
        counts: dict[str, int] = {}
        for participant in self.state.active_participants():
            counts[participant.group] = counts.get(participant.group, 0) + 1
        return counts

    # --- the join passphrase: optional, set by the facilitator, kept as a salted hash beside the tokens ----------

    @property
    def needs_passphrase(self) -> bool:
        return bool(self.store.bound(WORKSHOP, self.id, PASSPHRASE))

    def passphrase_fits(self, passphrase: str) -> bool:
        """True when no passphrase is set, or this is it (case, spaces and dashes aside: it is read out)."""
        kept = self.store.bound(WORKSHOP, self.id, PASSPHRASE)
        if not kept:
            return True
        salt, _, digest = kept.partition(':')
        return hmac.compare_digest(digest, _passphrase_hash(salt, passphrase))

    def set_passphrase(self, actor: Actor, passphrase: str) -> None:
        """The facilitator sets a passphrase people need to join, beside the join code. Who joined already stays."""
        self._require(actor, FACILITATOR)
        if len(_normal_passphrase(passphrase)) < 4:
            raise Refused('refused_passphrase_short')
        salt = secrets.token_hex(8)
        self._keep(self.store.bind, WORKSHOP, self.id, PASSPHRASE, f'{salt}:{_passphrase_hash(salt, passphrase)}')

    def clear_passphrase(self, actor: Actor) -> None:
        self._require(actor, FACILITATOR)
        self._keep(self.store.unbind, WORKSHOP, self.id, PASSPHRASE)

    # --- addresses for invitations and reminders (kept apart from the log: workshop/reminders.py) -----------------

    def reminder_address(self, participant_id: str) -> str:
        return next((a for p, a, _ in self.store.contacts(self.id) if p == participant_id), '')

    def set_reminder_address(self, actor: Actor, address: str | None) -> None:
        """A participant gives an address to be reminded while voting is open (None: remove it)."""
        self._require_participant(actor)
        try:
            if address is None:
                self.store.forget_contact(self.id, actor.participant)
            else:
                self.store.set_contact(self.id, actor.participant, reminders.check_address(address),
                                       reminders.REMINDERS)
        except reminders.AddressError:
            raise Refused('remind_bad') from None
        except NotSaved:
            raise Refused('not_saved') from None

    def add_invitees(self, actor: Actor, lines: str) -> int:
        """The team adds addresses it was given to invite people; a bad line refuses them all, naming it."""
        self._require(actor, FACILITATOR)
        good, problems = reminders.invitees(lines)
        if problems:
            raise Refused('reminders_add_problems', problems='; '.join(problems[:5]))
        known = {a for _, a, _ in self.store.contacts(self.id)}
        new = [a for a in good if a not in known]
        try:
            for address in new:
                self.store.set_contact(self.id, f'invitee:{address}', address, reminders.INVITATION)
        except NotSaved:
            raise Refused('not_saved') from None
        return len(new)

    @fresh()
    def record_sent(self, actor: Actor, kind: str, count: int) -> None:
        """The log keeps that invitations or reminders went out, and how many (never to whom)."""
        self._require(actor, FACILITATOR)
        self._record('messages_sent', {'kind': kind, 'count': int(count)}, actor=actor.log_name)


def _normal_passphrase(text: str) -> str:
    return ''.join(ch for ch in str(text).casefold() if ch.isalnum())


def _passphrase_hash(salt: str, passphrase: str) -> str:
    return hashlib.sha256(f'{salt}:{_normal_passphrase(passphrase)}'.encode()).hexdigest()
