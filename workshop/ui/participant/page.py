"""The participant's door: join at /join/{code} (language → information and consent → group → name), then take part
at /w/{id}/p (voting, results, the stage in focus, the journey map, ideas, comments).

Joining is recorded once: the participant id is bound to this browser, so a reload, a second tab or a page rebuilt
after a reconnect finds the same participant with their votes and never asks for name or group again.

The page is kept small on purpose, because the server holds every open page in memory and a consultation may have a
thousand phones open: the ideas are one element each list (IdeaList), and the journey map, comment threads and the
idea form are built when someone opens them and dropped when they close them.
"""
from __future__ import annotations

from typing import Callable

from nicegui import Event, ui
from starlette.responses import RedirectResponse

from workshop.domain import links
from workshop.live import LiveWorkshop, Refused
from workshop.ui.participant.breakout_note import breakout_html
from workshop.ui.participant.comments import CommentBoard, proposal_dialog, thread_dialog
from workshop.ui.participant.idea_list import CardTexts, IdeaList
from workshop.ui.participant import own_time_notice
from workshop.ui.participant.join_steps import JoinSteps
from workshop.ui.participant.results_list import ResultsList, ResultTexts
from workshop.ui.participant.reminder_signup import reminder_button
from workshop.ui.participant.status_bar import StatusBar
from workshop.ui.participant.voting_panel import VotingPanel
from workshop.ui.shared import widgets
from workshop.ui.shared.frame import frame, live_or_not_found
from workshop.ui.shared.shared_html import SharedHtml
from workshop.ui.shared.journey_map import journey_map, stage_label, stage_name, theme_dialog
from workshop.ui.shared.lang import content_text, label, mark, other_html, refusal, sentence_html, switch, t, text
from workshop.web import access, memory
from workshop.web.broadcast import Broadcast
from workshop.web.context import AppContext, Drafts


def register(ctx: AppContext) -> None:
    @ui.page('/join')
    def join_without_code() -> None:
        widgets.head()  # large touch targets, as on every participant page
        with frame(t('join_title')):
            code_box()

    @ui.page('/join/{code}')
    def join(code: str):
        live = access.join_by_code(ctx, code)
        widgets.head()
        if not live:
            with frame(t('join_title')):
                label('join_too_many_tries' if live is False else 'join_unknown_code').classes('text-lg')
                code_box()
            return None
        if live.is_member(access.participant_id(ctx.store, live.id) or ''):
            return RedirectResponse(f'/w/{live.id}/p')
        title = content_text(live.workshop, 'title')
        with frame(title['t'], subtitle=t('join_title'), lang=title['l']):
            if access.left_before(ctx.store, live.id):
                label('join_again_as_new').classes('text-lg').mark('join-again')
            JoinSteps(ctx, live, on_joined=lambda: go_on(f'/w/{live.id}/p'))
        return None

    @ui.page('/w/{workshop_id}/p')
    def take_part(workshop_id: str):
        live = live_or_not_found(ctx, workshop_id)
        if live is None:
            return None
        if not live.is_member(access.participant_id(ctx.store, live.id) or ''):
            return RedirectResponse(f'/join/{live.join_code}')
        try:
            live.keep_schedule()  # someone arriving in their own time finds a round open (or closed) on time
        except Refused:
            pass  # not saved now: the app's regular check tries again
        ParticipantView(live, ctx.cards, ctx.results, ctx.drafts, ctx.shared)
        return None


def go_on(path: str) -> None:
    """Joined: on to the workshop, and this join page is freed as soon as the browser has left it."""
    memory.free_when_left(ui.context.client)
    ui.navigate.to(path)


def code_box() -> None:
    """Type (or paste) the join code again; spaces, dashes and small letters are fine."""
    with ui.row().classes('items-end gap-2 cw-big'):
        code = ui.input(t('join_code')).props('outlined autocomplete=off autocapitalize=characters')
        go = lambda: ui.navigate.to(f'/join/{links.normalise_join_code(code.value or "")}')  # noqa: E731
        code.on('keydown.enter', go)
        ui.button(t('join'), on_click=go).props('no-caps unelevated')


class ParticipantView:
    """One participant's page. Subscribes once per page build; NiceGUI drops the subscriptions with the client."""

    def __init__(self, live: LiveWorkshop, cards: CardTexts, results: ResultTexts, drafts: Drafts,
                 shared: Broadcast) -> None:
        self.live, self.cards, self.result_texts, self.shared = live, cards, results, shared
        self.actor = access.participant_actor(live)
        self.left = False
        # the changes the line saying what is happening now follows (below)
        self._now_changes = (live.round_changed, live.content_changed, live.lock_changed, live.agenda_changed,
                             live.focus_changed, live.session_changed, live.breakouts_changed)
        widgets.head()
        with ui.footer().classes('bg-white text-slate-900 border-t border-slate-300 px-3 py-2'):
            self.status = StatusBar(shared).mark('status')
        with frame(live.workshop.title, subtitle=t('participant_subtitle'), heading=False) as self.main:
            self.main.classes('cw-big')
            # the title, what is happening now, the stage in focus, the group and the breakout: one element, built
            # from escaped text
            self.now = SharedHtml(shared, 'n')
            self.stage_button = ui.button('', on_click=self.stage_comments).props('no-caps outline')
            self.group_button = ui.button(t('group_change'), on_click=self.choose_group).props(
                'no-caps outline').mark('group-change')
            ui.button(t('map_show'), on_click=self.show_map).props('no-caps outline').mark('map-toggle')
            switch()
            self.board = CommentBoard(live, self.actor, self.say, drafts)
            self.voting = VotingPanel(live, self.actor, self.say, self.status.show_summary, cards, results,
                                      self.idea_comments)
            self.results = ResultsList(shared).mark('results')
            self.ideas = IdeaList(self.on_idea).mark('all-ideas')
            ui.button(t('propose_heading'), on_click=lambda: proposal_dialog(live, self.actor, self.say, drafts)).props(
                'no-caps outline').mark('propose')
            reminder_button(live, self.actor, self.say)
            ui.button(t('leave'), on_click=self.confirm_leave).props('no-caps outline')
        self.show_now()
        self.show_ideas()
        self.show_results()

        def follow(event: Event[[]], *shows: Callable[[], object]) -> None:  # each change redraws what shows it
            event.subscribe(lambda: self.left or [show() for show in shows])

        follow(live.round_changed, self.on_round, self.show_results, self.show_now, self.show_ideas)
        follow(live.content_changed, self.voting.build, self.show_results, self.show_now, self.show_ideas)
        follow(live.lock_changed, self.voting.build, self.show_now)
        follow(live.timer_changed, self.voting.show_timer)
        follow(live.reveal_changed, self.on_reveal)
        follow(live.results_changed, self.show_results)
        follow(live.agenda_changed, self.show_now)
        follow(live.focus_changed, self.show_now)
        follow(live.session_changed, self.show_now)
        follow(live.breakouts_changed, self.on_round, self.show_results, self.show_now)  # a breakout's own focus and
        # rounds, and moves between breakouts
        live.counts_changed.subscribe(self.on_counts)
        live.ballot_event(self.actor.participant).subscribe(self.on_ballot)

    def say(self, message: str) -> None:
        self.status.say(message)

    def on_ballot(self, number: int) -> None:
        if not self.left:
            self.voting.on_ballot(number)
            self.group_button.set_visibility(not self.live.has_voted(self.actor.participant))

    def on_round(self) -> None:
        before = self.voting.round.number if self.voting.round else None
        open_ = self.live.open_round_for(self.actor.participant)
        # a round created or closed elsewhere (paper ballots imported) leaves the open one as it is: not rebuilt, so
        # a tap on the cards meanwhile still lands
        if before != (open_.number if open_ else None):
            self.voting.build()
            self.say(self.voting.round_message())  # announced only when voting opens or closes
            if self.voting.round is not None:  # and the vote comes into view (our script, no user text)
                ui.run_javascript("document.querySelector('.cw-ideas')?.scrollIntoView({block: 'start'})")

    def on_reveal(self) -> None:
        if self.show_results():  # the status line says so, as the screen does (results_list.js brings the results
            # into view): in the same one message to every phone as the results
            revision = self.shared.revision(('reveal', self.live.id, self.live.reveal_changed.emitted))
            self.status.announce(t('results_revealed_status'), revision)

    def on_counts(self, kinds: frozenset[str]) -> None:
        """Comment counts on the buttons follow (coalesced to a few seconds, as this reaches every page), and only
        those that can have changed; the threads themselves are the open dialogs' (CommentBoard)."""
        if self.left:
            return
        if kinds & {'*', 'improvement'}:
            self.voting.show_cards()
            self.show_ideas()
        if kinds & {'*', 'stage'}:
            self.show_stage_count()

    def show_now(self) -> None:
        state = self.live.state
        now = text('workshop_closed') if state.locked else text(f'agenda_now_{state.agenda_step}')
        if not state.locked and own_time_notice.in_own_time(self.live):
            now = text('own_time_now')  # nobody is running a session: the agenda's "now" would mislead
        stage = self.live.workshop.stage(self.live.focus_for(self.actor.participant) or '')
        focus = (sentence_html('map_focus_status', 'text-lg', stage=stage_label(self.live.workshop, stage)) if stage
                 else widgets.text_html(text('map_no_focus'), 'text-lg'))
        workshop = self.live.workshop
        participant = self.live.state.participants.get(self.actor.participant)
        group = text('your_group', group=widgets.group_name(self.live, participant.group if participant else ''))
        html = (widgets.heading_html(content_text(workshop, 'title'), 1, 'text-2xl font-semibold')
                + other_html(workshop, 'title') + widgets.text_html(now, 'text-lg mt-2') + focus
                + widgets.text_html(group, 'mt-1'))
        # pages given the same words by the same change share one message, named by the counts of those changes;
        # the breakout and support code are this page's own
        self.now.show(html, breakout_html(self.live, self.actor.participant),
                      name=(self.live.id, *(e.emitted for e in self._now_changes)))
        self.show_stage_count()
        self.stage_button.set_visibility(stage is not None)
        # the group can be corrected until this person has voted: a vote counts for the group it was cast in
        self.group_button.set_visibility(not state.locked and not self.live.has_voted(self.actor.participant))

    def choose_group(self) -> None:
        participant = self.live.state.participants.get(self.actor.participant)
        with widgets.dialog_card(t('join_group_heading')) as (dialog, _):
            widgets.heading(t('join_group_heading'))
            options = {g: widgets.group_name(self.live, g) for g in widgets.groups_in_order(self.live)}
            choice = ui.radio(options, value=participant.group if participant else None)
            choice.props['aria-label'] = t('group')

            def save() -> None:
                try:
                    self.live.change_group(self.actor, choice.value)
                except Refused as e:
                    self.say(refusal(e))
                    return
                self.say(t('group_changed', group=options[choice.value]))
                self.show_now()
                dialog.close()  # last: closing deletes the dialog this handler runs in
            ui.button(t('save'), on_click=save).props('no-caps unelevated').mark('group-save')

    def show_stage_count(self) -> None:
        """Only the count on the stage's comments button: what a comment storm changes on every page."""
        if stage := self.live.workshop.stage(self.live.focus_for(self.actor.participant) or ''):
            widgets.set_text(self.stage_button, t('stage_comments_open', n=self.live.comment_counts()[('stage',
                                                                                                          stage.id)]))

    def show_results(self) -> bool:
        """Swap in the shared words of every revealed round; True when some round's results are showing."""
        results = self.result_texts.revealed(self.live, self.actor.participant)
        self.results.show(results)
        return self.result_texts.shows_rounds(results)

    def stage_comments(self) -> None:
        stage = self.live.workshop.stage(self.live.focus_for(self.actor.participant) or '')
        if stage:
            thread_dialog(self.board, 'stage', stage.id, stage_name(self.live.workshop, stage))

    def show_map(self) -> None:
        """The journey map is the biggest part of the page: built in a full-screen dialog when asked for, dropped
        when closed."""
        with widgets.dialog_card(t('map_heading'), wide=True):
            widgets.heading(t('map_heading'))
            view = journey_map(self.live, on_theme=lambda theme: theme_dialog(
                self.live, theme, thread=lambda: self.board.thread('theme', theme.id)))
        view.show_focus(scroll=True)  # "follow" means follow: it opens at the stage being discussed

    def show_ideas(self) -> None:
        """Every idea, with its comments; while a round is open, the ideas that are not in it (no card twice)."""
        voting = set(self.voting.improvements())
        ids = [i.id for i in self.live.workshop.improvements if i.id not in voting]
        head = {'heading': text('ideas_other_heading' if voting else 'ideas_heading')} if ids else {}
        self.ideas.show(self.cards.ideas(self.live, ids), head=head)

    def on_idea(self, tap: dict) -> None:
        if tap.get('a') == 'comments' and isinstance(tap.get('id'), str):
            self.idea_comments(tap['id'])

    def idea_comments(self, improvement_id: str) -> None:
        improvement = self.live.workshop.improvement(improvement_id)
        if improvement is not None:
            thread_dialog(self.board, 'improvement', improvement.id, improvement.title)

    def confirm_leave(self) -> None:
        with widgets.transient_dialog() as dialog, ui.card().classes('cw-big max-w-md'):
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
        access.forget_participant(self.live.store, self.live.id, self.actor.participant)
        dialog.close()
        self.left = True
        self.main.clear()
        with self.main:
            widgets.heading(t('left_title'), level=1, classes='text-2xl font-semibold')
            label('left_explain')
