"""The facilitator console at /w/{id}/facilitate: agenda, focus, rounds and tallies, moderation, lock, links.

The facilitator token opens it, and so do named co-facilitators' and breakout hosts' own links (a host sees a
smaller console: their breakout with its own focus, comments and rounds, the team and moderation); every button
calls LiveWorkshop with the facilitator Actor, which checks the role again, so a participant gains nothing by
crafting the same call.
"""
from __future__ import annotations

import asyncio
from typing import Callable

from nicegui import context, ui
from nicegui.events import KeyEventArguments

from journey_maps.model import stage_order
from workshop import i18n, translations
from workshop.domain import links
from workshop.domain.state import AGENDA
from workshop.live import FACILITATOR, HOST, Actor, LiveWorkshop, Refused
from workshop.ui.facilitator.breakout_panel import BreakoutPanel
from workshop.ui.facilitator.moderation import Moderation
from workshop.ui.facilitator.reminders_panel import RemindersPanel
from workshop.ui.facilitator.round_schedule import LiveSessionCard
from workshop.ui.facilitator.rounds import RoundsPanel, note
from workshop.ui.facilitator.team_panel import TeamPanel
from workshop.ui.shared import widgets
from workshop.ui.shared.frame import frame, role_page
from workshop.ui.shared.lang import label, refusal, t
from workshop.web import access
from workshop.web.context import AppContext


def register(ctx: AppContext) -> None:
    role_page(ctx, '/w/{workshop_id}/facilitate', FACILITATOR, 'facilitator_link_needed', open_console)


async def open_console(ctx: AppContext, live: LiveWorkshop, actor: Actor) -> FacilitatorConsole:
    console = FacilitatorConsole(ctx, live, actor)
    await console.build()
    return console


async def next_part() -> None:
    """The console is the biggest page (50-130 ms to build in one go): built a part per turn of the event loop, so
    that phones' taps are answered in between, even when a facilitator opens or reloads it mid-vote."""
    await asyncio.sleep(0)


class FacilitatorConsole:
    def __init__(self, ctx: AppContext, live: LiveWorkshop, actor: Actor) -> None:
        self.ctx, self.live, self.actor = ctx, live, actor
        self.session = access.session_key()

    async def build(self) -> None:
        ctx, live, actor = self.ctx, self.live, self.actor
        widgets.head()
        with frame(live.workshop.title, subtitle=t('facilitator_subtitle')):
            self.status = widgets.status_region()
            # a write that failed (the disk is full): said where the facilitator looks first
            self.trouble = ui.label(t('disk_full')).classes('font-semibold text-red-900').props('role=alert')
            self.trouble.set_visibility(False)
            if actor.role == HOST:  # a breakout host: their breakout (its focus, comments and own rounds), the team
                # and moderation, nothing workshop-wide
                with ui.element('div').classes('w-full grid gap-4 lg:grid-cols-2 items-start'):
                    with ui.column().classes('gap-4 min-w-0'):
                        BreakoutPanel(live, actor, self.do)
                        self.rounds = RoundsPanel(live, actor, self.say)
                        TeamPanel(live, actor, self.do, ctx.config.public_url)
                    Moderation(live, actor, self.do, burst=lambda: ctx.joins.burst(live.id))
                self._present()
                return
            with ui.element('div').classes('w-full grid gap-4 lg:grid-cols-3 items-start'):
                with ui.column().classes('lg:col-span-2 gap-4 min-w-0'):
                    self._session()
                    await next_part()
                    LiveSessionCard(live, self.actor, self.do)
                    self.rounds = RoundsPanel(live, self.actor, self.say)
                    await next_part()
                    BreakoutPanel(live, actor, self.do)
                with ui.column().classes('gap-4 min-w-0'):
                    self._joined()
                    TeamPanel(live, actor, self.do, ctx.config.public_url)
                    self._links(ctx)
                    await next_part()
                    RemindersPanel(ctx.config, live, actor)
                    Moderation(live, actor, self.do, burst=lambda: ctx.joins.burst(live.id))
                    with ui.card().classes('w-full').props('flat bordered'):
                        widgets.heading(t('lock_heading'))
                        self.lock_state = ui.label('')
                        self.lock_button = ui.button('', on_click=self.confirm_lock).props('no-caps outline')
                        self.lock_note = note()
            self._shortcuts()
        self._present()
        self.show_state()
        self.show_joined()
        for event in (live.agenda_changed, live.focus_changed, live.lock_changed):
            event.subscribe(self.show_state)
        live.trouble.subscribe(lambda reason: (self.trouble.set_text(t('disk_full') + f' ({reason})'),
                                               self.trouble.set_visibility(True)))
        live.participants_changed.subscribe(self.show_joined)

    def _session(self) -> None:
        live = self.live
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('agenda_heading'))
            with ui.row().classes('gap-2 flex-wrap'):
                self.agenda = {step: ui.button(t(f'agenda_{step}'), on_click=lambda s=step: self.do(
                    live.set_agenda, s, where=self.agenda_note)).props('no-caps') for step in AGENDA}
            self.agenda_note = note()
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('focus_heading'))
            with ui.row().classes('gap-2 flex-wrap'):
                self.focus = {None: ui.button(t('focus_none'), on_click=lambda: self.do(
                    live.focus, None, where=self.focus_note)).props('no-caps')}
                for number, stage_id in enumerate(stage_order(live.workshop), start=1):
                    stage = live.workshop.stage(stage_id)
                    self.focus[stage_id] = ui.button(f'{number}. {stage.title}', on_click=lambda s=stage_id: self.do(
                        live.focus, s, where=self.focus_note)).props('no-caps')
            self.focus_note = note()

    def _present(self) -> None:
        """This console counts as "open now" on every console's team list until its page is gone."""
        self.live.console_opened(self.actor)
        context.client.on_delete(lambda: self.live.console_closed(self.actor))

    def say(self, message: str) -> None:
        self.status.set_text(message)

    def do(self, action: Callable[..., object], *args: object, done: str | None = None, where: ui.label | None = None,
           **kwargs: object) -> bool:
        """Call a LiveWorkshop action as the facilitator; a refusal is shown (next to the control, `where`), never
        raised."""
        say = where.set_text if where is not None else self.say
        if not access.still_allowed(self.ctx, self.live.id, self.actor, self.session):
            say(t('facilitator_link_needed'))
            return False
        try:
            action(self.actor, *args, **kwargs)
        except Refused as e:
            with self.status:  # the control that called may have been rebuilt meanwhile: speak from the page
                say(refusal(e))
            return False
        with self.status:
            say(done or t('done'))
        return True

    # --- what everyone joined ------------------------------------------------------------------------------------

    def _joined(self) -> None:
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('joined_heading'))
            self.joined_total = ui.label('').classes('font-semibold')
            with ui.row().classes('gap-x-6 flex-wrap'):
                self.joined = {g: ui.label('') for g in widgets.groups_in_order(self.live)}

    def show_joined(self) -> None:
        """How many people joined, by group, from before the first round (turnout needs a round; joining does not)."""
        counts = self.live.joined_by_group()
        widgets.set_text(self.joined_total, t('joined_total', n=sum(counts.values())))
        for group, text in self.joined.items():
            widgets.set_text(text, t('joined_line', n=counts.get(group, 0), group=widgets.group_name(self.live, group)))

    # --- keyboard ------------------------------------------------------------------------------------------------

    def _shortcuts(self) -> None:
        """The moves made every minute, one key each (not while typing), listed on the console."""
        keys = {'n': self.next_step, 's': self.next_stage, 'o': self.rounds.next_move, 'r': self.rounds.latest_results}

        def press(e: KeyEventArguments) -> None:
            plain = not (e.modifiers.ctrl or e.modifiers.meta or e.modifiers.alt)  # Ctrl+R still reloads the page
            if e.action.keydown and not e.action.repeat and plain and e.key.name.lower() in keys:
                keys[e.key.name.lower()]()
        ui.keyboard(press, ignore=['input', 'select', 'button', 'textarea']).mark('shortcuts')
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('shortcuts_heading'))
            with ui.element('ul').classes('list-none p-0 m-0'):
                for key in keys:
                    with ui.element('li'):
                        ui.label(t(f'shortcut_{key}'))

    def next_step(self) -> None:
        steps = list(AGENDA)
        step = steps[min(steps.index(self.live.state.agenda_step) + 1, len(steps) - 1)]
        self.do(self.live.set_agenda, step, where=self.agenda_note)

    def next_stage(self) -> None:
        order = stage_order(self.live.workshop)
        current = self.live.state.focus
        stage = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        self.do(self.live.focus, stage, where=self.focus_note)

    def show_state(self) -> None:
        state = self.live.state
        for step, button in self.agenda.items():
            widgets.pressed(button, step == state.agenda_step)
        for stage_id, button in self.focus.items():
            widgets.pressed(button, stage_id == state.focus)
        self.lock_state.set_text(t('locked_yes') if state.locked else t('locked_no'))
        self.lock_button.set_text(t('unlock') if state.locked else t('lock'))

    def confirm_lock(self) -> None:
        locking = not self.live.state.locked
        with widgets.transient_dialog() as dialog, ui.card():
            label('lock_confirm' if locking else 'unlock_confirm')
            with ui.row():
                # acted on before the dialog closes: closing deletes it, and the context the action runs in
                ui.button(t('confirm'), on_click=lambda: (self.do(self.live.lock, locking, where=self.lock_note),
                                                          dialog.close())).props('no-caps unelevated')
                ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline')
        dialog.open()

    def _links(self, ctx: AppContext) -> None:
        live = self.live
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('links_heading'))
            join_url = links.participant_link(ctx.config.public_url, live.join_code)
            ui.label(t('join_code_is', code=links.spaced(live.join_code))).classes('text-lg font-semibold')
            ui.label(t('join_link_is', url=join_url)).classes('break-all')
            with ui.row().classes('gap-4'):
                ui.link(t('open_presenter'), f'/w/{live.id}/present', new_tab=True)
                ui.link(t('open_editor'), f'/w/{live.id}/edit')
                ui.link(t('open_map'), f'/w/{live.id}/map', new_tab=True)
            ui.label(t('reo_coverage', app=i18n.participant_coverage().percent,
                       content=translations.content_coverage(live.workshop))).classes('text-sm').mark('reo-coverage')
        self._passphrase()

    def _passphrase(self) -> None:
        """An optional passphrase people need besides the join code (told to those invited, never on the shared
        screen); only its hash is kept, so it is never shown again, only whether one is set."""
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('passphrase_heading'))
            state = ui.label('')
            words = ui.input(t('passphrase_field')).props('outlined dense autocomplete=off maxlength=100').classes(
                'w-full')
            note_ = note()

            def show() -> None:
                state.set_text(t('passphrase_on' if self.live.needs_passphrase else 'passphrase_none'))
                remove.set_visibility(self.live.needs_passphrase)

            def save() -> None:
                if self.do(self.live.set_passphrase, words.value or '', done=t('passphrase_saved'), where=note_):
                    words.set_value('')
                show()

            def clear() -> None:
                self.do(self.live.clear_passphrase, done=t('passphrase_removed'), where=note_)
                show()
            with ui.row().classes('gap-2'):
                ui.button(t('passphrase_set'), on_click=save).props('no-caps outline').mark('passphrase-set')
                remove = ui.button(t('passphrase_clear'), on_click=clear).props('no-caps outline')
            show()
