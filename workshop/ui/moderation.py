"""Moderation on the facilitator console: every comment (hide or show it, with a reason) and ideas to approve."""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from workshop.live import LiveWorkshop
from workshop.model import Comment
from workshop.ui import widgets
from workshop.ui.lang import label, t

Do = Callable[..., bool]


class Moderation:
    def __init__(self, live: LiveWorkshop, actor: object, do: Do) -> None:
        self.live, self.do = live, do
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('moderation_heading'))
            self.comments = ui.column().classes('w-full gap-2')
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('proposals_heading'))
            self.proposals = ui.column().classes('w-full gap-2')
        self.build_comments()
        self.build_proposals()
        live.comments_changed.subscribe(lambda _: self.build_comments())
        live.changed.subscribe(lambda what: self.build_proposals() if what in ('proposals', 'content') else None)

    def build_comments(self) -> None:
        self.comments.clear()
        comments = sorted(self.live.state.comments.values(), key=lambda c: -c.at)
        with self.comments:
            if not comments:
                label('no_comments')
            for comment in comments:
                self._comment(comment)

    def _comment(self, comment: Comment) -> None:
        withdrawn = not self.live.is_member(comment.participant)
        with ui.card().classes('w-full').props('flat bordered'):
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
        workshop = self.live.workshop
        found = {'stage': workshop.stage, 'theme': workshop.theme, 'improvement': workshop.improvement}.get(
            comment.target_kind, lambda _: None)(comment.target_id)
        return found.title if found else comment.target_id

    def build_proposals(self) -> None:
        self.proposals.clear()
        proposals = sorted(self.live.state.proposals.values(), key=lambda p: -p.at)
        with self.proposals:
            if not proposals:
                label('no_proposals')
            for proposal in proposals:
                with ui.card().classes('w-full').props('flat bordered'):
                    ui.label(proposal.title).classes('font-semibold')
                    if proposal.description:
                        ui.label(proposal.description).classes('whitespace-pre-wrap')
                    if proposal.approved_as:
                        label('proposal_approved').classes('text-sm')
                    else:
                        ui.button(t('proposal_approve'), on_click=lambda p=proposal.id: self.do(
                            self.live.approve_proposal, p, done=t('proposal_approved'))).props('no-caps outline')
