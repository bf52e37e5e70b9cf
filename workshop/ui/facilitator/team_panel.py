"""The facilitation team on the console: who is facilitating (and whose console is open now), co-facilitators and
breakout hosts with their own links (added and revoked by the lead facilitator), and the audit trail naming who did
each facilitator action.
"""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from exports.report_records import local
from workshop.domain import links, team
from workshop.live import FACILITATOR, LEAD, Actor, LiveWorkshop
from workshop.ui.facilitator.rounds import note
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import label, t

Do = Callable[..., bool]
LOG_LINES = 200  # the newest facilitator actions shown; the workbook and archive keep them all


class TeamPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, do: Do, public_url: str) -> None:
        self.live, self.actor, self.do, self.public_url = live, actor, do, public_url
        self.lead = actor.role == FACILITATOR and not actor.cohost
        with ui.card().classes('w-full').props('flat bordered').mark('team') as self.card:
            widgets.heading(t('team_heading'))
            ui.label(t('team_you_are', name=self.name(actor.log_name))).classes('font-semibold')
            self.members = ui.column().classes('w-full gap-1')
            if self.lead:
                self._add_form()
            self.note = note()
            ui.button(t('team_log'), on_click=self.show_log).props('no-caps outline')
            self.log = ui.column().classes('w-full gap-0')
        self.show()
        live.team_changed.subscribe(self.show)

    def name(self, logged: str) -> str:
        """Who an event's actor is, in the reader's language: 'Lead facilitator', 'Mere (breakout host)'…"""
        if logged == FACILITATOR:
            return t('team_lead_facilitator')
        if logged == LEAD:
            return t('team_project_lead')
        cohost = self.live.state.team.cohost_of(logged)
        if cohost is None:
            return logged
        role = t('team_as_cofacilitator') if cohost.role == team.COFACILITATOR else t('team_as_host')
        return t('team_member', name=cohost.name, role=role)

    def show(self) -> None:
        """The team, lead facilitator first, each marked 'console open' while one of their consoles is open."""
        self.members.clear()
        with self.members:
            for logged, present in self.live.facilitating():
                with ui.row().classes('items-center gap-2 w-full'):
                    ui.label(self.name(logged)).classes('font-semibold' if logged == self.actor.log_name else '')
                    ui.label(t('team_online') if present else t('team_away')).classes(
                        'text-green-900' if present else 'text-gray-700')
                    if self.lead and logged != FACILITATOR:
                        ui.button(t('team_revoke'), on_click=lambda c=logged: self.confirm(c)).props(
                            'no-caps outline dense').mark('team-revoke')

    def _add_form(self) -> None:
        with ui.row().classes('items-end gap-2 flex-wrap'):
            name = ui.input(t('team_name')).props('maxlength=60').mark('team-name')
            role = ui.select({team.COFACILITATOR: t('team_role_cofacilitator'), team.HOST: t('team_role_host')},
                             value=team.HOST, label=t('team_role')).classes('min-w-[12rem]').mark('team-role')
            ui.button(t('team_add'), on_click=lambda: self.add(name, role.value)).props('no-caps unelevated')

    def add(self, name: ui.input, role: str) -> None:
        made: list[tuple[str, str]] = []
        if self.do(lambda actor: made.append(self.live.add_cohost(actor, name.value or '', role)),
                   where=self.note, done=t('team_added', name=name.value or '')):
            name.value = ''
            self.show_link(made[0][1])

    def show_link(self, token: str) -> None:
        """The new co-host's link, shown once (only its hash is kept): to send them privately."""
        url = links.role_link(self.public_url, self.live.id, 'facilitator', token)
        with widgets.transient_dialog() as dialog, ui.card():
            label('team_link_once')
            ui.label(url).classes('break-all font-mono').mark('team-link')
            ui.button(t('close'), on_click=dialog.close).props('no-caps unelevated').mark('team-link-close')
        dialog.open()

    def confirm(self, logged: str) -> None:
        cohost_id = logged.partition(':')[2]
        with self.card, widgets.transient_dialog() as dialog, ui.card():  # in the card: the list it was opened from is rebuilt
            ui.label(t('team_revoke_confirm', name=self.name(logged)))
            with ui.row():
                ui.button(t('team_revoke'), on_click=lambda: (self.do(self.live.revoke_cohost, cohost_id, where=self.note),
                                                              dialog.close())).props('no-caps unelevated').mark(
                    'team-revoke-confirm')
                ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline')
        dialog.open()

    def show_log(self) -> None:
        """Who did each facilitator action, newest first (read from the log when asked for: it can be long)."""
        zone = self.live.workshop.settings.time_zone
        self.log.clear()
        with self.log:
            for line in reversed(self.live.audit_trail()[-LOG_LINES:]):
                ui.label(t('audit_line', when=local(line.at, zone).strftime('%H:%M:%S'), who=self.name(line.actor),
                           what=t(line.key, **line.params))).classes('text-sm')

