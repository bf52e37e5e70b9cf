"""LiveWorkshop's facilitation actions: focus a stage, move the agenda, create, open, extend, close and reveal rounds,
schedule rounds over days and run the live session, shortlist for the next round, lock the workshop, edit the
content, moderate comments and approve participants' ideas.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right.
"""
from __future__ import annotations

from workshop.actors import FACILITATOR, HOST, MAX_TEXT, Actor, Refused, fresh
from workshop.actors import clean as _clean
from workshop.domain import own_time, shortlist, voting
from workshop.domain.model import Improvement, Method, Round, RoundStatus, Workshop, to_dict
from workshop.domain.state import AGENDA
from workshop.live_part import LivePart


class FacilitationActions(LivePart):

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
                     scale: int | None = None, criteria: list[str] | None = None, show_previous: bool = False,
                     breakout: str = '') -> int:
        """A round for everyone (breakout ''), or one breakout's own round (its host's or a facilitator's)."""
        self._require_round_right(actor, breakout, new=True)
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
                       show_previous=show_previous, breakout=breakout)
        voting.check_round(round_, len(chosen))
        self._record('round_created', {'round': to_dict(round_)}, actor=actor.log_name)
        self.round_changed.emit()
        return number

    @fresh()
    def open_round(self, actor: Actor, number: int, *, minutes: float | None = None) -> None:
        self._require(actor, FACILITATOR, HOST)
        round_ = self._round(number)
        self._require_round_right(actor, round_.breakout)
        self._require_unlocked()
        # one round at a time for each person: the round for everyone, or each breakout's own
        if open_ := next((r for r in self.state.open_rounds() if r.number != number and (
                not round_.breakout or not r.breakout or r.breakout == round_.breakout)), None):
            raise Refused('refused_round_still_open', n=open_.number)
        closes_at = self.clock() + minutes * 60 if minutes else round_.ends_at
        self._record('round_opened', {'round': number, 'closes_at': closes_at}, actor=actor.log_name)
        assert round_.status == RoundStatus.OPEN
        self.round_changed.emit()

    @fresh()
    def extend_round(self, actor: Actor, number: int, minutes: float) -> None:
        self._require(actor, FACILITATOR, HOST)
        round_ = self._round(number)
        self._require_round_right(actor, round_.breakout)
        base = max(round_.closes_at or self.clock(), self.clock())
        self._record('round_extended', {'round': number, 'closes_at': base + minutes * 60}, actor=actor.log_name)
        self.timer_changed.emit()

    @fresh()
    def close_round(self, actor: Actor, number: int) -> None:
        self._require(actor, FACILITATOR, HOST)
        self._require_round_right(actor, self._round(number).breakout)
        self._record('round_closed', {'round': number}, actor=actor.log_name)
        self.round_changed.emit()

    @fresh()
    def reveal(self, actor: Actor, number: int, revealed: bool = True) -> None:
        """Show a round's results: to everyone, or a breakout's own round to that breakout only."""
        self._require(actor, FACILITATOR, HOST)
        self._require_round_right(actor, self._round(number).breakout)
        self._record('results_revealed', {'round': number, 'revealed': revealed}, actor=actor.log_name)
        self.reveal_changed.emit()

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

    # --- rounds over days and the live session -----------------------------------------------------------------

    @fresh()
    def schedule_round(self, actor: Actor, number: int, opens_at: float | None, ends_at: float | None) -> None:
        """Give a round not yet opened a time to open and close by itself (None, None: no schedule)."""
        self._require(actor, FACILITATOR)
        round_ = self._round(number)
        if round_.status != RoundStatus.DRAFT:
            raise Refused('refused_schedule_opened', n=number)
        if opens_at is not None and ends_at is not None:
            own_time.check_schedule(opens_at, ends_at, self.clock())
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

    def _round(self, number: int) -> Round:
        if number not in self.state.rounds:
            raise Refused('refused_no_round', n=number)
        return self.state.rounds[number]
