"""Moderation on the facilitator console: every comment (hide or show it, with a reason) and ideas to approve.

Both lists show a page at a time, newest first, with buttons for older and newer pages, so ten thousand comments open
as fast as ten. Updates arrive coalesced (LiveWorkshop) and are applied in place: on the newest page a new comment is
one card added at the top (and the oldest card of the page dropped), a hidden or shown comment is its own card
refilled; a page of older comments stays still while people write, and only its count moves.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Reversible

from nicegui import ui

from workshop.domain.model import Comment
from workshop.domain.state import Proposal
from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import label, t

Do = Callable[..., bool]
PAGE = 20


class Pager:
    """A page of the newest-first list, its range ("Comments 1 to 20 of 10,000"), and buttons to move."""

    def __init__(self, words: str, on_move: Callable[[], None]) -> None:
        self.offset, self.total, self.words, self.on_move = 0, 0, words, on_move
        with ui.row().classes('items-center gap-2'):
            self.range = ui.label('').classes('text-sm')
            self.newer = ui.button(t(f'{words}_later'), on_click=lambda: self.move(-PAGE)).props('no-caps flat dense')
            self.older = ui.button(t(f'{words}_earlier'), on_click=lambda: self.move(PAGE)).props('no-caps flat dense')

    def move(self, by: int) -> None:
        self.offset = max(0, min(self.offset + by, max(0, self.total - 1) // PAGE * PAGE))
        self.on_move()

    def show(self, total: int) -> None:
        self.total = total
        self.range.set_text(t(f'{self.words}_range', first=min(self.offset + 1, total), last=min(self.offset + PAGE, total),
                              total=total))
        self.range.set_visibility(total > PAGE)
        self.newer.set_visibility(self.offset > 0)
        self.older.set_visibility(self.offset + PAGE < total)


class Moderation:
    def __init__(self, live: LiveWorkshop, actor: object, do: Do, burst: Callable[[], int] = lambda: 0) -> None:
        self.live, self.do = live, do
        self.cards: dict[str, ui.card] = {}
        People(live, do, burst)
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('moderation_heading'))
            self.pager = Pager('comments', self.build_comments)
            self.comments = ui.column().classes('w-full gap-2')
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('proposals_heading'))
            self.proposal_pager = Pager('ideas', self.build_proposals)
            self.proposals = ui.column().classes('w-full gap-2')
        self.build_comments()
        self.build_proposals()
        live.comments_changed.subscribe(self.on_comments)
        live.proposals_changed.subscribe(self.build_proposals)
        live.content_changed.subscribe(self.build_proposals)

    # --- comments -------------------------------------------------------------------------------------------------

    def build_comments(self) -> None:
        self.comments.clear()
        self.cards = {}
        with self.comments:
            shown = _newest(self.live.state.comments.values(), self.pager.offset)
            if not shown:
                label('no_comments')
            for comment in shown:
                self._card(comment)
        self.pager.show(len(self.live.state.comments))

    def on_comments(self, comment_ids: frozenset[str]) -> None:
        comments = self.live.state.comments
        if '' in comment_ids:
            self.build_comments()  # a withdrawal: which cards say "withdrawn" may have changed
            return
        for comment_id in comment_ids & self.cards.keys():
            self.cards[comment_id].clear()
            with self.cards[comment_id]:
                self._fill(comments[comment_id])
        new = sorted((comments[i] for i in comment_ids if i in comments and i not in self.cards), key=lambda c: c.at)
        if self.pager.offset == 0 and new:
            if not self.cards:
                self.comments.clear()  # "No comments yet." goes
            for comment in new[-PAGE:]:
                with self.comments:
                    self._card(comment).move(target_index=0)
            oldest = sorted(self.cards, key=lambda i: comments[i].at)[:max(0, len(self.cards) - PAGE)]
            for old in oldest:  # the page keeps its size: the oldest cards leave it
                self.comments.remove(self.cards.pop(old))
        self.pager.show(len(comments))

    def _card(self, comment: Comment) -> ui.card:
        with ui.card().classes('w-full').props('flat bordered') as card:
            self._fill(comment)
        self.cards[comment.id] = card
        return card

    def _fill(self, comment: Comment) -> None:
        withdrawn = not self.live.is_member(comment.participant)
        ui.label(t('moderation_comment_on', kind=t(f'kind_{comment.kind.value}'), target=self._target(comment))
                 ).classes('text-sm font-semibold')
        ui.label(comment.text).classes('whitespace-pre-wrap' + (' line-through' if comment.hidden else ''))
        if withdrawn:
            label('comment_withdrawn').classes('text-sm text-slate-700')
        if comment.hidden:
            ui.label(t('comment_hidden_because', reason=comment.hidden_reason or t('no_reason'))).classes('text-sm')
            ui.button(t('comment_show'), on_click=lambda: self.do(
                self.live.hide_comment, comment.id, False, done=t('comment_shown'))).props('no-caps outline')
        else:
            with ui.row().classes('items-end gap-2'):
                reason = ui.input(t('hide_reason')).props('outlined dense maxlength=200')
                ui.button(t('comment_hide'), on_click=lambda: self.do(
                    self.live.hide_comment, comment.id, True, reason.value or '', done=t('comment_hidden'))).props(
                    'no-caps outline')

    def _target(self, comment: Comment) -> str:
        return target_title(self.live, comment)

    # --- proposals ------------------------------------------------------------------------------------------------

    def build_proposals(self) -> None:
        self.proposals.clear()
        with self.proposals:
            shown = _newest(self.live.state.proposals.values(), self.proposal_pager.offset)
            if not shown:
                label('no_proposals')
            for proposal in shown:
                self._proposal(proposal)
        self.proposal_pager.show(len(self.live.state.proposals))

    def _proposal(self, proposal: Proposal) -> None:
        with ui.card().classes('w-full').props('flat bordered'):
            ui.label(proposal.title).classes('font-semibold')
            if proposal.description:
                ui.label(proposal.description).classes('whitespace-pre-wrap')
            if proposal.approved_as:
                label('proposal_approved').classes('text-sm')
            else:
                ui.button(t('proposal_approve'), on_click=lambda p=proposal.id: self.do(
                    self.live.approve_proposal, p, done=t('proposal_approved'))).props('no-caps outline')


class People:
    """Who joined, newest first, a page at a time, each with "Remove" (confirmed; the log records it), and a warning
    when many joined from one network address within a minute. Redrawn at most once a second while people join."""

    def __init__(self, live: LiveWorkshop, do: Do, burst: Callable[[], int]) -> None:
        self.live, self.do, self.burst = live, do, burst
        self.due = False
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('people_heading'))
            self.warning = ui.label('').classes('font-semibold text-red-900').props('role=alert')
            self.pager = Pager('people', self.build)
            self.rows = ui.column().classes('w-full gap-1')
        self.build()
        live.participants_changed.subscribe(self.soon)

    def soon(self) -> None:
        if not self.due:
            self.due = True
            ui.timer(1.0, self.build, once=True)

    def build(self) -> None:
        self.due = False
        burst = self.burst()
        self.warning.set_text(t('join_burst_warning', n=burst) if burst else '')
        self.warning.set_visibility(bool(burst))
        order = {p: n for n, p in enumerate(self.live.state.participants, start=1)}  # P01, P02, … as in exports
        present = [p for p in self.live.state.participants.values() if self.live.is_member(p.id)]
        self.rows.clear()
        with self.rows:
            for person in _newest(present, self.pager.offset):
                groups = {s.id: s.label for s in self.live.workshop.streams}
                with ui.row().classes('items-center gap-2'):
                    ui.label(t('person_line', pseudonym=f'P{order[person.id]:02d}',
                               group=groups.get(person.group, t('group_prefer_not_to_say'))))
                    ui.button(t('person_remove'), on_click=lambda p=person.id, n=order[person.id]: self.confirm(p, n)
                              ).props('no-caps flat dense')
        self.pager.show(len(present))

    def confirm(self, participant: str, number: int) -> None:
        removed = t('person_removed')  # read now: closing the dialog deletes the place the page's language is read from
        with widgets.transient_dialog() as dialog, ui.card():
            ui.label(t('person_remove_confirm', pseudonym=f'P{number:02d}'))
            reason = ui.input(t('hide_reason')).props('outlined dense maxlength=200')
            with ui.row():
                ui.button(t('person_remove'), on_click=lambda: (dialog.close(), self.do(
                    self.live.remove_participant, participant, reason.value or '', done=removed))).props(
                    'no-caps unelevated color=negative')
                ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline')
        dialog.open()


def target_title(live: LiveWorkshop, comment: Comment) -> str:
    """The title of what a comment is about (a stage, theme or idea)."""
    workshop = live.workshop
    found = {'stage': workshop.stage, 'theme': workshop.theme, 'improvement': workshop.improvement}.get(
        comment.target_kind, lambda _: None)(comment.target_id)
    return found.title if found else comment.target_id


def _newest(items: Reversible, offset: int) -> list:
    """A page of a log-ordered collection (a dict's values), newest first, without sorting or reading the rest."""
    return list(islice(reversed(items), offset, offset + PAGE))
