"""Invitations and reminders by email, only through the organisation's own mail server and only when one is set up
(CODESIGN_SMTP_HOST); otherwise the facilitator gets the list of addresses and the message to send by hand.

Addresses are kept apart from votes (Store.contacts: never in the event log), given for this purpose only: by a
participant for reminders, or by the team for invitations. They leave at once when their owner removes them or
withdraws, and with the workshop (retention). No NiceGUI here: the app sends off the event loop.
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from workshop.domain import own_time
from workshop.config import Config

REMINDERS = 'reminders'  # a participant asked to be reminded
INVITATION = 'invitation'  # the team was given the address to invite someone
MAX_ADDRESS = 254
TIMEOUT = 30  # seconds for the mail server


class AddressError(ValueError):
    """An address that cannot be used, with the reason."""


@dataclass(kw_only=True, slots=True, frozen=True)
class Message:
    to: str
    subject: str
    body: str


def configured(cfg: Config) -> bool:
    return bool(cfg.smtp_host)


def check_address(text: str) -> str:
    """One plain address (no name, no list, no line breaks: nothing that could add a header)."""
    address = (text or '').strip()
    name, parsed = parseaddr(address)
    if (not address or len(address) > MAX_ADDRESS or name or parsed != address or address.count('@') != 1
            or any(ch.isspace() or ch in ',;<>"' for ch in address) or '.' not in address.split('@')[1]):
        raise AddressError(f'"{address[:60]}" is not an email address like name@example.org')
    return address


def invitees(lines: str) -> tuple[list[str], list[str]]:
    """Addresses pasted one per line (or separated by commas): (good ones, problems naming the line)."""
    good, problems = [], []
    for n, line in enumerate(lines.replace(',', '\n').splitlines(), start=1):
        if line.strip():
            try:
                good.append(check_address(line))
            except AddressError as e:
                problems.append(f'line {n}: {e}')
    return list(dict.fromkeys(good)), problems


def invitation_recipients(state: Any, contacts: list[tuple[str, str, str]]) -> list[str]:
    return [address for _, address, purpose in contacts if purpose == INVITATION]


def reminder_recipients(state: Any, contacts: list[tuple[str, str, str]]) -> list[str]:
    """Participants who asked for reminders, are still taking part and have not voted in the open round."""
    round_ = state.open_round()
    voted = set(state.boxes[round_.number].voters()) if round_ is not None else set()
    active = {p.id for p in state.active_participants()}
    return [address for person, address, purpose in contacts
            if purpose == REMINDERS and person in active and person not in voted]


def invitation(state: Any, join_url: str) -> tuple[str, str]:
    """(subject, body) in plain words; the same text the facilitator may send by hand."""
    workshop = state.workshop
    body = ['Kia ora,', '', f'You are invited to take part in "{workshop.title}".']
    if workshop.purpose:
        body += ['', workshop.purpose]
    body += ['', *_when(state), '', f'Join with this link: {join_url}', '',
             'No account is needed. You choose what to share, and you can leave at any time.', '',
             'Ngā mihi,', workshop.run_by or 'The co-design team']
    return f'Invitation: {workshop.title}', '\n'.join(body)


def reminder(state: Any, join_url: str) -> tuple[str, str]:
    workshop = state.workshop
    body = ['Kia ora,', '', f'A reminder that you can still vote in "{workshop.title}".', '', *_when(state), '',
            f'Use the same link as before: {join_url}', '', 'If you have voted already, thank you: please ignore this.',
            '', 'Ngā mihi,', workshop.run_by or 'The co-design team']
    return f'Reminder: {workshop.title}', '\n'.join(body)


def messages(addresses: list[str], subject: str, body: str) -> list[Message]:
    return [Message(to=a, subject=subject, body=body) for a in addresses]


def send(cfg: Config, batch: list[Message]) -> int:
    """Send each message through the configured server; returns how many it took. Nothing at all without a server.
    Raises OSError / smtplib.SMTPException with the server's reason when it cannot be reached or refuses."""
    if not configured(cfg) or not batch:
        return 0
    smtp_class = smtplib.SMTP_SSL if cfg.smtp_security == 'ssl' else smtplib.SMTP
    kwargs: dict[str, Any] = {'context': ssl.create_default_context()} if cfg.smtp_security == 'ssl' else {}
    with smtp_class(cfg.smtp_host, cfg.smtp_port, timeout=TIMEOUT, **kwargs) as server:
        if cfg.smtp_security == 'starttls':
            server.starttls(context=ssl.create_default_context())
        if cfg.smtp_user:
            server.login(cfg.smtp_user, cfg.smtp_password)
        for item in batch:
            mail = EmailMessage()
            mail['From'], mail['To'], mail['Subject'] = cfg.smtp_from, item.to, item.subject
            mail.set_content(item.body)
            server.send_message(mail)
    return len(batch)


def _when(state: Any) -> list[str]:
    zone = state.workshop.settings.time_zone
    round_ = state.open_round()
    if round_ is not None and round_.ends_at is not None and round_.closes_at == round_.ends_at:
        return [f'Voting is open until {own_time.when_text(round_.ends_at, zone)}; you can take part in your own time.']
    if (upcoming := own_time.upcoming(state, 0)) is not None and upcoming.opens_at and upcoming.ends_at:
        return [f'Voting opens on {own_time.when_text(upcoming.opens_at, zone)} and stays open until '
                f'{own_time.when_text(upcoming.ends_at, zone)}; you can take part in your own time.']
    return ['The facilitator will tell you when voting opens.']
