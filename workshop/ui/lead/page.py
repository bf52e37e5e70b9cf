"""The project lead's view at /w/{id}/lead: the cycle's progress, ranked lists, decisions, actions and downloads.

Only the lead token opens it; decisions and actions go through LiveWorkshop with the lead Actor, which checks the
role again. Nothing is computed here: rankings come from LiveWorkshop.tally, progress from workshop.domain.cycle, files
from the export registry. Files are made off the event loop, so nobody else's votes wait for a workbook.
"""
from __future__ import annotations

import re

from nicegui import run, ui

from exports import registry
from exports.report_records import pseudonyms
from workshop import service
from workshop.domain import cycle, own_time
from workshop.domain.model import Outcome
from workshop.live import LEAD, Actor, LiveWorkshop, Refused
from workshop.ui.lead.project_card import ProjectCard
from workshop.ui.lead.results import RankedLists
from workshop.ui.shared import widgets
from workshop.ui.shared.frame import frame, role_page
from workshop.ui.shared.lang import refusal, t
from workshop.web.context import AppContext

ACTION_STATUSES = ('todo', 'doing', 'done')


def register(ctx: AppContext) -> None:
    role_page(ctx, '/w/{workshop_id}/lead', LEAD, 'lead_link_needed', LeadView)


class LeadView:
    def __init__(self, ctx: AppContext, live: LiveWorkshop, actor: Actor) -> None:
        self.ctx, self.live, self.actor = ctx, live, actor
        with frame(live.workshop.title, subtitle=t('lead_subtitle')):
            self.status = widgets.status_region()
            with _card():
                widgets.heading(t('lead_cycle_heading'))
                self.cycle_box = ui.column().classes('w-full gap-2')
            RankedLists(live)
            if live.workshop.project.id:
                ProjectCard(live)
            with _card():
                widgets.heading(t('lead_decisions_heading'))
                self.decision_form()
                self.decisions_box = ui.column().classes('w-full')
            with _card():
                widgets.heading(t('lead_actions_heading'))
                self.action_form()
                self.actions_box = ui.column().classes('w-full gap-1')
            with _card():
                widgets.heading(t('lead_withdraw_heading'))
                self.withdraw_box = ui.column().classes('w-full gap-2')
            with _card():
                widgets.heading(t('lead_exports_heading'))
                self.downloads()
        self.refresh()
        for event in (live.decisions_changed, live.content_changed, live.round_changed, live.proposals_changed):
            event.subscribe(self.refresh)
        live.participants_changed.subscribe(self.refresh)

    def say(self, message: str) -> None:
        self.status.set_text(message)

    def refresh(self) -> None:
        progress = cycle.progress(self.live.state)
        self.cycle_box.clear()
        with self.cycle_box:
            engage = progress.engage
            ui.label(t('lead_engage_throughout', detail='; '.join(_check(c) for c in engage.checks))).classes(
                'font-medium')
            with ui.row().classes('w-full gap-2 flex-wrap'):
                for element in progress.elements[1:]:
                    with ui.card().classes('min-w-44 flex-1').props('flat bordered'):
                        ui.label(t('lead_element_line', element=t(element.element.key), state=_state(element))
                                 ).classes('font-semibold')
                        for check in element.checks:
                            ui.label(_check(check)).classes('text-sm')
        self.decisions_table(progress)
        self.actions_list(progress)
        self.withdraw_form()

    # --- withdrawing someone on their behalf -------------------------------------------------------------------

    def withdraw_form(self) -> None:
        state = self.live.state
        names = pseudonyms(list(state.participants))
        people = {pid: t('lead_withdraw_person', pseudonym=names[pid], name=p.display_name) if p.display_name
                  else names[pid]
                  for pid, p in state.participants.items() if not p.withdrawn and p.consent is not None}
        self.withdraw_box.clear()
        with self.withdraw_box:
            ui.label(t('lead_withdraw_explain'))
            with ui.row().classes('w-full items-end gap-3 flex-wrap'):
                who = ui.select(people, label=t('lead_withdraw_who')).classes('min-w-48').mark('withdraw-who')
                reason = ui.input(t('lead_withdraw_reason')).classes('flex-1 min-w-64').mark('withdraw-reason')
                ui.button(t('lead_withdraw_button'), on_click=lambda: ask()).props('no-caps outline').mark(
                    'withdraw')
            with ui.dialog() as confirm, ui.card():
                question = ui.label()
                with ui.row():
                    ui.button(t('lead_withdraw_yes'), on_click=lambda: self.withdraw(who.value, reason.value,
                                                                                    names, confirm)).props(
                        'no-caps unelevated color=negative').mark('withdraw-yes')
                    ui.button(t('lead_withdraw_no'), on_click=confirm.close).props('no-caps flat')

        def ask() -> None:
            if who.value:
                question.set_text(t('lead_withdraw_confirm', who=people[who.value]))
                confirm.open()

    def withdraw(self, participant: str, reason: str, names: dict[str, str], confirm: ui.dialog) -> None:
        confirm.close()  # the form is rebuilt when the participants change
        self.act(self.live.withdraw_for, participant, reason or '', done=t('lead_withdrawn',
                                                                        who=names.get(participant, '')))

    # --- decisions -------------------------------------------------------------------------------------------------

    def decision_form(self) -> None:
        ideas = {i.id: i.title for i in self.live.workshop.improvements}
        with ui.row().classes('w-full gap-4 items-start flex-wrap'):
            improvement = ui.select(ideas, label=t('lead_improvement')).classes('min-w-72').mark('decision-improvement')
            outcome = ui.toggle({o.value: t(f'lead_outcome_{o.value}') for o in Outcome}, value=Outcome.ADOPT.value
                                ).props('no-caps').mark('decision-outcome')
        rationale = ui.textarea(t('lead_rationale')).classes('w-full').props('outlined autogrow').mark(
            'decision-rationale')
        minority = ui.textarea(t('lead_minority')).classes('w-full').props('outlined autogrow').mark(
            'decision-minority')

        def record() -> None:
            if not improvement.value:
                self.say(t('lead_choose_improvement'))
                return
            if self.act(self.live.decide, improvement.value, outcome.value, rationale.value or '',
                        minority.value or '', done=t('lead_decision_recorded')):
                rationale.value = minority.value = ''
        ui.button(t('lead_record_decision'), on_click=record).props('no-caps unelevated')

    def decisions_table(self, progress: cycle.Progress) -> None:
        columns = [{'name': 'title', 'label': t('lead_improvement'), 'field': 'title', 'align': 'left'},
                   {'name': 'status', 'label': t('lead_col_status'), 'field': 'status', 'align': 'left'},
                   {'name': 'decision', 'label': t('lead_col_decision'), 'field': 'decision', 'align': 'left'}]
        rows = [{'id': i.improvement, 'title': i.title, 'status': t(i.status_key),
                 'decision': _decision_text(i.decision) if i.decision else t('lead_not_decided')}
                for i in progress.improvements]
        self.decisions_box.clear()
        with self.decisions_box:
            ui.table(columns=columns, rows=rows, row_key='id').classes('w-full').props(
                'flat bordered wrap-cells hide-bottom').mark('lead-decisions')

    # --- actions ---------------------------------------------------------------------------------------------------

    def action_form(self) -> None:
        ideas = {i.id: i.title for i in self.live.workshop.improvements}
        with ui.row().classes('w-full gap-4 items-end flex-wrap'):
            improvement = ui.select(ideas, label=t('lead_improvement')).classes('min-w-72').mark('action-improvement')
            title = ui.input(t('lead_action_title')).classes('min-w-72 flex-1').mark('action-title')
        with ui.row().classes('w-full gap-4 items-end flex-wrap'):
            owner = ui.input(t('lead_action_owner')).mark('action-owner')
            due = ui.input(t('lead_action_due')).props('type=date stack-label').mark('action-due')
            status = ui.select(_statuses(), value='todo', label=t('lead_action_status')).classes('min-w-40').mark(
                'action-status')

        def record() -> None:
            if not improvement.value:
                self.say(t('lead_choose_improvement'))
                return
            if not (title.value or '').strip():
                self.say(t('lead_action_needs_title'))
                return
            if self.act(self.live.record_action, improvement=improvement.value, title=title.value,
                        owner=owner.value or '', due=due.value or '', status=status.value,
                        done=t('lead_action_recorded')):
                title.value = owner.value = due.value = ''
        ui.button(t('lead_add_action'), on_click=record).props('no-caps unelevated')

    def actions_list(self, progress: cycle.Progress) -> None:
        self.actions_box.clear()
        actions = [(i, a) for i in progress.improvements for a in i.actions]
        with self.actions_box:
            if not actions:
                ui.label(t('lead_no_actions'))
            for item, action in actions:
                with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                    ui.label(t('lead_action_line', idea=item.title, action=action.title, owner=action.owner or '–',
                               due=action.due or '–')).classes('flex-1 min-w-72')
                    ui.select(_statuses(), value=action.status, label=t('lead_action_status'),
                              on_change=lambda e, a=action: e.value != a.status and self.act(
                                  self.live.record_action, improvement=a.improvement, title=a.title, owner=a.owner,
                                  due=a.due, status=e.value, action_id=a.id, done=t('lead_action_recorded'))
                              ).classes('min-w-40')

    # --- downloads -------------------------------------------------------------------------------------------------

    def downloads(self) -> None:
        names = ui.checkbox(t('lead_include_names'), value=False).mark('include-names')
        voted = [n for n in sorted(self.live.state.rounds) if self.live.state.ballots(n)]
        rounds = ui.select({0: t('lead_export_latest'), **{n: t('lead_round_number', n=n) for n in voted}}, value=0,
                           label=t('lead_export_round')).classes('min-w-72')
        voters = ui.select({'': t('voters_all'), **{m: t(f'voters_{m}') for m in own_time.MODES}}, value='',
                           label=t('lead_voters')).classes('min-w-60').mark('export-voters')
        voters.set_visibility(own_time.split_matters(self.live.state))  # live and own-time voters, or apart
        buttons: list[ui.button] = []
        ui.label(t('lead_archive_warning')).classes('text-amber-900').mark('archive-warning')
        with ui.row().classes('gap-2 flex-wrap'):
            for fmt in registry.formats().values():
                buttons.append(ui.button(t(f'export_{fmt.name}'), on_click=lambda f=fmt: make(f)).props(
                    'no-caps outline').mark(f'export-{fmt.name}'))
        with ui.row().classes('items-center gap-2') as working:
            ui.spinner(size='md')
            preparing = ui.label('').props('role=status aria-live=polite').mark('export-progress')
        working.set_visibility(False)

        async def make(fmt: registry.Format) -> None:
            preparing.set_text(t('lead_preparing', what=t(f'export_{fmt.name}')))
            working.set_visibility(True)
            for button in buttons:
                button.disable()
            try:
                data = await run.io_bound(service.export, self.ctx.store, self.live.id, fmt.name,
                                          identified=bool(names.value), round_number=rounds.value or None,
                                          voters=voters.value or None)
            except service.UserError as e:
                self.say(t('lead_export_failed', reason=str(e)))
                return
            finally:
                working.set_visibility(False)
                for button in buttons:
                    button.enable()
            filename = f'{_slug(self.live.workshop.title)}-{fmt.name}{fmt.suffix}'
            ui.download(data, filename, fmt.media_type)
            self.say(t('lead_export_ready', file=filename))

    def act(self, action, *args: object, done: str, **kwargs: object) -> bool:
        """Call a LiveWorkshop action as the lead; a refusal is shown, never raised."""
        try:
            action(self.actor, *args, **kwargs)
        except Refused as e:
            self.say(refusal(e))
            return False
        self.say(done)
        return True


def _card() -> ui.card:
    return ui.card().classes('w-full').props('flat bordered')


def _state(element: cycle.ElementProgress) -> str:
    state = t('lead_element_done') if element.done else (
        t('lead_element_progress') if element.share else t('lead_element_not_started'))
    return t('lead_element_current', state=state) if element.current else state


def _check(check: cycle.Check) -> str:
    answer = t('lead_check_yes') if check.done else t('lead_check_no')
    if check.detail_key:
        return t('lead_check_detail', label=t(check.key), answer=answer, detail=t(check.detail_key, **check.params))
    return t('lead_check_line', label=t(check.key), answer=answer)


def _decision_text(decision) -> str:
    text = t(f'lead_outcome_{decision.outcome.value}')
    return f'{text}: {decision.rationale}' if decision.rationale else text


def _statuses() -> dict[str, str]:
    return {s: t(f'lead_action_{s}') for s in ACTION_STATUSES}




def _slug(title: str) -> str:
    return re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:60] or 'workshop'
