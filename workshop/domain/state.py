"""A workshop's live state, folded from its event log: pure, so exports and the command line share it with the app.

Event types and their payloads (the log's vocabulary):

| type | payload |
| --- | --- |
| consent_given | participant, version, take_part, research_use, quotes (recorded first, before anything else) |
| participant_joined | participant, group, display_name, supported |
| consent_withdrawn | participant |
| participant_removed | participant, reason (by the facilitator; counts as a withdrawal) |
| participant_updated | participant, and any of group, display_name, supported |
| round_created | round (a Round as data) |
| round_opened / round_closed | round (number), closes_at (opened only, optional) |
| round_extended | round, closes_at |
| round_scheduled | round, opens_at, ends_at (a round over days; null: no schedule) |
| shortlist_chosen | from_round (0: from other events, named in sources), round, improvements, basis ('pooled', 'balanced', 'picked'), n, reason, by, sources |
| comment_carried | improvement, event (an earlier event of the project), kind, text: a comment carried forward |
| messages_sent | kind ('invitation' or 'reminders'), count (never the addresses) |
| session_started / session_ended | (none): the facilitator's live session; votes begun meanwhile count as live |
| results_revealed | round, revealed (bool) |
| vote_cast | round, participant, improvement, value, criterion (ratings only) |
| ranking_cast | round, participant, order (improvement ids, best first) |
| abstained | round, participant, improvement (None: the whole round), abstain (bool) |
| comment_added | comment, participant, target_kind, target_id, kind, text |
| comment_hidden | comment, hidden (bool), reason |
| improvement_proposed | proposal, participant, title, description |
| proposal_approved | proposal, improvement |
| stage_focused | stage |
| agenda_step | step |
| workshop_locked | locked (bool) |
| decision_recorded | improvement, outcome, rationale, minority_view |
| action_recorded | action (an Action as data) |
| content_changed | summary |
| cohost_added / cohost_revoked | see workshop/domain/team.py |
| breakouts_set, breakout_moved, breakout_updated, support_paired, breakouts_ended | see workshop/domain/breakout_state.py |
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop.domain import shortlist, voting
from workshop.domain.breakout_state import EVENTS as BREAKOUT_EVENTS
from workshop.domain.breakout_state import BreakoutState
from workshop.domain.model import (
    Action,
    Ballot,
    Comment,
    CommentKind,
    Consent,
    Decision,
    Method,
    Outcome,
    Participant,
    QuoteConsent,
    Round,
    RoundStatus,
    Workshop,
    to_dict,
)
from workshop.domain.team import EVENTS as TEAM_EVENTS
from workshop.domain.team import Team

AGENDA = ('welcome', 'themes', 'prioritise', 'results', 'close')

# Events that change no round's results: opening, closing or revealing a round, comments, the agenda. Results are
# cached by `results_seq`, so that closing a round of a thousand ballots does not work them out again on the event
# loop; any other type (an unknown one too) counts as a change.
RESULTS_UNCHANGED = frozenset({
    'round_opened', 'round_closed', 'round_extended', 'round_scheduled', 'results_revealed', 'comment_added',
    'comment_hidden', 'comment_carried', 'stage_focused', 'agenda_step', 'workshop_locked', 'decision_recorded',
    'action_recorded', 'session_started', 'session_ended',
})


@dataclass(kw_only=True, slots=True)
class Proposal:
    id: str
    participant: str
    title: str
    description: str = ''
    approved_as: str = ''
    at: float = 0.0


@dataclass(kw_only=True, slots=True)
class WorkshopState:
    workshop: Workshop
    participants: dict[str, Participant] = field(default_factory=dict)
    comments: dict[str, Comment] = field(default_factory=dict)
    rounds: dict[int, Round] = field(default_factory=dict)
    boxes: dict[int, voting.BallotBox] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    focus: str | None = None
    agenda_step: str = AGENDA[0]
    locked: bool = False
    last_seq: int = 0
    results_seq: int = 0  # the last event that may have changed some round's results (see RESULTS_UNCHANGED)
    live_session: bool = False  # the facilitator's live session is running (own_time.py: live and own-time voters)
    vote_modes: dict[tuple[int, str], str] = field(default_factory=dict)  # (round, participant) → 'live'/'own_time'
    shortlists: list[shortlist.Shortlist] = field(default_factory=list)  # how a round's ideas came from an earlier one
    carried: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # idea → comments from earlier events
    versions: dict[str, int] = field(default_factory=dict)  # events so far per versioned thing (see key_for)
    team: Team = field(default_factory=Team)  # co-facilitators and breakout hosts
    breakouts: BreakoutState = field(default_factory=BreakoutState)  # breakout groups (breakout_state.py)

    def apply(self, event: Any) -> None:
        """Fold one stored event (anything with seq, type, payload, at). Unknown types are kept in the log only."""
        handler = _HANDLERS.get(event.type)
        if handler is not None:
            handler(self, event.payload, event.at)
        elif event.type in TEAM_EVENTS:
            self.team.apply(event.type, event.payload, event.at)
        elif event.type in BREAKOUT_EVENTS:
            self.breakouts.apply(event.type, event.payload)
        if event.type in ('vote_cast', 'ranking_cast', 'abstained'):  # a voter is live or not by their first vote
            self.vote_modes.setdefault((event.payload['round'], event.payload['participant']),
                                       'live' if self.live_session else 'own_time')
            self.breakouts.voted(event.payload['round'], event.payload['participant'])
        if (name := _versioned(event.type, event.payload)) is not None:
            self.versions[name] = self.versions.get(name, 0) + 1
        self.last_seq = max(self.last_seq, getattr(event, 'seq', 0))
        if event.type not in RESULTS_UNCHANGED:
            self.results_seq = self.last_seq

    def key_for(self, type_: str, payload: dict[str, Any]) -> str | None:
        """The store key that makes this event conditional on the state it was decided from: the n-th change of one
        person's ballot, consent or one improvement's decision can be written once, so a second writer that had
        not seen the first gets a conflict (and catches up) instead of breaking a budget or overwriting unseen."""
        name = _versioned(type_, payload)
        return None if name is None else f'{name}#{self.versions.get(name, 0)}'

    # --- questions the app, exports and command line ask ------------------------------------------------------

    def active_participants(self) -> list[Participant]:
        return [p for p in self.participants.values() if not p.withdrawn]

    def groups_of(self) -> dict[str, str]:
        return {p.id: p.group for p in self.active_participants()}

    def ballots(self, round_number: int) -> list[Ballot]:
        box = self.boxes.get(round_number)
        return box.ballots(self.groups_of()) if box else []

    def visible_comments(self, target_kind: str | None = None, target_id: str | None = None) -> list[Comment]:
        withdrawn = {p.id for p in self.participants.values() if p.withdrawn}
        return [c for c in self.comments.values()
                if not c.hidden and c.participant not in withdrawn
                and (target_kind is None or c.target_kind == target_kind)
                and (target_id is None or c.target_id == target_id)]

    def open_round(self, breakout: str = '') -> Round | None:
        """The open round for everyone (breakout ''), or the open round of one breakout only."""
        return next((r for r in self.rounds.values() if r.status == RoundStatus.OPEN and r.breakout == breakout),
                    None)

    def open_rounds(self) -> list[Round]:
        """Every open round: at most one for everyone, or one per breakout running its own."""
        return [r for r in self.rounds.values() if r.status == RoundStatus.OPEN]

    def latest_round(self) -> Round | None:
        return self.rounds[max(self.rounds)] if self.rounds else None

    def round_improvements(self, round_: Round) -> list[str]:
        return list(round_.improvements) or [i.id for i in self.workshop.improvements]

    def participant_records(self, *, identified: bool = False) -> list[dict[str, Any]]:
        """Pseudonymous participant records for exports; names only when the lead opts in."""
        records = []
        for p in self.participants.values():
            record = {'id': p.id, 'group': p.group, 'supported': p.supported, 'withdrawn': p.withdrawn,
                      'joined_at': p.joined_at, 'consent': to_dict(p.consent) if p.consent else None}
            if identified:
                record['display_name'] = '' if p.withdrawn else p.display_name  # withdrawal takes the name too
            records.append(record)
        return records


def _versioned(type_: str, payload: dict[str, Any]) -> str | None:
    if type_ in ('vote_cast', 'ranking_cast', 'abstained'):
        return f'ballot:{payload.get("round")}:{payload.get("participant")}'
    if type_ in ('consent_given', 'consent_withdrawn'):
        return f'consent:{payload.get("participant")}'
    if type_ == 'decision_recorded':
        return f'decision:{payload.get("improvement")}'
    return None


def fold(workshop: Workshop, events: list[Any]) -> WorkshopState:
    state = WorkshopState(workshop=workshop)
    for event in events:
        state.apply(event)
    return state


# --- handlers: one per event type --------------------------------------------------------------------------------

def _joined(s: WorkshopState, p: dict, at: float) -> None:
    # Consent is recorded first, so the participant may already exist (made by _consent) without a group yet.
    participant = s.participants.setdefault(p['participant'], Participant(id=p['participant'], joined_at=at))
    participant.group = p.get('group') or participant.group
    participant.display_name = p.get('display_name', '')
    participant.supported = bool(p.get('supported'))


def _consent(s: WorkshopState, p: dict, at: float) -> None:
    participant = s.participants.setdefault(p['participant'], Participant(id=p['participant'], joined_at=at))
    participant.consent = Consent(version=str(p.get('version', '')), take_part=bool(p.get('take_part', True)),
                                  research_use=bool(p.get('research_use')),
                                  quotes=QuoteConsent(p.get('quotes', QuoteConsent.ANONYMOUS)))
    participant.withdrawn = False


def _withdrawn(s: WorkshopState, p: dict, at: float) -> None:
    participant = s.participants.get(p['participant'])
    if participant:
        participant.withdrawn = True
        for box in s.boxes.values():
            box.remove_participant(participant.id)


def _updated(s: WorkshopState, p: dict, at: float) -> None:
    participant = s.participants.get(p['participant'])
    if participant:
        for key in ('group', 'display_name', 'supported'):
            if key in p:
                setattr(participant, key, p[key])


def _round_created(s: WorkshopState, p: dict, at: float) -> None:
    data = dict(p['round'])
    round_ = Round(**{**data, 'method': Method(data['method']), 'status': RoundStatus(data.get('status', 'draft'))})
    s.rounds[round_.number] = round_
    s.boxes[round_.number] = voting.BallotBox.for_round(round_, [i.id for i in s.workshop.improvements])


def _round_opened(s: WorkshopState, p: dict, at: float) -> None:
    round_ = s.rounds.get(p['round'])
    if round_:
        round_.status, round_.opened_at, round_.closes_at = RoundStatus.OPEN, at, p.get('closes_at')


def _round_closed(s: WorkshopState, p: dict, at: float) -> None:
    if round_ := s.rounds.get(p['round']):
        round_.status = RoundStatus.CLOSED


def _round_extended(s: WorkshopState, p: dict, at: float) -> None:
    if round_ := s.rounds.get(p['round']):
        round_.closes_at = p.get('closes_at')


def _round_scheduled(s: WorkshopState, p: dict, at: float) -> None:
    if round_ := s.rounds.get(p['round']):
        round_.opens_at, round_.ends_at = p.get('opens_at'), p.get('ends_at')


def _shortlist(s: WorkshopState, p: dict, at: float) -> None:
    s.shortlists.append(shortlist.from_payload(p, at))


def _comment_carried(s: WorkshopState, p: dict, at: float) -> None:
    s.carried.setdefault(p['improvement'], []).append({'event': p.get('event', ''), 'kind': p.get('kind', ''),
                                                        'text': p.get('text', '')})


def _session_started(s: WorkshopState, p: dict, at: float) -> None:
    s.live_session = True


def _session_ended(s: WorkshopState, p: dict, at: float) -> None:
    s.live_session = False


def _revealed(s: WorkshopState, p: dict, at: float) -> None:
    if round_ := s.rounds.get(p['round']):
        round_.revealed = bool(p.get('revealed', True))


def _vote(s: WorkshopState, p: dict, at: float) -> None:
    # Votes were checked before they were stored; replay applies them without the "round open" check.
    box = s.boxes.get(p['round'])
    if box is None:
        return
    if box.method.event == 'vote_cast':  # a ranking round stores whole orders, never single votes
        box.method.replay(box, p['participant'], p)


def _ranking(s: WorkshopState, p: dict, at: float) -> None:
    if box := s.boxes.get(p['round']):
        box.apply_ranking(p['participant'], list(p['order']))


def _abstained(s: WorkshopState, p: dict, at: float) -> None:
    if box := s.boxes.get(p['round']):
        box.apply_abstain(p['participant'], p.get('improvement'), bool(p.get('abstain', True)))


def _comment(s: WorkshopState, p: dict, at: float) -> None:
    s.comments[p['comment']] = Comment(id=p['comment'], participant=p['participant'], target_kind=p['target_kind'],
                                       target_id=p['target_id'], kind=CommentKind(p['kind']), text=p['text'], at=at)


def _comment_hidden(s: WorkshopState, p: dict, at: float) -> None:
    if comment := s.comments.get(p['comment']):
        comment.hidden, comment.hidden_reason = bool(p.get('hidden', True)), p.get('reason', '')


def _proposed(s: WorkshopState, p: dict, at: float) -> None:
    s.proposals[p['proposal']] = Proposal(id=p['proposal'], participant=p['participant'], title=p['title'],
                                          description=p.get('description', ''), at=at)


def _approved(s: WorkshopState, p: dict, at: float) -> None:
    if proposal := s.proposals.get(p['proposal']):
        proposal.approved_as = p['improvement']


def _focused(s: WorkshopState, p: dict, at: float) -> None:
    s.focus = p.get('stage')


def _agenda(s: WorkshopState, p: dict, at: float) -> None:
    s.agenda_step = p['step']


def _locked(s: WorkshopState, p: dict, at: float) -> None:
    s.locked = bool(p.get('locked', True))


def _decision(s: WorkshopState, p: dict, at: float) -> None:
    s.decisions[p['improvement']] = Decision(improvement=p['improvement'], outcome=Outcome(p['outcome']),
                                             rationale=p.get('rationale', ''),
                                             minority_view=p.get('minority_view', ''), at=at)


def _action(s: WorkshopState, p: dict, at: float) -> None:
    action = Action(**p['action'])
    s.actions[action.id] = action


_HANDLERS = {
    'participant_joined': _joined, 'consent_given': _consent, 'consent_withdrawn': _withdrawn,
    'participant_removed': _withdrawn,  # by the facilitator (a fake or abusive participant): as if withdrawn
    'participant_updated': _updated, 'round_created': _round_created, 'round_opened': _round_opened,
    'round_closed': _round_closed, 'round_extended': _round_extended, 'results_revealed': _revealed,
    'round_scheduled': _round_scheduled, 'shortlist_chosen': _shortlist, 'comment_carried': _comment_carried, 'session_started': _session_started, 'session_ended': _session_ended,
    'vote_cast': _vote, 'ranking_cast': _ranking, 'abstained': _abstained, 'comment_added': _comment,
    'comment_hidden': _comment_hidden, 'improvement_proposed': _proposed, 'proposal_approved': _approved,
    'stage_focused': _focused, 'agenda_step': _agenda, 'workshop_locked': _locked, 'decision_recorded': _decision,
    'action_recorded': _action,
}
