"""Invitations and reminders by email: sent through a mail server only when one is set up (here a local one the test
starts), to people who gave an address for it; otherwise a list and a message to send by hand, and nothing is sent.
Addresses are kept apart from votes and leave with their owner and with the workshop."""
import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from nicegui.testing import User

from tests.support.ideas import tap
from tests.support.steps import join
from workshop import config, service
from workshop.live import FACILITATOR, Actor

HOST = Actor(role=FACILITATOR)
IDEAS = ['health_navigator', 'cell_tracker', 'travel_assistance']


class Inbox:
    def __init__(self) -> None:
        self.mail: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.mail.append((list(envelope.rcpt_tos), envelope.content.decode('utf-8', 'replace')))
        return '250 Message accepted for delivery'


@pytest.fixture
def inbox():
    """A mail server on this machine, on a free port, for the length of one test."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp() -> bool:
    """Whether the app is told of the mail server (a test sets it with parametrize); by default it is not."""
    return False


@pytest.fixture
def cfg(tmp_path, inbox, smtp):
    settings = {'CODESIGN_DATA': str(tmp_path / 'data')}
    if smtp:
        settings.update({'CODESIGN_SMTP_HOST': '127.0.0.1', 'CODESIGN_SMTP_PORT': str(inbox.port),
                         'CODESIGN_SMTP_SECURITY': 'none', 'CODESIGN_SMTP_FROM': 'Co-design team <team@example.org>'})
    return config.load(settings)


def own_time_round(live) -> None:
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=2)
    now = dt.datetime.now().timestamp()
    live.schedule_round(HOST, number, now - 60, now + 2 * 24 * 3600)


async def give_address(user: User, address: str) -> None:
    user.find(marker='remind').click()
    await user.should_see('A reminder by email')
    user.find(marker='remind-address').clear().type(address)
    user.find(marker='remind-save').click()


async def console(user: User, created) -> None:
    await user.open(f'/w/{created.id}/facilitate?token={created.facilitator_token}')
    await user.should_see('Invitations and reminders')


@pytest.mark.parametrize('smtp', [True])
async def test_reminders_go_to_those_who_asked_and_have_not_voted(create_user, workshop, inbox, app_ctx):
    created, live = workshop
    own_time_round(live)
    aroha, ben, host = create_user(), create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    await give_address(aroha, 'aroha at example')
    await aroha.should_see('That is not an email address like name@example.org. Nothing was saved.')
    await give_address(aroha, 'aroha@example.org')
    await aroha.should_see('Saved. You may get a reminder while voting is open.')
    await join(ben, created.join_code, 'Clinicians')
    await give_address(ben, 'ben@example.org')
    tap(ben, 'more', 'cell_tracker')  # Ben has voted: no reminder for him
    await ben.should_see('Your dots: 1')
    await console(host, created)
    host.find(marker='reminders-invitees').type('mere@example.org\nnot an address')
    host.find(marker='reminders-add').click()
    await host.should_see('Nothing was added: line 2: "not an address" is not an email address like name@example.org')
    host.find(marker='reminders-invitees').clear().type('mere@example.org\nhemi@example.org')
    host.find(marker='reminders-add').click()
    await host.should_see('2 added to the invitations.')
    host.find('Send the reminders (1)').click()
    await host.should_see('Sent: 1.')
    host.find('Send the invitations (2)').click()
    await host.should_see('Sent: 2.')
    assert [to for to, _ in inbox.mail] == [['aroha@example.org'], ['mere@example.org'], ['hemi@example.org']]
    reminder = inbox.mail[0][1]
    assert 'Subject: Reminder: CAR T-cell therapy' in reminder and f'/join/{created.join_code}' in reminder
    assert 'Voting is open until' in reminder and 'From: Co-design team <team@example.org>' in reminder
    sent = [e.payload for e in app_ctx.store.events(created.id) if e.type == 'messages_sent']
    assert sent == [{'kind': 'reminders', 'count': 1}, {'kind': 'invitation', 'count': 2}]  # never the addresses


async def test_without_a_mail_server_nothing_is_sent_only_a_list_and_a_message(create_user, workshop, inbox,
                                                                                app_ctx):
    created, live = workshop
    own_time_round(live)
    aroha, host = create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    await give_address(aroha, 'aroha@example.org')
    await aroha.should_see('Saved. You may get a reminder while voting is open.')
    await console(host, created)
    await host.should_see('No mail server is set up, so nothing is sent from here. To send by hand:')
    await host.should_see('Reminders to: aroha@example.org')
    message = host.find(marker='reminders-message-reminders').elements.pop().value
    assert message.startswith('Reminder: CAR T-cell therapy') and f'/join/{created.join_code}' in message
    await host.should_not_see('Send the reminders')
    assert inbox.mail == []


async def test_an_address_leaves_with_its_owner_and_with_the_workshop_and_is_in_no_export(user: User, workshop,
                                                                                          app_ctx):
    created, live = workshop
    own_time_round(live)
    await join(user, created.join_code, 'Patients')
    await give_address(user, 'aroha@example.org')
    await user.should_see('Saved. You may get a reminder while voting is open.')
    assert [c[1] for c in app_ctx.store.contacts(created.id)] == ['aroha@example.org']
    for fmt in ('json', 'xlsx', 'csv', 'md'):
        assert b'aroha@example.org' not in service.export(app_ctx.store, created.id, fmt), fmt
    live.add_invitees(HOST, 'mere@example.org')
    user.find('Take my votes and comments out').click()
    user.find('Yes, take them out').click()
    await user.should_see('Your votes and comments are taken out')
    assert [c[1] for c in app_ctx.store.contacts(created.id)] == ['mere@example.org']
    app_ctx.store.delete_workshop(created.id)  # as retention does
    assert app_ctx.store.contacts(created.id) == []
