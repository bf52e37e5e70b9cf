"""Invitations and reminders on the facilitator console: add invitees' addresses; with a mail server set up, send
invitations or reminders (off the event loop); without one, nothing is sent: the addresses and the message to send
by hand (workshop/reminders.py)."""
from __future__ import annotations

from typing import Any, Callable

from nicegui import run, ui

from workshop import reminders
from workshop.domain import links
from workshop.config import Config
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import refusal, t


class RemindersPanel:
    def __init__(self, cfg: Config, live: LiveWorkshop, actor: Actor) -> None:
        self.cfg, self.live, self.actor = cfg, live, actor
        self.join_url = links.participant_link(cfg.public_url, live.join_code)
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('reminders_heading'))
            self.counts = ui.label('').mark('reminders-counts')
            self.invitees = ui.textarea(t('reminders_add_label')).props('outlined autogrow').classes('w-full').mark(
                'reminders-invitees')
            ui.button(t('reminders_add'), on_click=self.add).props('no-caps outline').mark('reminders-add')
            self.box = ui.column().classes('w-full gap-2')
            self.note = ui.label('').classes('min-h-6 font-medium text-teal-900').props(
                'role=status aria-live=polite').mark('reminders-note')
        self.contacts: list[tuple[str, str, str]] = []
        self.build()
        self.reread()
        live.participants_changed.subscribe(self.reread)
        live.round_changed.subscribe(self.reread)
        # who is still to vote changes with every vote, the addresses do not: re-read only on the changes above
        live.tally_changed.subscribe(lambda _: self.show())

    def reread(self) -> None:
        self.contacts = self.live.store.contacts(self.live.id)
        self.show()

    def recipients(self, kind: str) -> list[str]:
        contacts, state = self.contacts, self.live.state
        pick = reminders.invitation_recipients if kind == reminders.INVITATION else reminders.reminder_recipients
        return pick(state, contacts)

    def build(self) -> None:
        """Built once (whether a server is set up does not change while the app runs); `show` fills in the texts."""
        self.sends: dict[str, ui.button] = {}
        self.lists: dict[str, ui.label] = {}
        self.texts: dict[str, ui.textarea] = {}
        with self.box:
            if reminders.configured(self.cfg):
                for kind in (reminders.INVITATION, reminders.REMINDERS):
                    self.sends[kind] = ui.button('', on_click=lambda k=kind: self.send(k)).props(
                        'no-caps outline').mark(f'reminders-send-{kind}')
                return
            ui.label(t('reminders_no_server')).classes('font-medium').mark('reminders-by-hand')
            for kind in (reminders.INVITATION, reminders.REMINDERS):
                self.lists[kind] = ui.label('').classes('break-all')
                with ui.expansion(t(f'reminders_message_{kind}')).classes('w-full'):  # long: opened when needed
                    self.texts[kind] = ui.textarea(t(f'reminders_message_{kind}')).props(
                        'outlined readonly autogrow').classes('w-full').mark(f'reminders-message-{kind}')

    def show(self) -> None:
        """Counts, send buttons and the by-hand list change their text in place (votes arrive often)."""
        contacts = self.contacts
        waiting = self.recipients(reminders.REMINDERS)
        widgets.set_text(self.counts, t('reminders_counts', invited=sum(c[2] == reminders.INVITATION
                                                                         for c in contacts),
                                        asked=sum(c[2] == reminders.REMINDERS for c in contacts), waiting=len(waiting)))
        for kind, button in self.sends.items():
            widgets.set_text(button, t(f'reminders_send_{kind}', n=len(self.recipients(kind))))
        for kind, listing in self.lists.items():
            widgets.set_text(listing, t(f'reminders_by_hand_{kind}', addresses=', '.join(self.recipients(kind)) or '–'))
            subject, body = _writer(kind)(self.live.state, self.join_url)
            if self.texts[kind].value != (text := f'{subject}\n\n{body}'):
                self.texts[kind].value = text

    def add(self) -> None:
        try:
            n = self.live.add_invitees(self.actor, self.invitees.value or '')
        except Refused as e:
            self.note.set_text(refusal(e))
            return
        self.invitees.value = ''
        self.note.set_text(t('reminders_added', n=n))
        self.reread()

    async def send(self, kind: str) -> None:
        addresses = self.recipients(kind)
        if not addresses:
            self.note.set_text(t('reminders_none'))
            return
        batch = reminders.messages(addresses, *_writer(kind)(self.live.state, self.join_url))
        try:
            sent = await run.io_bound(reminders.send, self.cfg, batch)
        except OSError as e:  # smtplib's errors are OSErrors: the server's own reason is shown
            self.note.set_text(t('reminders_failed', reason=str(e) or type(e).__name__))
            return
        self.live.record_sent(self.actor, kind, sent)
        self.reread()
        self.note.set_text(t('reminders_sent', n=sent))


def _writer(kind: str) -> Callable[[Any, str], tuple[str, str]]:
    return reminders.invitation if kind == reminders.INVITATION else reminders.reminder
