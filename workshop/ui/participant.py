"""The participant's door: join at /join/{code} (language → information and consent → group → name), then take part
at /w/{id}/p (map, voting, comments, ideas, results).

Joining is recorded once: the participant id is bound to this browser, so a reload, a second tab or a page rebuilt
after a reconnect finds the same participant with their votes and never asks for name or group again.
"""
from __future__ import annotations

from nicegui import ui
from starlette.responses import RedirectResponse

from workshop.live import LiveWorkshop, Refused
from workshop.store import normalise_join_code
from workshop.ui import access, widgets
from workshop.ui.comments import CommentBoard, improvement_threads, proposal_form, theme_dialog
from workshop.ui.context import AppContext
from workshop.ui.frame import frame, live_or_not_found
from workshop.ui.join_steps import JoinSteps
from workshop.ui.journey_map import journey_map
from workshop.ui.lang import label, mark, refusal, switch, t
from workshop.ui.results_view import ParticipantResults
from workshop.ui.voting_panel import VotingPanel


def register(ctx: AppContext) -> None:
    @ui.page('/join')
    def join_without_code() -> None:
        widgets.head()  # large touch targets, as on every participant page
        with frame(t('join_title')):
            code_box()

    @ui.page('/join/{code}')
    def join(code: str):
        live = ctx.registry.by_join_code(code)
        widgets.head()
        if live is None:
            with frame(t('join_title')):
                label('join_unknown_code').classes('text-lg')
                code_box()
            return None
        if live.is_member(access.participant_id(live.id)):
            return RedirectResponse(f'/w/{live.id}/p')
        with frame(live.workshop.title, subtitle=t('join_title')):
            JoinSteps(live, on_joined=lambda: ui.navigate.to(f'/w/{live.id}/p'))
        return None

    @ui.page('/w/{workshop_id}/p')
    def take_part(workshop_id: str):
        live = live_or_not_found(ctx, workshop_id)
        if live is None:
            return None
        if not live.is_member(access.participant_id(live.id)):
            return RedirectResponse(f'/join/{live.join_code}')
        ParticipantView(live)
        return None


def code_box() -> None:
    """Type (or paste) the join code again; spaces, dashes and small letters are fine."""
    with ui.row().classes('items-end gap-2 cw-big'):
        code = ui.input(t('join_code')).props('outlined autocomplete=off autocapitalize=characters')
        go = lambda: ui.navigate.to(f'/join/{normalise_join_code(code.value or "")}')  # noqa: E731
        code.on('keydown.enter', go)
        ui.button(t('join'), on_click=go).props('no-caps unelevated')


class ParticipantView:
    """One participant's page. Subscribes once per page build; NiceGUI drops the subscriptions with the client."""

    def __init__(self, live: LiveWorkshop) -> None:
        self.live = live
        self.actor = access.participant_actor(live)
        self.left = False
        widgets.head()
        with ui.footer().classes('bg-white text-slate-900 border-t border-slate-300 px-3 py-2'):
            with ui.column().classes('w-full max-w-screen-xl mx-auto gap-0'):
                summary = ui.label('').classes('font-semibold')
                self.status = widgets.status_region()
        ui.add_css('html { scroll-padding-bottom: 6rem; }')  # nothing focused hides behind the footer (2.4.11)
        with frame(live.workshop.title, subtitle=t('participant_subtitle')) as self.main:
            self.main.classes('cw-big')
            with ui.row().classes('w-full items-center justify-between gap-2'):
                switch()
                ui.button(t('leave'), on_click=self.confirm_leave).props('no-caps outline')
            self.board = CommentBoard(live, self.actor, self.say)
            self.now = ui.label('').classes('text-lg')
            self.voting = VotingPanel(live, self.actor, self.say, summary)
            self.results = ParticipantResults(live)
            widgets.heading(t('map_heading'))
            self.focus = ui.label('')
            journey_map(live, on_theme=lambda theme: theme_dialog(live, self.board, theme))
            self.stage_comments = ui.column().classes('w-full')
            widgets.heading(t('ideas_heading'))
            self.ideas = ui.column().classes('w-full gap-3')
            proposal_form(live, self.actor, self.say)
        self.show_now()
        self.show_focus()
        self.show_ideas()
        live.changed.subscribe(self.on_changed)
        live.ballot_event(self.actor.participant).subscribe(lambda number: self.left or self.voting.on_ballot(number))

    def say(self, message: str) -> None:
        self.status.set_text(message)

    def on_changed(self, what: str) -> None:
        if self.left:
            return
        if what in ('round', 'content', 'lock'):
            before = self.voting.round.number if self.voting.round else None
            self.voting.build()
            if what == 'round' and before != (self.voting.round.number if self.voting.round else None):
                self.say(self.voting.round_message())  # announced only when voting opens or closes
        elif what == 'timer':
            self.voting.show_timer()
        if what in ('reveal', 'results', 'content', 'round'):
            self.results.build()
        if what in ('agenda', 'lock'):
            self.show_now()
        if what in ('focus', 'content'):
            self.show_focus()
        if what == 'content':
            self.show_ideas()

    def show_now(self) -> None:
        state = self.live.state
        self.now.set_text(t('workshop_closed') if state.locked else t(f'agenda_now_{state.agenda_step}'))

    def show_focus(self) -> None:
        stage = self.live.workshop.stage(self.live.state.focus or '')
        self.focus.set_text(t('no_focus'))  # the map itself says which stage is in focus
        self.focus.set_visibility(stage is None)
        self.stage_comments.clear()
        if stage:
            with self.stage_comments:
                self.board.thread('stage', stage.id)

    def show_ideas(self) -> None:
        self.ideas.clear()
        with self.ideas:
            improvement_threads(self.live, self.board)

    def confirm_leave(self) -> None:
        with ui.dialog() as dialog, ui.card().classes('cw-big max-w-md'):
            widgets.heading(t('leave_title'))
            label('leave_explain')
            with ui.row():
                ui.button(t('leave_confirm'), on_click=lambda: self.leave(dialog)).props(
                    'no-caps unelevated color=negative')
                mark(ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline'), 'cancel')
        dialog.open()

    def leave(self, dialog: ui.dialog) -> None:
        try:
            self.live.withdraw(self.actor)
        except Refused as e:
            self.say(refusal(e))
            return
        dialog.close()
        self.left = True
        self.main.clear()
        with self.main:
            widgets.heading(t('left_title'), level=1, classes='text-2xl font-semibold')
            label('left_explain')
