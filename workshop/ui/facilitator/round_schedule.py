"""Rounds over days on the facilitator console: the new round's schedule fields, a scheduled round's times, and the
live session that tells live voters from those who vote in their own time (workshop/domain/own_time.py defines them)."""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from workshop.domain import own_time
from workshop.domain.model import Round, RoundStatus
from workshop.live import Actor, LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t

DAY = 24 * 3600


class ScheduleFields:
    """"Open over days" with a start and an end, typed in the workshop's time zone (a browser date-time field)."""

    def __init__(self, live: LiveWorkshop) -> None:
        self.live = live
        zone = live.workshop.settings.time_zone
        now = live.clock()
        self.on = ui.checkbox(t('round_schedule')).mark('round-schedule')
        with ui.row().classes('gap-4 items-end flex-wrap') as fields:
            self.opens = ui.input(t('round_opens_at', zone=zone), value=own_time.local_input(now, zone)).props(
                'type=datetime-local stack-label').mark('round-opens')
            self.ends = ui.input(t('round_ends_at', zone=zone), value=own_time.local_input(now + 7 * DAY, zone)).props(
                'type=datetime-local stack-label').mark('round-ends')
        fields.bind_visibility_from(self.on, 'value')

    def times(self) -> tuple[float, float] | None:
        """The chosen (opens_at, ends_at), or None when the round is not over days. Refuses (i18n.Refusal) with the
        field and what was wrong."""
        if not self.on.value:
            return None
        zone = self.live.workshop.settings.time_zone
        opens_at = own_time.parse_local(self.opens.value, zone, t('round_opens_at', zone=zone))
        ends_at = own_time.parse_local(self.ends.value, zone, t('round_ends_at', zone=zone))
        own_time.check_schedule(opens_at, ends_at, self.live.clock())
        return opens_at, ends_at


def schedule_line(live: LiveWorkshop, round_: Round, act: Callable[..., bool]) -> None:
    """On a scheduled round's card: when it opens and closes by itself; before it opens, the schedule can go."""
    if round_.opens_at is None or round_.ends_at is None:
        return
    zone = live.workshop.settings.time_zone
    ends = own_time.when_text(round_.ends_at, zone)
    if round_.status == RoundStatus.DRAFT:
        ui.label(t('round_scheduled_line', opens=own_time.when_text(round_.opens_at, zone), ends=ends)).mark(
            f'schedule-{round_.number}')
        n = round_.number
        ui.button(t('round_schedule_remove'), on_click=lambda: act(live.schedule_round, n, None, None,
                                                                   done=t('round_unscheduled_done', n=n), round_=n)
                  ).props('no-caps outline')
    elif round_.status == RoundStatus.OPEN:
        ui.label(t('round_open_until_line', ends=ends)).mark(f'schedule-{round_.number}')


class LiveSessionCard:
    """Start and end the live session; the state is said in words, not only by the button."""

    def __init__(self, live: LiveWorkshop, actor: Actor, do: Callable[..., bool]) -> None:
        self.live = live
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('live_session_heading'))
            self.state = ui.label('').classes('font-medium').mark('live-session-state')
            self.button = ui.button('', on_click=lambda: self.toggle(do)).props('no-caps outline').mark(
                'live-session')
            self.note = ui.label('').classes('min-h-6 font-medium text-teal-900').props(
                'role=status aria-live=polite')
        self.show()
        live.session_changed.subscribe(self.show)

    def toggle(self, do: Callable[..., bool]) -> None:
        running = not self.live.state.live_session
        do(self.live.set_live_session, running, where=self.note,
           done=t('live_session_started' if running else 'live_session_ended'))
        self.show()

    def show(self) -> None:
        running = self.live.state.live_session
        widgets.set_text(self.state, t('live_session_running' if running else 'live_session_not_running'))
        widgets.set_text(self.button, t('live_session_end' if running else 'live_session_start'))
