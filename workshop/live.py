"""Running workshops: one LiveWorkshop per workshop, its state folded from the event log, typed events for the UI.

Every action goes through here and follows the life of a vote: check (role, round, budget), append the event and
commit, apply it to the in-memory state, then tell the views. Roles are checked here, on the server, for every
action; a page hiding a button is never the only guard. Imports only `nicegui.Event` from NiceGUI.
"""
from __future__ import annotations

import asyncio
import copy
import datetime
import functools
import hashlib
import hmac
import logging
import multiprocessing
import secrets
import time
from collections import Counter, deque
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, Callable, Iterable

from nicegui import Event

from workshop import reminders
from workshop.actors import FACILITATOR, HOST, LEAD, PARTICIPANT, Actor, Refused, fresh  # noqa: F401 (re-exported)
from workshop.actors import clean as _clean
from workshop.content import workshop_from_data
from workshop.domain import own_time, ranking, shortlist, voting
from workshop.domain.model import (
    PREFER_NOT_TO_SAY,
    Ballot,
    Comment,
    CommentKind,
    Improvement,
    Method,
    Outcome,
    QuoteConsent,
    Round,
    RoundStatus,
    Workshop,
    to_dict,
)
from workshop.domain.results_cache import ResultsCache
from workshop.domain.state import AGENDA, WorkshopState, fold
from workshop.fanout import SpreadEvent
from workshop.live_breakouts import BreakoutActions
from workshop.live_team import TeamActions
from workshop.store import Event as StoredEvent
from workshop.store import NotSaved, Store, StoreError

COMMENT_INTERVAL = 0.5  # seconds: comments and ideas reach open threads and the console at most twice a second
COUNT_INTERVAL = 2.0  # seconds: comment counts on every participant's buttons follow at most this often,
COUNT_PAGES = 100  # and at most this many pages a second are told (a thousand open pages: every ten seconds)
TALLY_INTERVAL = 0.25  # seconds: tallies reach facilitator and presenter at most four times a second
RESULTS_INTERVAL = 1.0  # seconds: revealed results (on every phone) follow the votes at most once a second
MAX_TEXT = 2000  # characters in a comment or proposal
MAX_NAME = 60


WORKSHOP, PASSPHRASE = 'workshop', 'passphrase'  # the store's binding that holds the join passphrase's hash


class LiveWorkshop(TeamActions, BreakoutActions):
    """One running workshop.

    Events the UI subscribes to: one per kind of change that everyone sees (documented where they are made, in
    `__init__`: `focus_changed`, `agenda_changed`, `round_changed`, `timer_changed`, `reveal_changed`,
    `results_changed`, `lock_changed`, `content_changed`, `proposals_changed`, `decisions_changed`,
    `session_changed`, `team_changed`, `breakouts_changed`), so a page subscribes to exactly what it shows and a
    misspelt kind is an error, not silence; and these:
    - `comments_changed`: comments were added, hidden or shown (argument: their ids; '' among them: any comment
      may have changed, as after a withdrawal); the first at once, then at most once per COMMENT_INTERVAL, so a
      storm of comments costs each page two updates a second, whatever its rate. `proposals_changed` alike.
    - `counts_changed`: comment counts may have changed for these target kinds ('stage', 'theme', 'improvement';
      '*': any); at most every COUNT_INTERVAL, and less often with more pages listening (COUNT_PAGES a second), as
      it reaches every participant's page.
    - `trouble`: a write failed and nothing was saved (argument: the database's reason, e.g. the disk is full).
    - `tally_changed`: votes changed in a round (argument: round number); coalesced to TALLY_INTERVAL and meant
      for the facilitator and presenter only, never fanned out to every participant.
    - `participants_changed`: someone joined, changed group or withdrew (turnout); coalesced to TALLY_INTERVAL.
    - `ballot_event(participant)`: that participant's own ballot changed (their other tabs follow; argument: round
      number). Per participant, so a vote reaches only the voter's own views.

    The same events fire for what other writers (another app process, the command line) appended, once `catch_up`
    has folded it in: every action catches up first, and workshop/wakeup.py calls it soon after others write.
    """

    def __init__(self, store: Store, workshop_id: str, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock  # wall-clock time for round timers and schedules; tests pass a simulated one
        self.id = workshop_id
        content = store.load_content(workshop_id)
        workshop = workshop_from_data(content, f'workshop {workshop_id}')
        workshop.id = workshop_id
        self.state: WorkshopState = fold(workshop, store.events(workshop_id))
        self.join_code = store.workshop_row(workshop_id).join_code
        # What everyone sees: each reaches every page, a batch of pages per turn of the loop; none has an argument.
        self.focus_changed = SpreadEvent()
        """The facilitator put another stage in focus."""
        self.agenda_changed = SpreadEvent()
        """The agenda moved to another step."""
        self.round_changed = SpreadEvent()
        """A round was created, scheduled, opened or closed."""
        self.timer_changed = SpreadEvent()
        """A round's time was extended."""
        self.reveal_changed = SpreadEvent()
        """A round's results were revealed."""
        self.results_changed = SpreadEvent()
        """Votes changed in a round whose results are revealed; at most once per RESULTS_INTERVAL (every phone)."""
        self.lock_changed = SpreadEvent()
        """The workshop was locked or unlocked."""
        self.content_changed = SpreadEvent()
        """The content changed: edited, imported, or an approved proposal became an improvement."""
        self.proposals_changed = SpreadEvent()
        """Participants proposed ideas; coalesced like comments (COMMENT_INTERVAL)."""
        self.decisions_changed = SpreadEvent()
        """A shortlist, decision or action was recorded."""
        self.session_changed = SpreadEvent()
        """The live session started or ended."""
        self.team_changed = SpreadEvent()
        """A co-host was added or revoked."""
        self.breakouts_changed = SpreadEvent()
        """Breakouts were made, changed, paired or ended."""
        self.comments_changed: Event[frozenset[str]] = Event()
        self.tally_changed: Event[int] = Event()
        self.participants_changed: Event[[]] = Event()
        self._ballots: dict[str, Event[int]] = {}
        self._tally_pending: set[int] = set()
        self._tally_handle: asyncio.TimerHandle | None = None
        self.counts_changed: Event[frozenset[str]] = SpreadEvent()  # every page too: a batch of pages per turn
        self.trouble: Event[str] = Event()
        self._comments = Coalesced(COMMENT_INTERVAL, self._tell_comments)
        self._counts = Coalesced(COUNT_INTERVAL, self.counts_changed.emit)
        self._posts: dict[tuple[str, str], deque[float]] = {}  # (kind, participant) → when they posted, last minute
        self._count_cache: tuple[int, Counter[tuple[str, str]]] = (-1, Counter())
        self._comment_changes = 0
        self._urgent = False
        self._own: set[int] = set()  # sequence numbers we wrote and have announced ourselves
        self._people = Coalesced(TALLY_INTERVAL, lambda _: self.participants_changed.emit())  # joins come in bursts
        self._results_due = Coalesced(RESULTS_INTERVAL, lambda _: self.results_changed.emit())
        self._visible: tuple[int, dict[tuple[str, str], list[Comment]]] = (-1, {})
        self._results = ResultsCache(self._tally)
        self._working: set[int] = set()  # rounds whose results are being worked out off the event loop
        self._work: asyncio.Task | None = None
        self.worker: Executor | None = None  # a process for live tallies (the server's; None: on the event loop)
        self._present: Counter[str] = Counter()  # facilitation consoles open in this process, by who

    @property
    def workshop(self) -> Workshop:
        return self.state.workshop

    # --- participants --------------------------------------------------------------------------------------------

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

    def _keep(self, write: Callable[..., None], *args: str) -> None:
        try:
            write(*args)
        except NotSaved as e:
            self.trouble.emit(str(e))
            raise Refused('not_saved') from None

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

    def turnout(self, round_number: int) -> dict[str, tuple[int, int]]:
        """Group → (voted, joined) for the round: "2 of 5 whānau have voted"."""
        box = self.state.boxes.get(round_number)
        voted = set(box.voters()) if box else set()
        result: dict[str, tuple[int, int]] = {}
        for participant in self.state.active_participants():
            group = self.workshop.reporting_group(participant.group)
            done, total = result.get(group, (0, 0))
            result[group] = (done + (participant.id in voted), total + 1)
        return result

    # --- votes ---------------------------------------------------------------------------------------------------

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

    def ballot_event(self, participant_id: str) -> Event[int]:
        if participant_id not in self._ballots:
            self._ballots[participant_id] = Event()
        return self._ballots[participant_id]

    def results(self, round_number: int, *, seed: int = 0, bootstrap: int = 200,
                voters: str | None = None) -> ranking.RoundResult:
        """A round's results; `voters` 'live' or 'own_time' keeps only those voters (own_time.py defines them)."""
        round_ = self.state.rounds[round_number]
        return ranking.analyse(round_, self.state.boxes[round_number].improvements,
                               own_time.ballots(self.state, round_number, voters), self.groups(),
                               self.workshop.settings, seed=seed, bootstrap=bootstrap)

    def tally(self, round_number: int) -> ranking.RoundResult:
        """Results without the bootstrap, computed once per log position for every view that shows them (shared:
        never change the object returned)."""
        return self._results.get(round_number, self.state.last_seq)

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

    # --- rounds over days and the live session -----------------------------------------------------------------

    @fresh()
    def schedule_round(self, actor: Actor, number: int, opens_at: float | None, ends_at: float | None) -> None:
        """Give a round not yet opened a time to open and close by itself (None, None: no schedule)."""
        self._require(actor, FACILITATOR)
        round_ = self._round(number)
        if round_.status != RoundStatus.DRAFT:
            raise Refused('refused_schedule_opened', n=number)
        if opens_at is not None and ends_at is not None:
            try:
                own_time.check_schedule(opens_at, ends_at, self.clock())
            except own_time.ScheduleError as e:
                raise Refused('refused_schedule', reason=str(e)) from None
        self._record('round_scheduled', {'round': number, 'opens_at': opens_at, 'ends_at': ends_at},
                     actor=actor.log_name)
        self.keep_schedule()
        self.round_changed.emit()

    def keep_schedule(self) -> int:
        """Open and close scheduled rounds whose time has come (called at start, on page loads and every few
        seconds by the app). Returns how many changes were made."""
        self.catch_up()
        made = 0
        if self.state.locked:
            return 0
        for change in own_time.due(self.state, self.clock()):
            if self._record(change.type, change.payload, actor='schedule', op_id=change.op_id):
                made += 1
        if made:
            self.round_changed.emit()
        return made

    @fresh()
    def set_live_session(self, actor: Actor, running: bool) -> None:
        """The facilitator starts or ends the live session: whoever first votes in a round meanwhile is a live
        voter, everyone else an own-time voter."""
        self._require(actor, FACILITATOR)
        if running != self.state.live_session:
            self._record('session_started' if running else 'session_ended', {}, actor=actor.log_name)
            self.session_changed.emit()

    @fresh()
    def make_shortlist(self, actor: Actor, from_round: int, improvements: list[str], *, basis: str, n: int,
                       reason: str, method: str | None = None) -> int:
        """The next round votes on ideas kept from a closed round (a survey over the long list): the top n, or
        picked by hand; the choice and its reason go in the log. Returns the new round's number."""
        self._require(actor, FACILITATOR)
        source = self._round(from_round)
        if source.status != RoundStatus.CLOSED:
            raise Refused('refused_shortlist_open', n=from_round)
        kept = list(dict.fromkeys(improvements))
        if len(kept) < 2:
            raise Refused('refused_shortlist_too_few')
        if outside := [i for i in kept if i not in self.state.boxes[from_round].improvements]:
            raise Refused('refused_unknown_ideas', ideas=', '.join(outside))
        if basis not in shortlist.BASES:
            raise Refused('refused_not_allowed')
        if not (reason := _clean(reason, MAX_TEXT)):
            raise Refused('refused_shortlist_reason')
        latest = from_round == max(self.state.rounds)
        number = self.create_round(actor, method or source.method.value, improvements=kept, show_previous=latest,
                                   criteria=source.criteria, scale=source.scale)
        self._record('shortlist_chosen', {'from_round': from_round, 'round': number, 'improvements': kept,
                                          'basis': basis, 'n': int(n), 'reason': reason, 'by': actor.log_name},
                     actor=actor.log_name)
        self.decisions_changed.emit()
        return number

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

    def turnout_by_mode(self, round_number: int) -> dict[str, dict[str, int]]:
        return own_time.turnout(self.state, round_number)

    # --- comments and proposals ----------------------------------------------------------------------------------

    def comment_counts(self) -> Counter[tuple[str, str]]:
        """(target kind, target id) → visible comments: counted once per change of the comments, shared by every page."""
        if self._count_cache[0] != self._comment_changes:  # not per log position: every vote moves that
            visible = self.state.visible_comments()
            self._count_cache = (self._comment_changes, Counter((c.target_kind, c.target_id) for c in visible))
        return self._count_cache[1]

    def visible_comments(self, target_kind: str, target_id: str) -> list[Comment]:
        """The comments shown on one target, oldest first: found once per change of the comments for every open
        thread on it (shared: never change the list returned)."""
        if self._visible[0] != self._comment_changes:
            self._visible = (self._comment_changes, {})
        found = self._visible[1]
        if (target_kind, target_id) not in found:
            found[(target_kind, target_id)] = self.state.visible_comments(target_kind, target_id)
        return found[(target_kind, target_id)]

    @fresh()
    def comment(self, actor: Actor, target_kind: str, target_id: str, kind: str, text: str,
                op_id: str | None = None) -> str:
        self._require_participant(actor)
        self._require_unlocked()
        if not self._target_exists(target_kind, target_id):
            raise Refused('refused_target_gone')
        text = _clean(text, MAX_TEXT)
        if not text:
            raise Refused('refused_empty_comment')
        if kind not in set(CommentKind):
            raise Refused('refused_not_allowed')
        settings = self.workshop.settings
        self._check_posting('comment', actor.participant, settings.comments_per_minute, settings.comments_max,
                            sum(1 for c in self.state.comments.values() if c.participant == actor.participant))
        comment_id = secrets.token_hex(6)
        if self._record('comment_added', {'comment': comment_id, 'participant': actor.participant,
                                          'target_kind': target_kind, 'target_id': target_id,
                                          'kind': CommentKind(kind).value, 'text': text},
                        actor=actor.participant, op_id=op_id):
            self._posted('comment', actor.participant)
        self._comments_dirty(comment_id)
        return comment_id

    @fresh()
    def propose(self, actor: Actor, title: str, description: str = '', op_id: str | None = None) -> str:
        self._require_participant(actor)
        self._require_unlocked()
        title = _clean(title, 200)
        if not title:
            raise Refused('refused_idea_title')
        settings = self.workshop.settings
        self._check_posting('idea', actor.participant, settings.proposals_per_minute, settings.proposals_max,
                            sum(1 for p in self.state.proposals.values() if p.participant == actor.participant))
        proposal = secrets.token_hex(6)
        if self._record('improvement_proposed', {'proposal': proposal, 'participant': actor.participant,
                                                 'title': title, 'description': _clean(description, MAX_TEXT)},
                        actor=actor.participant, op_id=op_id):
            self._posted('idea', actor.participant)
        self._comments_dirty('proposals')
        return proposal

    # --- facilitator ---------------------------------------------------------------------------------------------

    @fresh()
    def focus(self, actor: Actor, stage_id: str | None) -> None:
        self._require(actor, FACILITATOR)
        if stage_id is not None and self.workshop.stage(stage_id) is None:
            raise Refused('refused_no_stage', stage=stage_id)
        self._record('stage_focused', {'stage': stage_id}, actor=actor.log_name)
        self.focus_changed.emit()

    @fresh()
    def set_agenda(self, actor: Actor, step: str) -> None:
        self._require(actor, FACILITATOR)
        if step not in AGENDA:
            raise Refused('refused_agenda_step', step=step)
        self._record('agenda_step', {'step': step}, actor=actor.log_name)
        self.agenda_changed.emit()

    @fresh()
    def create_round(self, actor: Actor, method: str, *, improvements: list[str] | None = None,
                     budget: int | None = None, cap: int | None = None, top_k: int | None = None,
                     scale: int | None = None, criteria: list[str] | None = None, show_previous: bool = False) -> int:
        self._require(actor, FACILITATOR)
        settings = self.workshop.settings
        chosen = improvements or [i.id for i in self.workshop.improvements]
        unknown = [i for i in chosen if self.workshop.improvement(i) is None]
        if unknown:
            raise Refused('refused_unknown_ideas', ideas=', '.join(unknown))
        number = max(self.state.rounds, default=0) + 1
        round_ = Round(number=number, method=Method(method), improvements=list(chosen),  # fixed when created
                       budget=budget if budget is not None else (settings.dot_budget or max(1, len(chosen) // 2)),
                       cap=cap if cap is not None else settings.dot_cap,
                       top_k=top_k if top_k is not None else min(settings.rank_top_k, len(chosen)),
                       scale=scale or settings.rating_scale, criteria=criteria or ['importance'],
                       show_previous=show_previous)
        voting.check_round(round_, len(chosen))
        self._record('round_created', {'round': to_dict(round_)}, actor=actor.log_name)
        self.round_changed.emit()
        return number

    @fresh()
    def open_round(self, actor: Actor, number: int, *, minutes: float | None = None) -> None:
        self._require(actor, FACILITATOR)
        self._require_unlocked()
        round_ = self._round(number)
        if (open_ := self.state.open_round()) and open_.number != number:
            raise Refused('refused_round_still_open', n=open_.number)
        closes_at = self.clock() + minutes * 60 if minutes else round_.ends_at
        self._record('round_opened', {'round': number, 'closes_at': closes_at}, actor=actor.log_name)
        assert round_.status == RoundStatus.OPEN
        self.round_changed.emit()

    @fresh()
    def extend_round(self, actor: Actor, number: int, minutes: float) -> None:
        self._require(actor, FACILITATOR)
        round_ = self._round(number)
        base = max(round_.closes_at or self.clock(), self.clock())
        self._record('round_extended', {'round': number, 'closes_at': base + minutes * 60}, actor=actor.log_name)
        self.timer_changed.emit()

    @fresh()
    def close_round(self, actor: Actor, number: int) -> None:
        self._require(actor, FACILITATOR)
        self._round(number)
        self._record('round_closed', {'round': number}, actor=actor.log_name)
        self.round_changed.emit()

    @fresh()
    def reveal(self, actor: Actor, number: int, revealed: bool = True) -> None:
        self._require(actor, FACILITATOR)
        self._round(number)
        self._record('results_revealed', {'round': number, 'revealed': revealed}, actor=actor.log_name)
        self.reveal_changed.emit()

    @fresh()
    def hide_comment(self, actor: Actor, comment_id: str, hidden: bool, reason: str = '') -> None:
        self._require(actor, FACILITATOR, HOST)  # breakout hosts moderate too
        if comment_id not in self.state.comments:
            raise Refused('refused_no_comment')
        self._record('comment_hidden', {'comment': comment_id, 'hidden': hidden, 'reason': _clean(reason, 200)},
                     actor=actor.log_name)
        self._comments_dirty(comment_id, at_once=True)

    @fresh()
    def approve_proposal(self, actor: Actor, proposal_id: str) -> str:
        """A participant's idea joins the improvements list (a content change everyone sees)."""
        self._require(actor, FACILITATOR)
        proposal = self.state.proposals.get(proposal_id)
        if proposal is None or proposal.approved_as:
            raise Refused('refused_not_waiting')
        improvement_id = f'idea_{proposal_id}'
        self.workshop.improvements.append(Improvement(id=improvement_id, title=proposal.title,
                                                      description=proposal.description))
        self.store.save_content(self.workshop)
        self._record('proposal_approved', {'proposal': proposal_id, 'improvement': improvement_id},
                     actor=actor.log_name)
        self.content_changed.emit()
        return improvement_id

    @fresh()
    def lock(self, actor: Actor, locked: bool = True) -> None:
        self._require(actor, FACILITATOR)
        self._record('workshop_locked', {'locked': locked}, actor=actor.log_name)
        self.lock_changed.emit()

    @fresh()
    def save_content(self, actor: Actor, workshop: Workshop, summary: str) -> None:
        """Replace the content after an edit (already validated by the caller) and tell every view."""
        self._require(actor, FACILITATOR)
        workshop.id = self.id
        self.store.save_content(workshop)
        self.state.workshop = workshop
        self._record('content_changed', {'summary': summary}, actor=actor.log_name)
        self.content_changed.emit()

    # --- project lead --------------------------------------------------------------------------------------------

    @fresh(retry=False)
    def decide(self, actor: Actor, improvement: str, outcome: str, rationale: str = '',
               minority_view: str = '') -> None:
        self._require(actor, LEAD, FACILITATOR)
        if self.workshop.improvement(improvement) is None:
            raise Refused('refused_no_improvement', improvement=improvement)
        self._record('decision_recorded', {'improvement': improvement, 'outcome': Outcome(outcome).value,
                                           'rationale': _clean(rationale, MAX_TEXT),
                                           'minority_view': _clean(minority_view, MAX_TEXT)}, actor=actor.log_name)
        self.decisions_changed.emit()

    @fresh()
    def record_action(self, actor: Actor, *, improvement: str, title: str, owner: str = '', due: str = '',
                      status: str = 'todo', action_id: str | None = None) -> str:
        self._require(actor, LEAD, FACILITATOR)
        if self.workshop.improvement(improvement) is None:
            raise Refused('refused_no_improvement', improvement=improvement)
        if status not in ('todo', 'doing', 'done'):
            raise Refused('refused_action_status')
        if due and not _is_iso_date(due):
            raise Refused('refused_due_date')
        action_id = action_id or secrets.token_hex(4)
        self._record('action_recorded', {'action': {'id': action_id, 'improvement': improvement,
                                                    'title': _clean(title, 300), 'owner': _clean(owner, 120),
                                                    'due': due, 'status': status}}, actor=actor.log_name)
        self.decisions_changed.emit()
        return action_id

    # --- internals -----------------------------------------------------------------------------------------------

    def catch_up(self) -> int:
        """Fold in what was appended after our last sequence number, in log order, and tell the views about what
        others wrote (our own actions tell them themselves). Returns how many events were new."""
        events = self.store.events(self.id, after=self.state.last_seq)
        if not events:
            return 0
        for event in events:
            self.state.apply(event)
        theirs = [e for e in events if e.seq not in self._own]
        self._own.clear()
        if theirs:
            self._announce(theirs)
        return len(events)

    def _record(self, type_: str, payload: dict[str, Any], *, actor: str, op_id: str | None = None) -> bool:
        """Commit the event, then fold it in (with anything others wrote before it). False when the op_id was seen
        before (a retry): nothing changes. The state's key makes the write conditional on what we decided from."""
        try:
            event, created = self.store.append(self.id, type_, payload, actor=actor, op_id=op_id,
                                               key=self.state.key_for(type_, payload))
        except NotSaved as e:
            self.trouble.emit(str(e))  # the facilitator is told why; the person who tried, "not saved, try again"
            raise Refused('not_saved') from None
        if created:
            self._own.add(event.seq)
        self.catch_up()
        return created

    def _announce(self, events: list[StoredEvent]) -> None:
        """Others' events reach the views as if they had happened here; content is re-read when it changed."""
        names: dict[str, None] = {}  # in order, once each
        rounds: set[int] = set()
        people = False
        for event in events:
            p = event.payload
            if event.type in ('vote_cast', 'ranking_cast', 'abstained'):
                rounds.add(p['round'])
                if p['participant'] in self._ballots:
                    self._ballots[p['participant']].emit(p['round'])
            elif event.type in ('consent_given', 'participant_joined', 'participant_updated', 'consent_withdrawn',
                                'participant_removed'):
                people = True
                if event.type in ('consent_withdrawn', 'participant_removed'):
                    rounds.update(self.state.rounds)
                    self._comments_dirty('')
                    if p['participant'] in self._ballots:
                        self._ballots[p['participant']].emit(0)
            elif event.type in ('comment_added', 'comment_hidden'):
                self._comments_dirty(p['comment'], at_once=event.type == 'comment_hidden')
            elif event.type == 'improvement_proposed':
                self._comments_dirty('proposals')
            elif event.type in _CHANGED:
                names[_CHANGED[event.type]] = None
        if 'content_changed' in names:
            workshop = workshop_from_data(self.store.load_content(self.id), f'workshop {self.id}')
            workshop.id = self.id
            self.state.workshop = workshop
        if people:
            self.participants_changed.emit()
        for name in names:
            getattr(self, name).emit()
        if rounds:
            self._tally_dirty(*rounds)

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
        round_ = self.state.open_round()
        if round_ is None:
            raise Refused('voting_not_open')
        if round_.closes_at and self.clock() >= round_.closes_at:
            raise Refused('refused_time_up')
        return self.state.boxes[round_.number]

    def _round(self, number: int) -> Round:
        if number not in self.state.rounds:
            raise Refused('refused_no_round', n=number)
        return self.state.rounds[number]

    def _require(self, actor: Actor, *roles: str) -> None:
        # a named co-host acts only while on the team, and only in the role they were given
        cohost = self.state.team.get_active(actor.cohost) if actor.cohost else None
        if actor.role not in roles or actor.cohost and (cohost is None or cohost.role != actor.role):
            raise Refused('refused_facilitator_only' if FACILITATOR in roles and LEAD not in roles
                          else 'refused_not_allowed')

    def _require_participant(self, actor: Actor) -> None:
        if actor.role != PARTICIPANT or not self.is_member(actor.participant):
            raise Refused('refused_join_first')

    def _require_unlocked(self) -> None:
        if self.state.locked:
            raise Refused('workshop_closed')

    def _target_exists(self, kind: str, target_id: str) -> bool:
        lookup = {'stage': self.workshop.stage, 'theme': self.workshop.theme, 'improvement': self.workshop.improvement}
        return kind in lookup and lookup[kind](target_id) is not None

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
            position, inputs = self.state.last_seq, self._tally_inputs(number)
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

    def _check_posting(self, kind: str, participant: str, per_minute: int, most: int, so_far: int) -> None:
        """The workshop's limits on comments or ideas per participant: a rate, and a total (0: none)."""
        if most and so_far >= most:
            raise Refused(f'refused_{kind}_limit', n=most)
        recent = self._posts.get((kind, participant))
        if recent is not None:
            while recent and recent[0] <= time.monotonic() - 60:
                recent.popleft()
        if per_minute and recent is not None and len(recent) >= per_minute:
            raise Refused(f'refused_{kind}_rate')

    def _posted(self, kind: str, participant: str) -> None:
        self._posts.setdefault((kind, participant), deque()).append(time.monotonic())

    def _comments_dirty(self, *comment_ids: str, at_once: bool = False) -> None:
        """Coalesce what people write; `at_once` for moderation and withdrawal, which must take effect now (the counts
        on every page too)."""
        self._urgent = at_once
        self._comment_changes += 1  # every change to what comments are visible comes through here
        try:
            self._comments.add(comment_ids, at_once=at_once)
        finally:
            self._urgent = False

    def _tell_comments(self, changed: frozenset[str]) -> None:
        """Open threads and the console get the comments; every page's counts follow, more slowly."""
        ideas = 'proposals' in changed
        changed = changed - {'proposals'}
        if changed:
            self.comments_changed.emit(changed)
            comments = self.state.comments
            kinds = {'*'} if '' in changed else {c.target_kind for i in changed if (c := comments.get(i))}
            self._counts.interval = max(COUNT_INTERVAL, len(self.counts_changed.callbacks) / COUNT_PAGES)
            self._counts.add(kinds, at_once=self._urgent or '*' in kinds)
        if ideas:
            self.proposals_changed.emit()


class Coalesced:
    """Changes gathered and told together: the first at once, then at most once per `interval` whatever came
    meanwhile, so a burst costs each listener a few calls a second however fast it comes. Without a running event
    loop (command line, plain tests) every change is told at once."""

    def __init__(self, interval: float, tell: Callable[[frozenset[str]], None]) -> None:
        self.interval, self.tell = interval, tell
        self.pending: set[str] = set()
        self.handle: asyncio.TimerHandle | None = None
        self.told = 0.0

    def add(self, items: Iterable[str], *, at_once: bool = False) -> None:
        self.pending.update(items)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or at_once:  # no event loop (command line, plain tests), or urgent: tell now
            if self.handle is not None:
                self.handle.cancel()
            self.flush()
        elif self.handle is None:
            wait = self.told + self.interval - time.monotonic()
            if wait <= 0:
                self.flush()
            else:
                self.handle = loop.call_later(wait, self.flush)

    def flush(self) -> None:
        self.handle, self.told = None, time.monotonic()
        pending, self.pending = frozenset(self.pending), set()
        if pending:
            self.tell(pending)


def tally_worker() -> Executor:
    """The process that works out live tallies beside the server's event loop: a fresh interpreter (spawned, not a
    copy of the server), started with the server and given only copies of ballots."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context('spawn'))


class Registry:
    """The running workshops of this process, created at start-up (never a module global)."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self.worker: Executor | None = None  # the server sets its tally_worker()
        self._live: dict[str, LiveWorkshop] = {}

    def get(self, workshop_id: str) -> LiveWorkshop:
        if workshop_id in self._live and not self.store.exists(workshop_id):
            self.forget(workshop_id)  # deleted by the command line (or retention): not served a moment longer
        if workshop_id not in self._live:
            self._live[workshop_id] = LiveWorkshop(self.store, workshop_id, self.clock)
            self._live[workshop_id].worker = self.worker
            try:
                self._live[workshop_id].keep_schedule()
            except Refused:
                pass  # not saved now (the console says why): the next look or the app's regular check tries again
        return self._live[workshop_id]

    def find(self, workshop_id: str) -> LiveWorkshop | None:
        """The running workshop, or None where the store has none by this id (a page says "not found")."""
        try:
            return self.get(workshop_id)
        except StoreError:
            return None

    def keep_schedules(self) -> int:
        """Scheduled rounds of every running workshop open and close on time (the app calls this regularly)."""
        return sum(live.keep_schedule() for live in self.running())

    def by_join_code(self, code: str) -> LiveWorkshop | None:
        workshop_id = self.store.find_by_join_code(code)
        return self.get(workshop_id) if workshop_id else None

    def forget(self, workshop_id: str) -> None:
        self._live.pop(workshop_id, None)

    def running(self) -> list[LiveWorkshop]:
        return list(self._live.values())


# which event another writer's event sets off (votes, people and comments have their own events)
_CHANGED = {
    'stage_focused': 'focus_changed', 'agenda_step': 'agenda_changed', 'round_extended': 'timer_changed',
    'round_created': 'round_changed', 'round_opened': 'round_changed', 'round_closed': 'round_changed',
    'round_scheduled': 'round_changed', 'results_revealed': 'reveal_changed', 'workshop_locked': 'lock_changed',
    'session_started': 'session_changed', 'session_ended': 'session_changed',
    'content_changed': 'content_changed', 'proposal_approved': 'content_changed', 'improvement_proposed': 'proposals_changed',
    'shortlist_chosen': 'decisions_changed', 'decision_recorded': 'decisions_changed', 'action_recorded': 'decisions_changed',
    'cohost_added': 'team_changed', 'cohost_revoked': 'team_changed',
    'breakouts_set': 'breakouts_changed', 'breakout_moved': 'breakouts_changed', 'breakout_updated': 'breakouts_changed',
    'support_paired': 'breakouts_changed', 'breakouts_ended': 'breakouts_changed',
}


def _normal_passphrase(text: str) -> str:
    return ''.join(ch for ch in str(text).casefold() if ch.isalnum())


def _passphrase_hash(salt: str, passphrase: str) -> str:
    return hashlib.sha256(f'{salt}:{_normal_passphrase(passphrase)}'.encode()).hexdigest()


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10

