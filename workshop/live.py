"""Running workshops: one LiveWorkshop per workshop, its state folded from the event log, typed events for the UI.

Every action goes through here and follows the life of a vote: check (role, round, budget), append the event and
commit, apply it to the in-memory state, then tell the views. The actions live in one module per concern (the
live_*.py parts); roles are checked here, on the server, for every action of every part; a page hiding a button is
never the only guard. Imports only `nicegui.Event` from NiceGUI.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, Callable, Iterable

from nicegui import Event

from workshop.actors import FACILITATOR, HOST, LEAD, PARTICIPANT, Actor, Refused, fresh  # noqa: F401 (re-exported)
from workshop.content import workshop_from_data
from workshop.domain.model import Comment, Workshop
from workshop.domain.results_cache import ResultsCache
from workshop.domain.state import WorkshopState, fold
from workshop.fanout import SHARED_BATCH, SpreadEvent
from workshop.live_breakouts import BreakoutActions
from workshop.live_comments import COMMENT_INTERVAL, COUNT_INTERVAL, CommentActions
from workshop.live_facilitation import FacilitationActions
from workshop.live_lead import LeadActions
from workshop.live_participants import ParticipantActions
from workshop.live_team import TeamActions
from workshop.live_votes import RESULTS_INTERVAL, TALLY_INTERVAL, VoteActions
from workshop.store import Event as StoredEvent
from workshop.store import NotSaved, Store, StoreError


class LiveWorkshop(ParticipantActions, VoteActions, CommentActions, FacilitationActions, LeadActions, TeamActions,
                   BreakoutActions):
    """One running workshop: a façade over its parts, one per concern (live_participants, live_votes,
    live_comments, live_facilitation, live_lead, live_team, live_breakouts), that checks every right here
    (`_require…`) and keeps the log and the events every part tells.

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
        self.agenda_changed = SpreadEvent(spread=1.0)
        """The agenda moved to another step: the line saying what is happening now, on every phone, follows within a
        second (revealing results moves it too, and the results themselves must not wait behind it)."""
        self.round_changed = SpreadEvent()
        """A round was created, scheduled, opened or closed."""
        self.timer_changed = SpreadEvent()
        """A round's time was extended."""
        self.reveal_changed = SpreadEvent(batch=SHARED_BATCH)
        """A round's results were revealed (or hidden again)."""
        self.results_changed = SpreadEvent(spread=0.5, batch=SHARED_BATCH)
        """Votes changed in a round whose results are revealed; at most once per RESULTS_INTERVAL (every phone), the
        pages told over half a second: the results are already showing, and taps must not wait behind them."""
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
        # every page too, a batch of pages at a time, spread over a few seconds (counts on buttons can wait)
        self.counts_changed: Event[frozenset[str]] = SpreadEvent(spread=3.0)
        self.trouble: Event[str] = Event()
        self._comments = Coalesced(COMMENT_INTERVAL, self._tell_comments)
        self._counts = Coalesced(COUNT_INTERVAL, self.counts_changed.emit)
        self._posts: dict[tuple[str, str], deque[float]] = {}  # (kind, participant) → when they posted, last minute
        self._count_cache: tuple[int, Counter[tuple[str, str]]] = (-1, Counter())
        self._comment_changes = 0
        self._urgent = False
        self._own: set[int] = set()  # sequence numbers we wrote and have announced ourselves
        self._people = Coalesced(TALLY_INTERVAL, lambda _: self.participants_changed.emit())  # joins come in bursts
        self._results_due = Coalesced(RESULTS_INTERVAL, self._tell_results)
        self._visible: tuple[int, dict[tuple[str, str], list[Comment]]] = (-1, {})
        self._results = ResultsCache(self._tally)
        self._working: set[int] = set()  # rounds whose results are being worked out off the event loop
        self._work: asyncio.Task | None = None
        self.worker: Executor | None = None  # a process for live tallies (the server's; None: on the event loop)
        self._present: Counter[str] = Counter()  # facilitation consoles open in this process, by who

    @property
    def workshop(self) -> Workshop:
        return self.state.workshop

    def ballot_event(self, participant_id: str) -> Event[int]:
        if participant_id not in self._ballots:
            self._ballots[participant_id] = Event()
        return self._ballots[participant_id]

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

    def _tell_results(self, _: frozenset[str]) -> None:
        """Revealed results follow the votes, but not while the reveal itself is still reaching pages: those pages
        show the newest results when it reaches them, and a second fan-out beside it only slowed both."""
        if self.reveal_changed.busy:
            self._results_due.add({'results'})  # again after RESULTS_INTERVAL
            return
        self.results_changed.emit()

    def _keep(self, write: Callable[..., None], *args: str) -> None:
        try:
            write(*args)
        except NotSaved as e:
            self.trouble.emit(str(e))
            raise Refused('not_saved') from None

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

    # --- rights: every action of every part checks who may take it here, and only here ------------------------

    def _require(self, actor: Actor, *roles: str) -> None:
        # a named co-host acts only while on the team, and only in the role they were given
        cohost = self.state.team.get_active(actor.cohost) if actor.cohost else None
        if actor.role not in roles or actor.cohost and (cohost is None or cohost.role != actor.role):
            raise Refused('refused_facilitator_only' if FACILITATOR in roles and LEAD not in roles
                          else 'refused_not_allowed')

    def _require_breakout_right(self, actor: Actor, breakout: str) -> None:
        """A running breakout, and the actor a facilitator or this breakout's own host."""
        self._require_running(breakout)
        if actor.role == HOST and self.state.breakouts.host_of(breakout) != actor.cohost:
            raise Refused('refused_not_your_breakout')

    def _require_round_right(self, actor: Actor, breakout: str, *, new: bool = False) -> None:
        """A round for everyone is the facilitators'; a breakout's own round also its host's (while it runs)."""
        if not breakout:
            self._require(actor, FACILITATOR)
            return
        self._require(actor, FACILITATOR, HOST)
        if new or actor.role == HOST:
            self._require_breakout_right(actor, breakout)

    def _require_participant(self, actor: Actor) -> None:
        if actor.role != PARTICIPANT or not self.is_member(actor.participant):
            raise Refused('refused_join_first')

    def _require_lead_facilitator(self, actor: Actor) -> None:
        if actor.role != FACILITATOR or actor.cohost:
            raise Refused('refused_lead_facilitator_only')

    def _require_unlocked(self) -> None:
        if self.state.locked:
            raise Refused('workshop_closed')


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
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context('spawn'),
                               initializer=_end_with, initargs=(os.getpid(),))


def _end_with(server: int) -> None:
    """In the worker: end when the server does. A server killed outright (kill -9, out of memory) runs no shutdown,
    and the worker would otherwise wait for work forever, an orphan holding its memory."""
    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1)
        os._exit(0)
    threading.Thread(target=watch, daemon=True, name='end with the server').start()


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
