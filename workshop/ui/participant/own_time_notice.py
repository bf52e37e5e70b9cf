"""What a participant taking part in their own time is told: until when the open round takes votes, or when the next
one opens. Nobody needs to be running a session for the page to work (workshop/domain/own_time.py)."""
from __future__ import annotations

from workshop.domain import own_time
from workshop.domain.model import Round
from workshop.live import LiveWorkshop
from workshop.ui.shared.lang import label


def open_until(live: LiveWorkshop, round_: Round) -> None:
    if round_.ends_at is not None and round_.closes_at == round_.ends_at:
        label('own_time_open_until', when=own_time.when_text(round_.ends_at, live.workshop.settings.time_zone)
              ).classes('text-lg font-medium').mark('own-time-until')


def next_opening(live: LiveWorkshop) -> None:
    if (round_ := own_time.upcoming(live.state, live.clock())) is not None:
        zone = live.workshop.settings.time_zone
        label('own_time_next', opens=own_time.when_text(round_.opens_at or 0, zone),
              ends=own_time.when_text(round_.ends_at or 0, zone)).classes('text-lg').mark('own-time-next')



def in_own_time(live: LiveWorkshop) -> bool:
    """No live session, and a round over days is open or still to open: people take part when it suits them."""
    state = live.state
    open_ = state.open_round()
    if state.live_session:
        return False
    if open_ is not None:
        return open_.ends_at is not None and open_.closes_at == open_.ends_at
    return own_time.upcoming(state, live.clock()) is not None
